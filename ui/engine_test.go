package ui

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/internal/fakenet"
	"github.com/mailsetup/mailsetup/keychain"
	"github.com/mailsetup/mailsetup/keychain/keychaintest"
	"github.com/mailsetup/mailsetup/settings"
)

// The wizard on the real engine (engine.go: providers, check, keychain,
// export) against servers on loopback: a small DNS + HTTPS world, an IMAP
// server (go-imap's in-memory one) and an SMTP submission server (go-smtp),
// both over TLS with certificates of the world's CA. Only the keychain is
// in memory: the OS keychain has its own stage.

const (
	loopHost = "mail.example.test"
	loopUser = "ana@example.test"
	loopPass = "correct horse battery staple"
)

func startIMAP(t *testing.T, cert *tls.Certificate) int {
	t.Helper()
	mem := imapmemserver.New()
	user := imapmemserver.NewUser(loopUser, loopPass)
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	cfg := &tls.Config{Certificates: []tls.Certificate{*cert}}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:      imap.CapSet{imap.CapIMAP4rev1: {}},
		TLSConfig: cfg,
		Logger:    discardLogger{},
	})
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().(*net.TCPAddr).Port
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}
func (discardLogger) Println(...any)        {}

// smtpBackend accepts loopUser/loopPass with AUTH PLAIN and takes any mail.
type smtpBackend struct{}

func (smtpBackend) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{}, nil }

type smtpSession struct{}

func (*smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (*smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user == loopUser && pass == loopPass {
			return nil
		}
		return smtp.ErrAuthFailed
	}), nil
}
func (*smtpSession) Mail(string, *smtp.MailOptions) error { return nil }
func (*smtpSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (*smtpSession) Data(r io.Reader) error               { _, err := io.Copy(io.Discard, r); return err }
func (*smtpSession) Reset()                               {}
func (*smtpSession) Logout() error                        { return nil }

func startSMTP(t *testing.T, cert *tls.Certificate) int {
	t.Helper()
	s := smtp.NewServer(smtpBackend{})
	s.Domain = loopHost
	s.ErrorLog = discardLogger{}
	cfg := &tls.Config{Certificates: []tls.Certificate{*cert}}
	s.TLSConfig = cfg
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	t.Cleanup(func() { s.Close() })
	return ln.Addr().(*net.TCPAddr).Port
}

func TestRealEngineOnLoopback(t *testing.T) {
	world := fakenet.New(t)
	world.Host(loopHost)
	cert := world.CA.Issue(loopHost)
	imapPort, smtpPort := startIMAP(t, cert), startSMTP(t, cert)

	store := keychaintest.New(nil)
	var indexData []byte
	index := keychain.NewIndex(func() ([]byte, error) {
		if indexData == nil {
			return nil, os.ErrNotExist
		}
		return indexData, nil
	}, func(b []byte) error { indexData = append([]byte(nil), b...); return nil })
	eng := &engine{net: world.Network(2 * time.Second), store: store, index: index,
		ispdb: "https://ispdb.example.test/v1.1/"}

	dir := t.TempDir()
	a := test.NewTempApp(t)
	w := newWizard(a, eng, Options{Lang: i18n.EN, SaveDir: dir})
	w.bridge.queue = make(chan func(), 4096)
	w.win.Show()
	h := &harness{t: t, w: w, dir: dir}
	t.Cleanup(func() { w.bridge.close(); w.bridge.wait() })

	// Nothing in this world knows example.test: discovery gives up and
	// offers the usual names to type by hand.
	h.typeAddress("Ana", loopUser)
	s := w.settings
	if s.failure != "ui.settings.not_found" {
		t.Fatalf("discovery ended with %q", s.failure)
	}
	for _, q := range world.AskedHTTP() {
		if !strings.Contains(q, "example.test") {
			t.Errorf("discovery asked outside the test world: %s", q)
		}
	}
	// The person types the ports their provider gave them.
	test.Type(s.inEdit.port, "") // focus
	s.inEdit.port.SetText(strconv.Itoa(imapPort))
	s.outEdit.port.SetText(strconv.Itoa(smtpPort))
	if in, _ := w.account.Config.FirstIncoming(); in.Host != loopHost || in.Port != imapPort {
		t.Fatalf("incoming after editing = %+v", in)
	}
	test.Tap(s.trustCheck)
	h.next()

	// A wrong password: the real checker says so, and nothing is saved.
	test.Type(w.pass.entry, "wrong")
	h.next()
	c := w.check
	if w.report == nil || w.report.OK() {
		t.Fatalf("a wrong password passed: %+v, err %v", w.report, c.failedErr)
	}
	if !c.cards[0].failure.Visible() || c.cards[0].message.Text == "" || c.cards[0].advice.Text == "" {
		t.Errorf("no explanation for the rejected password: %q / %q", c.cards[0].message.Text, c.cards[0].advice.Text)
	}
	if code := w.report.Results[0].Diagnosis.Code; code != "auth.failed" {
		t.Errorf("diagnosis code = %q", code)
	}
	if _, err := store.Get(loopUser); !errors.Is(err, keychain.ErrNotFound) {
		t.Errorf("keychain after a rejected password: %v", err)
	}

	// The right password: every line ticked, the password in the keychain.
	test.Tap(w.back)
	w.pass.entry.SetText(loopPass)
	h.next()
	if w.report == nil || !w.report.OK() {
		t.Fatalf("check failed: %+v, err %v", w.report, c.failedErr)
	}
	for _, card := range c.cards {
		if l := card.byStep["auth"]; l.state != StepOK {
			t.Errorf("%s: auth line %v", card.server.Host, l.state)
		}
	}
	if got, err := store.Get(loopUser); err != nil || string(got) != loopPass {
		t.Errorf("keychain holds %q, %v", got, err)
	}
	if list := index.List(); len(list) != 1 || list[0] != loopUser {
		t.Errorf("saved list = %v", list)
	}
	h.next()

	// A real export: Thunderbird's user.js, without the password.
	f := w.finish
	test.Tap(f.tbFile)
	h.settle()
	data, err := os.ReadFile(filepath.Join(dir, loopUser, "user.js"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), loopHost) || !strings.Contains(string(data), strconv.Itoa(imapPort)) {
		t.Errorf("user.js lacks the server:\n%s", data)
	}
	if strings.Contains(string(data), loopPass) {
		t.Error("the password went into user.js")
	}

	// Forgetting from the menu removes it from keychain and list.
	if err := eng.Keychain().Delete(loopUser); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Get(loopUser); !errors.Is(err, keychain.ErrNotFound) || len(index.List()) != 0 {
		t.Errorf("after forgetting: %v, list %v", err, index.List())
	}
}

// The real engine tells "DNS never answered" (no network) from "nothing
// found", so the settings step can say to check the connection.
func TestRealEngineNoNetwork(t *testing.T) {
	world := fakenet.New(t)
	eng := &engine{net: world.Network(300 * time.Millisecond), ispdb: "https://ispdb.example.test/v1.1/"}
	addr, err := settings.ParseAddress(loopUser)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Discover(context.Background(), addr, func(Progress) {}); !errors.Is(err, errNothingFound) {
		t.Fatalf("nothing published: err = %v, want errNothingFound", err)
	}
	world.StallAllDNS()
	if _, err := eng.Discover(context.Background(), addr, func(Progress) {}); !errors.Is(err, ErrNoNetwork) {
		t.Fatalf("DNS silent: err = %v, want ErrNoNetwork", err)
	}
}

// The real engine names every domain check in plain words, in both languages.
func TestRealEngineDomainLabels(t *testing.T) {
	world := fakenet.New(t)
	eng := &engine{net: world.Network(300 * time.Millisecond)}
	rep, err := eng.DomainHealth(context.Background(), "example.test")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range rep.Findings {
		for _, l := range []i18n.Lang{i18n.ES, i18n.EN} {
			if got := f.Label.In(l); got == "" || strings.HasPrefix(got, "domain.") {
				t.Errorf("%s label in %s = %q", f.Check, l, got)
			}
		}
	}
}
