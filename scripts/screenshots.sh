#!/usr/bin/env bash
# Saves a PNG of every step of the wizard in Spanish and English into
# docs/screenshots/ (step<N>-<lang>.png, plus dark-theme shots of steps 2
# and 4, and a failed check), from the real app under Xvfb. The demo hook
# (MAILSETUP_DEMO_STEP) opens each step with an address of the built-in
# table: no network, no keychain.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-gui.sh
gui_home
trap 'rm -rf "$GUI_TMP"' EXIT
gui_build
out=docs/screenshots
mkdir -p "$out"

# shoot LANG STEP FILE [THEME [BLOCKED [ADDRESS]]]: one run of the app, one picture of its window.
shoot() {
  local lang=$1 step=$2 file=$3 theme=${4:-light} blocked=${5:-0} address=${6:-} title
  if [ "$lang" = es ]; then title="mailsetup: configura tu correo"; else title="mailsetup: set up your email"; fi
  timeout 60 env $(gui_env) MAILSETUP_LANG="$lang" MAILSETUP_DEMO_STEP="$step" MAILSETUP_QUIT_AFTER=5s FYNE_THEME="$theme" MAILSETUP_DEMO_BLOCKED="$blocked" MAILSETUP_DEMO_ADDRESS="$address" \
    dbus-run-session -- xvfb-run -a -s '-screen 0 1280x1024x24 -nolisten tcp' \
    sh -c '"$1" & app=$!; sleep 3; import -window "$2" "$3"; wait $app' sh "./$GUI_BIN" "$title" "$file" 2>/dev/null
  echo "  $file"
}

for lang in es en; do
  for step in 1 2 3 4 5; do
    shoot "$lang" "$step" "$out/step$step-$lang.png"
  done
done
# A failure, as it reads: the outgoing port is blocked, 587 is offered.
shoot es 4 "$out/step4-blocked-es.png" light 1
shoot en 4 "$out/step4-blocked-en.png" light 1
# The less common paths: nothing found (typing the servers by hand), a
# refused password, a provider that signs in with its own window (OAuth).
for lang in es en; do
  shoot "$lang" 2 "$out/step2-manual-$lang.png" light 0 ana@panaderia-garcia.es
  shoot "$lang" 4 "$out/step4-password-$lang.png" light password
  shoot "$lang" 3 "$out/step3-oauth-$lang.png" light 0 ana@outlook.es
done
shoot en 2 "$out/step2-en-dark.png" dark
shoot es 4 "$out/step4-es-dark.png" dark
echo "screenshots in $out"
