#!/usr/bin/env bash
# Real Thunderbird (Debian's ESR, headless) reads what `export` writes:
# a fresh profile given our user.js, a Thunderbird-made profile we changed
# with thunderbird-profile, and our autoconfig XML through Thunderbird's own
# readFromXML (over Marionette); the profile lock is tested against a
# running Thunderbird, and `mailsetup-cli export --format
# thunderbird-profile` finds the default profile in a profiles.ini that
# Thunderbird itself wrote (private HOME). The Go tests start and stop
# Thunderbird themselves (internal/tbtest: SIGTERM to its process group);
# this script only gives them a private session bus, as build.md §8 says
# (never dbus-x11). About 15 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
export MAILSETUP_REQUIRE_PEERS=${MAILSETUP_REQUIRE_PEERS:-1}
command -v thunderbird >/dev/null || { echo "thunderbird is not installed: run scripts/deps.sh test" >&2; exit 1; }
command -v dbus-run-session >/dev/null || { echo "dbus-run-session is missing (package dbus-daemon)" >&2; exit 1; }
# Thunderbird reaches out at start (telemetry, live/incoming.thunderbird.net,
# location services, www.mozilla.org): the tests and the Thunderbirds they
# start run where only loopback exists (scripts/hermetic.sh).
# No display: Thunderbird must not find one and open a window.
exec env -u DISPLAY -u WAYLAND_DISPLAY CGO_ENABLED=0 bash scripts/hermetic.sh dbus-run-session -- \
  ${GO:-go} test -tags thunderbird -count=1 -run '^TestThunderbird' ./export/... ./cmd/mailsetup-cli/
