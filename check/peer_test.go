//go:build integration

package check

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/internal/testpeers"
	"github.com/mailsetup/mailsetup/settings"
)

func peerRequest(t *testing.T, p *testpeers.Peer, password string, srvs ...settings.Server) Request {
	addr, err := settings.ParseAddress(p.Address)
	if err != nil {
		// mox@localhost: a test domain without a dot.
		local, domain, _ := strings.Cut(p.Address, "@")
		addr = settings.Address{Local: local, Domain: domain, ASCIIDomain: domain}
	}
	return Request{Email: addr, Servers: srvs, Password: password, NoFallback: true, Lang: i18n.ES}
}

func peerServer(p *testpeers.Peer, proto settings.Protocol, sec settings.Security, port int) settings.Server {
	return settings.Server{Protocol: proto, Host: p.Host, Port: port, Security: sec}
}

func runPeer(t *testing.T, p *testpeers.Peer, req Request) *Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return Run(ctx, req, Options{Network: p.Network(5 * time.Second)})
}

func TestPeerMox(t *testing.T) {
	p := testpeers.StartMox(t)
	srvs := []settings.Server{
		peerServer(p, settings.SMTP, settings.TLS, p.Port(t, "submissions")),
		peerServer(p, settings.SMTP, settings.STARTTLS, p.Port(t, "submission")),
		peerServer(p, settings.IMAP, settings.TLS, p.Port(t, "imaps")),
		peerServer(p, settings.IMAP, settings.STARTTLS, p.Port(t, "imap")),
	}
	t.Run("right password, test message", func(t *testing.T) {
		since := time.Now()
		req := peerRequest(t, p, p.Password, srvs...)
		req.SendTest = true
		rep := runPeer(t, p, req)
		for _, r := range rep.Results {
			wantCode(t, r, "")
			if r.Server.Protocol == settings.SMTP && r.Steps[len(r.Steps)-1].Name != StepSend {
				t.Fatalf("%s: no send step: %v", r.Server.Addr(), stepNames(r))
			}
		}
		// Both test messages (465 and 587) arrive in the Inbox.
		if n := waitForTestMessages(t, p, since, 2); n < 2 {
			t.Fatalf("%d test messages arrived, want 2", n)
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		rep := runPeer(t, p, peerRequest(t, p, "not-"+p.Password, srvs...))
		for _, r := range rep.Results {
			wantCode(t, r, AuthFailed)
			if r.Diagnosis.ServerReply == "" {
				t.Fatalf("%s: no server reply", r.Server.Addr())
			}
		}
	})
	t.Run("wrong mode", func(t *testing.T) {
		rep := runPeer(t, p, peerRequest(t, p, "",
			peerServer(p, settings.SMTP, settings.TLS, p.Port(t, "submission")),
			peerServer(p, settings.IMAP, settings.STARTTLS, p.Port(t, "imaps"))))
		wantCode(t, rep.Results[0], TLSWrongModePlain)
		wantCode(t, rep.Results[1], TLSWrongModeTLS)
	})
}

// waitForTestMessages logs in over IMAPS and counts messages with the test
// subject that arrived after since, waiting up to 15 s for want of them.
func waitForTestMessages(t *testing.T, p *testpeers.Peer, since time.Time, want int) int {
	t.Helper()
	c, err := imapclient.DialTLS("127.0.0.1:"+itoa(p.Port(t, "imaps")), &imapclient.Options{TLSConfig: p.TLSConfig()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(p.Address, p.Password).Wait(); err != nil {
		t.Fatal(err)
	}
	subject := i18n.T(i18n.ES, "check.sendtest.subject")
	n := 0
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
			t.Fatal(err)
		}
		data, err := c.UIDSearch(&imap.SearchCriteria{
			Header: []imap.SearchCriteriaHeaderField{{Key: "Subject", Value: subject}},
			Since:  since.Add(-24 * time.Hour),
		}, nil).Wait()
		if err != nil {
			t.Fatal(err)
		}
		if n = len(data.AllUIDs()); n >= want {
			break
		}
	}
	return n
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestPeerDovecot(t *testing.T) {
	p := testpeers.StartDovecot(t)
	srvs := []settings.Server{
		peerServer(p, settings.IMAP, settings.TLS, p.Port(t, "imaps")),
		peerServer(p, settings.IMAP, settings.STARTTLS, p.Port(t, "imap")),
		peerServer(p, settings.POP3, settings.TLS, p.Port(t, "pop3s")),
		peerServer(p, settings.POP3, settings.STARTTLS, p.Port(t, "pop3")),
	}
	t.Run("right password", func(t *testing.T) {
		for _, r := range runPeer(t, p, peerRequest(t, p, p.Password, srvs...)).Results {
			wantCode(t, r, "")
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		for _, r := range runPeer(t, p, peerRequest(t, p, "wrong-"+p.Password, srvs...)).Results {
			wantCode(t, r, AuthFailed)
			if !strings.Contains(r.Diagnosis.ServerReply, "Authentication failed") {
				t.Fatalf("%s: reply %q", r.Server.Addr(), r.Diagnosis.ServerReply)
			}
		}
	})
	t.Run("plain text refused", func(t *testing.T) {
		// Without encryption the password is not sent; Dovecot offers STARTTLS.
		req := peerRequest(t, p, p.Password,
			peerServer(p, settings.IMAP, settings.None, p.Port(t, "imap")),
			peerServer(p, settings.POP3, settings.None, p.Port(t, "pop3")))
		for _, r := range runPeer(t, p, req).Results {
			wantCode(t, r, AuthMechanism)
		}
	})
}
