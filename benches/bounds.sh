#!/usr/bin/env bash
# Peak memory and time of `qbank check` and every export on the two bounds
# banks (docs/performance.md, "Bounds"). Needs GNU time (apt-get install time).
#
#   cargo build --release --bin qbank --example gen_corpus
#   ./target/release/examples/gen_corpus --bounds
#   benches/bounds.sh [QBANK_BINARY]
#
# Prints one Markdown table row per run: bank, command, seconds, peak MB,
# and the peak's excess over 3x the bank, per entry.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-./target/release/qbank}"
dir=benches/corpus/bounds
out="$(mktemp -d)"
trap 'rm -rf "$out" "$out.time"' EXIT
printf '| bank | run | time | peak | (peak - 3 × bank) / entries |\n| --- | --- | --- | --- | --- |\n'
for bank in "$dir/100mb.md" "$dir/1m-entries.md"; do
  size=$(stat -c %s "$bank")
  entries=$(grep -c '^#### ' "$bank")
  for run in check json jsonl csv xlsx anki anki-txt; do
    rm -rf "${out:?}"/*
    if [ "$run" = check ]; then
      args=(check "$bank" -q -o "$out/report.txt")
    else
      args=(export "$bank" --to "$run" --truncate -q -o "$out/")
    fi
    /usr/bin/time -o "$out.time" -f '%e %M' "$bin" "${args[@]}" >/dev/null 2>&1 || true
    read -r secs kib < <(tail -n 1 "$out.time")
    awk -v b="$(basename "$bank")" -v r="$run" -v s="$secs" -v k="$kib" -v size="$size" -v n="$entries" 'BEGIN {
      peak = k * 1024; excess = (peak - 3 * size) / n;
      printf "| %s | %s | %.1f s | %.0f MB | %.2f KB |\n", b, r, s, peak / 1e6, excess / 1000 }'
  done
done
