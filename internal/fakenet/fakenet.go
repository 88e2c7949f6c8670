// Package fakenet is a small internet on loopback for tests of discovery:
// a miekg/dns server (UDP and TCP on one port), one HTTPS and one HTTP
// server doing virtual hosting by Host header, greeting-only mail servers
// over TLS, and a test CA that issues a certificate for whatever name a
// client asks for. It records every DNS question and every HTTP request, so
// tests can assert what was never asked. Nothing in it leaves 127.0.0.1.
package fakenet

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/internal/loopback"

	"github.com/miekg/dns"

	"github.com/mailsetup/mailsetup/resolve"
	"github.com/mailsetup/mailsetup/settings"
)

// CA issues certificates for any name.
type CA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	// Pool trusts the CA only.
	Pool *x509.CertPool
	// PEM is the CA certificate, for --ca-file.
	PEM []byte

	mu    sync.Mutex
	cache map[string]*tls.Certificate
}

// NewCA makes a CA valid for a day.
func NewCA(t testing.TB) *CA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mailsetup test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &CA{cert: cert, key: key, Pool: pool, cache: map[string]*tls.Certificate{},
		PEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// Issue returns a certificate for names.
func (ca *CA) Issue(names ...string) *tls.Certificate {
	ca.mu.Lock()
	defer ca.mu.Unlock()
	key := strings.Join(names, ",")
	if c, ok := ca.cache[key]; ok {
		return c
	}
	priv, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: names[0]},
		DNSNames:     names,
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &priv.PublicKey, ca.key)
	if err != nil {
		panic(err)
	}
	c := &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: priv}
	ca.cache[key] = c
	return c
}

// WritePEM writes the CA certificate to a file, for --ca-file.
func (ca *CA) WritePEM(t testing.TB) string {
	p := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(p, ca.PEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// World is a small internet on loopback: a miekg/dns server, one HTTPS and
// one HTTP server doing virtual hosting by Host, with a test CA. It records
// every DNS question and every HTTP host asked, so tests can assert what
// discovery never touched.
type World struct {
	t     testing.TB
	CA    *CA
	delay time.Duration // added to every DNS and HTTP answer

	mu       sync.Mutex
	records  map[string][]dns.RR // by lower-case FQDN
	exists   map[string]bool     // names that exist (NOERROR even without records)
	ad       map[string]bool     // names answered with the AD bit
	stallDNS map[string]bool
	stallAll bool
	inject   bool
	https    map[string]http.HandlerFunc // by host + path
	http     map[string]http.HandlerFunc
	certFor  map[string][]string // SNI name -> names in the served certificate
	asked    []string            // "TYPE name" of every DNS question
	hosts    []string            // "https://host/path" of every HTTP request

	// DNSAddr is the DNS server's 127.0.0.1:port, UDP and TCP.
	DNSAddr string
	// HTTPSPort and HTTPPort are where the web servers listen.
	HTTPSPort int
	HTTPPort  int
}

// New starts a World; t.Cleanup stops it.
func New(t testing.TB) *World {
	t.Helper()
	w := &World{t: t, CA: NewCA(t), records: map[string][]dns.RR{}, exists: map[string]bool{},
		ad: map[string]bool{}, stallDNS: map[string]bool{}, https: map[string]http.HandlerFunc{},
		http: map[string]http.HandlerFunc{}, certFor: map[string][]string{}}
	w.startDNS()
	w.HTTPSPort = w.startHTTP(true)
	w.HTTPPort = w.startHTTP(false)
	return w
}

// RR adds records in zone-file syntax: "example.test. 60 IN A 127.0.0.1".
func (w *World) RR(lines ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, l := range lines {
		r, err := dns.NewRR(l)
		if err != nil {
			w.t.Fatalf("bad RR %q: %v", l, err)
		}
		name := strings.ToLower(r.Header().Name)
		w.records[name] = append(w.records[name], r)
		w.exists[name] = true
	}
}

// Host makes names resolve to 127.0.0.1.
func (w *World) Host(names ...string) {
	for _, n := range names {
		w.RR(n + ". 60 IN A 127.0.0.1")
	}
}

// ServeHTTPS serves h at https://HOST/PATH, hostPath = "HOST/PATH".
func (w *World) ServeHTTPS(hostPath string, h http.HandlerFunc) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.https[hostPath] = h
}

// ServeHTTP serves h at http://HOST/PATH.
func (w *World) ServeHTTP(hostPath string, h http.HandlerFunc) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.http[hostPath] = h
}

// XMLFile returns a handler serving body as application/xml.
func XMLFile(body string) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "application/xml; charset=utf-8")
		rw.Write([]byte(body))
	}
}

// Redirect answers 302 to the URL to.
func Redirect(to string) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) { http.Redirect(rw, r, to, http.StatusFound) }
}

// Stall never answers until the client gives up.
func Stall(rw http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

func (w *World) startDNS() {
	mux := dns.NewServeMux()
	mux.HandleFunc(".", w.answer)
	pc, ln := loopback.ListenUDPTCP(w.t)
	for _, s := range []*dns.Server{{PacketConn: pc, Handler: mux}, {Listener: ln, Handler: mux}} {
		started := make(chan struct{})
		s.NotifyStartedFunc = func() { close(started) }
		go s.ActivateAndServe()
		<-started
		w.t.Cleanup(func() { s.Shutdown() })
	}
	w.DNSAddr = pc.LocalAddr().String()
}

func (w *World) answer(rw dns.ResponseWriter, q *dns.Msg) {
	if len(q.Question) != 1 {
		return
	}
	question := q.Question[0]
	name := strings.ToLower(question.Name)
	w.mu.Lock()
	w.asked = append(w.asked, dns.TypeToString[question.Qtype]+" "+strings.TrimSuffix(name, "."))
	stalled := w.stallDNS[name] || w.stallAll
	delay := w.delay
	var answers []dns.RR
	for _, r := range w.records[name] {
		if r.Header().Rrtype == question.Qtype {
			answers = append(answers, dns.Copy(r))
		}
	}
	exists, ad := w.exists[name], w.ad[name]
	w.mu.Unlock()
	if stalled {
		return
	}
	time.Sleep(delay)
	m := new(dns.Msg)
	m.SetReply(q)
	m.Answer = answers
	m.AuthenticatedData = ad
	if !exists {
		m.Rcode = dns.RcodeNameError
	}
	rw.WriteMsg(m)
}

func (w *World) startHTTP(secure bool) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		w.t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		host := strings.ToLower(r.Host)
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		scheme := "http"
		table := w.http
		if secure {
			scheme, table = "https", w.https
		}
		w.mu.Lock()
		w.hosts = append(w.hosts, scheme+"://"+host+r.URL.Path)
		h := table[host+r.URL.Path]
		delay := w.delay
		w.mu.Unlock()
		time.Sleep(delay)
		if h == nil {
			http.NotFound(rw, r)
			return
		}
		h(rw, r)
	}), ReadHeaderTimeout: 5 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	if secure {
		srv.TLSConfig = &tls.Config{GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			w.mu.Lock()
			names := w.certFor[hello.ServerName]
			w.mu.Unlock()
			if names == nil {
				names = []string{hello.ServerName}
			}
			return w.CA.Issue(names...), nil
		}}
		go srv.ServeTLS(ln, "", "")
	} else {
		go srv.Serve(ln)
	}
	w.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		srv.Close()
	})
	return ln.Addr().(*net.TCPAddr).Port
}

// Network is what discovery gets in this world: its DNS server and CA.
func (w *World) Network(timeout time.Duration) *resolve.Network {
	r := resolve.New([]string{w.DNSAddr}, timeout)
	pool := w.CA.Pool
	return &resolve.Network{Resolver: r, Dialer: &resolve.NetDialer{Resolver: r, Timeout: timeout}, RootCAs: pool, Timeout: timeout}
}

// AskedDNS returns "TYPE name" of every DNS question so far.
func (w *World) AskedDNS() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.asked...)
}

// AskedHTTP returns "scheme://host/path" of every HTTP request so far.
func (w *World) AskedHTTP() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.hosts...)
}

// ConfigXML is a config-v1.1 file for domain with the given IMAP and SMTP hosts.
func ConfigXML(domain, imapHost, smtpHost string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="` + domain + `">
    <domain>` + domain + `</domain>
    <displayName>` + domain + ` mail</displayName>
    <incomingServer type="imap">
      <hostname>` + imapHost + `</hostname><port>993</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>` + smtpHost + `</hostname><port>465</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>`
}

// PoxXML is an Autodiscover answer with one IMAP and one SMTP server.
func PoxXML(imapHost, smtpHost string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
    <Account>
      <AccountType>email</AccountType>
      <Action>settings</Action>
      <Protocol><Type>IMAP</Type><Server>` + imapHost + `</Server><Port>993</Port><SPA>off</SPA><SSL>on</SSL><Encryption>SSL</Encryption></Protocol>
      <Protocol><Type>SMTP</Type><Server>` + smtpHost + `</Server><Port>587</Port><SPA>off</SPA><SSL>on</SSL><Encryption>TLS</Encryption></Protocol>
    </Account>
  </Response>
</Autodiscover>`
}

// MailServer starts a loopback server that greets like IMAP, POP3 or SMTP
// over implicit TLS, with the certificate for the SNI name (or CertFor's).
// It only greets: no command is understood.
func (w *World) MailServer(p settings.Protocol) int {
	return w.mailServer(p, false)
}

// MailServerSTARTTLS is MailServer in plain text, upgraded to TLS by IMAP
// STARTTLS, POP3 STLS or SMTP EHLO + STARTTLS. With injectAfterStartTLS it
// sends an extra line after the STARTTLS reply (the command-injection
// fault of Poddebniak et al. 2021, which a real server does not produce).
func (w *World) MailServerSTARTTLS(p settings.Protocol, injectAfterStartTLS bool) int {
	w.inject = injectAfterStartTLS
	return w.mailServer(p, true)
}

func (w *World) mailServer(p settings.Protocol, starttls bool) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		w.t.Fatal(err)
	}
	cfg := &tls.Config{GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
		w.mu.Lock()
		names := w.certFor[hello.ServerName]
		w.mu.Unlock()
		if names == nil {
			names = []string{hello.ServerName}
		}
		return w.CA.Issue(names...), nil
	}}
	greet := map[settings.Protocol]string{settings.IMAP: "* OK IMAP4rev1 ready\r\n",
		settings.POP3: "+OK POP3 ready\r\n", settings.SMTP: "220 mail.test ESMTP\r\n"}[p]
	inject := w.inject
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				if starttls && !plainUpgrade(c, p, greet, inject) {
					return
				}
				tc := tls.Server(c, cfg)
				if tc.Handshake() != nil {
					return
				}
				if !starttls {
					tc.Write([]byte(greet))
				}
				buf := make([]byte, 256)
				tc.Read(buf)
			}()
		}
	}()
	w.t.Cleanup(func() { ln.Close() })
	return ln.Addr().(*net.TCPAddr).Port
}

// plainUpgrade plays the plain-text part of a STARTTLS session.
func plainUpgrade(c net.Conn, p settings.Protocol, greet string, inject bool) bool {
	c.Write([]byte(greet))
	br := bufio.NewReader(c)
	extra := ""
	if inject {
		extra = "* OK injected\r\n"
	}
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return false
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case p == settings.IMAP && strings.HasSuffix(cmd, " STARTTLS"):
			tag, _, _ := strings.Cut(strings.TrimSpace(line), " ")
			c.Write([]byte(tag + " OK begin TLS\r\n" + extra))
			return true
		case p == settings.POP3 && cmd == "STLS":
			c.Write([]byte("+OK begin TLS\r\n" + extra))
			return true
		case p == settings.SMTP && strings.HasPrefix(cmd, "EHLO"):
			c.Write([]byte("250-mail.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n"))
		case p == settings.SMTP && cmd == "STARTTLS":
			c.Write([]byte("220 go ahead\r\n" + extra))
			return true
		default:
			c.Write([]byte("500 what?\r\n"))
		}
	}
}

// StallAllDNS makes every DNS question go unanswered.
func (w *World) StallAllDNS() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stallAll = true
}

// SetDelay adds d to every DNS and HTTP answer, as network latency.
func (w *World) SetDelay(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.delay = d
}

// SetAD makes the answers for name carry the AD bit (DNSSEC-validated).
func (w *World) SetAD(name string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.ad[dns.Fqdn(strings.ToLower(name))] = true
}

// StallDNS makes questions about name go unanswered.
func (w *World) StallDNS(name string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stallDNS[dns.Fqdn(strings.ToLower(name))] = true
}

// CertFor makes the servers present a certificate for names when a client
// asks for sni (shared hosting: mail.example.es serving the hoster's name).
func (w *World) CertFor(sni string, names ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.certFor[sni] = names
}

// IssuePEM returns a certificate for names and its PKCS#8 key, both PEM,
// for real servers (mox) that read them from files.
func (ca *CA) IssuePEM(names ...string) (certPEM, keyPEM []byte, err error) {
	c := ca.Issue(names...)
	key, err := x509.MarshalPKCS8PrivateKey(c.PrivateKey)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Certificate[0]}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: key}), nil
}
