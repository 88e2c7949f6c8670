#!/usr/bin/env bash
# Keychain stage: the real Secret Service (gnome-keyring) on a private D-Bus
# session with a throw-away HOME, then every TestKeyring* test against it.
# Never dbus-x11 / dbus-launch: dbus-run-session owns the bus, and the bus and
# the keyring daemon it activates end with it.
set -euo pipefail
cd "$(dirname "$0")/../.."
GO=${GO:-go}

for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "30-keychain: $tool is missing (scripts/deps.sh test installs gnome-keyring and dbus-daemon)" >&2
    exit 1
  fi
done

# Keep the Go caches where they are: the isolated HOME must not trigger a
# full rebuild, and must not receive build output either.
export GOCACHE=$($GO env GOCACHE) GOMODCACHE=$($GO env GOMODCACHE) GOPATH=$($GO env GOPATH)
GOBIN_DIR=$(dirname "$(command -v "$GO")")

# Only the packages that have keyring tests: building every package (the GUI
# included) would cost minutes for nothing.
pkgs=$(grep -rl --include='*_test.go' -E '^//go:build .*\bkeyring\b' . | xargs -r -n1 dirname | sort -u | tr '\n' ' ')
if [ -z "$pkgs" ]; then echo "30-keychain: no keyring tests found" >&2; exit 1; fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mailsetup-keychain.XXXXXX")
cleanup() {
  # dbus-run-session stops its bus on exit; gnome-keyring-daemon leaves with
  # the bus. Anything still running from this HOME is ours: stop it by pid.
  local pids
  pids=$(pgrep -u "$(id -u)" -f "gnome-keyring-daemon" 2>/dev/null | while read -r p; do
    if [ "$(tr '\0' '\n' </proc/"$p"/environ 2>/dev/null | grep -c "^HOME=$work/home$")" -gt 0 ]; then echo "$p"; fi
  done || true)
  [ -n "$pids" ] && kill $pids 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
mkdir -p "$work/home" "$work/tmp" "$work/runtime"
chmod 700 "$work/runtime"

# The bus and the keyring daemon chatter on stderr (fd limits, activations, a
# prompter with no display); keep that in a log shown only when the stage fails.
status=0
env -i \
  PATH="$GOBIN_DIR:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  HOME="$work/home" TMPDIR="$work/tmp" \
  XDG_RUNTIME_DIR="$work/runtime" XDG_DATA_HOME="$work/home/.local/share" \
  XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache" \
  GOCACHE="$GOCACHE" GOMODCACHE="$GOMODCACHE" GOPATH="$GOPATH" GOFLAGS="${GOFLAGS:--buildvcs=false}" \
  GOTOOLCHAIN=local CGO_ENABLED=0 LANG=C.UTF-8 \
  MAILSETUP_REQUIRE_PEERS=1 MAILSETUP_KEYRING_ISOLATED="$work" \
  dbus-run-session -- sh -c '
    set -e
    # Creates the login keyring with this password, unlocked, and starts the
    # Secret Service on this private bus.
    printf %s ci-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    '"$GO"' test -p 1 -tags "ci keyring" -count=1 '"${MAILSETUP_TEST_V:+-v}"' -run "^TestKeyring" '"$pkgs"'

  ' 2>"$work/stderr.log" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- stderr of the keychain session:" >&2
  cat "$work/stderr.log" >&2
fi
exit "$status"
