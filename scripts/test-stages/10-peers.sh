#!/usr/bin/env bash
# Integration tests against real mail servers on loopback: mox (SMTP
# submission and IMAP) and Dovecot (IMAP and POP3). The Go tests start and
# stop the servers themselves (internal/testpeers), each in a temporary
# directory on free ports; this stage makes sure mox is built, and stops
# any server a crashed test binary left behind (their process ids are
# written to $MAILSETUP_PEER_PIDS). MAILSETUP_REQUIRE_PEERS=1 (set by
# scripts/test.sh) turns a missing server into a failure instead of a skip.
set -euo pipefail
cd "$(dirname "$0")/../.."
export MAILSETUP_REQUIRE_PEERS=${MAILSETUP_REQUIRE_PEERS:-1}
MAILSETUP_MOX=$(scripts/build-mox.sh)
export MAILSETUP_MOX
MAILSETUP_PEER_PIDS=$(mktemp)
export MAILSETUP_PEER_PIDS
cleanup() {
  while read -r pid; do
    # Only a server still running under that id; each leads its own
    # process group (Dovecot has children).
    case "$(ps -o comm= -p "$pid" 2>/dev/null)" in
      mox | dovecot) kill -TERM -- "-$pid" 2>/dev/null || true ;;
    esac
  done <"$MAILSETUP_PEER_PIDS"
  rm -f "$MAILSETUP_PEER_PIDS"
}
trap cleanup EXIT
# "ci": the GUI packages build headless without cgo, as in scripts/test.sh.
# mox looks names up by itself (the MX, A and _dmarc records of "localhost",
# this machine's name): only loopback and a local DNS, scripts/hermetic.sh.
CGO_ENABLED=0 bash scripts/hermetic.sh go test -tags 'ci integration' -count=1 -timeout 10m -run '^TestPeer' ./...
