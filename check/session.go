package check

import (
	"bufio"
	"context"
	"net"
	"net/netip"
	"strconv"
	"strings"
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
	// onSlowConnect, if set, is called (once, from a timer's goroutine)
	// when connecting takes longer than slowConnect; the function it
	// returns is called if the connection is then made after all.
	onSlowConnect func() (stop func())

	steps    []Step
	failure  *failure
	failStep StepName
	warnings []i18n.Message

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
	if fl != nil && time.Now().After(start.Add(s.timeout)) && (fl.Code == ServerProtocolError || fl.Code == ServerUnavailable) {
		// The step's deadline ended it; libraries (go-imap) do not always
		// keep the timeout in the error they return.
		fl = fail(ServerTimeout, i18n.Msg("check.detail.no_reply"))
	}
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

// auth refuses to send a password in the clear unless allowed, then logs in.
func (s *session) auth() (i18n.Message, *failure) {
	if strings.ContainsAny(s.user, "\r\n\x00") || strings.ContainsAny(s.req.Password, "\r\n\x00") {
		// A line break would end our command and start another one on the
		// server (POP3 "USER", SMTP "AUTH"): never send such a thing.
		return i18n.Message{}, fail(AuthFailed, i18n.Msg("check.detail.bad_characters"))
	}
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
