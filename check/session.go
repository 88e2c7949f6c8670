package check

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/resolve"
	"github.com/mailsetup/mailsetup/settings"
)

// session checks one server: it runs the steps in order, times each, and
// stops at the first failure. One session owns one TCP connection (plus a
// short-lived probe connection when a greeting is late).
type session struct {
	ctx     context.Context
	req     *Request
	srv     settings.Server
	user    string
	nw      *resolve.Network
	timeout time.Duration
	// emit receives each finished step; may be nil.
	emit func(Step)
	// noSend skips the send step (alternatives are only logged in to).
	noSend bool
	// onSlowConnect, if set, is called (once, from the connect step's
	// goroutine) when connecting takes longer than slowConnect.
	onSlowConnect func()

	steps    []Step
	failure  *failure
	failStep StepName

	addrs     []netip.Addr
	raw       net.Conn      // the TCP connection; every deadline is set here
	tc        *textConn     // the plaintext layer (raw or TLS over raw)
	br        *bufio.Reader // our own reads on tc
	encrypted bool
	// greeting is what the server said first, for replay and for rules that
	// depend on who is speaking (Microsoft Exchange).
	greeting []string
	proto    protocol
	stop     func() bool // ends the cancellation hook
}

// protocol is the part of a check that differs between SMTP, IMAP and POP3.
// Each method runs one step on s and returns its detail or its failure.
type protocol interface {
	// greeting reads and judges the server's first reply.
	greeting(s *session) (i18n.Message, *failure)
	// startTLS asks for the upgrade (after learning that it is offered);
	// the session does the handshake.
	startTLS(s *session) (i18n.Message, *failure)
	// capabilities asks what the server offers (after TLS, if any).
	capabilities(s *session) (i18n.Message, *failure)
	// offersStartTLS reports whether the plaintext capabilities listed it.
	offersStartTLS() bool
	auth(s *session) (i18n.Message, *failure)
	send(s *session) (i18n.Message, *failure)
	// close says goodbye when polite (the conversation is in order) and
	// releases the protocol's resources; the session closes the socket.
	close(s *session, polite bool)
}

func newSession(ctx context.Context, req *Request, srv settings.Server, nw *resolve.Network) *session {
	s := &session{ctx: ctx, req: req, srv: srv, nw: nw, timeout: nw.Timeout}
	if s.timeout <= 0 {
		s.timeout = 10 * time.Second
	}
	s.user = req.Username
	if s.user == "" {
		s.user = srv.Username
	}
	if s.user == "" {
		s.user = req.Email.String()
	}
	switch srv.Protocol {
	case settings.SMTP:
		s.proto = &smtpProto{}
	case settings.IMAP:
		s.proto = &imapProto{}
	default:
		s.proto = &pop3Proto{}
	}
	return s
}

// stepCount is the number of steps a check of srv can have, for its time
// budget: (steps + 2) × timeout (spec/cli.md).
func stepCount(srv settings.Server, sendTest bool) int {
	n := 6 // resolve, connect, tls|starttls, greeting, capabilities, auth
	if srv.Security == settings.None {
		n = 5
	}
	if sendTest && srv.Protocol == settings.SMTP {
		n++
	}
	return n
}

// run checks the server; the outcome is in s.steps and s.failure.
func (s *session) run() {
	defer s.close()
	if !s.step(StepResolve, s.resolve) || !s.step(StepConnect, s.connect) {
		return
	}
	switch s.srv.Security {
	case settings.TLS:
		if !s.step(StepTLS, s.handshake) || !s.step(StepGreeting, s.greet) {
			return
		}
	case settings.STARTTLS:
		if !s.step(StepGreeting, s.greet) || !s.step(StepStartTLS, s.startTLS) {
			return
		}
	default:
		if !s.step(StepGreeting, s.greet) {
			return
		}
	}
	if !s.step(StepCapabilities, func() (i18n.Message, *failure) { return s.proto.capabilities(s) }) {
		return
	}
	if s.req.Password == "" {
		s.record(Step{Name: StepAuth, OK: true, Skipped: true})
		return
	}
	if !s.step(StepAuth, s.auth) {
		return
	}
	if s.req.SendTest && !s.noSend && s.srv.Protocol == settings.SMTP {
		s.step(StepSend, func() (i18n.Message, *failure) { return s.proto.send(s) })
	}
}

// step runs one step under a fresh deadline of one timeout and records it.
func (s *session) step(name StepName, f func() (i18n.Message, *failure)) bool {
	start := time.Now()
	if s.raw != nil {
		_ = s.raw.SetDeadline(start.Add(s.timeout))
	}
	detail, fl := f()
	if fl != nil && s.ctx.Err() != nil {
		// The whole check ran out of time: say so at the step it reached.
		switch name {
		case StepResolve:
			fl = fail(DNSTimeout, i18n.Msg("check.detail.no_reply"))
		case StepConnect:
			fl = fail(NetTimeout, i18n.Msg("check.detail.no_reply"))
		default:
			if fl.Code == ServerUnavailable {
				fl = fail(ServerTimeout, i18n.Msg("check.detail.no_reply"))
			}
		}
	}
	st := Step{Name: name, OK: fl == nil, MS: time.Since(start).Milliseconds(), Detail: detail}
	if fl != nil {
		st.Detail = fl.Detail
		s.failure, s.failStep = fl, name
	}
	s.record(st)
	return fl == nil
}

func (s *session) record(st Step) {
	s.steps = append(s.steps, st)
	if s.emit != nil {
		s.emit(st)
	}
}

func (s *session) close() {
	if s.raw != nil {
		// Say goodbye only when the conversation is in order, briefly.
		_ = s.raw.SetDeadline(time.Now().Add(min(s.timeout, 2*time.Second)))
		s.proto.close(s, s.failure == nil && s.ctx.Err() == nil)
	}
	if s.raw != nil {
		s.raw.Close()
	}
	if s.stop != nil {
		s.stop()
	}
}

func (s *session) resolve() (i18n.Message, *failure) {
	if ip, err := netip.ParseAddr(s.srv.Host); err == nil {
		s.addrs = []netip.Addr{ip}
		return i18n.Msg("check.detail.addresses", "addresses", ip.String()), nil
	}
	if s.nw.Resolver == nil {
		return i18n.Message{}, fail(DNSTimeout, i18n.Msg("check.detail.no_resolver"))
	}
	ctx, cancel := context.WithTimeout(s.ctx, s.timeout)
	defer cancel()
	addrs, _, err := s.nw.Resolver.LookupIP(ctx, s.srv.Host)
	if err == nil && len(addrs) == 0 {
		err = &net.DNSError{Err: "no addresses", Name: s.srv.Host, IsNotFound: true}
	}
	if err != nil {
		if resolve.IsNotFound(err) && !s.canResolve(ctx) {
			// Nothing resolves at all: the computer is offline (or its DNS
			// lies), not the name misspelt (providers.md §7).
			return i18n.Message{}, fail(DNSTimeout, i18n.Msg("check.detail.no_internet"))
		}
		return i18n.Message{}, dnsFailure(s.srv.Host, err)
	}
	s.addrs = addrs
	list := make([]string, 0, len(addrs))
	for _, a := range addrs {
		list = append(list, a.String())
	}
	return i18n.Msg("check.detail.addresses", "addresses", strings.Join(limitNames(list), ", ")), nil
}

// dnsCanary is a name that exists as long as DNS works (RFC 2606 §3).
const dnsCanary = "example.com"

// canResolve reports whether DNS answers for a name that surely exists.
func (s *session) canResolve(ctx context.Context) bool {
	_, _, err := s.nw.Resolver.LookupIP(ctx, dnsCanary)
	return err == nil
}

// slowConnect is how long a connection attempt may take before the other
// ports are tried alongside: long enough for any reachable server, short
// enough that their answer is in before the attempt times out.
func (s *session) slowConnect() time.Duration {
	return min(s.timeout/5, 400*time.Millisecond)
}

func (s *session) connect() (i18n.Message, *failure) {
	ctx, cancel := context.WithTimeout(s.ctx, s.timeout)
	defer cancel()
	if s.onSlowConnect != nil {
		var fired sync.WaitGroup
		fired.Add(1)
		timer := time.AfterFunc(s.slowConnect(), func() {
			defer fired.Done()
			s.onSlowConnect()
		})
		defer func() {
			if timer.Stop() {
				fired.Done() // it will never run
			}
			fired.Wait() // the step ends only once the callback has
		}()
	}
	c, err := dialAddrs(ctx, s.nw, s.addrs, s.srv.Port)
	if err != nil {
		return i18n.Message{}, connectFailure(err)
	}
	s.raw = c
	// A cancelled check (the Cancel button, the whole-check budget) closes
	// the socket at once, which unblocks any read in progress.
	s.stop = context.AfterFunc(s.ctx, func() { c.Close() })
	_ = c.SetDeadline(time.Now().Add(s.timeout))
	s.tc = newTextConn(c)
	s.br = bufio.NewReader(s.tc)
	return i18n.Msg("check.detail.connected", "address", c.RemoteAddr().String()), nil
}

// addrDialer is resolve.NetDialer's way to connect to addresses already
// resolved, so the resolve step is not done twice.
type addrDialer interface {
	DialAddrs(ctx context.Context, network string, addrs []netip.Addr, port int) (net.Conn, error)
}

func dialAddrs(ctx context.Context, nw *resolve.Network, addrs []netip.Addr, port int) (net.Conn, error) {
	if d, ok := nw.Dialer.(addrDialer); ok {
		return d.DialAddrs(ctx, "tcp", addrs, port)
	}
	d := nw.Dialer
	if d == nil {
		d = &resolve.NetDialer{Resolver: nw.Resolver, Timeout: nw.Timeout}
	}
	var first error
	for _, a := range addrs {
		c, err := d.DialContext(ctx, "tcp", netip.AddrPortFrom(a.Unmap(), uint16(port)).String())
		if err == nil {
			return c, nil
		}
		if first == nil {
			first = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	if first == nil {
		first = errors.New("no address to connect to")
	}
	return nil, first
}

func (s *session) tlsConfig() *tls.Config {
	return &tls.Config{ServerName: s.srv.Host, RootCAs: s.nw.RootCAs, MinVersion: tls.VersionTLS12}
}

// handshake is the tls step of implicit TLS (RFC 8314 §3).
func (s *session) handshake() (i18n.Message, *failure) {
	return s.upgrade()
}

// upgrade runs a TLS handshake on the TCP connection and makes the TLS
// connection the plaintext layer. Whatever the server sent in plain text
// and we had not read yet is thrown away with the old reader: after
// STARTTLS nothing from before the handshake may be believed (RFC 3207 §4.2,
// RFC 2595 §3.1; "STARTTLS injection").
func (s *session) upgrade() (i18n.Message, *failure) {
	ctx, cancel := context.WithTimeout(s.ctx, s.timeout)
	defer cancel()
	tc := tls.Client(s.raw, s.tlsConfig())
	if err := tc.HandshakeContext(ctx); err != nil {
		return i18n.Message{}, tlsFailure(s.srv.Host, err)
	}
	s.tc = newTextConn(tc)
	s.br = bufio.NewReader(s.tc)
	s.encrypted = true
	st := tc.ConnectionState()
	return i18n.Msg("check.detail.tls", "version", tls.VersionName(st.Version),
		"issuer", issuerName(st.PeerCertificates[0])), nil
}

// greet waits for the server's first words, then lets the protocol judge them.
func (s *session) greet() (i18n.Message, *failure) {
	if fl := s.awaitFirstBytes(); fl != nil {
		return i18n.Message{}, fl
	}
	first, _ := s.br.Peek(5)
	switch {
	case looksLikeTLS(first):
		return i18n.Message{}, fail(TLSWrongModeTLS, i18n.Msg("check.detail.tls_on_plain"))
	case !s.encrypted && (strings.HasPrefix(string(first), "HTTP/") || strings.HasPrefix(string(first), "SSH-")):
		return i18n.Message{}, fail(ServerProtocolError, i18n.Msg("check.detail.not_mail", "bytes", printable(string(first))))
	}
	return s.proto.greeting(s)
}

// awaitFirstBytes waits for the greeting. On a connection without TLS a
// server that stays quiet may be waiting for a TLS hello (an implicit-TLS
// port set up as STARTTLS or plain): after a short quiet spell we ask that
// question on a second connection, and answer tls.wrong_mode_tls as soon as
// the port speaks TLS instead of waiting out the timeout (providers.md §7).
func (s *session) awaitFirstBytes() *failure {
	deadline := time.Now().Add(s.timeout)
	if s.encrypted {
		if _, err := s.br.Peek(1); err != nil {
			return readFailure(err)
		}
		return nil
	}
	quiet := min(max(s.timeout/5, 200*time.Millisecond), 1500*time.Millisecond)
	_ = s.raw.SetReadDeadline(time.Now().Add(quiet))
	_, err := s.br.Peek(1)
	if err == nil {
		return nil
	}
	if !isTimeout(err) || s.ctx.Err() != nil {
		return readFailure(err)
	}
	_ = s.raw.SetReadDeadline(deadline)
	ctx, cancel := context.WithDeadline(s.ctx, deadline)
	verdict := make(chan *failure, 1)
	go func() {
		v := s.probeSpeaker(ctx)
		if v != nil {
			_ = s.raw.SetReadDeadline(time.Now()) // interrupt the wait below
		}
		verdict <- v
	}()
	_, err = s.br.Peek(1)
	cancel()
	v := <-verdict
	switch {
	case err == nil:
		return nil
	case v != nil:
		return v
	}
	return readFailure(err)
}

// probeSpeaker opens a second connection to the same address and sends a
// TLS hello. A TLS answer (even with a certificate we would refuse) means
// the port wants implicit TLS; an HTTP or SSH answer means it is no mail
// port at all. Anything else gives no verdict.
func (s *session) probeSpeaker(ctx context.Context) *failure {
	ap, err := netip.ParseAddrPort(s.raw.RemoteAddr().String())
	if err != nil {
		return nil
	}
	c, err := dialAddrs(ctx, s.nw, []netip.Addr{ap.Addr()}, int(ap.Port()))
	if err != nil {
		return nil
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if d, ok := ctx.Deadline(); ok {
		_ = c.SetDeadline(d)
	}
	tc := tls.Client(c, s.tlsConfig())
	err = tc.HandshakeContext(ctx)
	var rh tls.RecordHeaderError
	switch {
	case err == nil:
		tc.Close()
	case errors.As(err, &rh):
		if f := plainSpeaker(rh.RecordHeader[:]); f.Code == ServerProtocolError {
			return f
		}
		return nil
	case isTimeout(err), isClosed(err), ctx.Err() != nil:
		return nil
	}
	return fail(TLSWrongModeTLS, i18n.Msg("check.detail.tls_on_plain"))
}

// startTLS is the starttls step: is it offered, the command, the handshake.
func (s *session) startTLS() (i18n.Message, *failure) {
	if _, fl := s.proto.startTLS(s); fl != nil {
		return i18n.Message{}, fl
	}
	return s.upgrade()
}

// auth refuses to send a password in the clear unless allowed, then logs in.
func (s *session) auth() (i18n.Message, *failure) {
	if !s.encrypted && !s.req.AllowPlaintext {
		if s.proto.offersStartTLS() {
			return i18n.Message{}, fail(AuthMechanism, i18n.Msg("check.detail.password_not_sent_starttls"))
		}
		return i18n.Message{}, fail(StartTLSUnavailable, i18n.Msg("check.detail.password_not_sent"))
	}
	return s.proto.auth(s)
}

// readLine reads one reply line of our own protocol code, without CRLF.
// textConn bounds its length.
func (s *session) readLine() (string, error) {
	line, err := s.br.ReadString('\n')
	if err != nil {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// writeLine sends one command line.
func (s *session) writeLine(line string) error {
	_, err := s.tc.Write([]byte(line + "\r\n"))
	return err
}

func portText(p int) string { return strconv.Itoa(p) }
