#!/usr/bin/env bash
# `qbank sync` against a real headless Anki 26.9.3 with the AnkiConnect
# add-on (issue 28's bench; docs/performance.md, "qbank sync"): for banks of
# 1,000 and 10,000 entries, the first sync, a re-sync with nothing changed,
# and a re-sync after one edited answer, each into a fresh Anki profile.
#
#   cargo build --release --bin qbank
#   QBANK_PYTHON=~/.cache/qbank-ci-venv/bin/python benches/sync.sh [QBANK_BINARY]
#
# Needs aqt==26.9.3 for $QBANK_PYTHON (.ci/run installs it) and the add-on
# (tests/clients/anki-connect, or clients/anki-connect of $QBANK_SHARED).
# Prints one Markdown table row per bank: entries, then the three times in
# seconds (wall clock, the whole `qbank sync` run).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(realpath "${1:-./target/release/qbank}")"
python="${QBANK_PYTHON:-python3}"
addon="${QBANK_SHARED:+$QBANK_SHARED/clients/anki-connect}"
addon="${addon:-tests/clients/anki-connect}"
work="$(mktemp -d)"
trap 'exec 3>&- 2>/dev/null; sleep 2; rm -rf "$work"' EXIT

# A bank of $1 open entries, each with a numbered list in its answer.
bank() {
  "$python" - "$1" <<'PY'
import sys
n = int(sys.argv[1])
out = ["# Sync bench\n"]
for i in range(1, n + 1):
    out.append(f"## {i}. Question {i}\n\n**Question:** What does step {i} do?\n\n"
               f"**Answer:**\n\n1. **First:** it reads {i}.\n2. **Then:** it writes {i * 2}.\n\n"
               f"**Analysis:** Entry {i} of the bench.\n")
print("\n".join(out))
PY
}

# Seconds a command takes (and its exit code, when not 0).
seconds() {
  local start end status=0
  start=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/stderr" || status=$?
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }'
  [ "$status" -eq 0 ] || printf ' (exit %s: %s)' "$status" "$(head -c 200 "$work/stderr")"
}

printf '| entries | first sync | re-sync, unchanged | re-sync, one answer edited |\n| --: | --: | --: | --: |\n'
for n in 1000 10000; do
  dir="$work/$n"
  mkdir -p "$dir/anki" "$dir/bank"
  port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # The Anki runs until its standard input (fd 3 here) closes.
  exec 3> >("$python" tests/it/sync_anki.py "$dir/anki" "$port" "$addon" >"$dir/ready")
  for _ in $(seq 1 450); do
    grep -q ready "$dir/ready" 2>/dev/null && break
    sleep 0.2
  done
  grep -q ready "$dir/ready" || { echo "Anki did not start (see $dir/anki/anki.log)" >&2; exit 2; }
  bank "$n" >"$dir/bank/bench.md"
  export QBANK_ANKI_URL="http://127.0.0.1:$port"
  first=$(seconds "$bin" sync "$dir/bank/bench.md" --deck "bench-$n")
  again=$(seconds "$bin" sync "$dir/bank/bench.md" --deck "bench-$n")
  sed -i 's/it reads 7\./it reads seven./' "$dir/bank/bench.md"
  edited=$(seconds "$bin" sync "$dir/bank/bench.md" --deck "bench-$n")
  printf '| %s | %s | %s | %s |\n' "$n" "$first" "$again" "$edited"
  exec 3>&-
  sleep 3
done
