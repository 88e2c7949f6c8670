// Package testpeers starts real mail servers on loopback for integration
// tests: mox (SMTP submission and IMAP) and Dovecot (IMAP and POP3), each in
// a temporary directory with its own configuration, certificate and free
// ports, stopped again by t.Cleanup.
//
// A missing server binary skips the test with the reason, unless
// MAILSETUP_REQUIRE_PEERS=1 (as `make test` sets): then the test fails.
package testpeers

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
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

// freePorts returns n distinct loopback ports nothing listens on now.
func freePorts(t testing.TB, n int) []int {
	t.Helper()
	var lns []net.Listener
	var out []int
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		lns = append(lns, ln)
		out = append(out, ln.Addr().(*net.TCPAddr).Port)
	}
	for _, ln := range lns {
		ln.Close()
	}
	return out
}

// process is a server started for one test.
type process struct {
	cmd  *exec.Cmd
	out  *lockedBuffer
	done chan error
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b.Len() > 1<<20 {
		return len(p), nil // keep the log bounded
	}
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs cmd and stops it (SIGTERM, then SIGKILL) when the test ends;
// on a failed test its output is logged.
func start(t testing.TB, name string, cmd *exec.Cmd) *process {
	t.Helper()
	p := &process{cmd: cmd, out: &lockedBuffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		t.Fatalf("testpeers: starting %s: %v", name, err)
	}
	go func() { p.done <- cmd.Wait() }()
	recordPID(cmd.Process.Pid)
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("testpeers: %s output:\n%s", name, p.out.String())
		}
	})
	return p
}

// recordPID appends pid to the file named by $MAILSETUP_PEER_PIDS, if set,
// so a stage script can stop the servers of a test binary that died before
// its cleanups ran (a test timeout).
func recordPID(pid int) {
	name := os.Getenv("MAILSETUP_PEER_PIDS")
	if name == "" {
		return
	}
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintln(f, pid)
}

// waitListening waits until every port accepts connections.
func (p *process) waitListening(t testing.TB, name string, ports ...int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for _, port := range ports {
		for {
			c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
			if err == nil {
				c.Close()
				break
			}
			select {
			case err := <-p.done:
				t.Fatalf("testpeers: %s exited: %v\n%s", name, err, p.out.String())
			default:
			}
			if time.Now().After(deadline) {
				t.Fatalf("testpeers: %s does not listen on %d:\n%s", name, port, p.out.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// WriteCerts makes a CA and a server certificate for names (DNS names and
// IP addresses) in dir: ca.pem, cert.pem (leaf and CA) and key.pem.
func WriteCerts(t testing.TB, dir string, names ...string) (caFile, certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mailsetup test peers CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(7 * 24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: names[0]},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(7 * 24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	chain := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), caPEM...)
	caFile, certFile, keyFile = filepath.Join(dir, "ca.pem"), filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	for f, data := range map[string][]byte{
		caFile: caPEM, certFile: chain,
		keyFile: pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}),
	} {
		if err := os.WriteFile(f, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pool = x509.NewCertPool()
	pool.AddCert(ca)
	return caFile, certFile, keyFile, pool
}

// staticResolver answers address lookups from a map.
type staticResolver struct{ hosts map[string][]netip.Addr }

func (r *staticResolver) LookupIP(_ context.Context, host string) ([]netip.Addr, resolve.Result, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, resolve.Result{}, nil
	}
	if a, ok := r.hosts[host]; ok {
		return a, resolve.Result{}, nil
	}
	return nil, resolve.Result{}, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

func (r *staticResolver) LookupMX(context.Context, string) ([]*net.MX, resolve.Result, error) {
	return nil, resolve.Result{}, &net.DNSError{Err: "no such record", IsNotFound: true}
}

func (r *staticResolver) LookupSRV(context.Context, string, string, string) ([]*net.SRV, resolve.Result, error) {
	return nil, resolve.Result{}, &net.DNSError{Err: "no such record", IsNotFound: true}
}

func (r *staticResolver) LookupTXT(context.Context, string) ([]string, resolve.Result, error) {
	return nil, resolve.Result{}, &net.DNSError{Err: "no such record", IsNotFound: true}
}

func (r *staticResolver) LookupCNAME(context.Context, string) (string, resolve.Result, error) {
	return "", resolve.Result{}, nil
}

// TLSConfig returns a client configuration that trusts the peer.
func (p *Peer) TLSConfig() *tls.Config {
	return &tls.Config{ServerName: p.Host, RootCAs: p.CAPool, MinVersion: tls.VersionTLS12}
}
