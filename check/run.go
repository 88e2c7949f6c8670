package check

import (
	"context"
	"encoding/base64"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/resolve"
	"github.com/mailsetup/mailsetup/settings"
)

// Options are how a check reaches the network and reports progress.
type Options struct {
	// Network gives the resolver, the dialer, the trusted roots and the
	// limit for one network operation.
	Network *resolve.Network
	// OnEvent, if set, receives every finished step and every finished
	// server, one call at a time, while the check runs (the GUI's progress
	// lines). It must not block for long.
	OnEvent func(Event)
}

// Run checks every server of req concurrently and returns when all are
// done, within (steps + 2) × timeout each, or soon after ctx is cancelled.
func Run(ctx context.Context, req Request, opts Options) *Report {
	var nw resolve.Network
	if opts.Network != nil {
		nw = *opts.Network
	}
	if nw.Timeout <= 0 {
		nw.Timeout = 10 * time.Second
	}
	var emitMu sync.Mutex
	emit := func(e Event) {
		if opts.OnEvent == nil {
			return
		}
		emitMu.Lock()
		defer emitMu.Unlock()
		opts.OnEvent(e)
	}
	results := make([]Result, len(req.Servers))
	var wg sync.WaitGroup
	for i, srv := range req.Servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = checkServer(ctx, &req, srv, &nw, func(st Step) {
				st = redactStep(st, &req)
				emit(Event{Index: i, Server: srv, Step: &st})
			})
			r := results[i]
			emit(Event{Index: i, Server: srv, Done: true, Result: &r})
		}()
	}
	wg.Wait()
	rep := &Report{Email: req.Email, OK: len(results) > 0, Results: results}
	for _, r := range results {
		rep.OK = rep.OK && r.OK
	}
	return rep
}

// checkServer runs one server's check, then, if it failed in a way another
// port or mode could fix, looks for one that works.
func checkServer(ctx context.Context, req *Request, srv settings.Server, nw *resolve.Network, emit func(Step)) Result {
	if strings.IndexFunc(srv.Host, func(r rune) bool { return r > unicode.MaxASCII }) >= 0 {
		// DNS, the TLS server name and certificates know an
		// internationalised host only by its A-labels (RFC 5890 §2.3.2.1);
		// one typed in the app may be in Unicode.
		if _, ascii, err := settings.NormaliseDomain(srv.Host); err == nil {
			srv.Host = ascii
		}
	}
	budget := time.Duration(stepCount(srv, req.SendTest)+2) * nw.Timeout
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	s := newSession(ctx, req, srv, nw)
	s.emit = emit
	// A connection attempt that hangs is often a firewall dropping the
	// port: start trying the other ports while it still hangs, so their
	// answer is there when it gives up (its verdict must come within about
	// one timeout, spec/cli.md).
	var early *search
	if !req.NoFallback {
		s.onSlowConnect = func() func() {
			early = startSearch(ctx, req, srv, fail(NetTimeout, i18n.Message{}), nil, nw)
			return func() {
				early.stop()
				early = nil
			}
		}
	}
	s.run()
	res := Result{Server: srv, Role: RoleOf(srv), OK: s.failure == nil, Warnings: s.warnings}
	for _, st := range s.steps {
		res.Steps = append(res.Steps, redactStep(st, req))
	}
	if s.failure == nil {
		return res
	}
	var sug *Suggestion
	switch {
	case early != nil:
		sug = early.best()
		early.stop()
	case !req.NoFallback && s.failure.Code.worthAlternatives() && ctx.Err() == nil:
		search := startSearch(ctx, req, srv, s.failure, s.addrs, nw)
		sug = search.best()
		search.stop()
	}
	d := buildDiagnosis(req, srv, s.failure, sug)
	d.ServerReply = redact(d.ServerReply, req)
	d.Alert = redact(d.Alert, req)
	res.Diagnosis = d
	return res
}

// secrets lists the forms in which a password could come back from a
// server that echoes what it got: as typed, and base64-encoded alone
// (AUTH LOGIN) or in a PLAIN response.
func secrets(req *Request) []string {
	p := req.Password
	if p == "" {
		return nil
	}
	enc := base64.StdEncoding.EncodeToString
	out := []string{p, enc([]byte(p))}
	if q := imapQuoted.Replace(p); q != p {
		// As IMAP LOGIN sent it, inside a quoted string (RFC 3501 §4.3).
		out = append(out, q)
	}
	users := []string{req.Username, req.Email.String()}
	for _, srv := range req.Servers {
		users = append(users, srv.Username)
	}
	for _, u := range users {
		out = append(out, enc([]byte("\x00"+u+"\x00"+p)))
	}
	return out
}

var imapQuoted = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// redact removes every form of the password from a text meant for people.
// A very short password is removed where it stands as a word of its own:
// removing every "x" from a reply would make it unreadable and hide nothing.
func redact(s string, req *Request) string {
	for _, sec := range secrets(req) {
		switch {
		case sec == "" || !strings.Contains(s, sec):
		case len(sec) >= 4:
			s = strings.ReplaceAll(s, sec, "•••")
		default:
			re := regexp.MustCompile(`(^|[^\pL\pN])` + regexp.QuoteMeta(sec) + `($|[^\pL\pN])`)
			for re.MatchString(s) {
				s = re.ReplaceAllString(s, "${1}•••${2}")
			}
		}
	}
	return s
}

func redactStep(st Step, req *Request) Step {
	if req.Password == "" || len(st.Detail.Args) == 0 {
		return st
	}
	args := append([]string(nil), st.Detail.Args...)
	for i := 1; i < len(args); i += 2 {
		args[i] = redact(args[i], req)
	}
	st.Detail = i18n.Msg(st.Detail.Key, args...)
	return st
}
