package check

import (
	"bufio"
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// FuzzServerBytes feeds whatever a server might send to each protocol's
// plaintext steps (greeting, STARTTLS offer, capabilities, login) over
// net.Pipe: any input ends in a verdict, never a panic or a hang.
func FuzzServerBytes(f *testing.F) {
	for _, seed := range []string{
		"220 ok\r\n250-x\r\n250 AUTH PLAIN\r\n235 ok\r\n",
		"220-a\r\n220-b\r\n220 c\r\n250 STARTTLS\r\n454 4.7.0 TLS not available\r\n",
		"* OK hi\r\n* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK\r\na2 NO\r\n",
		"* OK hi\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\nT1 OK\r\n+ \r\nT2 NO [ALERT] x\r\n",
		"+OK hi\r\n+OK\r\nSTLS\r\nSASL PLAIN\r\n.\r\n-ERR [IN-USE] x\r\n",
		"+OK\r\n-ERR\r\n+OK\r\n+OK\r\n",
		"HTTP/1.1 400 Bad Request\r\n\r\n",
		"\x16\x03\x01\x00\x05hello",
		"* BYE\r\n",
		"220\r\n250\r\n",
		"",
	} {
		f.Add(seed)
	}
	protos := []settings.Protocol{settings.SMTP, settings.IMAP, settings.POP3}
	f.Fuzz(func(t *testing.T, input string) {
		for _, p := range protos {
			for _, sec := range []settings.Security{settings.STARTTLS, settings.None} {
				runOnPipe(t, p, sec, input)
			}
		}
	})
}

func runOnPipe(t *testing.T, p settings.Protocol, sec settings.Security, input string) {
	client, server := net.Pipe()
	defer client.Close()
	go func() {
		defer server.Close()
		go func() { _, _ = io.Copy(io.Discard, server) }() // our commands
		_, _ = server.Write([]byte(input))
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	addr, _ := settings.ParseAddress("ana@example.test")
	req := &Request{Email: addr, Password: "pw", AllowPlaintext: true}
	s := newSession(ctx, req, settings.Server{Protocol: p, Host: testHost, Port: 1, Security: sec}, newEnv(t).nw)
	s.timeout = 200 * time.Millisecond
	s.raw, s.tc = client, newTextConn(client)
	s.br = bufio.NewReader(s.tc)
	defer s.close()
	steps := []func() bool{func() bool { return s.step(StepGreeting, s.greet) }}
	if sec == settings.STARTTLS {
		steps = append(steps, func() bool {
			return s.step(StepStartTLS, func() (msg i18n.Message, fl *failure) { return s.proto.startTLS(s) })
		})
	} else {
		steps = append(steps,
			func() bool {
				return s.step(StepCapabilities, func() (i18n.Message, *failure) { return s.proto.capabilities(s) })
			},
			func() bool { return s.step(StepAuth, s.auth) })
	}
	for _, st := range steps {
		if !st() {
			if s.failure == nil || s.failure.Code == "" {
				t.Fatalf("%s/%s: failed without a code", p, sec)
			}
			return
		}
	}
}
