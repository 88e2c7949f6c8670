package check

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"net/netip"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/resolve"
)

// --- names and addresses ---------------------------------------------------

// fakeResolver answers A lookups from a map; anything else does not exist.
// Host "dns-timeout.test" never answers.
type fakeResolver struct {
	hosts map[string][]netip.Addr
}

func (r *fakeResolver) LookupIP(ctx context.Context, host string) ([]netip.Addr, resolve.Result, error) {
	if host == "dns-timeout.test" {
		<-ctx.Done()
		return nil, resolve.Result{}, &net.DNSError{Err: "timeout", Name: host, IsTimeout: true}
	}
	if a, ok := r.hosts[host]; ok {
		return a, resolve.Result{}, nil
	}
	return nil, resolve.Result{}, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}
func (r *fakeResolver) LookupMX(context.Context, string) ([]*net.MX, resolve.Result, error) {
	return nil, resolve.Result{}, &net.DNSError{IsNotFound: true}
}
func (r *fakeResolver) LookupSRV(context.Context, string, string, string) ([]*net.SRV, resolve.Result, error) {
	return nil, resolve.Result{}, &net.DNSError{IsNotFound: true}
}
func (r *fakeResolver) LookupTXT(context.Context, string) ([]string, resolve.Result, error) {
	return nil, resolve.Result{}, &net.DNSError{IsNotFound: true}
}
func (r *fakeResolver) LookupCNAME(context.Context, string) (string, resolve.Result, error) {
	return "", resolve.Result{}, nil
}

var loopback = netip.MustParseAddr("127.0.0.1")

// testDialer maps the standard ports a check may fall back to onto the
// fakes' random ports, refuses the other standard ports (so no test ever
// reaches a real service on this machine), can block like a firewall that
// drops packets, and can fail with "no route".
type testDialer struct {
	mu          sync.Mutex
	ports       map[int]int
	blackhole   map[int]bool
	unreachable bool
	delay       time.Duration
}

func (d *testDialer) DialAddrs(ctx context.Context, network string, addrs []netip.Addr, port int) (net.Conn, error) {
	d.mu.Lock()
	mapped, isMapped := d.ports[port]
	black := d.blackhole[port]
	unreachable, delay := d.unreachable, d.delay
	d.mu.Unlock()
	if unreachable {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &netErrno{syscall.ENETUNREACH}}
	}
	if black {
		<-ctx.Done()
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: ctx.Err()}
	}
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if isMapped {
		port = mapped
	} else if port < 10000 {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &netErrno{syscall.ECONNREFUSED}}
	}
	var nd net.Dialer
	return nd.DialContext(ctx, network, netip.AddrPortFrom(addrs[0], uint16(port)).String())
}

func (d *testDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return nil, err
	}
	return d.DialAddrs(ctx, network, []netip.Addr{ap.Addr()}, int(ap.Port()))
}

// netErrno wraps an errno like os.SyscallError does, so errors.Is finds it.
type netErrno struct{ errno syscall.Errno }

func (e *netErrno) Error() string { return "connect: " + e.errno.Error() }
func (e *netErrno) Unwrap() error { return e.errno }

// --- certificates ----------------------------------------------------------

type pki struct {
	ca     *x509.Certificate
	caKey  *ecdsa.PrivateKey
	pool   *x509.CertPool
	caName string
}

func newPKI(t testing.TB, name string) *pki {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return &pki{ca: ca, caKey: key, pool: pool, caName: name}
}

// leaf issues a server certificate for names valid from notBefore to notAfter.
func (p *pki) leaf(t testing.TB, names []string, notBefore, notAfter time.Time) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: names[0]},
		DNSNames: names, NotBefore: notBefore, NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.ca, &key.PublicKey, p.caKey)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der, p.ca.Raw}, PrivateKey: key}
}

func (p *pki) serverConfig(t testing.TB, names ...string) *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{p.leaf(t, names, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))}}
}

// --- servers -----------------------------------------------------------------

// fakeServer accepts on 127.0.0.1:0 and runs handle for each connection.
// Cleanup closes the listener and every connection and waits for handlers.
type fakeServer struct {
	ln    net.Listener
	port  int
	mu    sync.Mutex
	conns []net.Conn
	wg    sync.WaitGroup
}

func serve(t testing.TB, handle func(c net.Conn)) *fakeServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &fakeServer{ln: ln, port: ln.Addr().(*net.TCPAddr).Port}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer c.Close()
				handle(c)
			}()
		}
	}()
	t.Cleanup(s.close)
	return s
}

func (s *fakeServer) close() {
	s.ln.Close()
	s.mu.Lock()
	for _, c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// peer is the server side of one fake conversation.
type peer struct {
	c  net.Conn
	br *bufio.Reader
}

func newPeer(c net.Conn) *peer { return &peer{c: c, br: bufio.NewReader(c)} }

func (p *peer) send(lines ...string) {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l + "\r\n")
	}
	_, _ = p.c.Write([]byte(b.String()))
}

func (p *peer) read() (string, bool) {
	_ = p.c.SetReadDeadline(time.Now().Add(20 * time.Second))
	l, err := p.br.ReadString('\n')
	if err != nil {
		return "", false
	}
	return strings.TrimRight(l, "\r\n"), true
}

// upgrade starts server-side TLS, dropping the plaintext reader.
func (p *peer) upgrade(cfg *tls.Config) bool {
	tc := tls.Server(p.c, cfg)
	if err := tc.Handshake(); err != nil {
		return false
	}
	p.c, p.br = tc, bufio.NewReader(tc)
	return true
}

func isClosedErr(err error) bool { return errors.Is(err, net.ErrClosed) }
