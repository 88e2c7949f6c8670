#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages a make target needs, only those missing.
# Usage: scripts/deps.sh build|test
# On other systems it prints the list and stops.
set -euo pipefail

build_pkgs=(gcc libc6-dev libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev
  libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev wayland-protocols)
# Test-only peers and tools. Never dbus-x11: it autolaunches stray session buses
# (see the README's notes on testing). iproute2 and python3: scripts/hermetic.sh
# (the peer and Thunderbird stages run where only loopback exists).
test_pkgs=(xvfb xauth x11-apps imagemagick gnome-keyring dbus-daemon libsecret-tools
  dovecot-imapd dovecot-pop3d openssl thunderbird libnss3-tools gcc-mingw-w64-x86-64 locales ca-certificates
  python3 nodejs iproute2)

case "${1:-build}" in
  build) want=("${build_pkgs[@]}") ;;
  test) want=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac

need_go() {
  if ! command -v go >/dev/null 2>&1; then
    echo "Go 1.25 or newer is needed: https://go.dev/dl/ (Debian's golang-go is too old)." >&2
    exit 1
  fi
  local v
  v=$(go env GOVERSION | sed 's/^go//')
  local major=${v%%.*} rest=${v#*.}
  local minor=${rest%%.*}
  if [ "$major" -lt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -lt 25 ]; }; then
    echo "Go 1.25 or newer is needed; this machine has go$v." >&2
    exit 1
  fi
}
need_go

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "This is not a Debian/Ubuntu system. Install the equivalents of these packages, then run make again:" >&2
  printf '  %s\n' "${want[@]}" >&2
  exit 1
fi

missing=()
for p in "${want[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ ${#sudo[@]} -gt 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "Missing packages, and no sudo to install them: ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The tests run with LANG=en_US.UTF-8 (and the app is tried in Spanish): make
# sure both locales exist, so no program complains that it cannot set them.
if [ "${1:-build}" = test ] && command -v locale-gen >/dev/null 2>&1 &&
  ! { locale -a 2>/dev/null | grep -qi '^en_US.utf8$' && locale -a 2>/dev/null | grep -qi '^es_ES.utf8$'; }; then
  if [ ${#sudo[@]} -eq 0 ] || command -v sudo >/dev/null 2>&1; then
    "${sudo[@]}" sed -i 's/^# *en_US.UTF-8 UTF-8/en_US.UTF-8 UTF-8/; s/^# *es_ES.UTF-8 UTF-8/es_ES.UTF-8 UTF-8/' /etc/locale.gen
    "${sudo[@]}" locale-gen >/dev/null
  fi
fi
