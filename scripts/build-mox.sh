#!/usr/bin/env bash
# Builds mox v0.0.17 (the real mail server of the integration tests) into
# .cache/bin/mox, only when it is missing. mox is built through the wrapper
# module tools/moxbuild because the module proxy refuses mox's version list,
# which `go install pkg@version` consults (see build.md §6.1).
# Prints the binary's path on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out="$root/.cache/bin/mox"
if [ ! -x "$out" ]; then
  mkdir -p "$root/.cache/bin"
  # Build to a temporary name, then rename: a concurrent run never sees
  # a half-written binary.
  tmp="$out.tmp.$$"
  trap 'rm -f "$tmp"' EXIT
  (cd tools/moxbuild && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -o "$tmp" github.com/mjl-/mox) >&2
  mv -f "$tmp" "$out"
fi
echo "$out"
