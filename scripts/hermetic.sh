#!/usr/bin/env bash
# Runs a command with no way off this machine (house rule 1): in a network
# namespace of its own where only loopback exists, with a DNS server on
# 127.0.0.53 that answers every question "no such name". Real peers that
# look names up by themselves get a quick local answer instead of asking
# the system's resolver: mox asks for the MX, A, AAAA and _dmarc records of
# "localhost" and for this machine's name; Thunderbird for its telemetry,
# update and location servers (both seen with strace).
# Needs root (unshare), iproute2 and python3; without them it runs the
# command with the host's network and says so.
# Usage: bash scripts/hermetic.sh COMMAND [ARG...]
set -euo pipefail
if [ "${MAILSETUP_HERMETIC_INSIDE:-}" != 1 ]; then
  if command -v ip >/dev/null && command -v python3 >/dev/null && unshare -nm true 2>/dev/null; then
    exec env MAILSETUP_HERMETIC_INSIDE=1 unshare -nm bash "$0" "$@"
  fi
  echo "hermetic: warning: no private network namespace (needs root, iproute2 and python3); running with the host's network" >&2
  exec "$@"
fi

ip link set lo up
tmp=$(mktemp -d)
echo "nameserver 127.0.0.53" >"$tmp/resolv.conf"
# unshare -m made every mount private: this one is seen only in here. (With
# no resolv.conf at all, resolvers ask 127.0.0.1:53, where nothing listens.)
if [ -e /etc/resolv.conf ]; then
  mount --bind "$tmp/resolv.conf" /etc/resolv.conf
fi
python3 - "$tmp/ready" <<'EOF' &
# Answers every DNS question (UDP and TCP, RFC 1035 §4.2) with NXDOMAIN.
import socket, struct, sys, threading

def nx(q):
    if len(q) < 12:
        return None
    h = bytearray(q[:12])
    h[2] = (h[2] | 0x80) & 0xF9  # QR=1, AA=0, TC=0, keep opcode and RD
    h[3] = (h[3] & 0x70) | 0x83  # RA=1, RCODE=3 (NXDOMAIN)
    h[6:12] = b"\0" * 6          # no answer, authority or additional records
    return bytes(h) + q[12:]

def udp(s):
    while True:
        q, a = s.recvfrom(4096)
        r = nx(q)
        if r:
            s.sendto(r, a)

def tcp_conn(c):
    with c:
        c.settimeout(5)
        try:
            n = struct.unpack(">H", c.recv(2, socket.MSG_WAITALL))[0]
            r = nx(c.recv(n, socket.MSG_WAITALL))
            if r:
                c.sendall(struct.pack(">H", len(r)) + r)
        except (OSError, struct.error):
            pass

u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.53", 53))
t = socket.socket()
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("127.0.0.53", 53))
t.listen(64)
threading.Thread(target=udp, args=(u,), daemon=True).start()
open(sys.argv[1], "w").close()
while True:
    c, _ = t.accept()
    threading.Thread(target=tcp_conn, args=(c,), daemon=True).start()
EOF
dns=$!
trap 'kill "$dns" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do
  [ -e "$tmp/ready" ] && break
  sleep 0.1
done
[ -e "$tmp/ready" ] || { echo "hermetic: the local DNS server did not start" >&2; exit 1; }
"$@"
