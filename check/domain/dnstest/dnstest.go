// Package dnstest runs a real DNS server (miekg/dns) on loopback with zones
// given by a test, the pattern of miekg's own RunLocalUDPServer. It answers
// over UDP and TCP on the same port, truncates UDP answers to the asker's
// buffer size as a real server does, and can stall on purpose to test time
// limits. Only for tests; it never talks to anything but loopback.
package dnstest

import (
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/internal/loopback"

	"github.com/miekg/dns"
)

// Zone holds resource records by owner name (lower case, fully qualified).
// A name present with no record of the asked type answers NODATA; an absent
// name answers NXDOMAIN.
type Zone map[string][]dns.RR

// Add parses zone-file lines ("a.test. 300 IN MX 10 mx.a.test.") and adds them.
// It panics on a bad line: zones are test data written by hand.
func (z Zone) Add(lines ...string) Zone {
	for _, l := range lines {
		rr, err := dns.NewRR(l)
		if err != nil {
			panic("dnstest: " + err.Error() + ": " + l)
		}
		name := strings.ToLower(rr.Header().Name)
		z[name] = append(z[name], rr)
	}
	return z
}

// TXT adds one TXT record per text at name, split into the 255-byte
// character-strings of RFC 1035 §3.3.14.
func (z Zone) TXT(name string, texts ...string) Zone {
	name = strings.ToLower(dns.Fqdn(name))
	for _, t := range texts {
		var parts []string
		for len(t) > 255 {
			parts = append(parts, t[:255])
			t = t[255:]
		}
		parts = append(parts, t)
		rr := &dns.TXT{Hdr: dns.RR_Header{Name: name, Rrtype: dns.TypeTXT, Class: dns.ClassINET, Ttl: 300}, Txt: parts}
		z[name] = append(z[name], rr)
	}
	return z
}

// Name makes name exist without records (so that it answers NODATA).
func (z Zone) Name(name string) Zone {
	name = strings.ToLower(dns.Fqdn(name))
	if _, ok := z[name]; !ok {
		z[name] = nil
	}
	return z
}

// Server is a running DNS server.
type Server struct {
	Addr string // 127.0.0.1:port, for resolve.New or --dns-server

	mu   sync.Mutex
	zone Zone
	// Stall, when it returns true for a question, makes the server keep
	// silent until it is shut down, like a firewall dropping packets.
	stall func(name string, qtype uint16) bool
	delay time.Duration

	stop      chan struct{}
	queries   atomic.Int64
	inFlight  atomic.Int64
	maxFlight atomic.Int64
}

// Start serves zone on a free loopback port until the test ends.
func Start(tb testing.TB, zone Zone) *Server {
	tb.Helper()
	s := &Server{zone: zone, stop: make(chan struct{})}
	var udp, tcp *dns.Server
	pc, l := loopback.ListenUDPTCP(tb)
	s.Addr = pc.LocalAddr().String()
	udp = &dns.Server{PacketConn: pc, Handler: s}
	tcp = &dns.Server{Listener: l, Handler: s}
	for _, srv := range []*dns.Server{udp, tcp} {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		go srv.ActivateAndServe()
		select {
		case <-started:
		case <-time.After(10 * time.Second):
			tb.Fatal("dnstest: server did not start")
		}
	}
	tb.Cleanup(func() {
		close(s.stop) // release stalled handlers first, so shutdown does not wait on them
		udp.Shutdown()
		tcp.Shutdown()
	})
	return s
}

// SetStall makes the server stall on the questions f picks (nil = none).
func (s *Server) SetStall(f func(name string, qtype uint16) bool) {
	s.mu.Lock()
	s.stall = f
	s.mu.Unlock()
}

// SetDelay makes every answer wait d, like a distant server.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	s.delay = d
	s.mu.Unlock()
}

// Queries returns how many questions the server has received.
func (s *Server) Queries() int64 { return s.queries.Load() }

// MaxInFlight returns the largest number of questions handled at once.
func (s *Server) MaxInFlight() int64 { return s.maxFlight.Load() }

// ServeDNS implements dns.Handler.
func (s *Server) ServeDNS(w dns.ResponseWriter, r *dns.Msg) {
	s.queries.Add(1)
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for {
		m := s.maxFlight.Load()
		if n <= m || s.maxFlight.CompareAndSwap(m, n) {
			break
		}
	}
	if len(r.Question) != 1 {
		m := new(dns.Msg)
		m.SetRcode(r, dns.RcodeFormatError)
		w.WriteMsg(m)
		return
	}
	q := r.Question[0]
	name := strings.ToLower(q.Name)
	s.mu.Lock()
	stall, delay := s.stall, s.delay
	s.mu.Unlock()
	if stall != nil && stall(name, q.Qtype) {
		<-s.stop
		return
	}
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-s.stop:
			return
		}
	}
	m := new(dns.Msg)
	m.SetReply(r)
	m.Authoritative = true
	m.RecursionAvailable = true
	s.answer(m, name, q.Qtype, 0)
	if _, ok := w.RemoteAddr().(*net.UDPAddr); ok {
		size := dns.MinMsgSize
		if o := r.IsEdns0(); o != nil {
			size = int(o.UDPSize())
		}
		m.Truncate(size)
	}
	w.WriteMsg(m)
}

// answer fills m for name/qtype, following CNAMEs inside the zone as a
// recursive resolver would.
func (s *Server) answer(m *dns.Msg, name string, qtype uint16, depth int) {
	s.mu.Lock()
	rrs, exists := s.zone[name]
	s.mu.Unlock()
	if !exists {
		if depth == 0 {
			m.Rcode = dns.RcodeNameError
		}
		return
	}
	for _, rr := range rrs {
		if rr.Header().Rrtype == dns.TypeCNAME && qtype != dns.TypeCNAME {
			m.Answer = append(m.Answer, rr)
			if depth < 8 {
				s.answer(m, strings.ToLower(rr.(*dns.CNAME).Target), qtype, depth+1)
			}
			return
		}
	}
	for _, rr := range rrs {
		if rr.Header().Rrtype == qtype {
			m.Answer = append(m.Answer, dns.Copy(rr))
		}
	}
}
