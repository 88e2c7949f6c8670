#!/usr/bin/env bash
# Every test of mailsetup, in stages. Each stage starts and stops the real
# peers it needs (mox, Dovecot, gnome-keyring, Thunderbird, Xvfb) itself.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=${LANG:-en_US.UTF-8}
export GOFLAGS=${GOFLAGS:--buildvcs=false}
# Tests that need a real peer fail (instead of skipping) when it is missing.
export MAILSETUP_REQUIRE_PEERS=1
GO=${GO:-go}

stage() { printf '\n=== %s\n' "$*"; }

stage "format and vet"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.cache/*'))
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted"; exit 1; fi
CGO_ENABLED=0 $GO vet -tags ci ./...
for tags in integration keyring thunderbird; do CGO_ENABLED=0 $GO vet -tags "ci $tags" ./...; done

stage "unit tests (in-process fakes, headless UI)"
CGO_ENABLED=0 $GO test -tags ci -count=1 ./...

for s in scripts/test-stages/*.sh; do
  [ -e "$s" ] || continue
  stage "$(basename "$s" .sh)"
  bash "$s"
done
stage "all stages passed"
