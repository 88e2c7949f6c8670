package check

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/mailsetup/mailsetup/resolve"
	"github.com/mailsetup/mailsetup/settings"
)

// Ranks of alternatives: when several work, the closest to what was
// configured wins (spec/cli.md).
const (
	rankOtherMode = iota // same host and port, the other TLS mode
	rankOtherPort        // another standard port on the same host
	rankCertHost         // the certificate's own name for the same machine
)

type alternative struct {
	srv  settings.Server
	rank int
}

// standardPorts are the ports a protocol is commonly served on, best
// first: implicit TLS (RFC 8314) before STARTTLS, and 2525, the submission
// port of hosts whose ISP blocks 587.
var standardPorts = map[settings.Protocol][]settings.Server{
	settings.SMTP: {{Port: 465, Security: settings.TLS}, {Port: 587, Security: settings.STARTTLS}, {Port: 2525, Security: settings.STARTTLS}},
	settings.IMAP: {{Port: 993, Security: settings.TLS}, {Port: 143, Security: settings.STARTTLS}},
	settings.POP3: {{Port: 995, Security: settings.TLS}, {Port: 110, Security: settings.STARTTLS}},
}

// alternatives lists what to try after srv failed with f. Plain text is
// never suggested.
func alternatives(srv settings.Server, f *failure) []alternative {
	var out []alternative
	add := func(s settings.Server, rank int) {
		for _, a := range out {
			if a.srv.Host == s.Host && a.srv.Port == s.Port && a.srv.Security == s.Security {
				return
			}
		}
		if s.Host == srv.Host && s.Port == srv.Port && s.Security == srv.Security {
			return
		}
		out = append(out, alternative{srv: s, rank: rank})
	}
	with := func(host string, port int, sec settings.Security) settings.Server {
		s := srv
		s.Host, s.Port, s.Security = host, port, sec
		return s
	}
	if f.Code != TLSCertNameMismatch {
		if !f.Code.connectFailure() {
			// Another TLS mode cannot help where no connection is made.
			for _, sec := range []settings.Security{settings.TLS, settings.STARTTLS} {
				add(with(srv.Host, srv.Port, sec), rankOtherMode)
			}
		}
		for _, p := range standardPorts[srv.Protocol] {
			add(with(srv.Host, p.Port, p.Security), rankOtherPort)
		}
	}
	for _, name := range f.CertNames {
		name = strings.ToLower(strings.TrimSuffix(name, "."))
		if strings.Contains(name, "*") || name == srv.Host || settings.ValidHost(name) != nil {
			continue
		}
		add(with(name, srv.Port, srv.Security), rankCertHost)
	}
	return out
}

// search checks alternatives in parallel, within its context. They are
// checked without the password first: a password tried on every port would
// count as several failed logins, and providers lock accounts for that.
// Only the winner is then logged in to.
type search struct {
	ctx     context.Context
	req     *Request
	nw      *resolve.Network
	alts    []alternative
	done    chan outcome
	results []*bool
	pending int
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

type outcome struct {
	i  int
	ok bool
}

// startSearch begins checking the alternatives to srv after failure f, each
// up to its login.
func startSearch(ctx context.Context, req *Request, srv settings.Server, f *failure, addrs []netip.Addr, nw *resolve.Network) *search {
	ctx, cancel := context.WithCancel(ctx)
	s := &search{ctx: ctx, req: req, nw: nw, alts: alternatives(srv, f), cancel: cancel}
	probe := *req
	probe.Password, probe.SendTest = "", false
	s.done = make(chan outcome, len(s.alts))
	s.results = make([]*bool, len(s.alts))
	s.pending = len(s.alts)
	for i, a := range s.alts {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			ok := a.rank != rankCertHost || sameMachine(ctx, nw, a.srv.Host, addrs)
			if ok {
				ss := newSession(ctx, &probe, a.srv, nw)
				ss.run()
				ok = ss.failure == nil
			}
			s.done <- outcome{i, ok}
		}()
	}
	return s
}

// best waits until the best-ranked working alternative is known, that is
// until it works and every better-ranked one has failed; with a password it
// then logs in there once. It returns nil when none works.
func (s *search) best() *Suggestion {
	for {
		if i := bestFinished(s.alts, s.results); i >= 0 {
			a := s.alts[i].srv
			if s.req.Password != "" {
				ss := newSession(s.ctx, s.req, a, s.nw)
				ss.noSend = true
				ss.run()
				if ss.failure != nil {
					return nil
				}
			}
			return &Suggestion{Host: a.Host, Port: a.Port, Security: a.Security}
		}
		if s.pending == 0 {
			return nil
		}
		o := <-s.done
		s.results[o.i] = &o.ok
		s.pending--
	}
}

// stop cancels what still runs (closing its sockets at once) and waits, so
// nothing of the check outlives it.
func (s *search) stop() {
	s.cancel()
	s.wg.Wait()
}

// bestFinished returns the index of the best working alternative once no
// better-ranked one is still running, or -1.
func bestFinished(alts []alternative, results []*bool) int {
	order := make([]int, len(alts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return alts[a].rank - alts[b].rank })
	for _, i := range order {
		switch {
		case results[i] == nil:
			return -1 // a better one may still work
		case *results[i]:
			return i
		}
	}
	return -1
}

// sameMachine reports whether host resolves to one of addrs: only then is a
// certificate's own name the same server under another name.
func sameMachine(ctx context.Context, nw *resolve.Network, host string, addrs []netip.Addr) bool {
	if nw.Resolver == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, nw.Timeout)
	defer cancel()
	got, _, err := nw.Resolver.LookupIP(ctx, host)
	if err != nil {
		return false
	}
	for _, a := range got {
		if slices.Contains(addrs, a) {
			return true
		}
	}
	return false
}
