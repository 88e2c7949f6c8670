package resolve

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/internal/loopback"

	"github.com/miekg/dns"
)

// testServer is a miekg/dns server on loopback, UDP and TCP on one port
// (libraries.md §4). It answers from zone-file lines; names in stall never
// get an answer; names in signed get the AD bit; names in big are truncated
// over UDP.
type testServer struct {
	addr string

	mu      sync.Mutex
	records map[string][]dns.RR
	signed  map[string]bool
	stall   map[string]bool
	noAAAA  map[string]bool // AAAA questions dropped, as some broken servers do
	big     map[string]bool
	overTCP []string // names asked over TCP
	edns    []bool   // DO bit of each question
}

func newTestServer(t *testing.T, zone ...string) *testServer {
	t.Helper()
	s := &testServer{records: map[string][]dns.RR{}, signed: map[string]bool{}, stall: map[string]bool{}, noAAAA: map[string]bool{}, big: map[string]bool{}}
	for _, l := range zone {
		rr, err := dns.NewRR(l)
		if err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		s.records[rr.Header().Name] = append(s.records[rr.Header().Name], rr)
	}
	pc, ln := loopback.ListenUDPTCP(t)
	for _, srv := range []*dns.Server{{PacketConn: pc, Handler: s}, {Listener: ln, Handler: s}} {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		go srv.ActivateAndServe()
		<-started
		t.Cleanup(func() { srv.Shutdown() })
	}
	s.addr = pc.LocalAddr().String()
	return s
}

// mark sets name in one of the server's sets, under its lock.
func (s *testServer) mark(set map[string]bool, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	set[name] = true
}

func (s *testServer) ServeDNS(w dns.ResponseWriter, q *dns.Msg) {
	name := q.Question[0].Name
	tcp := w.RemoteAddr().Network() == "tcp"
	s.mu.Lock()
	if tcp {
		s.overTCP = append(s.overTCP, name)
	}
	opt := q.IsEdns0()
	s.edns = append(s.edns, opt != nil && opt.Do())
	stall, signed, big := s.stall[name], s.signed[name], s.big[name]
	if s.noAAAA[name] && q.Question[0].Qtype == dns.TypeAAAA {
		stall = true
	}
	var answers []dns.RR
	for _, rr := range s.records[name] {
		if rr.Header().Rrtype == q.Question[0].Qtype {
			answers = append(answers, rr)
		}
	}
	_, exists := s.records[name]
	s.mu.Unlock()
	if stall {
		return
	}
	m := new(dns.Msg)
	m.SetReply(q)
	m.AuthenticatedData = signed
	if !exists {
		m.Rcode = dns.RcodeNameError
	}
	if big && !tcp {
		m.Truncated = true
	} else {
		m.Answer = answers
	}
	w.WriteMsg(m)
}

func TestDNSLookups(t *testing.T) {
	s := newTestServer(t,
		"mail.example.test. 60 IN A 192.0.2.1",
		"mail.example.test. 60 IN AAAA 2001:db8::1",
		"example.test. 60 IN MX 20 mx2.example.test.",
		"example.test. 60 IN MX 10 mx1.example.test.",
		`example.test. 60 IN TXT "v=spf1 " "-all"`,
		"_imaps._tcp.example.test. 60 IN SRV 10 0 993 imap2.example.test.",
		"_imaps._tcp.example.test. 60 IN SRV 0 0 993 imap1.example.test.",
		"_pop3._tcp.example.test. 60 IN SRV 0 0 0 .",
	)
	r := New([]string{s.addr}, time.Second)
	ctx := context.Background()

	ips, _, err := r.LookupIP(ctx, "mail.example.test")
	if err != nil || len(ips) != 2 || ips[0] != netip.MustParseAddr("192.0.2.1") || ips[1] != netip.MustParseAddr("2001:db8::1") {
		t.Errorf("LookupIP = %v, %v", ips, err)
	}
	mxs, _, err := r.LookupMX(ctx, "example.test")
	if err != nil || len(mxs) != 2 || mxs[0].Host != "mx1.example.test." || mxs[0].Pref != 10 {
		t.Errorf("LookupMX = %v, %v", mxs, err)
	}
	txts, _, err := r.LookupTXT(ctx, "example.test")
	if err != nil || len(txts) != 1 || txts[0] != "v=spf1 -all" {
		t.Errorf("LookupTXT = %q, %v", txts, err)
	}
	srvs, _, err := r.LookupSRV(ctx, "imaps", "tcp", "example.test")
	if err != nil || len(srvs) != 2 || srvs[0].Target != "imap1.example.test." {
		t.Errorf("LookupSRV = %v, %v", srvs, err)
	}
	// "." target: the service is not offered (RFC 6186 §3.4).
	if srvs, _, err := r.LookupSRV(ctx, "pop3", "tcp", "example.test"); !IsNotFound(err) {
		t.Errorf("LookupSRV(.) = %v, %v; want not found", srvs, err)
	}
	// Every question carried EDNS0 with the DO bit.
	s.mu.Lock()
	for i, do := range s.edns {
		if !do {
			t.Errorf("question %d without the DO bit", i)
		}
	}
	s.mu.Unlock()
}

func TestDNSNotFound(t *testing.T) {
	s := newTestServer(t, "example.test. 60 IN A 192.0.2.1")
	r := New([]string{s.addr}, time.Second)
	ctx := context.Background()
	if _, _, err := r.LookupMX(ctx, "nowhere.test"); !IsNotFound(err) || IsTimeout(err) {
		t.Errorf("NXDOMAIN: %v", err)
	}
	// NOERROR without records (NODATA) is "not found" too.
	if _, _, err := r.LookupMX(ctx, "example.test"); !IsNotFound(err) {
		t.Errorf("NODATA: %v", err)
	}
	if _, _, err := r.LookupIP(ctx, "nowhere.test"); !IsNotFound(err) {
		t.Errorf("LookupIP NXDOMAIN: %v", err)
	}
}

// A truncated UDP answer is asked again over TCP (RFC 7766).
func TestDNSTruncatedRetriesOverTCP(t *testing.T) {
	var zone []string
	for i := 0; i < 40; i++ {
		zone = append(zone, `big.example.test. 60 IN TXT "`+strings.Repeat("x", 200)+`"`)
	}
	s := newTestServer(t, zone...)
	s.mark(s.big, "big.example.test.")
	r := New([]string{s.addr}, time.Second)
	txts, _, err := r.LookupTXT(context.Background(), "big.example.test")
	if err != nil || len(txts) != 40 {
		t.Fatalf("LookupTXT = %d records, %v", len(txts), err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.overTCP) != 1 || s.overTCP[0] != "big.example.test." {
		t.Errorf("asked over TCP: %v", s.overTCP)
	}
}

// The AD bit counts only from a resolver on loopback.
func TestDNSADBitTrust(t *testing.T) {
	s := newTestServer(t, "signed.test. 60 IN MX 10 mx.signed.test.", "plain.test. 60 IN MX 10 mx.plain.test.")
	s.mark(s.signed, "signed.test.")
	ctx := context.Background()

	local := New([]string{s.addr}, time.Second)
	if !local.TrustAD {
		t.Fatal("a loopback resolver is not trusted")
	}
	if _, res, err := local.LookupMX(ctx, "signed.test"); err != nil || !res.Authentic {
		t.Errorf("signed answer from loopback: authentic=%v, %v", res.Authentic, err)
	}
	if _, res, _ := local.LookupMX(ctx, "plain.test"); res.Authentic {
		t.Error("an answer without AD counted as authentic")
	}
	// The same server reached as if it were remote: AD is not believed.
	remote := &DNS{Servers: []string{s.addr}, Timeout: time.Second, TrustAD: false}
	if _, res, _ := remote.LookupMX(ctx, "signed.test"); res.Authentic {
		t.Error("AD believed from an untrusted path")
	}
	if New([]string{"192.0.2.53:53"}, time.Second).TrustAD || New([]string{s.addr, "192.0.2.53:53"}, time.Second).TrustAD {
		t.Error("a non-loopback resolver is trusted")
	}
}

func TestDNSTimeout(t *testing.T) {
	s := newTestServer(t, "slow.test. 60 IN MX 10 mx.slow.test.")
	s.mark(s.stall, "slow.test.")
	r := New([]string{s.addr}, 100*time.Millisecond)
	_, _, err := r.LookupMX(context.Background(), "slow.test")
	if !IsTimeout(err) {
		t.Errorf("err = %v, want a time-out", err)
	}
	// The caller's context bounds the lookup too.
	r = New([]string{s.addr}, time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, _, err := r.LookupMX(ctx, "slow.test"); !IsTimeout(err) {
		t.Errorf("err = %v, want a time-out", err)
	}
}

// A server that does not answer is skipped for the next one.
func TestDNSNextServer(t *testing.T) {
	dead := newTestServer(t)
	dead.mark(dead.stall, "example.test.")
	live := newTestServer(t, "example.test. 60 IN MX 10 mx.example.test.")
	r := New([]string{dead.addr, live.addr}, 100*time.Millisecond)
	if mxs, _, err := r.LookupMX(context.Background(), "example.test"); err != nil || len(mxs) != 1 {
		t.Errorf("LookupMX = %v, %v", mxs, err)
	}
}

func TestSortSRVPriorityThenWeight(t *testing.T) {
	for i := 0; i < 50; i++ {
		in := []*net.SRV{
			{Target: "c.", Priority: 20, Weight: 100},
			{Target: "a.", Priority: 10, Weight: 0},
			{Target: "b.", Priority: 10, Weight: 100},
		}
		out := SortSRV(in)
		if out[2].Target != "c." || out[0].Priority != 10 || out[1].Priority != 10 {
			t.Fatalf("order %s %s %s", out[0].Target, out[1].Target, out[2].Target)
		}
	}
}

func TestParseServer(t *testing.T) {
	good := map[string]string{"127.0.0.1:5353": "127.0.0.1:5353", "127.0.0.1": "127.0.0.1:53", "::1": "[::1]:53", "[::1]:53": "[::1]:53"}
	for in, want := range good {
		if got, err := ParseServer(in); err != nil || got != want {
			t.Errorf("ParseServer(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "dns.example:53", "127.0.0.1:0", "127.0.0.1:99999", "127.0.0.1:x", "127.0.0.1:053"} {
		if got, err := ParseServer(bad); err == nil {
			t.Errorf("ParseServer(%q) = %q, want an error", bad, got)
		}
	}
}

// NetDialer resolves through its Resolver, never the system's.
func TestNetDialerUsesResolver(t *testing.T) {
	s := newTestServer(t, "svc.example.test. 60 IN A 127.0.0.1")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		if c, err := ln.Accept(); err == nil {
			c.Close()
		}
	}()
	d := &NetDialer{Resolver: New([]string{s.addr}, time.Second), Timeout: time.Second}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	c, err := d.DialContext(context.Background(), "tcp", net.JoinHostPort("svc.example.test", port))
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if _, err := d.DialContext(context.Background(), "tcp", net.JoinHostPort("nowhere.example.test", port)); err == nil {
		t.Error("dialled a name the resolver does not know")
	}
}

// A server that drops AAAA questions costs RFC 8305's resolution delay, not
// the whole time-out, once the A answer is in.
func TestLookupIPDoesNotWaitForDroppedAAAA(t *testing.T) {
	s := newTestServer(t, "v4only.test. 60 IN A 192.0.2.7")
	s.mark(s.noAAAA, "v4only.test.")
	r := New([]string{s.addr}, time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ips, _, err := r.LookupIP(ctx, "v4only.test")
	if err != nil || len(ips) != 1 || ips[0] != netip.MustParseAddr("192.0.2.7") {
		t.Fatalf("LookupIP = %v, %v", ips, err)
	}
	if ctx.Err() != nil {
		t.Fatal("LookupIP waited for the dropped AAAA answer")
	}
}

// Cancelling the context ends a lookup at once, not at its time-out.
func TestDNSCancel(t *testing.T) {
	s := newTestServer(t, "slow.test. 60 IN MX 10 mx.slow.test.")
	s.mark(s.stall, "slow.test.")
	r := New([]string{s.addr}, time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := r.LookupMX(ctx, "slow.test")
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err == nil {
			t.Error("a cancelled lookup succeeded")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the lookup ignored the cancellation")
	}
}

func TestUnescapeTXT(t *testing.T) {
	for in, want := range map[string]string{
		`v=spf1 -all`:   `v=spf1 -all`,
		`say \"hi\"`:    `say "hi"`,
		`back\\slash`:   `back\slash`,
		`espa\195\177a`: "españa",
		`trailing\`:     `trailing\`,
		`\999 stays`:    `999 stays`,
	} {
		if got := unescapeTXT(in); got != want {
			t.Errorf("unescapeTXT(%q) = %q, want %q", in, got, want)
		}
	}
}
