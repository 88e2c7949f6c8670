package check

import (
	"context"
	"crypto/tls"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/resolve"
	"github.com/mailsetup/mailsetup/settings"
)

const testHost = "mail.example.test"

// env is one test's little Internet: names, a dialer, a CA, fakes.
type env struct {
	t      testing.TB
	pki    *pki
	res    *fakeResolver
	dialer *testDialer
	nw     *resolve.Network
}

func newEnv(t testing.TB) *env {
	e := &env{t: t, pki: newPKI(t, "Test Root CA")}
	e.res = &fakeResolver{hosts: map[string][]netip.Addr{
		testHost:                {loopback},
		"server12.hosting.test": {loopback},
		"elsewhere.test":        {netip.MustParseAddr("127.0.0.2")},
		dnsCanary:               {netip.MustParseAddr("127.0.0.9")}, // looked up, never dialled
	}}
	e.dialer = &testDialer{ports: map[int]int{}, blackhole: map[int]bool{}}
	e.nw = &resolve.Network{Resolver: e.res, Dialer: e.dialer, RootCAs: e.pki.pool, Timeout: 2 * time.Second}
	return e
}

// tlsConfig returns a server config with a valid certificate for testHost.
func (e *env) tlsConfig() *tls.Config { return e.pki.serverConfig(e.t, testHost) }

// at returns a Server for the fake, mapping its standard port to the fake's.
func (e *env) at(proto settings.Protocol, sec settings.Security, stdPort int, fs *fakeServer) settings.Server {
	e.dialer.mu.Lock()
	e.dialer.ports[stdPort] = fs.port
	e.dialer.mu.Unlock()
	return settings.Server{Protocol: proto, Host: testHost, Port: stdPort, Security: sec}
}

func (e *env) request(srvs ...settings.Server) Request {
	addr, _ := settings.ParseAddress("ana@example.test")
	return Request{Email: addr, Servers: srvs, Lang: i18n.EN}
}

func (e *env) run(req Request) *Report {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return Run(ctx, req, Options{Network: e.nw})
}

// one checks a single server and returns its result.
func (e *env) one(srv settings.Server, mutate func(*Request)) Result {
	e.t.Helper()
	req := e.request(srv)
	if mutate != nil {
		mutate(&req)
	}
	rep := e.run(req)
	if len(rep.Results) != 1 {
		e.t.Fatalf("got %d results", len(rep.Results))
	}
	return rep.Results[0]
}

func withPassword(p string) func(*Request) { return func(r *Request) { r.Password = p } }

func noFallback(r *Request) { r.NoFallback = true }

func stepNames(r Result) []string {
	var out []string
	for _, s := range r.Steps {
		n := string(s.Name)
		if !s.OK {
			n += "!"
		}
		if s.Skipped {
			n += "~"
		}
		out = append(out, n)
	}
	return out
}

func wantCode(t testing.TB, r Result, code Code) {
	t.Helper()
	if code == "" {
		if !r.OK || r.Diagnosis != nil {
			t.Fatalf("want ok, got %v steps %v", describe(r), stepNames(r))
		}
		return
	}
	if r.OK || r.Diagnosis == nil {
		t.Fatalf("want %s, got ok; steps %v", code, stepNames(r))
	}
	if r.Diagnosis.Code != code {
		t.Fatalf("want %s, got %s", code, describe(r))
	}
}

func describe(r Result) string {
	if r.Diagnosis == nil {
		return "ok"
	}
	d := r.Diagnosis
	s := string(d.Code) + " reply=" + d.ServerReply + " steps=" + joinSteps(r)
	if len(r.Steps) > 0 {
		last := r.Steps[len(r.Steps)-1]
		s += " detail=" + last.Detail.In(i18n.EN)
	}
	return s
}

func joinSteps(r Result) string {
	out := ""
	for _, n := range stepNames(r) {
		out += n + " "
	}
	return out
}

// closedPort returns a loopback port nothing listens on.
func closedPort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return p
}
