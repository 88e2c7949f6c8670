package check

import (
	"errors"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// imapProto checks an IMAP server (RFC 3501, RFC 9051). Our own code reads
// the greeting and, for STARTTLS, the plaintext CAPABILITY and the STARTTLS
// go-ahead (RFC 3501 §6.2.1); go-imap's client does CAPABILITY after TLS
// and the login on the encrypted connection.
type imapProto struct {
	client   *imapclient.Client
	caps     imap.CapSet
	starttls bool // offered before TLS
}

func (p *imapProto) greeting(s *session) (i18n.Message, *failure) {
	line, err := s.readLine()
	if err != nil {
		return i18n.Message{}, readFailure(err)
	}
	s.greeting = []string{line}
	upper := strings.ToUpper(line)
	switch {
	case strings.HasPrefix(upper, "* OK"), strings.HasPrefix(upper, "* PREAUTH"):
		return i18n.Msg("check.detail.greeting", "text", trimReply(line)), nil
	case strings.HasPrefix(upper, "* BYE"):
		return i18n.Message{}, diagnoseReply(s, replyContext{proto: "imap", stage: stageGreeting}, line)
	}
	return i18n.Message{}, notMail([]string{line})
}

// command sends one tagged command of our own and reads up to its tagged
// reply, returning the untagged lines and the tagged one.
func (p *imapProto) command(s *session, tag, cmd string) ([]string, string, error) {
	if err := s.writeLine(tag + " " + cmd); err != nil {
		return nil, "", err
	}
	var untagged []string
	for len(untagged) < maxReplyLines {
		line, err := s.readLine()
		if err != nil {
			return untagged, "", err
		}
		if rest, ok := strings.CutPrefix(line, tag+" "); ok {
			return untagged, rest, nil
		}
		if !strings.HasPrefix(line, "* ") {
			return untagged, "", errNotProtocol
		}
		untagged = append(untagged, line)
	}
	return untagged, "", errTooMuchData
}

func (p *imapProto) startTLS(s *session) (i18n.Message, *failure) {
	untagged, status, err := p.command(s, "a1", "CAPABILITY")
	if err != nil {
		return i18n.Message{}, imapReadFailure(untagged, err)
	}
	if !strings.HasPrefix(strings.ToUpper(status), "OK") {
		return i18n.Message{}, diagnoseReply(s, replyContext{proto: "imap", stage: stageCaps}, status)
	}
	for _, l := range untagged {
		if strings.HasPrefix(strings.ToUpper(l), "* CAPABILITY ") {
			for _, c := range strings.Fields(l[len("* CAPABILITY "):]) {
				if strings.EqualFold(c, "STARTTLS") {
					p.starttls = true
				}
			}
		}
	}
	if !p.starttls {
		return i18n.Message{}, fail(StartTLSUnavailable, i18n.Msg("check.detail.no_starttls"))
	}
	untagged, status, err = p.command(s, "a2", "STARTTLS")
	if err != nil {
		return i18n.Message{}, imapReadFailure(untagged, err)
	}
	if !strings.HasPrefix(strings.ToUpper(status), "OK") {
		return i18n.Message{}, diagnoseReply(s, replyContext{proto: "imap", stage: stageStartTLS}, status)
	}
	return i18n.Message{}, nil
}

func imapReadFailure(lines []string, err error) *failure {
	if errors.Is(err, errNotProtocol) {
		return notMail(lines)
	}
	return readFailure(err)
}

func (p *imapProto) capabilities(s *session) (i18n.Message, *failure) {
	// go-imap reads a greeting first: replay the one we read, or after
	// STARTTLS (where none comes, RFC 3501 §6.2.1) a neutral one, so the
	// capabilities it asks for are the ones after TLS.
	prefix := strings.Join(s.greeting, "\r\n") + "\r\n"
	if s.srv.Security == settings.STARTTLS {
		prefix = "* OK mailsetup: TLS is up\r\n"
	}
	p.client = imapclient.New(withPrefix(s.tc, []byte(prefix)), &imapclient.Options{})
	if err := p.client.WaitGreeting(); err != nil {
		return i18n.Message{}, p.failure(s, stageGreeting, err)
	}
	caps, err := p.client.Capability().Wait()
	if err != nil {
		return i18n.Message{}, p.failure(s, stageCaps, err)
	}
	p.caps = caps
	if !s.encrypted {
		p.starttls = caps.Has(imap.CapStartTLS)
	}
	mechs := caps.AuthMechanisms()
	if !caps.Has(imap.CapLoginDisabled) {
		mechs = append([]string{"LOGIN"}, mechs...)
	}
	return i18n.Msg("check.detail.auth_methods", "methods", orNone(strings.Join(mechs, " "))), nil
}

func (p *imapProto) offersStartTLS() bool { return p.starttls }

// auth logs in with AUTHENTICATE PLAIN (RFC 4616) where offered, else with
// LOGIN, which LOGINDISABLED forbids (RFC 3501 §6.2.3).
func (p *imapProto) auth(s *session) (i18n.Message, *failure) {
	if p.client.State() == imap.ConnStateAuthenticated {
		return i18n.Msg("check.detail.preauth"), nil
	}
	var err error
	method := "LOGIN"
	switch {
	case p.caps.Has(imap.Cap("AUTH=PLAIN")):
		method = "AUTHENTICATE PLAIN"
		err = p.client.Authenticate(sasl.NewPlainClient("", s.user, s.req.Password))
	case p.caps.Has(imap.CapLoginDisabled):
		if !s.encrypted && p.starttls {
			return i18n.Message{}, fail(AuthMechanism, i18n.Msg("check.detail.login_disabled"))
		}
		if !s.encrypted {
			return i18n.Message{}, fail(StartTLSUnavailable, i18n.Msg("check.detail.login_disabled"))
		}
		return i18n.Message{}, fail(AuthMechanism, i18n.Msg("check.detail.no_common_method", "methods", orNone(strings.Join(p.caps.AuthMechanisms(), " "))))
	default:
		err = p.client.Login(s.user, s.req.Password).Wait()
	}
	if err != nil {
		return i18n.Message{}, p.failure(s, stageAuth, err)
	}
	return i18n.Msg("check.detail.logged_in", "method", method), nil
}

// failure explains an error from go-imap with the lines the server sent
// since our last command: the tagged status and any untagged [ALERT].
func (p *imapProto) failure(s *session, st stage, err error) *failure {
	var ie *imap.Error
	if !errors.As(err, &ie) {
		if st == stageAuth && (isClosed(err) || strings.Contains(err.Error(), "connection closed")) {
			return fail(AuthFailed, i18n.Msg("check.detail.closed_after_login"))
		}
		return readFailure(err)
	}
	var lines []string
	for _, l := range s.tc.log.Lines() {
		if !strings.HasPrefix(l, "* ") && !strings.HasPrefix(l, "+") {
			// Drop our own tag from the tagged reply.
			if _, rest, ok := strings.Cut(l, " "); ok {
				l = rest
			}
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		text := string(ie.Type)
		if ie.Code != "" {
			text += " [" + string(ie.Code) + "]"
		}
		lines = []string{text + " " + ie.Text}
	}
	return diagnoseReply(s, replyContext{proto: "imap", stage: st}, strings.Join(lines, "\n"))
}

func (p *imapProto) send(*session) (i18n.Message, *failure) { return i18n.Message{}, nil }

func (p *imapProto) close(s *session, polite bool) {
	if p.client == nil {
		return
	}
	if polite {
		_ = p.client.Logout().Wait()
	}
	_ = p.client.Close()
}
