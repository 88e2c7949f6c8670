#!/usr/bin/env bash
# GUI stage: builds the real GUI (cgo), runs it under Xvfb inside its own
# session bus with the self-quit hook and an isolated HOME, checks that it
# drew a window and exited 0, keeps a screenshot, then cross-builds the
# Windows .exe. The headless UI tests run in the unit stage (-tags ci).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib-gui.sh
for tool in xvfb-run dbus-run-session import; do
  command -v $tool >/dev/null || { echo "50-gui: $tool missing (scripts/deps.sh test installs it)" >&2; exit 1; }
done

gui_home
trap 'rm -rf "$GUI_TMP"' EXIT
t0=$(date +%s)
gui_build
echo "GUI built in $(( $(date +%s) - t0 ))s"
# The screen-reader build must keep compiling (its backends are Windows and
# macOS; on Linux it compiles to no-ops).
CGO_ENABLED=1 $GO build -tags 'migrated_fynedo accessibility' -o "$GUI_TMP/mailsetup-accessibility" .

shot=$GUI_TMP/smoke.png
log=$GUI_TMP/run.log
# The app quits itself after 4 s; the screenshot is taken at 2.5 s. timeout
# is a last resort so that a hung app fails the stage instead of CI.
set +e
timeout 60 env $(gui_env) MAILSETUP_QUIT_AFTER=4s MAILSETUP_TRACE_STARTUP=1 \
  dbus-run-session -- xvfb-run -a -s '-screen 0 1024x768x24 -nolisten tcp' \
  sh -c '"$1" & app=$!; sleep 2.5; import -window root "$2"; wait $app' sh "./$GUI_BIN" "$shot" >"$log" 2>&1
rc=$?
set -e
cat "$log"
if [ $rc -ne 0 ]; then echo "50-gui: the app exited with $rc" >&2; exit 1; fi
grep -q 'mailsetup: window up at' "$log" || { echo "50-gui: the window never came up" >&2; exit 1; }
if grep -q 'Error in Fyne call thread' "$log"; then echo "50-gui: a widget was touched off the UI goroutine" >&2; exit 1; fi
# A drawn window is not one flat colour: count the colours of the screenshot.
colours=$(convert "$shot" -format '%k' info:)
if [ "$colours" -lt 8 ]; then echo "50-gui: the screenshot is blank ($colours colours)" >&2; exit 1; fi
mkdir -p bin && cp "$shot" bin/smoke.png
echo "50-gui: window drawn ($colours colours), exited 0; screenshot in bin/smoke.png"

# Once more at the check step (demo data, no network): the check streams its
# lines from a worker through the bridge, so a widget touched off the UI
# goroutine would show up here as Fyne's "Error in Fyne call thread".
set +e
timeout 60 env $(gui_env) MAILSETUP_QUIT_AFTER=3s MAILSETUP_DEMO_STEP=4 \
  dbus-run-session -- xvfb-run -a -s '-screen 0 1024x768x24 -nolisten tcp' "./$GUI_BIN" >"$log" 2>&1
rc=$?
set -e
if [ $rc -ne 0 ]; then cat "$log"; echo "50-gui: the app at step 4 exited with $rc" >&2; exit 1; fi
if grep -q 'Error in Fyne call thread' "$log"; then cat "$log"; echo "50-gui: a widget was touched off the UI goroutine" >&2; exit 1; fi
echo "50-gui: check step ran and quit cleanly"

scripts/windows.sh
