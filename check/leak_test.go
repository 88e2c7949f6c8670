package check

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
	"go.uber.org/goleak"
)

const leakPassword = "Zq7-unique-P4ssw0rd-xyzzy"

// forms lists every way the password could show: as typed, and in the
// base64 a server could echo back.
func forms(user string) []string {
	enc := base64.StdEncoding.EncodeToString
	return []string{leakPassword, enc([]byte(leakPassword)), enc([]byte("\x00" + user + "\x00" + leakPassword))}
}

// TestPasswordNeverShown runs every scenario with one distinctive password,
// including servers that echo it back, and scans everything a person or a
// script could see: the JSON in both languages, every streamed step, the
// diagnosis texts.
func TestPasswordNeverShown(t *testing.T) {
	e := newEnv(t)
	e.nw.Timeout = 500 * time.Millisecond
	cfg := e.tlsConfig()
	user := "ana@example.test"
	echo := base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + leakPassword))
	handlers := []struct {
		proto settings.Protocol
		sec   settings.Security
		h     func(net.Conn)
	}{
		{settings.SMTP, settings.TLS, smtpScript{tls: cfg, implicit: true, ext: []string{"AUTH PLAIN"}, auth: []string{"535 5.7.8 bad password " + leakPassword + " in " + echo}}.handle},
		{settings.SMTP, settings.STARTTLS, smtpScript{tls: cfg, ext: []string{"AUTH LOGIN"}, auth: []string{"535 5.7.8 " + base64.StdEncoding.EncodeToString([]byte(leakPassword)) + " rejected"}}.handle},
		{settings.IMAP, settings.TLS, imapScript{tls: cfg, implicit: true, login: []string{"* OK [ALERT] you typed " + leakPassword, "TAG NO [AUTHENTICATIONFAILED] wrong password " + leakPassword}}.handle},
		{settings.IMAP, settings.STARTTLS, imapScript{tls: cfg, caps: "IMAP4rev1", login: []string{"TAG NO " + leakPassword}}.handle},
		{settings.POP3, settings.TLS, pop3Script{tls: cfg, implicit: true, auth: []string{"-ERR [AUTH] " + leakPassword + " is wrong " + echo}}.handle},
		{settings.POP3, settings.STARTTLS, pop3Script{tls: cfg, capa: []string{"USER"}, auth: []string{"-ERR " + leakPassword}}.handle},
		{settings.SMTP, settings.None, smtpScript{tls: cfg, ext: []string{"AUTH PLAIN"}}.handle},
	}
	var seen []string
	var mu sync.Mutex
	check := func(req Request) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		rep := Run(ctx, req, Options{Network: e.nw, OnEvent: func(ev Event) {
			mu.Lock()
			defer mu.Unlock()
			if ev.Step != nil {
				for _, l := range i18n.Langs {
					seen = append(seen, ev.Step.Detail.In(l))
				}
			}
		}})
		for _, l := range i18n.Langs {
			b, _ := json.Marshal(rep.Document(l))
			seen = append(seen, string(b))
		}
	}
	for i, h := range handlers {
		port := 1000 + i
		srv := e.at(h.proto, h.sec, port, serve(t, h.h))
		req := e.request(srv)
		req.Password, req.SendTest = leakPassword, h.proto == settings.SMTP
		check(req)
		req.AllowPlaintext = true
		check(req)
	}
	for _, k := range kbSamples {
		var h func(net.Conn)
		switch k.proto {
		case settings.SMTP:
			h = smtpScript{tls: cfg, implicit: true, ext: []string{"AUTH PLAIN LOGIN"}, auth: k.reply}.handle
		case settings.IMAP:
			h = imapScript{tls: cfg, implicit: true, login: k.reply}.handle
		default:
			h = pop3Script{tls: cfg, implicit: true, auth: k.reply}.handle
		}
		srv := e.at(k.proto, settings.TLS, 2000, serve(t, h))
		req := e.request(srv)
		req.Password = leakPassword
		check(req)
	}
	if len(seen) < 50 {
		t.Fatalf("only %d texts scanned", len(seen))
	}
	for _, s := range seen {
		for _, f := range forms(user) {
			if strings.Contains(s, f) {
				t.Fatalf("the password shows in: %s", s)
			}
		}
	}
}

// openFDs counts this process's open file descriptors (Linux).
func openFDs(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd on this system:", err)
	}
	return len(entries)
}

// After a check, finished or cancelled, nothing of it is left running and
// no socket stays open.
func TestNoLeaks(t *testing.T) {
	e := newEnv(t)
	cfg := e.tlsConfig()
	ok := serve(t, imapScript{tls: cfg, implicit: true}.handle)
	stall := serve(t, smtpScript{tls: cfg, implicit: true, stallAt: "EHLO"}.handle)
	quiet := serve(t, func(c net.Conn) { _, _ = c.Read(make([]byte, 1)) })
	srvs := []settings.Server{
		e.at(settings.IMAP, settings.TLS, 993, ok),
		e.at(settings.SMTP, settings.TLS, 465, stall),
		e.at(settings.POP3, settings.STARTTLS, 110, quiet),
	}
	// Warm up lazily started runtime and library goroutines.
	e.run(e.request(srvs[0]))
	ignore := goleak.IgnoreCurrent()
	before := openFDs(t)

	req := e.request(srvs...)
	req.Password = "pw"
	e.run(req) // finishes (with failures and fallbacks)

	// Cancelled while the stalling servers hold it (how fast it returns is
	// BenchmarkCancel's to measure).
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(150 * time.Millisecond); cancel() }()
	Run(ctx, req, Options{Network: e.nw})
	ok.close()
	stall.close()
	quiet.close()
	if err := goleak.Find(ignore); err != nil {
		t.Fatal(err)
	}
	if after := openFDs(t); after > before {
		t.Fatalf("%d file descriptors open after the checks, %d before", after, before)
	}
}

// A server that echoes the password just where its reply is cut to 512
// characters must not leave a piece of it behind.
func TestPasswordCutByTrimNeverShown(t *testing.T) {
	e := newEnv(t)
	e.nw.Timeout = 500 * time.Millisecond
	pad := strings.Repeat("x", 490) // "535 5.7.8 " + pad + " " leaves 11 characters
	srv := e.at(settings.SMTP, settings.TLS, 465, serve(t, smtpScript{tls: e.tlsConfig(), implicit: true,
		ext: []string{"AUTH PLAIN"}, auth: []string{"535 5.7.8 " + pad + " " + leakPassword}}.handle))
	req := e.request(srv)
	req.Password, req.NoFallback = leakPassword, true
	rep := e.run(req)
	b, _ := json.Marshal(rep.Document(i18n.EN))
	if !strings.Contains(string(b), pad) {
		t.Fatalf("the server's reply is not in the report: %s", b)
	}
	if piece := leakPassword[:6]; strings.Contains(string(b), piece) {
		t.Fatalf("a piece of the password (%q) shows in: %s", piece, b)
	}
}

// redact knows the forms a server can echo: as typed, base64 alone and in
// a PLAIN response, and IMAP-quoted.
func TestRedactForms(t *testing.T) {
	addr, _ := settings.ParseAddress("ana@example.test")
	req := &Request{Email: addr, Password: `se"cr\et-pass`}
	enc := base64.StdEncoding.EncodeToString
	for _, echo := range []string{
		req.Password,
		enc([]byte(req.Password)),
		enc([]byte("\x00ana@example.test\x00" + req.Password)),
		`se\"cr\\et-pass`,
	} {
		if got := redact("NO you sent "+echo+" here", req); strings.Contains(got, echo) || !strings.Contains(got, "•••") {
			t.Errorf("redact(%q) = %q", echo, got)
		}
	}
}
