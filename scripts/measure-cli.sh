#!/usr/bin/env bash
# Measures whole-process `mailsetup-cli detect --offline` (issue 2: < 30 ms),
# next to `mailsetup-cli --version` (process start alone) as a baseline.
# Uses hyperfine when installed, else a loop timed with date +%s%N.
#   scripts/measure-cli.sh [RUNS]        print the figures
#   CHECK=1 scripts/measure-cli.sh       also exit 1 when the median is over 30 ms
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50}
target_ms=30
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=0 go build -o "$tmp/mailsetup-cli" ./cmd/mailsetup-cli
cli="$tmp/mailsetup-cli"
"$cli" detect ana@gmail.com --offline >/dev/null # warm the page cache

if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 5 --runs "$runs" \
    "$cli --version" \
    "$cli detect ana@gmail.com --offline" \
    "$cli detect ana@gmail.com --offline --json" \
    "$cli detect ana@unknown.example --offline"
  exit 0
fi

# median_ms CMD...: runs CMD $runs times and prints the median in ms (3 decimals).
median_ms() {
  local i t0 t1
  : >"$tmp/times"
  for ((i = 0; i < runs; i++)); do
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000)) >>"$tmp/times"
  done
  sort -n "$tmp/times" | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m/1000}'
}

base=$(median_ms "$cli" --version)
human=$(median_ms "$cli" detect ana@gmail.com --offline)
json=$(median_ms "$cli" detect ana@gmail.com --offline --json)
miss=$(median_ms "$cli" detect ana@unknown.example --offline)
printf 'median of %d runs (ms): --version %s | detect --offline %s | detect --offline --json %s | not found %s\n' \
  "$runs" "$base" "$human" "$json" "$miss"
awk -v b="$base" -v h="$human" 'BEGIN {printf "detect / process start alone: %.2fx\n", h/b}'
if [ "${CHECK:-0}" = 1 ] && awk -v h="$human" -v t="$target_ms" 'BEGIN {exit !(h > t)}'; then
  echo "detect --offline takes ${human} ms, over the ${target_ms} ms target" >&2
  exit 1
fi
