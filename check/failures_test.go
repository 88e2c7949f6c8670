package check

import (
	"bufio"
	"crypto/tls"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

func TestNameAndNetworkFailures(t *testing.T) {
	e := newEnv(t)
	e.nw.Timeout = 300 * time.Millisecond
	srv := settings.Server{Protocol: settings.IMAP, Host: testHost, Port: 993, Security: settings.TLS}

	t.Run("dns.not_found", func(t *testing.T) {
		s := srv
		s.Host = "nope.example.test"
		r := e.one(s, nil)
		wantCode(t, r, DNSNotFound)
		if r.Diagnosis.Suggestion != nil {
			t.Fatal("a name that does not exist has no alternative")
		}
	})
	t.Run("offline: nothing resolves", func(t *testing.T) {
		s := srv
		s.Host = "nope.example.test"
		saved := e.res.hosts[dnsCanary]
		delete(e.res.hosts, dnsCanary)
		defer func() { e.res.hosts[dnsCanary] = saved }()
		r := e.one(s, nil)
		wantCode(t, r, DNSTimeout)
		if got := r.Diagnosis.Advice.In(i18n.EN); !strings.Contains(got, "Internet connection") {
			t.Fatalf("advice %q", got)
		}
	})
	t.Run("dns.timeout", func(t *testing.T) {
		s := srv
		s.Host = "dns-timeout.test"
		wantCode(t, e.one(s, nil), DNSTimeout)
	})
	t.Run("net.refused", func(t *testing.T) {
		e.dialer.ports[993] = closedPort(t)
		r := e.one(srv, nil)
		wantCode(t, r, NetRefused)
		if got := r.Diagnosis.Message.In(i18n.EN); got != "mail.example.test refuses connections on port 993." {
			t.Fatalf("message %q", got)
		}
	})
	t.Run("net.timeout", func(t *testing.T) {
		e.dialer.blackhole[993] = true
		defer delete(e.dialer.blackhole, 993)
		wantCode(t, e.one(srv, nil), NetTimeout)
	})
	t.Run("net.unreachable", func(t *testing.T) {
		e.dialer.unreachable = true
		defer func() { e.dialer.unreachable = false }()
		wantCode(t, e.one(srv, nil), NetUnreachable)
	})
}

// A working alternative on another port becomes the suggestion.
func TestOtherPortSuggested(t *testing.T) {
	e := newEnv(t)
	e.nw.Timeout = 500 * time.Millisecond
	e.dialer.blackhole[587] = true // an ISP blocking 587
	fs := serve(t, smtpScript{tls: e.tlsConfig(), implicit: true, ext: []string{"AUTH PLAIN"}}.handle)
	e.at(settings.SMTP, settings.TLS, 465, fs)
	srv := settings.Server{Protocol: settings.SMTP, Host: testHost, Port: 587, Security: settings.STARTTLS}
	r := e.one(srv, withPassword("pw"))
	wantCode(t, r, NetTimeout)
	want := Suggestion{Host: testHost, Port: 465, Security: settings.TLS}
	if r.Diagnosis.Suggestion == nil || *r.Diagnosis.Suggestion != want {
		t.Fatalf("suggestion %+v, want %+v", r.Diagnosis.Suggestion, want)
	}
	if got := r.Diagnosis.Advice.In(i18n.ES); !strings.Contains(got, "puerto 465") {
		t.Fatalf("advice %q", got)
	}
	// --no-fallback: the same failure, no suggestion.
	r = e.one(srv, func(r *Request) { r.Password = "pw"; r.NoFallback = true })
	wantCode(t, r, NetTimeout)
	if r.Diagnosis.Suggestion != nil {
		t.Fatal("suggestion despite --no-fallback")
	}
}

// Port 25 blocked by the Internet provider: with no alternative found the
// advice names the submission ports; with one, the suggestion wins.
func TestPort25Blocked(t *testing.T) {
	e := newEnv(t)
	e.nw.Timeout = 500 * time.Millisecond
	e.dialer.blackhole[25] = true
	srv := settings.Server{Protocol: settings.SMTP, Host: testHost, Port: 25, Security: settings.STARTTLS}
	r := e.one(srv, func(r *Request) { r.Password = "pw"; r.NoFallback = true })
	wantCode(t, r, NetTimeout)
	if got := r.Diagnosis.Advice.In(i18n.ES); !strings.Contains(got, "puerto 25") || !strings.Contains(got, "587") {
		t.Fatalf("advice %q", got)
	}
	if got := r.Diagnosis.Advice.In(i18n.EN); !strings.Contains(got, "port 25") || !strings.Contains(got, "465") {
		t.Fatalf("advice %q", got)
	}
	// IMAP on a port 25 is no ISP block: the ordinary advice stays.
	imap := srv
	imap.Protocol = settings.IMAP
	r = e.one(imap, noFallback)
	wantCode(t, r, NetTimeout)
	if got := r.Diagnosis.Advice.In(i18n.EN); strings.Contains(got, "port 25") {
		t.Fatalf("advice %q", got)
	}
	// A working submission port becomes the suggestion and its advice.
	fs := serve(t, smtpScript{tls: e.tlsConfig(), implicit: true, ext: []string{"AUTH PLAIN"}}.handle)
	e.at(settings.SMTP, settings.TLS, 465, fs)
	r = e.one(srv, withPassword("pw"))
	wantCode(t, r, NetTimeout)
	if r.Diagnosis.Suggestion == nil || r.Diagnosis.Suggestion.Port != 465 {
		t.Fatalf("suggestion %+v", r.Diagnosis.Suggestion)
	}
	if got := r.Diagnosis.Advice.In(i18n.ES); !strings.Contains(got, "puerto 465") {
		t.Fatalf("advice %q", got)
	}
}

// Alternatives are compared without the password; only the winner is
// logged in to, so a wrong password counts as one failed login, not five.
func TestAlternativesLogInOnce(t *testing.T) {
	e := newEnv(t)
	cfg := e.tlsConfig()
	var logins atomic.Int32
	plain := imapScript{tls: cfg, logins: &logins, login: []string{"TAG NO [AUTHENTICATIONFAILED] Authentication failed."}}
	srv := e.at(settings.IMAP, settings.TLS, 993, serve(t, plain.handle))
	e.at(settings.IMAP, settings.STARTTLS, 143, serve(t, plain.handle))
	r := e.one(srv, withPassword("wrong"))
	wantCode(t, r, TLSWrongModePlain)
	if r.Diagnosis.Suggestion != nil {
		t.Fatalf("suggested %+v although the password fails there", r.Diagnosis.Suggestion)
	}
	if n := logins.Load(); n != 1 {
		t.Fatalf("%d logins, want 1", n)
	}
	logins.Store(0)
	plain.login = nil
	srv = e.at(settings.IMAP, settings.TLS, 993, serve(t, plain.handle))
	e.at(settings.IMAP, settings.STARTTLS, 143, serve(t, plain.handle))
	r = e.one(srv, withPassword("right"))
	want := Suggestion{Host: testHost, Port: 993, Security: settings.STARTTLS}
	if s := r.Diagnosis.Suggestion; s == nil || *s != want {
		t.Fatalf("suggestion %+v", s)
	}
	if n := logins.Load(); n != 1 {
		t.Fatalf("%d logins, want 1", n)
	}
}

func TestWrongTLSMode(t *testing.T) {
	e := newEnv(t)
	cfg := e.tlsConfig()
	cases := []struct {
		proto settings.Protocol
		port  int
		plain func(net.Conn)
		tls   func(net.Conn)
	}{
		{settings.SMTP, 465, smtpScript{tls: cfg, ext: []string{"AUTH PLAIN"}}.handle, smtpScript{tls: cfg, implicit: true}.handle},
		{settings.IMAP, 993, imapScript{tls: cfg}.handle, imapScript{tls: cfg, implicit: true}.handle},
		{settings.POP3, 995, pop3Script{tls: cfg}.handle, pop3Script{tls: cfg, implicit: true}.handle},
	}
	for _, c := range cases {
		t.Run(string(c.proto)+" plain on a TLS setting", func(t *testing.T) {
			srv := e.at(c.proto, settings.TLS, c.port, serve(t, c.plain))
			r := e.one(srv, withPassword("pw"))
			wantCode(t, r, TLSWrongModePlain)
			want := Suggestion{Host: testHost, Port: c.port, Security: settings.STARTTLS}
			if s := r.Diagnosis.Suggestion; s == nil || *s != want {
				t.Fatalf("suggestion %+v", s)
			}
			if got := r.Diagnosis.Advice.In(i18n.EN); got != `Switch the encryption to STARTTLS (some apps call it "TLS").` {
				t.Fatalf("advice %q", got)
			}
		})
		t.Run(string(c.proto)+" TLS on a STARTTLS setting", func(t *testing.T) {
			e.nw.Timeout = 3 * time.Second
			defer func() { e.nw.Timeout = 2 * time.Second }()
			srv := e.at(c.proto, settings.STARTTLS, c.port, serve(t, c.tls))
			// How early the verdict comes is BenchmarkWrongMode's to measure.
			r := e.one(srv, noFallback)
			wantCode(t, r, TLSWrongModeTLS)
		})
	}
}

func TestCertificates(t *testing.T) {
	e := newEnv(t)
	now := time.Now()
	srvAt := func(t *testing.T, cfg *tls.Config) settings.Server {
		return e.at(settings.IMAP, settings.TLS, 993, serve(t, imapScript{tls: cfg, implicit: true}.handle))
	}
	t.Run("name mismatch, same machine", func(t *testing.T) {
		cfg := e.pki.serverConfig(t, "server12.hosting.test")
		r := e.one(srvAt(t, cfg), withPassword("pw"))
		wantCode(t, r, TLSCertNameMismatch)
		want := Suggestion{Host: "server12.hosting.test", Port: 993, Security: settings.TLS}
		if s := r.Diagnosis.Suggestion; s == nil || *s != want {
			t.Fatalf("suggestion %+v", s)
		}
		if got := r.Diagnosis.Advice.In(i18n.EN); !strings.Contains(got, "Use server12.hosting.test as the server name") {
			t.Fatalf("advice %q", got)
		}
		if got := r.Steps[len(r.Steps)-1].Detail.In(i18n.EN); got != "certificate is for server12.hosting.test, not mail.example.test" {
			t.Fatalf("detail %q", got)
		}
	})
	t.Run("name mismatch, other machine", func(t *testing.T) {
		cfg := e.pki.serverConfig(t, "elsewhere.test")
		r := e.one(srvAt(t, cfg), nil)
		wantCode(t, r, TLSCertNameMismatch)
		if r.Diagnosis.Suggestion != nil {
			t.Fatalf("suggested %+v, which is another machine", r.Diagnosis.Suggestion)
		}
		if got := r.Diagnosis.Advice.In(i18n.EN); strings.Contains(got, "{") {
			t.Fatalf("unfilled advice %q", got)
		}
	})
	t.Run("expired", func(t *testing.T) {
		cert := e.pki.leaf(t, []string{testHost}, now.Add(-48*time.Hour), now.Add(-24*time.Hour))
		wantCode(t, e.one(srvAt(t, &tls.Config{Certificates: []tls.Certificate{cert}}), nil), TLSCertExpired)
	})
	t.Run("not yet valid", func(t *testing.T) {
		cert := e.pki.leaf(t, []string{testHost}, now.Add(24*time.Hour), now.Add(48*time.Hour))
		wantCode(t, e.one(srvAt(t, &tls.Config{Certificates: []tls.Certificate{cert}}), nil), TLSCertExpired)
	})
	t.Run("unknown authority", func(t *testing.T) {
		other := newPKI(t, "Some Private CA")
		r := e.one(srvAt(t, other.serverConfig(t, testHost)), nil)
		wantCode(t, r, TLSCertUntrusted)
		if got := r.Diagnosis.Advice.In(i18n.EN); strings.Contains(got, "Some Private CA") {
			t.Fatalf("advice names an ordinary CA as antivirus: %q", got)
		}
	})
	t.Run("antivirus interception", func(t *testing.T) {
		av := newPKI(t, "Avast Web/Mail Shield Root")
		r := e.one(srvAt(t, av.serverConfig(t, testHost)), nil)
		wantCode(t, r, TLSCertUntrusted)
		if got := r.Diagnosis.Advice.In(i18n.ES); !strings.Contains(got, "Avast Web/Mail Shield Root") || !strings.Contains(got, "antivirus") {
			t.Fatalf("advice %q", got)
		}
	})
	t.Run("antivirus root trusted by this computer", func(t *testing.T) {
		av := newPKI(t, "Avast Web/Mail Shield Root")
		nw := *e.nw
		nw.RootCAs = av.pool
		saved := e.nw
		e.nw = &nw
		defer func() { e.nw = saved }()
		r := e.one(srvAt(t, av.serverConfig(t, testHost)), nil)
		wantCode(t, r, "")
		if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0].In(i18n.EN), "Avast Web/Mail Shield Root") {
			t.Fatalf("warnings %v", r.Warnings)
		}
	})
	t.Run("old TLS version", func(t *testing.T) {
		cfg := e.tlsConfig()
		cfg.MaxVersion = tls.VersionTLS11
		wantCode(t, e.one(srvAt(t, cfg), noFallback), TLSHandshakeFailed)
	})
}

func TestEncryptionRequired(t *testing.T) {
	e := newEnv(t)
	cfg := e.tlsConfig()
	t.Run("no STARTTLS offered", func(t *testing.T) {
		for _, c := range []struct {
			proto settings.Protocol
			port  int
			h     func(net.Conn)
		}{
			{settings.SMTP, 587, smtpScript{tls: cfg, noStartTLS: true, ext: []string{"AUTH PLAIN"}}.handle},
			{settings.IMAP, 143, imapScript{tls: cfg, noStartTLS: true}.handle},
			{settings.POP3, 110, pop3Script{tls: cfg, noStartTLS: true}.handle},
		} {
			srv := e.at(c.proto, settings.STARTTLS, c.port, serve(t, c.h))
			r := e.one(srv, withPassword("pw"))
			wantCode(t, r, StartTLSUnavailable)
			if last := r.Steps[len(r.Steps)-1]; last.Name != StepStartTLS {
				t.Fatalf("%s: failed at %s", c.proto, last.Name)
			}
		}
	})
	t.Run("plain text setting, server offers STARTTLS", func(t *testing.T) {
		var plainAuth atomic.Int32
		srv := e.at(settings.SMTP, settings.None, 587, serve(t, smtpScript{tls: cfg, ext: []string{"AUTH PLAIN"}, plainAuth: &plainAuth}.handle))
		r := e.one(srv, withPassword("pw"))
		wantCode(t, r, AuthMechanism)
		want := Suggestion{Host: testHost, Port: 587, Security: settings.STARTTLS}
		if s := r.Diagnosis.Suggestion; s == nil || *s != want {
			t.Fatalf("suggestion %+v", s)
		}
		if n := plainAuth.Load(); n != 0 {
			t.Fatalf("the password was sent %d times without TLS", n)
		}
		// With --allow-plaintext the password goes, and the server's
		// STARTTLS-less EHLO decides.
		r = e.one(srv, func(r *Request) { r.Password = "pw"; r.AllowPlaintext = true; r.NoFallback = true })
		wantCode(t, r, AuthMechanism) // PLAIN only after TLS in this fake's EHLO
	})
	t.Run("plain text setting, no STARTTLS at all", func(t *testing.T) {
		srv := e.at(settings.POP3, settings.None, 110, serve(t, pop3Script{}.handle))
		r := e.one(srv, func(r *Request) { r.Password = "pw"; r.NoFallback = true })
		wantCode(t, r, StartTLSUnavailable)
		r = e.one(srv, func(r *Request) { r.Password = "pw"; r.NoFallback = true; r.AllowPlaintext = true })
		wantCode(t, r, "")
	})
	t.Run("IMAP LOGINDISABLED", func(t *testing.T) {
		srv := e.at(settings.IMAP, settings.None, 143, serve(t, imapScript{caps: "IMAP4rev1 LOGINDISABLED", login: []string{"TAG OK must not be reached"}}.handle))
		r := e.one(srv, func(r *Request) { r.Password = "pw"; r.NoFallback = true; r.AllowPlaintext = true })
		wantCode(t, r, StartTLSUnavailable)
	})
	t.Run("no common mechanism", func(t *testing.T) {
		srv := e.at(settings.SMTP, settings.TLS, 465, serve(t, smtpScript{tls: cfg, implicit: true, ext: []string{"AUTH GSSAPI"}}.handle))
		wantCode(t, e.one(srv, func(r *Request) { r.Password = "pw"; r.NoFallback = true }), AuthMechanism)
	})
}

func TestMisbehavingServers(t *testing.T) {
	e := newEnv(t)
	e.nw.Timeout = 500 * time.Millisecond
	imap := func(sec settings.Security, h func(net.Conn)) Result {
		return e.one(e.at(settings.IMAP, sec, 143, serve(t, h)), noFallback)
	}
	t.Run("stall after greeting", func(t *testing.T) {
		srv := e.at(settings.SMTP, settings.TLS, 465, serve(t, smtpScript{tls: e.tlsConfig(), implicit: true, stallAt: "EHLO"}.handle))
		wantCode(t, e.one(srv, noFallback), ServerTimeout)
	})
	t.Run("stall at login", func(t *testing.T) {
		cfg := e.tlsConfig()
		for _, c := range []struct {
			proto settings.Protocol
			h     func(net.Conn)
		}{
			{settings.SMTP, smtpScript{tls: cfg, implicit: true, ext: []string{"AUTH PLAIN"}, stallAt: "AUTH"}.handle},
			{settings.IMAP, imapScript{tls: cfg, implicit: true, login: []string{"STALL"}}.handle},
			{settings.POP3, pop3Script{tls: cfg, implicit: true, auth: []string{"STALL"}}.handle},
		} {
			r := e.one(e.at(c.proto, settings.TLS, 993, serve(t, c.h)), func(r *Request) { r.Password = "pw"; r.NoFallback = true })
			wantCode(t, r, ServerTimeout)
		}
	})
	t.Run("no greeting at all", func(t *testing.T) {
		r := imap(settings.STARTTLS, func(c net.Conn) { _, _ = bufio.NewReader(c).ReadString('\n') })
		wantCode(t, r, ServerTimeout)
	})
	t.Run("HTTP server", func(t *testing.T) {
		r := imap(settings.STARTTLS, func(c net.Conn) {
			buf := make([]byte, 100)
			if n, _ := c.Read(buf); n > 0 {
				_, _ = c.Write([]byte("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"))
			}
		})
		wantCode(t, r, ServerProtocolError)
		r = e.one(e.at(settings.IMAP, settings.TLS, 993, serve(t, func(c net.Conn) {
			buf := make([]byte, 100)
			if n, _ := c.Read(buf); n > 0 {
				_, _ = c.Write([]byte("HTTP/1.1 400 Bad Request\r\n\r\n"))
			}
		})), noFallback)
		wantCode(t, r, ServerProtocolError)
	})
	t.Run("SSH server", func(t *testing.T) {
		ssh := func(c net.Conn) { _, _ = c.Write([]byte("SSH-2.0-OpenSSH_9.2p1 Debian\r\n")); time.Sleep(time.Second) }
		wantCode(t, imap(settings.STARTTLS, ssh), ServerProtocolError)
		wantCode(t, e.one(e.at(settings.IMAP, settings.TLS, 993, serve(t, ssh)), noFallback), ServerProtocolError)
	})
	t.Run("line over 64 KiB", func(t *testing.T) {
		r := imap(settings.STARTTLS, func(c net.Conn) {
			_, _ = c.Write([]byte("* OK " + strings.Repeat("x", 70<<10)))
			time.Sleep(time.Second)
		})
		wantCode(t, r, ServerProtocolError)
		wantDetail(t, r, "check.detail.line_too_long")
	})
	t.Run("endless reply", func(t *testing.T) {
		r := e.one(e.at(settings.SMTP, settings.STARTTLS, 587, serve(t, func(c net.Conn) {
			line := []byte("220-welcome welcome welcome welcome\r\n")
			for {
				if _, err := c.Write(line); err != nil {
					return
				}
			}
		})), noFallback)
		wantCode(t, r, ServerProtocolError)
		wantDetail(t, r, "check.detail.too_much_data")
	})
	t.Run("binary noise", func(t *testing.T) {
		wantCode(t, imap(settings.STARTTLS, func(c net.Conn) { _, _ = c.Write([]byte{0, 1, 2, 3, 0xff, '\r', '\n'}) }), ServerProtocolError)
	})
	t.Run("busy greeting", func(t *testing.T) {
		srv := e.at(settings.SMTP, settings.STARTTLS, 587, serve(t, smtpScript{greeting: []string{"421 4.7.0 mail.example.test Try again later, closing connection"}}.handle))
		r := e.one(srv, noFallback)
		wantCode(t, r, ServerUnavailable)
		if !strings.HasPrefix(r.Diagnosis.ServerReply, "421 4.7.0") {
			t.Fatalf("reply %q", r.Diagnosis.ServerReply)
		}
	})
	t.Run("IMAP BYE greeting", func(t *testing.T) {
		wantCode(t, imap(settings.STARTTLS, imapScript{greeting: "* BYE Too many connections from your IP"}.handle), ServerUnavailable)
	})
	t.Run("TLS record on a STARTTLS port", func(t *testing.T) {
		wantCode(t, imap(settings.STARTTLS, func(c net.Conn) { _, _ = c.Write([]byte{0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a}) }), TLSWrongModeTLS)
	})
}

// Plaintext injected after the STARTTLS go-ahead must have no effect.
func TestSTARTTLSInjection(t *testing.T) {
	e := newEnv(t)
	cfg := e.tlsConfig()
	cases := []struct {
		proto settings.Protocol
		port  int
		h     func(net.Conn)
	}{
		{settings.SMTP, 587, smtpScript{tls: cfg, ext: []string{"AUTH PLAIN"}, inject: "250-INJECTED\r\n250 AUTH XINJECTED\r\n"}.handle},
		{settings.IMAP, 143, imapScript{tls: cfg, inject: "* CAPABILITY IMAP4rev1 AUTH=XINJECTED\r\n"}.handle},
		{settings.POP3, 110, pop3Script{tls: cfg, inject: "+OK\r\nSASL XINJECTED\r\n.\r\n"}.handle},
	}
	for _, c := range cases {
		srv := e.at(c.proto, settings.STARTTLS, c.port, serve(t, c.h))
		r := e.one(srv, func(r *Request) { r.Password = "pw"; r.NoFallback = true })
		for _, st := range r.Steps {
			if strings.Contains(st.Detail.In(i18n.EN), "INJECTED") {
				t.Fatalf("%s: injected text believed: %s", c.proto, st.Detail.In(i18n.EN))
			}
		}
		// Either the injection was discarded (ok) or it broke the TLS
		// handshake (fail-closed); never a login on its word.
		if !r.OK && r.Diagnosis.Code != TLSHandshakeFailed {
			t.Fatalf("%s: %s", c.proto, describe(r))
		}
	}
}

// A user name or password with a line break would smuggle a second command
// to the server: it is refused before anything is sent.
func TestLineBreakInCredentials(t *testing.T) {
	e := newEnv(t)
	var logins atomic.Int32
	srv := e.at(settings.IMAP, settings.TLS, 993, serve(t, imapScript{tls: e.tlsConfig(), implicit: true, logins: &logins}.handle))
	for _, mutate := range []func(*Request){
		func(r *Request) { r.Password = "pw\r\nA9 DELETE INBOX" },
		func(r *Request) { r.Password = "pw"; r.Username = "ana\nA9 DELETE INBOX" },
	} {
		r := e.one(srv, func(r *Request) { mutate(r); r.NoFallback = true })
		wantCode(t, r, AuthFailed)
	}
	if n := logins.Load(); n != 0 {
		t.Fatalf("%d logins sent", n)
	}
}

// A slow but working connection: the other ports tried meanwhile are
// dropped, and a later failure gets its own alternatives.
func TestSlowConnect(t *testing.T) {
	e := newEnv(t)
	e.nw.Timeout = 500 * time.Millisecond
	e.dialer.delay = 200 * time.Millisecond
	cfg := e.tlsConfig()
	srv := e.at(settings.IMAP, settings.TLS, 993, serve(t, imapScript{tls: cfg, implicit: true}.handle))
	wantCode(t, e.one(srv, withPassword("pw")), "")

	srv = e.at(settings.IMAP, settings.TLS, 993, serve(t, imapScript{tls: cfg}.handle))
	r := e.one(srv, withPassword("pw"))
	wantCode(t, r, TLSWrongModePlain)
	want := Suggestion{Host: testHost, Port: 993, Security: settings.STARTTLS}
	if s := r.Diagnosis.Suggestion; s == nil || *s != want {
		t.Fatalf("suggestion %+v", s)
	}
}

// wantDetail checks that the failed step says key, a text of its own in
// each language rather than a Go error's English.
func wantDetail(t testing.TB, r Result, key string) {
	t.Helper()
	for _, st := range r.Steps {
		if !st.OK && !st.Skipped {
			if st.Detail.Key != key {
				t.Errorf("failed step %s says %q, want %s", st.Name, st.Detail.Key, key)
			}
			return
		}
	}
	t.Errorf("no failed step; want one saying %s", key)
}
