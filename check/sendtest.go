package check

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/wneessen/go-mail"
)

// testMessage builds the short, friendly message --send-test sends to the
// account itself, in the user's language, with a Date and a Message-ID
// (RFC 5322 §3.6.1, §3.6.4). The Message-ID names the account's domain,
// not this computer (go-mail's default would reveal its host name).
func testMessage(req *Request) (*mail.Msg, error) {
	lang := req.Lang
	if lang == "" {
		lang = i18n.EN
	}
	m := mail.NewMsg()
	addr := req.Email.ASCII()
	if err := m.From(addr); err != nil {
		return nil, err
	}
	if err := m.To(addr); err != nil {
		return nil, err
	}
	m.Subject(i18n.T(lang, "check.sendtest.subject"))
	m.SetBodyString(mail.TypeTextPlain, i18n.T(lang, "check.sendtest.body", "email", req.Email.String()))
	m.SetDate()
	var id [16]byte
	_, _ = rand.Read(id[:])
	m.SetMessageIDWithValue(hex.EncodeToString(id[:]) + "@" + req.Email.ASCIIDomain)
	m.SetUserAgent("mailsetup")
	return m, nil
}

// sendTest is the send step: MAIL, RCPT and DATA through go-mail's SMTP
// client (RFC 5321 §3.3), each refusal explained by the stage it came at.
func sendTest(s *session, p *smtpProto) (i18n.Message, *failure) {
	m, err := testMessage(s.req)
	if err != nil {
		return i18n.Message{}, fail(SMTPSenderRejected, detailErr(err))
	}
	c := p.client
	// go-mail sends the path as given: RFC 5321 §4.1.2 wants it in <>.
	from := "<" + s.req.Email.ASCII() + ">"
	if err := c.Mail(from); err != nil {
		return i18n.Message{}, p.failure(s, stageMail, err)
	}
	if err := c.Rcpt(from); err != nil {
		return i18n.Message{}, p.failure(s, stageRcpt, err)
	}
	w, err := c.Data()
	if err != nil {
		return i18n.Message{}, p.failure(s, stageData, err)
	}
	if _, err := m.WriteTo(w); err != nil {
		_ = w.Close()
		return i18n.Message{}, p.failure(s, stageData, err)
	}
	if err := w.Close(); err != nil {
		return i18n.Message{}, p.failure(s, stageData, err)
	}
	return i18n.Msg("check.detail.sent", "email", s.req.Email.String()), nil
}
