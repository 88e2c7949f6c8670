package check

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/settings"
)

// slowConn delays every write of a fake server, like a distant server.
type slowConn struct {
	net.Conn
	delay time.Duration
}

func (c *slowConn) Write(b []byte) (int, error) {
	time.Sleep(c.delay)
	return c.Conn.Write(b)
}

func slow(d time.Duration, h func(net.Conn)) func(net.Conn) {
	return func(c net.Conn) { h(&slowConn{Conn: c, delay: d}) }
}

func timeRun(e *env, req Request) time.Duration {
	start := time.Now()
	Run(context.Background(), req, Options{Network: e.nw})
	return time.Since(start)
}

// BenchmarkConcurrentServers checks IMAP, SMTP and POP3 (each answering
// with a different delay) one at a time and all together, in one run, and
// reports together ÷ slowest single: the spec wants ≤ 1.2.
func BenchmarkConcurrentServers(b *testing.B) {
	e := newEnv(b)
	cfg := e.tlsConfig()
	srvs := []settings.Server{
		e.at(settings.IMAP, settings.TLS, 993, serve(b, slow(10*time.Millisecond, imapScript{tls: cfg, implicit: true}.handle))),
		e.at(settings.SMTP, settings.TLS, 465, serve(b, slow(15*time.Millisecond, smtpScript{tls: cfg, implicit: true, ext: []string{"AUTH PLAIN"}}.handle))),
		e.at(settings.POP3, settings.TLS, 995, serve(b, slow(5*time.Millisecond, pop3Script{tls: cfg, implicit: true}.handle))),
	}
	var together, slowest time.Duration
	for b.Loop() {
		var worst time.Duration
		for _, s := range srvs {
			req := e.request(s)
			req.Password = "pw"
			worst = max(worst, timeRun(e, req))
		}
		req := e.request(srvs...)
		req.Password = "pw"
		together += timeRun(e, req)
		slowest += worst
	}
	b.ReportMetric(float64(together)/float64(slowest), "together/slowest")
	b.ReportMetric(float64(slowest.Milliseconds())/float64(b.N), "slowest-ms")
	b.ReportMetric(float64(together.Milliseconds())/float64(b.N), "together-ms")
}

// BenchmarkFilteredPort: a port that drops connection attempts. The verdict
// (net.timeout) must come within --timeout + 0.5 s; reported is the excess
// over the timeout (1 s), with the fallbacks on (other ports refused at
// once, or dropped too) and off.
func BenchmarkFilteredPort(b *testing.B) {
	for _, c := range []struct {
		name     string
		fallback bool
		filtered []int
	}{
		{"fallback", true, []int{993}},
		{"fallback-all-ports-filtered", true, []int{993, 143}},
		{"no-fallback", false, []int{993}},
	} {
		b.Run(c.name, func(b *testing.B) {
			e := newEnv(b)
			e.nw.Timeout = time.Second
			for _, p := range c.filtered {
				e.dialer.blackhole[p] = true
			}
			srv := settings.Server{Protocol: settings.IMAP, Host: testHost, Port: 993, Security: settings.TLS}
			var over time.Duration
			for b.Loop() {
				req := e.request(srv)
				req.NoFallback = !c.fallback
				el := timeRun(e, req)
				over = max(over, el-e.nw.Timeout)
			}
			b.ReportMetric(over.Seconds(), "max-s-over-timeout")
		})
	}
}

// BenchmarkWrongMode: how early a wrong TLS mode is told, as a fraction of
// the timeout (2 s): implicit TLS set up as STARTTLS (the port stays quiet
// until a TLS probe answers) and STARTTLS set up as implicit TLS (the
// greeting arrives as plain text at once).
func BenchmarkWrongMode(b *testing.B) {
	e := newEnv(b)
	cfg := e.tlsConfig()
	tlsPort := e.at(settings.IMAP, settings.STARTTLS, 993, serve(b, imapScript{tls: cfg, implicit: true}.handle))
	plainPort := e.at(settings.IMAP, settings.TLS, 143, serve(b, imapScript{tls: cfg}.handle))
	for _, c := range []struct {
		name string
		srv  settings.Server
	}{{"tls-port-as-starttls", tlsPort}, {"starttls-port-as-tls", plainPort}} {
		b.Run(c.name, func(b *testing.B) {
			var worst time.Duration
			for b.Loop() {
				req := e.request(c.srv)
				req.NoFallback = true
				worst = max(worst, timeRun(e, req))
			}
			b.ReportMetric(float64(worst)/float64(e.nw.Timeout), "verdict/timeout")
		})
	}
}

// BenchmarkCancel: how long a check takes to return once cancelled while
// servers stall (the timeout is 10 s): the Cancel button must act at once.
func BenchmarkCancel(b *testing.B) {
	e := newEnv(b)
	e.nw.Timeout = 10 * time.Second
	cfg := e.tlsConfig()
	req := e.request(
		e.at(settings.SMTP, settings.TLS, 465, serve(b, smtpScript{tls: cfg, implicit: true, stallAt: "EHLO"}.handle)),
		e.at(settings.IMAP, settings.STARTTLS, 143, serve(b, func(c net.Conn) { _, _ = c.Read(make([]byte, 1)) })),
	)
	req.Password = "pw"
	var worst time.Duration
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { Run(ctx, req, Options{Network: e.nw}); close(done) }()
		time.Sleep(100 * time.Millisecond)
		start := time.Now()
		cancel()
		<-done
		worst = max(worst, time.Since(start))
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "max-ms-to-return")
}

// BenchmarkBudget: servers that accept and then never answer, on every
// port the fallbacks try. The whole check must end within (steps + 2) ×
// timeout; reported is the fraction of that budget used.
func BenchmarkBudget(b *testing.B) {
	e := newEnv(b)
	e.nw.Timeout = 300 * time.Millisecond
	mute := serve(b, func(c net.Conn) { _, _ = io.Copy(io.Discard, c) })
	for _, p := range []int{993, 143} {
		e.at(settings.IMAP, settings.TLS, p, mute)
	}
	srv := settings.Server{Protocol: settings.IMAP, Host: testHost, Port: 143, Security: settings.STARTTLS}
	budget := time.Duration(stepCount(srv, false)+2) * e.nw.Timeout
	var worst time.Duration
	for b.Loop() {
		req := e.request(srv)
		req.Password = "pw"
		worst = max(worst, timeRun(e, req))
	}
	b.ReportMetric(float64(worst)/float64(budget), "used/budget")
}
