// Package loopback gives tests sockets on 127.0.0.1 only: no test of
// mailsetup ever listens or connects beyond this machine.
package loopback

import (
	"net"
	"testing"
)

// ListenUDPTCP returns a UDP socket and a TCP listener on the same free
// loopback port, as a DNS server needs (TCP for truncated answers, RFC 7766).
// The port the kernel picks for UDP may be taken for TCP, so it tries others.
func ListenUDPTCP(tb testing.TB) (net.PacketConn, net.Listener) {
	tb.Helper()
	for attempt := 0; ; attempt++ {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			tb.Fatalf("loopback: %v", err)
		}
		ln, err := net.Listen("tcp", pc.LocalAddr().String())
		if err == nil {
			return pc, ln
		}
		pc.Close()
		if attempt == 20 {
			tb.Fatalf("loopback: no free port for both UDP and TCP: %v", err)
		}
	}
}
