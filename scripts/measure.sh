#!/usr/bin/env bash
# Measures the real GUI under Xvfb: time from exec to the window being up
# (target < 500 ms) and resident memory once idle (target < 160 MB), as the
# median of RUNS runs (default 5). Prints one line per run and the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-gui.sh
RUNS=${RUNS:-5}
gui_home
trap 'rm -rf "$GUI_TMP"' EXIT
[ -x "$GUI_BIN" ] || gui_build

starts=() rsss=()
for i in $(seq "$RUNS"); do
  log=$GUI_TMP/run$i.log
  # The child records the exec time itself, so X server start-up is not counted.
  timeout 60 env $(gui_env) MAILSETUP_QUIT_AFTER=5s MAILSETUP_TRACE_STARTUP=1 \
    dbus-run-session -- xvfb-run -a -s '-screen 0 1024x768x24 -nolisten tcp' \
    sh -c 'echo "exec at $(date +%s%N)"; "$1" & app=$!; sleep 4; grep VmRSS /proc/$app/status; wait $app' sh "./$GUI_BIN" >"$log" 2>&1
  t0=$(sed -n 's/^exec at //p' "$log")
  t1=$(sed -n 's/^mailsetup: window up at //p' "$log")
  rss=$(awk '/^VmRSS/{print int($2/1024)}' "$log")
  if [ -z "$t0" ] || [ -z "$t1" ] || [ -z "$rss" ]; then cat "$log"; echo "measure: run $i did not report" >&2; exit 1; fi
  ms=$(( (t1 - t0) / 1000000 ))
  echo "run $i: window up after ${ms} ms, idle RSS ${rss} MB"
  starts+=("$ms") rsss+=("$rss")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
echo "median: window up after $(median "${starts[@]}") ms (target < 500), idle RSS $(median "${rsss[@]}") MB (target < 160)"
