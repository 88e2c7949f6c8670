#!/usr/bin/env bash
# Cross-builds the Windows GUI (bin/mailsetup.exe) and CLI (bin/mailsetup-cli.exe)
# with mingw-w64. The first cgo build of Fyne for Windows compiles go-gl and
# GLFW for a new target and takes minutes; the Go build cache keeps it, so
# later runs take seconds. Run from anywhere; writes into bin/.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
export GOFLAGS=${GOFLAGS:--buildvcs=false}
CC=${CC_WINDOWS:-x86_64-w64-mingw32-gcc}
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "windows.sh: $CC not found: install gcc-mingw-w64-x86-64 (scripts/deps.sh test does)" >&2
  exit 1
fi
mkdir -p bin
start=$(date +%s)

# The app's icon goes into the .exe as a Windows resource: the linker takes
# any *_windows_amd64.syso beside main.go. It exists only during this build.
syso=mailsetup_icon_windows_amd64.syso
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; rm -f "$syso"' EXIT
if command -v convert >/dev/null 2>&1 &&
  convert assets/icon.png -define icon:auto-resize=256,128,64,48,32,16 "$tmp/icon.ico" &&
  GOFLAGS=-mod=mod $GO run github.com/akavel/rsrc@v0.10.2 -arch amd64 -ico "$tmp/icon.ico" -o "$tmp/icon.syso"; then
  cp "$tmp/icon.syso" "$syso"
else
  echo "windows.sh: no icon resource (needs ImageMagick's convert and the Go module proxy); building without" >&2
fi

# -H=windowsgui: no console window behind the app (what `fyne package` does).
# migrated_fynedo: FyneApp.toml migrates to fyne.Do; a plain go build must say so.
# accessibility: Fyne 2.8's screen-reader support, which has a Windows backend.
CC=$CC CGO_ENABLED=1 GOOS=windows GOARCH=amd64 \
  $GO build -tags 'migrated_fynedo accessibility' -trimpath -ldflags '-H=windowsgui -s -w' -o bin/mailsetup.exe .
rm -f "$syso"
CGO_ENABLED=0 GOOS=windows GOARCH=amd64 $GO build -trimpath -ldflags '-s -w' -o bin/mailsetup-cli.exe ./cmd/mailsetup-cli
end=$(date +%s)
# A PE file starts with "MZ"; check both are Windows executables, not stray output.
for f in bin/mailsetup.exe bin/mailsetup-cli.exe; do
  if [ "$(head -c2 "$f")" != "MZ" ]; then echo "windows.sh: $f is not a Windows executable" >&2; exit 1; fi
done
printf 'windows.sh: built bin/mailsetup.exe (%s) and bin/mailsetup-cli.exe (%s) in %ss\n' \
  "$(du -h bin/mailsetup.exe | cut -f1)" "$(du -h bin/mailsetup-cli.exe | cut -f1)" "$((end - start))"
