//go:build thunderbird

package export

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/settings"
)

// Real Thunderbird (Debian's ESR, headless) reads what we export
// (build.md §8). Each test starts Thunderbird on a temporary profile, waits
// until it has loaded the accounts, stops it with SIGTERM (it then writes
// prefs.js) and checks prefs.js. All servers are on localhost: Thunderbird
// may try to connect and is refused, nothing leaves the machine.

func thunderbird(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("thunderbird")
	if err != nil {
		if os.Getenv("MAILSETUP_REQUIRE_PEERS") == "1" {
			t.Fatal("thunderbird is not installed (scripts/deps.sh test installs it)")
		}
		t.Skip("thunderbird is not installed")
	}
	return path
}

// localAccount is an account whose servers are all on localhost.
func localAccount(t *testing.T, name, address string, in settings.Protocol, inPort int, inSec settings.Security, outPort int, outSec settings.Security, user string) settings.Account {
	return account(t, name, address, settings.Config{
		ProviderName: "Local test",
		Incoming:     []settings.Server{srv(in, "localhost", inPort, inSec, user)},
		Outgoing:     []settings.Server{srv(settings.SMTP, "localhost", outPort, outSec, user)},
		Login:        settings.Login{Password: settings.PasswordAllowed},
	})
}

type tbProcess struct {
	cmd  *exec.Cmd
	done chan error
	log  *bytes.Buffer
}

// startThunderbird runs Thunderbird headless on profile in its own process
// group, inside dbus-run-session unless a session bus is already there.
func startThunderbird(t *testing.T, tb, profile string) *tbProcess {
	t.Helper()
	args := []string{tb, "--headless", "--no-remote", "--profile", profile}
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		if dbus, err := exec.LookPath("dbus-run-session"); err == nil {
			args = append([]string{dbus, "--"}, args...)
		}
	}
	cmd := exec.Command(args[0], args[1:]...)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "MOZ_HEADLESS=1")
	log := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &tbProcess{cmd: cmd, done: make(chan error, 1), log: log}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() { p.stop(t) })
	return p
}

// stop sends SIGTERM to Thunderbird's process group (the processes we
// started), waits for a clean exit, and kills the group only if it hangs.
func (p *tbProcess) stop(t *testing.T) {
	if p.cmd.ProcessState != nil {
		return
	}
	pgid := p.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(45 * time.Second):
		t.Errorf("thunderbird did not exit on SIGTERM; killing it")
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-p.done
	}
	// Content processes share the group; make sure none outlives the test.
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
}

// waitPrefs polls prefs.js until ok accepts it or Thunderbird exits.
func waitPrefs(t *testing.T, p *tbProcess, profile string, ok func(*prefsFile) bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-p.done:
			p.done <- err
			t.Fatalf("thunderbird exited early (%v):\n%s", err, p.log.String())
		default:
		}
		if data, err := os.ReadFile(filepath.Join(profile, "prefs.js")); err == nil {
			if f, err := parsePrefs(data); err == nil && ok(f) {
				return
			}
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("thunderbird did not load the account within 90 s:\n%s", p.log.String())
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
	tb := thunderbird(t)
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

	p.stop(t)
	f := readPrefsFile(t, filepath.Join(profile, "prefs.js"))
	if data, _ := os.ReadFile(filepath.Join(profile, "prefs.js")); bytes.Contains(data, []byte("mail.server.server1.password")) {
		t.Fatal("a password in prefs.js")
	}
	if err := checkTBPrefs(f); err != nil {
		t.Fatal(err)
	}
	pl, _ := prepare(a, needBoth, false)
	if err := checkTBAccount(f, expect{p: pl}); err != nil {
		t.Fatalf("%v\n%s", err, p.log.String())
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
	tb := thunderbird(t)
	old := localAccount(t, "Cuenta Antigua", "antigua@example.org", settings.IMAP, 12993, settings.TLS, 12465, settings.TLS, "antigua")
	profile := newTBProfile(t)
	userJS := filepath.Join(profile, "user.js")
	exportTo(t, userJS, ThunderbirdUserJS, old)
	p := startThunderbird(t, tb, profile)
	waitPrefs(t, p, profile, loaded("server1"))
	p.stop(t)
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
	p.stop(t)

	f := readPrefsFile(t, filepath.Join(profile, "prefs.js"))
	if err := checkTBPrefs(f); err != nil {
		t.Fatal(err)
	}
	for _, a := range []settings.Account{old, added} {
		pl, _ := prepare(a, needBoth, false)
		if err := checkTBAccount(f, expect{p: pl}); err != nil {
			t.Fatalf("%s: %v\n%s", a.Address, err, p.log.String())
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
