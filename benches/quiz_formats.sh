#!/usr/bin/env bash
# Time of the quiz and study-page exports against `--to csv --text html` on
# the 100,000-entry benchmark bank (issue 16's bar: at most 1.5x). Runs are
# interleaved, RUNS rounds (default 7); prints the fastest and the median
# run of each and their ratios to CSV's. (On a virtual machine whose host
# takes CPU time from it, the fastest run is the steadier figure.) Outputs go to /dev/null: the disk's speed is not the
# formats' (a 200 MB write into the page cache took from 0.1 to 1.5 s here).
#
#   cargo build --release --bin qbank --example gen_corpus
#   ./target/release/examples/gen_corpus --bounds
#   benches/quiz_formats.sh [BANK] [QBANK_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
bank="${1:-benches/corpus/bounds/100k-entries.md}"
bin="${2:-./target/release/qbank}"
runs="${RUNS:-7}"
formats=(csv html gift moodle qti)
declare -A times
for _ in $(seq "$runs"); do
  for f in "${formats[@]}"; do
    args=(--to "$f")
    [ "$f" = csv ] && args+=(--text html)
    start=$(date +%s.%N)
    "$bin" export "$bank" "${args[@]}" -q -o /dev/null
    end=$(date +%s.%N)
    times[$f]+="$(echo "$end - $start" | bc) "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
fastest() { tr ' ' '\n' | grep -v '^$' | sort -n | head -n 1; }
csv_median=$(echo "${times[csv]}" | median)
csv_fastest=$(echo "${times[csv]}" | fastest)
printf '| format | fastest of %s | ratio | median | ratio |\n| --- | --- | --- | --- | --- |\n' "$runs"
for f in "${formats[@]}"; do
  m=$(echo "${times[$f]}" | median)
  b=$(echo "${times[$f]}" | fastest)
  printf '| %s | %.2f s | %.2f | %.2f s | %.2f |\n' "$f" "$b" "$(echo "$b / $csv_fastest" | bc -l)" \
    "$m" "$(echo "$m / $csv_median" | bc -l)"
done
