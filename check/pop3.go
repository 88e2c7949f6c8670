package check

import (
	"encoding/base64"
	"errors"
	"strings"

	"github.com/mailsetup/mailsetup/i18n"
)

// pop3Proto is a small POP3 client of our own, enough to log in: no POP3
// module is available, and the known ones lack STLS, CAPA and SASL. Every
// reply is one status line ("+OK" or "-ERR", RFC 1939 §3) or, for CAPA, a
// dot-terminated list (RFC 2449 §5); lines are bounded by textConn, which is
// why it does not read through net/textproto: textproto.Reader.ReadLine has
// no length limit, so a flooding server could exhaust memory.
type pop3Proto struct {
	caps     []string // CAPA lines, upper case
	starttls bool     // STLS offered before TLS
}

// status reads one status line and reports whether it is positive.
func (p *pop3Proto) status(s *session) (string, bool, error) {
	line, err := s.readLine()
	if err != nil {
		return "", false, err
	}
	switch {
	case strings.HasPrefix(line, "+OK"):
		return line, true, nil
	case strings.HasPrefix(line, "-ERR"):
		return line, false, nil
	}
	return line, false, errNotProtocol
}

func (p *pop3Proto) greeting(s *session) (i18n.Message, *failure) {
	line, ok, err := p.status(s)
	s.greeting = []string{line}
	switch {
	case errors.Is(err, errNotProtocol):
		return i18n.Message{}, notMail([]string{line})
	case err != nil:
		return i18n.Message{}, readFailure(err)
	case !ok:
		return i18n.Message{}, diagnoseReply(s, replyContext{proto: "pop3", stage: stageGreeting}, line)
	}
	return i18n.Msg("check.detail.greeting", "text", trimReply(line)), nil
}

// capa asks for the capabilities (RFC 2449 §5). A server without CAPA
// answers -ERR: it then offers only the RFC 1939 basics.
func (p *pop3Proto) capa(s *session) *failure {
	p.caps = nil
	if err := s.writeLine("CAPA"); err != nil {
		return readFailure(err)
	}
	line, ok, err := p.status(s)
	if err != nil {
		return pop3ReadFailure(line, err)
	}
	if !ok {
		return nil
	}
	for {
		line, err := s.readLine()
		if err != nil {
			return readFailure(err)
		}
		if line == "." {
			return nil
		}
		if len(p.caps) >= maxReplyLines {
			return readFailure(errTooMuchData)
		}
		p.caps = append(p.caps, strings.ToUpper(strings.TrimSpace(line)))
	}
}

func pop3ReadFailure(line string, err error) *failure {
	if errors.Is(err, errNotProtocol) {
		return notMail([]string{line})
	}
	return readFailure(err)
}

func (p *pop3Proto) has(capability string) bool {
	for _, c := range p.caps {
		if c == capability || strings.HasPrefix(c, capability+" ") {
			return true
		}
	}
	return false
}

// saslMechs lists the mechanisms of the SASL capability (RFC 2449 §6.3).
func (p *pop3Proto) saslMechs() []string {
	for _, c := range p.caps {
		if rest, ok := strings.CutPrefix(c, "SASL "); ok {
			return strings.Fields(rest)
		}
	}
	return nil
}

// startTLS: STLS must be listed by CAPA (RFC 2595 §4), then asked for.
func (p *pop3Proto) startTLS(s *session) (i18n.Message, *failure) {
	if fl := p.capa(s); fl != nil {
		return i18n.Message{}, fl
	}
	p.starttls = p.has("STLS")
	if !p.starttls {
		return i18n.Message{}, fail(StartTLSUnavailable, i18n.Msg("check.detail.no_starttls"))
	}
	if err := s.writeLine("STLS"); err != nil {
		return i18n.Message{}, readFailure(err)
	}
	line, ok, err := p.status(s)
	if err != nil {
		return i18n.Message{}, pop3ReadFailure(line, err)
	}
	if !ok {
		return i18n.Message{}, diagnoseReply(s, replyContext{proto: "pop3", stage: stageStartTLS}, line)
	}
	return i18n.Message{}, nil
}

func (p *pop3Proto) capabilities(s *session) (i18n.Message, *failure) {
	if fl := p.capa(s); fl != nil {
		return i18n.Message{}, fl
	}
	if !s.encrypted {
		p.starttls = p.has("STLS")
	}
	methods := p.saslMechs()
	if p.has("USER") || len(p.caps) == 0 {
		methods = append([]string{"USER"}, methods...)
	}
	return i18n.Msg("check.detail.auth_methods", "methods", orNone(strings.Join(methods, " "))), nil
}

func (p *pop3Proto) offersStartTLS() bool { return p.starttls }

// auth logs in with AUTH PLAIN and an initial response (RFC 5034 §4) when
// offered, else with USER and PASS (RFC 1939 §7).
func (p *pop3Proto) auth(s *session) (i18n.Message, *failure) {
	plain := false
	for _, m := range p.saslMechs() {
		plain = plain || m == "PLAIN"
	}
	if plain {
		ir := base64.StdEncoding.EncodeToString([]byte("\x00" + s.user + "\x00" + s.req.Password))
		if err := s.writeLine("AUTH PLAIN " + ir); err != nil {
			return i18n.Message{}, readFailure(err)
		}
		line, ok, err := p.status(s)
		if err != nil && strings.HasPrefix(line, "+ ") {
			// A challenge although we gave everything: cancel (RFC 5034 §4).
			_ = s.writeLine("*")
			line, ok, err = p.status(s)
		}
		if fl := p.authResult(s, line, ok, err); fl != nil {
			return i18n.Message{}, fl
		}
		return i18n.Msg("check.detail.logged_in", "method", "AUTH PLAIN"), nil
	}
	if len(p.caps) > 0 && !p.has("USER") {
		return i18n.Message{}, fail(AuthMechanism, i18n.Msg("check.detail.no_common_method", "methods", orNone(strings.Join(p.saslMechs(), " "))))
	}
	if err := s.writeLine("USER " + s.user); err != nil {
		return i18n.Message{}, readFailure(err)
	}
	line, ok, err := p.status(s)
	if err != nil || !ok {
		if fl := p.authResult(s, line, ok, err); fl != nil {
			return i18n.Message{}, fl
		}
	}
	if err := s.writeLine("PASS " + s.req.Password); err != nil {
		return i18n.Message{}, readFailure(err)
	}
	line, ok, err = p.status(s)
	if fl := p.authResult(s, line, ok, err); fl != nil {
		return i18n.Message{}, fl
	}
	return i18n.Msg("check.detail.logged_in", "method", "USER/PASS"), nil
}

func (p *pop3Proto) authResult(s *session, line string, ok bool, err error) *failure {
	switch {
	case err != nil && isClosed(err):
		// Some servers (AOL) hang up on a bad password (providers.md §6.3 P9).
		return fail(AuthFailed, i18n.Msg("check.detail.closed_after_login"))
	case err != nil:
		return pop3ReadFailure(line, err)
	case !ok:
		return diagnoseReply(s, replyContext{proto: "pop3", stage: stageAuth}, line)
	}
	return nil
}

func (p *pop3Proto) send(*session) (i18n.Message, *failure) { return i18n.Message{}, nil }

func (p *pop3Proto) close(s *session, polite bool) {
	if polite {
		if s.writeLine("QUIT") == nil {
			_, _, _ = p.status(s)
		}
	}
}
