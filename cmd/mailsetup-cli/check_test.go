package main

import (
	"crypto/tls"
	"encoding/json"
	"io"
	"net"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/mailsetup/mailsetup/check"
	"github.com/mailsetup/mailsetup/internal/fakenet"
	"github.com/mailsetup/mailsetup/internal/testpeers"
	"github.com/mailsetup/mailsetup/keychain"
)

const (
	cliUser     = "ana@example.es"
	cliPassword = "Cli-Test-Pa55word-unique"
)

// cliServers runs go-imap's in-memory IMAP server and a go-smtp server
// with implicit TLS on 127.0.0.1, with a certificate for that address.
type cliServers struct {
	caFile    string
	imapPort  int
	smtpPort  int
	delivered chan string
}

func startCLIServers(t *testing.T) *cliServers {
	t.Helper()
	dir := t.TempDir()
	caFile, certFile, keyFile, _ := testpeers.WriteCerts(t, dir, "127.0.0.1")
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}}
	s := &cliServers{caFile: caFile, delivered: make(chan string, 4)}

	mem := imapmemserver.New()
	u := imapmemserver.NewUser(cliUser, cliPassword)
	_ = u.Create("INBOX", nil)
	mem.AddUser(u)
	is := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}},
		InsecureAuth: true,
	})
	iln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.imapPort = iln.Addr().(*net.TCPAddr).Port
	go func() { _ = is.Serve(iln) }()
	t.Cleanup(func() { is.Close() })

	ss := smtp.NewServer(&smtpBackend{s: s})
	ss.Domain = "localhost"
	sln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.smtpPort = sln.Addr().(*net.TCPAddr).Port
	go func() { _ = ss.Serve(sln) }()
	t.Cleanup(func() { ss.Close() })
	return s
}

type smtpBackend struct{ s *cliServers }

func (b *smtpBackend) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{s: b.s}, nil }

type smtpSession struct {
	s      *cliServers
	authed bool
}

func (ss *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (ss *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != cliUser || pass != cliPassword {
			return smtp.ErrAuthFailed
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *smtpSession) Mail(string, *smtp.MailOptions) error {
	if !ss.authed {
		return smtp.ErrAuthRequired
	}
	return nil
}
func (ss *smtpSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (ss *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return err
	}
	ss.s.delivered <- string(b)
	return nil
}
func (ss *smtpSession) Reset()        {}
func (ss *smtpSession) Logout() error { return nil }

func (s *cliServers) args(extra ...string) []string {
	return append([]string{"check", cliUser,
		"--imap", "127.0.0.1:" + strconv.Itoa(s.imapPort) + ":tls",
		"--smtp", "127.0.0.1:" + strconv.Itoa(s.smtpPort) + ":tls",
		"--ca-file", s.caFile, "--timeout", "3s", "--no-fallback"}, extra...)
}

func decodeCheck(t *testing.T, out string) check.Document {
	t.Helper()
	var d check.Document
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("stdout is not one JSON document: %v\n%s", err, out)
	}
	return d
}

func TestCheckRightPasswordSendsTest(t *testing.T) {
	s := startCLIServers(t)
	r := runCLI(cliPassword+"\n", s.args("--password-stdin", "--send-test", "--json", "--lang", "es")...)
	noSecret(t, r, cliPassword)
	if r.code != exitOK {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	d := decodeCheck(t, r.stdout)
	if !d.OK || len(d.Results) != 2 || d.Email != cliUser {
		t.Fatalf("%+v", d)
	}
	in, out := d.Results[0], d.Results[1]
	if in.Role != "incoming" || in.Protocol != "imap" || out.Role != "outgoing" || out.Protocol != "smtp" {
		t.Fatalf("results %+v", d.Results)
	}
	var names []string
	for _, st := range out.Steps {
		names = append(names, string(st.Step))
	}
	if got := strings.Join(names, " "); got != "resolve connect tls greeting capabilities auth send" {
		t.Fatalf("steps %s", got)
	}
	var msg string
	select {
	case msg = <-s.delivered:
	case <-time.After(10 * time.Second):
		t.Fatal("no test message arrived")
	}
	if !strings.Contains(msg, "Subject: Mensaje de prueba de mailsetup") || !strings.Contains(msg, "Message-ID: <") {
		t.Fatalf("test message:\n%s", msg)
	}
}

func TestCheckWrongPassword(t *testing.T) {
	s := startCLIServers(t)
	wrong := "Wrong-" + cliPassword
	r := runCLI(wrong+"\n", s.args("--password-stdin", "--json")...)
	noSecret(t, r, wrong)
	if r.code != exitFailed {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	d := decodeCheck(t, r.stdout)
	for _, res := range d.Results {
		if res.OK || res.Diagnosis == nil || res.Diagnosis.Code != check.AuthFailed {
			t.Fatalf("%+v", res)
		}
		if res.Diagnosis.Message == "" || res.Diagnosis.Advice == "" || res.Diagnosis.ServerReply == "" {
			t.Fatalf("diagnosis %+v", res.Diagnosis)
		}
	}
	// The human form says it too, in Spanish.
	r = runCLI(wrong+"\n", s.args("--password-stdin", "--lang", "es")...)
	noSecret(t, r, wrong)
	for _, want := range []string{"✗ Iniciar sesión", "El servidor rechazó el usuario o la contraseña.", "Qué hacer:", "El servidor dijo: 535 5.7.8", "Algún servidor falló."} {
		if !strings.Contains(r.stdout, want) {
			t.Fatalf("human output lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestCheckWithoutPasswordSkipsAuth(t *testing.T) {
	s := startCLIServers(t)
	r := runCLI("", s.args("--json")...)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, `"skipped": true`) {
		t.Fatalf("no skipped auth step:\n%s", r.stdout)
	}
	r = runCLI("", s.args("--lang", "en")...)
	if !strings.Contains(r.stdout, "Sign in: skipped (no password)") || !strings.Contains(r.stdout, "✓ Connect") {
		t.Fatalf("human output:\n%s", r.stdout)
	}
}

func TestCheckKeychain(t *testing.T) {
	s := startCLIServers(t)
	useFakeKeychain(t, map[string]string{cliUser: cliPassword})
	r := runCLI("", s.args("--keychain", "--json")...)
	noSecret(t, r, cliPassword)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	useFakeKeychain(t, map[string]string{})
	if r := runCLI("", s.args("--keychain")...); r.code != exitFailed {
		t.Fatalf("no stored password: exit %d", r.code)
	}
}

func TestCheckBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"check"},
		{"check", "not-an-address"},
		{"check", "ana@example.es", "--imap", "mail.example.es"},
		{"check", "ana@example.es", "--smtp", "mail.example.es:465:ssl"},
		{"check", "ana@example.es", "--pop3", "mail.example.es:99999:tls"},
		{"check", "ana@example.es", "--imap", "x.es:993:tls", "--password-stdin", "--keychain"},
		{"check", "ana@example.es", "--smtp", "x.es:465:tls", "--send-test"},
		{"check", "ana@example.es", "--imap", "127.0.0.1:1:tls", "--username", "ana\r\nA1 LOGOUT"},
		{"check", "ana@example.es", "--imap", "127.0.0.1:1:tls", "--username", strings.Repeat("a", 321)},
		{"check", "ana@example.es", "--imap", "[::1]:1:tls", "--username", "\xff"},
	} {
		r := runCLI("", args...)
		if r.code != exitBadInput || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: exit %d stdout %q stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
}

func TestCheckKeychainUnavailableExits3(t *testing.T) {
	fake := useFakeKeychain(t, nil)
	fake.Fail = &keychain.UnavailableError{Reason: keychain.ReasonNoSessionBus}
	r := runCLI("", "check", cliUser, "--imap", "127.0.0.1:1:tls", "--keychain", "--lang", "en")
	if r.code != exitNoStore || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "desktop session") || !strings.Contains(r.stderr, "[no_session_bus]") {
		t.Fatalf("%+v", r)
	}
}

// The human form, in both languages, with timings and ports normalised.
func TestCheckHumanGolden(t *testing.T) {
	s := startCLIServers(t)
	ms := regexp.MustCompile(`\(\d+ ms\)`)
	for _, lang := range []string{"es", "en"} {
		r := runCLI("Wrong-password\n", s.args("--password-stdin", "--lang", lang)...)
		out := ms.ReplaceAllString(r.stdout, "(N ms)")
		out = strings.NewReplacer(strconv.Itoa(s.imapPort), "IMAPPORT", strconv.Itoa(s.smtpPort), "SMTPPORT").Replace(out)
		checkGolden(t, "check-wrong-password."+lang+".txt", []byte(out))
	}
}

// Without server flags, detection picks the servers: the built-in table's
// first incoming and first outgoing server for Gmail. (Its names do not
// resolve in this little Internet, which is the diagnosis.)
func TestCheckDetectsServers(t *testing.T) {
	w := fakenet.New(t)
	r := runCLI("", "check", "ana@gmail.com", "--dns-server", w.DNSAddr, "--timeout", "2s", "--json")
	if r.code != exitFailed {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	d := decodeCheck(t, r.stdout)
	if len(d.Results) != 2 || d.Results[0].Host != "imap.gmail.com" || d.Results[0].Port != 993 ||
		d.Results[1].Host != "smtp.gmail.com" || d.Results[1].Role != "outgoing" {
		t.Fatalf("%+v", d.Results)
	}
	for _, res := range d.Results {
		if res.Diagnosis == nil || (res.Diagnosis.Code != check.DNSNotFound && res.Diagnosis.Code != check.DNSTimeout) {
			t.Fatalf("%+v", res)
		}
	}
}
