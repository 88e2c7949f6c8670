package settings

import (
	"testing"

	"github.com/mailsetup/mailsetup/i18n"
)

func TestProtocolName(t *testing.T) {
	for p, want := range map[Protocol]string{IMAP: "IMAP", POP3: "POP3", SMTP: "SMTP", "jmap": "jmap"} {
		if got := p.Name(); got != want {
			t.Errorf("%q.Name() = %q, want %q", p, got, want)
		}
	}
}

func TestSecurityName(t *testing.T) {
	tests := []struct {
		s      Security
		es, en string
	}{
		{TLS, "SSL/TLS", "SSL/TLS"},
		{STARTTLS, "STARTTLS", "STARTTLS"},
		{None, "ninguno (sin cifrar)", "none (not encrypted)"},
		{"ssl3", "ssl3", "ssl3"}, // unknown: shown as is, never a key
	}
	for _, tt := range tests {
		if got := tt.s.Name(i18n.ES); got != tt.es {
			t.Errorf("%q.Name(es) = %q, want %q", tt.s, got, tt.es)
		}
		if got := tt.s.Name(i18n.EN); got != tt.en {
			t.Errorf("%q.Name(en) = %q, want %q", tt.s, got, tt.en)
		}
	}
	// check/diagnosis.go names a suggestion's security before the reader's
	// language is known: that is only right while the encrypted modes read
	// the same in every language.
	for _, s := range []Security{TLS, STARTTLS} {
		for _, l := range i18n.Langs {
			if s.Name(l) != s.Name(i18n.EN) {
				t.Errorf("%q is named %q in %s but %q in en", s, s.Name(l), l, s.Name(i18n.EN))
			}
		}
	}
}
