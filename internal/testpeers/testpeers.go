// Package testpeers starts real mail servers on loopback for integration
// tests: mox (SMTP submission and IMAP) and Dovecot (IMAP and POP3), each in
// a temporary directory with its own configuration, certificate and free
// ports, stopped again by t.Cleanup.
//
// A missing server binary skips the test with the reason, unless
// MAILSETUP_REQUIRE_PEERS=1 (as `make test` sets): then the test fails.
package testpeers

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/resolve"
)

// Peer is a running mail server.
type Peer struct {
	// Host is the name the certificate is for; it resolves to 127.0.0.1
	// through Network's resolver.
	Host string
	// Ports by service: "submissions", "submission", "imaps", "imap",
	// "pop3s", "pop3".
	Ports map[string]int
	// CAFile is the PEM file of the CA that signed the server's
	// certificate (for --ca-file); CAPool trusts it.
	CAFile string
	CAPool *x509.CertPool
	// Address and Password log in; Address is also the mailbox.
	Address, Password string
	// Dir holds the server's configuration and data.
	Dir string
}

// Port returns the port of a service, failing the test if there is none.
func (p *Peer) Port(t testing.TB, service string) int {
	t.Helper()
	port, ok := p.Ports[service]
	if !ok {
		t.Fatalf("testpeers: no %s service", service)
	}
	return port
}

// Network returns a Network that resolves Host (and "localhost") to
// 127.0.0.1, trusts the peer's CA and uses timeout.
func (p *Peer) Network(timeout time.Duration) *resolve.Network {
	r := &staticResolver{hosts: map[string][]netip.Addr{
		p.Host: {netip.MustParseAddr("127.0.0.1")}, "localhost": {netip.MustParseAddr("127.0.0.1")},
	}}
	return &resolve.Network{Resolver: r, Dialer: &resolve.NetDialer{Resolver: r, Timeout: timeout}, RootCAs: p.CAPool, Timeout: timeout}
}

// missing skips or fails a test that cannot have its peer.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("MAILSETUP_REQUIRE_PEERS") == "1" {
		t.Fatalf("testpeers: %s (MAILSETUP_REQUIRE_PEERS=1)", msg)
	}
	t.Skipf("testpeers: %s", msg)
}

// repoRoot finds the module root from the test's working directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// TLSConfig returns a client configuration that trusts the peer.
func (p *Peer) TLSConfig() *tls.Config {
	return &tls.Config{ServerName: p.Host, RootCAs: p.CAPool, MinVersion: tls.VersionTLS12}
}
