package settings

import "github.com/mailsetup/mailsetup/i18n"

// Name is how mail programs name the protocol: "IMAP", "POP3", "SMTP". It is
// the same in every language, so it needs none. An unknown value comes back
// as itself.
func (p Protocol) Name() string {
	switch p {
	case IMAP:
		return "IMAP"
	case POP3:
		return "POP3"
	case SMTP:
		return "SMTP"
	}
	return string(p)
}

// Name is the security mode as a person reads it in language l: the words
// mail programs use ("SSL/TLS", "STARTTLS"), and for no encryption a phrase
// that says what it means. The text reads well alone (a table cell, a menu)
// and inside a sentence. An unknown value comes back as itself.
func (s Security) Name(l i18n.Lang) string {
	if !ValidSecurity(s) {
		return string(s)
	}
	return i18n.T(l, "settings.security."+string(s))
}
