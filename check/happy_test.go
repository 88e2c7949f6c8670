package check

import (
	"net"
	"slices"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/settings"
)

// Every protocol in every security mode, with and without a password: the
// right steps in the spec's order, all passing.
func TestHappyPaths(t *testing.T) {
	e := newEnv(t)
	cfg := e.tlsConfig()
	type tc struct {
		name  string
		proto settings.Protocol
		sec   settings.Security
		port  int
		h     func(c net.Conn)
	}
	cases := []tc{
		{"smtp tls", settings.SMTP, settings.TLS, 465, smtpScript{tls: cfg, implicit: true, ext: []string{"AUTH PLAIN LOGIN"}}.handle},
		{"smtp starttls", settings.SMTP, settings.STARTTLS, 587, smtpScript{tls: cfg, ext: []string{"AUTH PLAIN LOGIN"}}.handle},
		{"smtp login only", settings.SMTP, settings.STARTTLS, 587, smtpScript{tls: cfg, ext: []string{"AUTH LOGIN"}}.handle},
		{"imap tls", settings.IMAP, settings.TLS, 993, imapScript{tls: cfg, implicit: true}.handle},
		{"imap starttls", settings.IMAP, settings.STARTTLS, 143, imapScript{tls: cfg}.handle},
		{"imap login", settings.IMAP, settings.TLS, 993, imapScript{tls: cfg, implicit: true, caps: "IMAP4rev1"}.handle},
		{"pop3 tls", settings.POP3, settings.TLS, 995, pop3Script{tls: cfg, implicit: true}.handle},
		{"pop3 starttls", settings.POP3, settings.STARTTLS, 110, pop3Script{tls: cfg}.handle},
		{"pop3 user/pass", settings.POP3, settings.TLS, 995, pop3Script{tls: cfg, implicit: true, capa: []string{"USER"}}.handle},
		{"pop3 no capa", settings.POP3, settings.TLS, 995, pop3Script{tls: cfg, implicit: true, noCapa: true}.handle},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := serve(t, c.h)
			srv := e.at(c.proto, c.sec, c.port, fs)
			for _, pw := range []string{"", "secret"} {
				r := e.one(srv, withPassword(pw))
				wantCode(t, r, "")
				want := []string{"resolve", "connect", "tls", "greeting", "capabilities", "auth"}
				if c.sec == settings.STARTTLS {
					want = []string{"resolve", "connect", "greeting", "starttls", "capabilities", "auth"}
				}
				if pw == "" {
					want[len(want)-1] = "auth~"
				}
				if got := stepNames(r); !slices.Equal(got, want) {
					t.Fatalf("steps %v, want %v", got, want)
				}
			}
		})
	}
}

func TestSendTestMessage(t *testing.T) {
	e := newEnv(t)
	got := make(chan string, 1)
	fs := serve(t, smtpScript{tls: e.tlsConfig(), ext: []string{"AUTH PLAIN"}, got: got}.handle)
	srv := e.at(settings.SMTP, settings.STARTTLS, 587, fs)
	r := e.one(srv, func(r *Request) { r.Password = "pw"; r.SendTest = true; r.Lang = "es" })
	wantCode(t, r, "")
	if last := r.Steps[len(r.Steps)-1]; last.Name != StepSend || !last.OK {
		t.Fatalf("last step %+v", last)
	}
	msg := <-got
	for _, want := range []string{"Date: ", "Message-ID: <", "@example.test>", "To: <ana@example.test>", "From: <ana@example.test>", "Subject: Mensaje de prueba de mailsetup"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}
