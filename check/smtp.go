package check

import (
	"errors"
	"fmt"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
	"github.com/wneessen/go-mail/smtp"
)

// smtpProto checks a submission server (RFC 6409). Our own code reads the
// greeting and, for STARTTLS, the first EHLO and the STARTTLS go-ahead
// (RFC 3207), so they are bounded and the TLS handshake runs on a fresh
// reader; go-mail's SMTP client then does the EHLO after TLS, AUTH
// (RFC 4954) and the test message on the encrypted connection.
type smtpProto struct {
	client   *smtp.Client
	starttls bool   // offered in the plaintext EHLO
	mechs    string // AUTH mechanisms offered after TLS
}

// readSMTPReply reads one reply, all its lines: "250-..." continues,
// "250 ..." ends (RFC 5321 §4.2.1).
func readSMTPReply(s *session) (int, []string, error) {
	var lines []string
	for len(lines) < maxReplyLines {
		line, err := s.readLine()
		if err != nil {
			return 0, lines, err
		}
		lines = append(lines, line)
		if len(line) < 3 || !isDigit(line[0]) || !isDigit(line[1]) || !isDigit(line[2]) ||
			(len(line) > 3 && line[3] != ' ' && line[3] != '-') {
			return 0, lines, errNotProtocol
		}
		if len(line) == 3 || line[3] == ' ' {
			code, _ := strconv.Atoi(line[:3])
			return code, lines, nil
		}
	}
	return 0, lines, errTooMuchData
}

var errNotProtocol = errors.New("not the expected protocol")

func (p *smtpProto) greeting(s *session) (i18n.Message, *failure) {
	code, lines, err := readSMTPReply(s)
	s.greeting = lines
	switch {
	case errors.Is(err, errNotProtocol):
		return i18n.Message{}, notMail(lines)
	case err != nil:
		return i18n.Message{}, readFailure(err)
	case code != 220:
		// 554 "no service here" or 421 "busy" (RFC 5321 §3.1).
		return i18n.Message{}, diagnoseReply(s, replyContext{proto: "smtp", stage: stageGreeting},
			strings.Join(lines, "\n"))
	}
	return i18n.Msg("check.detail.greeting", "text", trimReply(strings.Join(lines, " "))), nil
}

// notMail explains a first line that belongs to no mail protocol we know.
func notMail(lines []string) *failure {
	first := ""
	if len(lines) > 0 {
		first = lines[len(lines)-1]
	}
	f := fail(ServerProtocolError, i18n.Msg("check.detail.not_mail", "bytes", printable(first)))
	f.Reply = trimReply(first)
	return f
}

func (p *smtpProto) startTLS(s *session) (i18n.Message, *failure) {
	if err := s.writeLine("EHLO localhost"); err != nil {
		return i18n.Message{}, readFailure(err)
	}
	code, lines, err := readSMTPReply(s)
	if err != nil {
		return i18n.Message{}, smtpReadFailure(lines, err)
	}
	if code != 250 {
		return i18n.Message{}, diagnoseReply(s, replyContext{proto: "smtp", stage: stageGreeting}, strings.Join(lines, "\n"))
	}
	if !smtpHasExt(lines, "STARTTLS") {
		return i18n.Message{}, fail(StartTLSUnavailable, i18n.Msg("check.detail.no_starttls"))
	}
	if err := s.writeLine("STARTTLS"); err != nil {
		return i18n.Message{}, readFailure(err)
	}
	code, lines, err = readSMTPReply(s)
	if err != nil {
		return i18n.Message{}, smtpReadFailure(lines, err)
	}
	if code != 220 {
		return i18n.Message{}, diagnoseReply(s, replyContext{proto: "smtp", stage: stageStartTLS}, strings.Join(lines, "\n"))
	}
	return i18n.Message{}, nil
}

func smtpReadFailure(lines []string, err error) *failure {
	if errors.Is(err, errNotProtocol) {
		return notMail(lines)
	}
	return readFailure(err)
}

// smtpHasExt reports whether an EHLO reply lists the extension ext.
func smtpHasExt(lines []string, ext string) bool {
	for _, l := range lines[min(1, len(lines)):] {
		if len(l) > 4 {
			kw, _, _ := strings.Cut(strings.TrimSpace(l[4:]), " ")
			if strings.EqualFold(kw, ext) {
				return true
			}
		}
	}
	return false
}

func (p *smtpProto) capabilities(s *session) (i18n.Message, *failure) {
	// Hand the connection to go-mail. Before TLS it replays the greeting we
	// read; after STARTTLS no new greeting comes (RFC 3207 §4.2), so it gets
	// a neutral one and then says EHLO again, the trustworthy one.
	prefix := strings.Join(s.greeting, "\r\n") + "\r\n"
	if s.srv.Security == settings.STARTTLS {
		prefix = "220 mailsetup: TLS is up\r\n"
	}
	c, err := smtp.NewClient(withPrefix(s.tc, []byte(prefix)), s.srv.Host)
	if err != nil {
		return i18n.Message{}, readFailure(err)
	}
	p.client = c
	if err := c.Hello("localhost"); err != nil {
		return i18n.Message{}, p.failure(s, stageGreeting, err)
	}
	p.starttls, _ = c.Extension("STARTTLS")
	ok, mechs := c.Extension("AUTH")
	if ok {
		p.mechs = strings.ToUpper(mechs)
	}
	if p.mechs == "" {
		return i18n.Msg("check.detail.caps_no_auth"), nil
	}
	return i18n.Msg("check.detail.auth_methods", "methods", p.mechs), nil
}

func (p *smtpProto) offersStartTLS() bool { return p.starttls }

// auth logs in with the best mechanism both sides know. PLAIN and LOGIN are
// only ever reached over TLS (or with --allow-plaintext): the session
// checked that, so go-mail's own "is this TLS?" test, which cannot see
// through our connection wrapper, is told the truth explicitly.
func (p *smtpProto) auth(s *session) (i18n.Message, *failure) {
	offered := strings.Fields(p.mechs)
	has := func(m string) bool {
		for _, o := range offered {
			if o == m {
				return true
			}
		}
		return false
	}
	pass := s.req.Password
	var a smtp.Auth
	var name string
	switch {
	case has("PLAIN"):
		a, name = smtp.PlainAuth("", s.user, pass, s.srv.Host, true), "PLAIN"
	case has("LOGIN"):
		a, name = smtp.LoginAuth(s.user, pass, s.srv.Host, true), "LOGIN"
	case has("CRAM-MD5"):
		a, name = smtp.CRAMMD5Auth(s.user, pass), "CRAM-MD5"
	case has("XOAUTH2") || has("OAUTHBEARER"):
		return i18n.Message{}, fail(AuthOAuthRequired, i18n.Msg("check.detail.only_oauth"))
	default:
		return i18n.Message{}, fail(AuthMechanism, i18n.Msg("check.detail.no_common_method", "methods", orNone(p.mechs)))
	}
	if err := p.client.Auth(a); err != nil {
		return i18n.Message{}, p.failure(s, stageAuth, err)
	}
	return i18n.Msg("check.detail.logged_in", "method", name), nil
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// failure explains an error from go-mail at a stage.
func (p *smtpProto) failure(s *session, st stage, err error) *failure {
	var te *textproto.Error
	if errors.As(err, &te) {
		return diagnoseReply(s, replyContext{proto: "smtp", stage: st}, smtpReplyText(te))
	}
	if st == stageAuth && isClosed(err) {
		// Some servers hang up on a bad password instead of answering.
		return fail(AuthFailed, i18n.Msg("check.detail.closed_after_login"))
	}
	return readFailure(err)
}

// smtpReplyText rebuilds the reply as the server sent it: go-mail keeps the
// code once and joins the lines' texts with newlines.
func smtpReplyText(te *textproto.Error) string {
	lines := strings.Split(te.Msg, "\n")
	for i, l := range lines {
		lines[i] = fmt.Sprintf("%03d %s", te.Code, l)
	}
	return strings.Join(lines, "\n")
}

func (p *smtpProto) send(s *session) (i18n.Message, *failure) {
	return sendTest(s, p)
}

func (p *smtpProto) close(s *session, polite bool) {
	if p.client != nil && polite {
		_ = p.client.Quit()
	}
}
