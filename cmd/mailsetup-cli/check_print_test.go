package main

import (
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/check"
	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// What a server says reaches the terminal without its control characters:
// an escape sequence in a greeting, a reply, an alert or a certificate name
// could otherwise retitle the window or rewrite the lines above.
func TestCheckHumanOutputHasNoControlCharacters(t *testing.T) {
	esc := "\x1b]0;pwned\x07\x1b[2J\x9b31m\r"
	d := check.Document{Email: "ana@example.es", Results: []check.ResultDocument{{
		Role: check.Incoming, Protocol: settings.IMAP, Host: "mail.example.es", Port: 993, Security: settings.TLS,
		Steps:    []check.StepDocument{{Step: check.StepGreeting, OK: true, Detail: "* OK " + esc}, {Step: check.StepAuth, Detail: "NO " + esc}},
		Warnings: []string{"issuer " + esc},
		Diagnosis: &check.DiagnosisDocument{Code: check.AuthFailed, Message: "cert " + esc, Advice: "advice " + esc,
			ServerReply: "a1 NO " + esc, Alert: "alert " + esc},
	}}}
	var b strings.Builder
	printReport(&b, i18n.EN, d)
	out := b.String()
	if !strings.Contains(out, "pwned") {
		t.Fatalf("the server's words are gone:\n%s", out)
	}
	for _, r := range out {
		if r != '\n' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)) {
			t.Fatalf("control character %U in:\n%q", r, out)
		}
	}
}
