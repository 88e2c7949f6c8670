package main

import (
	"crypto/tls"
	"net"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/mailsetup/mailsetup/internal/testpeers"
)

// --password-stdin takes the first line only ("\r\n" or "\n" ends it): what
// follows is not part of the password, and a missing line is bad input.
func TestCheckPasswordStdinFirstLineOnly(t *testing.T) {
	s := startCLIServers(t)
	r := runCLI(cliPassword+"\r\nsecond line, not the password\n", s.args("--password-stdin", "--json")...)
	noSecret(t, r, cliPassword)
	if r.code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, res := range decodeCheck(t, r.stdout).Results {
		last := res.Steps[len(res.Steps)-1]
		if last.Step != "auth" || !last.OK || last.Skipped {
			t.Fatalf("%s: last step %+v", res.Protocol, last)
		}
	}
	r = runCLI("", s.args("--password-stdin")...)
	if r.code != exitBadInput || r.stdout != "" {
		t.Fatalf("empty stdin: exit %d stdout %q", r.code, r.stdout)
	}
}

// A DNS server that never answers gives dns.timeout, and the step's detail
// is in the user's language, not the resolver's English.
func TestCheckDNSTimeoutDetailTranslated(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close() // reads nothing, answers nothing
	r := runCLI("", "check", cliUser, "--imap", "mail.example.es:993:tls", "--no-fallback",
		"--dns-server", pc.LocalAddr().String(), "--timeout", "300ms", "--lang", "es", "--json")
	if r.code != exitFailed {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	res := decodeCheck(t, r.stdout).Results[0]
	if res.Diagnosis == nil || res.Diagnosis.Code != "dns.timeout" || len(res.Steps) != 1 ||
		res.Steps[0].Detail != "el DNS no respondió a tiempo para mail.example.es" {
		t.Fatalf("%+v %+v", res.Steps, res.Diagnosis)
	}
	if strings.Contains(r.stdout, "no answer in time") {
		t.Fatalf("English detail in Spanish output:\n%s", r.stdout)
	}
}

// Servers typed by hand at a provider the table knows get the table's login
// name (here the part before the @), as detection would have given.
func TestCheckServerFlagsUseKnownUsername(t *testing.T) {
	dir := t.TempDir()
	caFile, certFile, keyFile, _ := testpeers.WriteCerts(t, dir, "127.0.0.1")
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	mem := imapmemserver.New()
	u := imapmemserver.NewUser("ana", cliPassword) // bay.wind.ne.jp: %EMAILLOCALPART%
	_ = u.Create("INBOX", nil)
	mem.AddUser(u)
	is := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps: imap.CapSet{imap.CapIMAP4rev1: {}},
	})
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = is.Serve(ln) }()
	t.Cleanup(func() { is.Close() })
	args := []string{"check", "ana@bay.wind.ne.jp", "--imap", ln.Addr().String() + ":tls", "--no-fallback",
		"--ca-file", caFile, "--timeout", "3s", "--password-stdin", "--json"}
	if r := runCLI(cliPassword+"\n", args...); r.code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	// --username still wins.
	if r := runCLI(cliPassword+"\n", append(args, "--username", "ana@bay.wind.ne.jp")...); r.code != exitFailed {
		t.Fatalf("--username ignored: exit %d", r.code)
	}
	out, _, code := runArgs("", "export", "ana@bay.wind.ne.jp", "--format", "env", "--imap", "m.x.es:993:tls", "--smtp", "m.x.es:465:tls")
	if code != exitOK || !strings.Contains(out, "IMAP_USER=ana\n") || !strings.Contains(out, "SMTP_USER=ana\n") {
		t.Fatalf("export: exit %d\n%s", code, out)
	}
}

// --imap, --pop3 and --smtp may be repeated: every server given is checked
// (none silently dropped), up to a bound; beyond it, exit 2.
func TestServerFlagsRepeat(t *testing.T) {
	r := runCLI("", "check", cliUser, "--imap", "127.0.0.1:1:tls", "--imap", "[::1]:2:starttls", "--smtp", "127.0.0.1:3:tls",
		"--no-fallback", "--timeout", "1s", "--json")
	d := decodeCheck(t, r.stdout)
	if r.code != exitFailed || len(d.Results) != 3 || d.Results[0].Port != 1 || d.Results[1].Host != "::1" || d.Results[2].Protocol != "smtp" {
		t.Fatalf("exit %d %+v", r.code, d.Results)
	}
	out, errOut, code := runArgs("", "export", cliUser, "--format", "json", "--imap", "a.example.es:993:tls",
		"--pop3", "b.example.es:995:tls", "--smtp", "c.example.es:465:tls", "--smtp", "d.example.es:587:starttls")
	if code != exitOK || strings.Count(out, `"host"`) != 4 || strings.Index(out, "a.example.es") > strings.Index(out, "b.example.es") {
		t.Fatalf("export: exit %d %s %s", code, out, errOut)
	}
	many := []string{"check", cliUser}
	for i := 0; i < maxServerFlags+1; i++ {
		many = append(many, "--smtp", "127.0.0.1:1:tls")
	}
	for _, args := range [][]string{many, append([]string{"export", cliUser, "--format", "env"}, many[2:]...)} {
		out, errOut, code := runArgs("", args...)
		if code != exitBadInput || out != "" || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%s: exit %d stdout %q stderr %q", args[0], code, out, errOut)
		}
	}
}
