//go:build thunderbird

package export

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/internal/tbtest"
	"github.com/mailsetup/mailsetup/settings"
)

// Real Thunderbird (Debian's ESR, headless) reads what we export
// (build.md §8). Each test starts Thunderbird on a temporary profile, waits
// until it has loaded the accounts, stops it with SIGTERM (it then writes
// prefs.js) and checks prefs.js. All servers are on localhost: Thunderbird
// may try to connect and is refused, nothing leaves the machine.

// localAccount is an account whose servers are all on localhost.
func localAccount(t *testing.T, name, address string, in settings.Protocol, inPort int, inSec settings.Security, outPort int, outSec settings.Security, user string) settings.Account {
	return account(t, name, address, settings.Config{
		ProviderName: "Local test",
		Incoming:     []settings.Server{srv(in, "localhost", inPort, inSec, user)},
		Outgoing:     []settings.Server{srv(settings.SMTP, "localhost", outPort, outSec, user)},
		Login:        settings.Login{Password: settings.PasswordAllowed},
	})
}

// waitPrefs polls prefs.js until ok accepts it.
func waitPrefs(t *testing.T, p *tbtest.Process, profile string, ok func(*prefsFile) bool) {
	t.Helper()
	p.WaitFor(t, "account in prefs.js", func() bool {
		data, err := os.ReadFile(filepath.Join(profile, "prefs.js"))
		if err != nil {
			return false
		}
		f, err := parsePrefs(data)
		return err == nil && ok(f)
	})
}

func startThunderbird(t *testing.T, tb, profile string, extra ...string) *tbtest.Process {
	return tbtest.Start(t, tb, tbtest.Env(), append([]string{"--profile", profile}, extra...)...)
}

// loaded reports that Thunderbird's account manager has run on the
// profile: it has created Local Folders and given server key its folder
// directory.
func loaded(server string) func(*prefsFile) bool {
	return func(f *prefsFile) bool {
		return f.str("mail.accountmanager.localfoldersserver") != "" && f.str("mail.server."+server+".directory-rel") != ""
	}
}

// newTBProfile is an empty profile directory, as a user's new profile is.
// (Prefs that silence first-run dialogs also stop Thunderbird from making
// Local Folders, so none are pre-set.)
func newTBProfile(t *testing.T) string { return t.TempDir() }

func exportTo(t *testing.T, path string, f Format, a settings.Account) {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, f, a, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestThunderbirdUserJS: a fresh profile given our user.js gets the
// account; while Thunderbird runs, thunderbird-profile refuses that profile
// but not another one.
func TestThunderbirdUserJS(t *testing.T) {
	tb := tbtest.Binary(t)
	a := localAccount(t, `Ana Pérez "Test" \ Ñ`, "ana@example.es", settings.IMAP, 11993, settings.TLS, 11587, settings.STARTTLS, "ana@example.es")
	profile := newTBProfile(t)
	exportTo(t, filepath.Join(profile, "user.js"), ThunderbirdUserJS, a)

	p := startThunderbird(t, tb, profile)
	waitPrefs(t, p, profile, loaded("server1"))

	// Thunderbird holds this profile: the profile export must refuse and
	// change nothing.
	other := localAccount(t, "Otra", "otra@example.es", settings.IMAP, 11993, settings.TLS, 11587, settings.STARTTLS, "otra@example.es")
	entries, _ := os.ReadDir(profile)
	_, err := AddToProfile(profile, other, Options{})
	var e *Error
	if !errors.As(err, &e) || e.Reason != ReasonProfileLocked {
		t.Fatalf("AddToProfile on a running profile: %v", err)
	}
	if after, _ := os.ReadDir(profile); len(after) != len(entries) {
		t.Errorf("the refused export added files: %d → %d", len(entries), len(after))
	}
	// Another Thunderbird profile is no reason to refuse.
	if _, err := AddToProfile(newProfile(t), other, Options{}); err != nil {
		t.Fatalf("AddToProfile on another profile while Thunderbird runs: %v", err)
	}

	p.Stop(t)
	f := readPrefsFile(t, filepath.Join(profile, "prefs.js"))
	if data, _ := os.ReadFile(filepath.Join(profile, "prefs.js")); bytes.Contains(data, []byte("mail.server.server1.password")) {
		t.Fatal("a password in prefs.js")
	}
	if err := checkTBPrefs(f); err != nil {
		t.Fatal(err)
	}
	pl, _ := prepare(a, needBoth, false)
	if err := checkTBAccount(f, expect{p: pl}); err != nil {
		t.Fatalf("%v\n%s", err, p.Log())
	}
	if got := f.str("mail.accountmanager.accounts"); !strings.HasPrefix(got, "account1,") {
		t.Errorf("accounts = %q: Local Folders should follow ours", got)
	}
	if _, err := os.Stat(filepath.Join(profile, "lock")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Thunderbird left its lock: %v", err)
	}
}

// TestThunderbirdProfile: Thunderbird makes a profile with one account;
// we add a second with AddToProfile; Thunderbird then loads both.
func TestThunderbirdProfile(t *testing.T) {
	tb := tbtest.Binary(t)
	old := localAccount(t, "Cuenta Antigua", "antigua@example.org", settings.IMAP, 12993, settings.TLS, 12465, settings.TLS, "antigua")
	profile := newTBProfile(t)
	userJS := filepath.Join(profile, "user.js")
	exportTo(t, userJS, ThunderbirdUserJS, old)
	p := startThunderbird(t, tb, profile)
	waitPrefs(t, p, profile, loaded("server1"))
	p.Stop(t)
	// As the user.js instructions say: delete it after the first start.
	if err := os.Remove(userJS); err != nil {
		t.Fatal(err)
	}

	added := localAccount(t, "José Müller ‘Ñ’", "jose@example.net", settings.POP3, 12995, settings.TLS, 12587, settings.STARTTLS, "jose@example.net")
	res, err := AddToProfile(profile, added, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Backup == "" {
		t.Fatal("no backup of prefs.js")
	}

	p = startThunderbird(t, tb, profile)
	waitPrefs(t, p, profile, loaded(res.Keys.Server))
	p.Stop(t)

	f := readPrefsFile(t, filepath.Join(profile, "prefs.js"))
	if err := checkTBPrefs(f); err != nil {
		t.Fatal(err)
	}
	for _, a := range []settings.Account{old, added} {
		pl, _ := prepare(a, needBoth, false)
		if err := checkTBAccount(f, expect{p: pl}); err != nil {
			t.Fatalf("%s: %v\n%s", a.Address, err, p.Log())
		}
	}
	accounts := splitList(f.str("mail.accountmanager.accounts"))
	if len(accounts) != 3 || accounts[1] != res.Keys.Account {
		t.Errorf("accounts = %v, want the old one, %s, then Local Folders", accounts, res.Keys.Account)
	}
	if got := f.str("mail.server." + res.Keys.Server + ".type"); got != "pop3" {
		t.Errorf("new server type %q", got)
	}
}

// TestThunderbirdRespectsOurLock: while AddToProfile holds the profile (the
// POSIX lock on .parentlock, as Thunderbird takes it), a Thunderbird that
// starts on that profile refuses it instead of reading half an edit.
func TestThunderbirdRespectsOurLock(t *testing.T) {
	tb := tbtest.Binary(t)
	profile := t.TempDir()
	unlock, err := lockProfile(profile)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	cmd := tbtest.Command(tb, tbtest.Env(), "--profile", profile)
	done := make(chan struct{})
	var out []byte
	go func() { out, _ = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		t.Fatal("thunderbird neither refused the locked profile nor exited")
	}
	if !bytes.Contains(out, []byte("already running")) {
		t.Errorf("thunderbird did not report the profile in use:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(profile, "prefs.js")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("thunderbird wrote prefs.js into a locked profile: %v", err)
	}
}
