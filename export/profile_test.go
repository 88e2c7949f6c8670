package export

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/i18n"
)

// newProfile copies testdata/profile (an existing account, Local Folders)
// into a temporary profile directory.
func newProfile(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("testdata", "profile", "prefs.js"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "prefs.js"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// snapshot records every file of dir with its contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if e.Type()&os.ModeSymlink != 0 {
			target, _ := os.Readlink(path)
			out[e.Name()] = "-> " + target
			continue
		}
		data, _ := os.ReadFile(path)
		out[e.Name()] = string(data)
	}
	return out
}

func readPrefsFile(t *testing.T, path string) *prefsFile {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := parsePrefs(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestAddToProfileMerges(t *testing.T) {
	dir := newProfile(t)
	before, _ := os.ReadFile(filepath.Join(dir, "prefs.js"))
	a := fixture(t, "pop")
	res, err := AddToProfile(dir, a, Options{Now: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Keys != (ProfileKeys{"account3", "server3", "id2", "smtp2"}) {
		t.Fatalf("keys = %+v", res.Keys)
	}
	// The backup is the file as it was.
	if b, err := os.ReadFile(res.Backup); err != nil || !bytes.Equal(b, before) {
		t.Fatalf("backup %s: %v", res.Backup, err)
	}
	f := readPrefsFile(t, filepath.Join(dir, "prefs.js"))
	if err := checkTBPrefs(f); err != nil {
		t.Fatal(err)
	}
	p, _ := prepare(a, needBoth, false)
	if err := checkTBAccount(f, expect{p: p}); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]any{
		"mail.accountmanager.accounts":        "account1,account3,account2", // before Local Folders
		"mail.smtpservers":                    "smtp1,smtp2",
		"mail.account.lastKey":                3,
		"mail.accountmanager.defaultaccount":  "account1", // kept
		"mail.smtp.defaultserver":             "smtp1",    // kept
		"mail.identity.id1.fullName":          `Señora Ñandú "la de siempre"`,
		"mail.server.server3.leave_on_server": true,
	} {
		if got, _ := f.get(name); got != want {
			t.Errorf("%s = %#v, want %#v", name, got, want)
		}
	}
	// Every other statement is still there, byte for byte, exactly once.
	after, _ := os.ReadFile(filepath.Join(dir, "prefs.js"))
	old, _ := parsePrefs(before)
	for _, e := range old.entries {
		stmt := string(before[e.Start:e.End])
		n := strings.Count(string(after), stmt)
		replaced := e.Name == "mail.accountmanager.accounts" || e.Name == "mail.smtpservers" || e.Name == "mail.account.lastKey"
		if (replaced && n != 0) || (!replaced && n != 1) {
			t.Errorf("%s appears %d times", stmt, n)
		}
	}
	// A second run refuses the same account and changes nothing.
	snap := snapshot(t, dir)
	_, err = AddToProfile(dir, a, Options{})
	var e *Error
	if !errors.As(err, &e) || e.Reason != ReasonAccountExists {
		t.Fatalf("second add: %v", err)
	}
	if got := snapshot(t, dir); fmt.Sprint(got) != fmt.Sprint(snap) {
		t.Fatal("a refused add changed the profile")
	}
}

func TestAddToProfileFresh(t *testing.T) {
	dir := t.TempDir()
	res, err := AddToProfile(dir, fixture(t, "generic"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Backup != "" || res.Keys != firstKeys {
		t.Fatalf("res = %+v", res)
	}
	f := readPrefsFile(t, filepath.Join(dir, "prefs.js"))
	if err := checkTBPrefs(f); err != nil {
		t.Fatal(err)
	}
	if f.str("mail.accountmanager.defaultaccount") != "account1" || f.str("mail.smtp.defaultserver") != "smtp1" {
		t.Fatal("fresh profile lacks defaults")
	}
	if st, _ := os.Stat(filepath.Join(dir, "prefs.js")); runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("prefs.js mode %v", st.Mode().Perm())
	}
	if _, err := os.Stat(filepath.Join(dir, ".parentlock")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the .parentlock we created was left behind: %v", err)
	}
}

// refuse asserts that AddToProfile refuses with reason and leaves dir as
// it was.
func refuse(t *testing.T, dir, reason string) {
	t.Helper()
	snap := snapshot(t, dir)
	_, err := AddToProfile(dir, fixture(t, "generic"), Options{})
	var e *Error
	if !errors.As(err, &e) || e.Reason != reason {
		t.Fatalf("err = %v, want %s", err, reason)
	}
	if msg := e.In(i18n.ES); !strings.Contains(msg, dir) && reason == ReasonProfileLocked {
		t.Errorf("message does not name the profile: %s", msg)
	}
	if got := snapshot(t, dir); fmt.Sprint(got) != fmt.Sprint(snap) {
		t.Fatalf("refusal changed the profile:\n%v\n%v", snap, got)
	}
}

func TestAddToProfileLockedBySymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows locks profiles with parent.lock")
	}
	dir := newProfile(t)
	// A live process: this test itself, as Thunderbird writes it.
	if err := os.Symlink(fmt.Sprintf("127.0.0.1:+%d", os.Getpid()), filepath.Join(dir, "lock")); err != nil {
		t.Fatal(err)
	}
	refuse(t, dir, ReasonProfileLocked)
}

func TestAddToProfileStaleSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows locks profiles with parent.lock")
	}
	dir := newProfile(t)
	// A process that has exited: a lock left by a crash.
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(fmt.Sprintf("127.0.0.1:+%d", cmd.Process.Pid), filepath.Join(dir, "lock")); err != nil {
		t.Fatal(err)
	}
	if _, err := AddToProfile(dir, fixture(t, "generic"), Options{}); err != nil {
		t.Fatalf("a stale lock should not block: %v", err)
	}
}

// TestAddToProfileLockedByParentlock holds .parentlock's POSIX lock in
// another process, as a running Thunderbird does.
func TestAddToProfileLockedByParentlock(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows locks profiles with parent.lock")
	}
	dir := newProfile(t)
	if err := os.WriteFile(filepath.Join(dir, ".parentlock"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldLock$")
	cmd.Env = append(os.Environ(), "MAILSETUP_HOLD_LOCK="+filepath.Join(dir, ".parentlock"))
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	buf := make([]byte, 6)
	if _, err := stdout.Read(buf); err != nil || string(buf[:6]) != "locked" {
		t.Fatalf("helper did not take the lock: %q %v", buf, err)
	}
	refuse(t, dir, ReasonProfileLocked)
}

// TestHelperHoldLock is the lock holder of the test above, run in a
// separate process (POSIX locks are per process).
func TestHelperHoldLock(t *testing.T) {
	path := os.Getenv("MAILSETUP_HOLD_LOCK")
	if path == "" {
		t.Skip("helper process only")
	}
	unlock, err := lockProfile(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	fmt.Print("locked")
	time.Sleep(time.Minute)
}

func TestAddToProfileUserJSOverride(t *testing.T) {
	dir := newProfile(t)
	if err := os.WriteFile(filepath.Join(dir, "user.js"), []byte(`user_pref("mail.accountmanager.accounts", "account1");`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	refuse(t, dir, ReasonUserJSOverrides)
}

func TestAddToProfileMissingDir(t *testing.T) {
	_, err := AddToProfile(filepath.Join(t.TempDir(), "nope"), fixture(t, "generic"), Options{})
	var e *Error
	if !errors.As(err, &e) || e.Reason != ReasonProfileNotFound {
		t.Fatalf("err = %v", err)
	}
}

func TestAddToProfileTooLarge(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "prefs.js"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxPrefsBytes + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	refuse(t, dir, ReasonPrefsTooLarge)
}

func TestDefaultProfile(t *testing.T) {
	write := func(t *testing.T, ini string) string {
		root := t.TempDir()
		if err := os.WriteFile(filepath.Join(root, "profiles.ini"), []byte(strings.ReplaceAll(ini, "\n", "\r\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		return root
	}
	t.Run("install section wins", func(t *testing.T) {
		root := write(t, "[Install4F96D1932A9F858E]\nDefault=Profiles/abcd.default-release\nLocked=1\n\n[Profile1]\nName=old\nIsRelative=1\nPath=Profiles/old.default\nDefault=1\n\n[Profile0]\nName=default-release\nIsRelative=1\nPath=Profiles/abcd.default-release\n\n[General]\nStartWithLastProfile=1\nVersion=2\n")
		got, err := DefaultProfile([]string{filepath.Join(root, "missing"), root})
		if want := filepath.Join(root, "Profiles", "abcd.default-release"); err != nil || got != want {
			t.Fatalf("got %q, %v; want %q", got, err, want)
		}
	})
	t.Run("legacy default", func(t *testing.T) {
		root := write(t, "[Profile0]\nName=a\nIsRelative=1\nPath=a.default\n\n[Profile1]\nName=b\nIsRelative=0\nPath=/srv/tb/b\nDefault=1\n")
		if got, err := DefaultProfile([]string{root}); err != nil || got != filepath.FromSlash("/srv/tb/b") {
			t.Fatalf("got %q, %v", got, err)
		}
	})
	t.Run("two installations", func(t *testing.T) {
		root := write(t, "[InstallA]\nDefault=x.default\n[InstallB]\nDefault=y.default\n[Profile0]\nPath=x.default\nIsRelative=1\n[Profile1]\nPath=y.default\nIsRelative=1\n")
		_, err := DefaultProfile([]string{root})
		var e *Error
		if !errors.As(err, &e) || e.Reason != ReasonProfileAmbiguous {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("line too long", func(t *testing.T) {
		// The Install section after the long line must not be lost in
		// silence, leaving the old Default=1 profile to be picked.
		root := write(t, "[Profile1]\nPath=old.default\nIsRelative=1\nDefault=1\n;"+strings.Repeat("x", 70<<10)+
			"\n[Install1]\nDefault=new.default\n[Profile0]\nPath=new.default\nIsRelative=1\n")
		got, err := DefaultProfile([]string{root})
		var e *Error
		if !errors.As(err, &e) || e.Reason != ReasonProfileBad {
			t.Fatalf("got %q, %v; want profile_bad", got, err)
		}
	})
	t.Run("none", func(t *testing.T) {
		_, err := DefaultProfile([]string{t.TempDir()})
		var e *Error
		if !errors.As(err, &e) || e.Reason != ReasonProfileNotFound {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("roots per system", func(t *testing.T) {
		for _, tc := range []struct{ goos, want string }{
			{"linux", filepath.Join("/home/ana", ".thunderbird")},
			{"darwin", filepath.Join("/home/ana", "Library", "Thunderbird")},
			{"windows", filepath.Join(`C:\Users\ana\AppData\Roaming`, "Thunderbird")},
		} {
			roots := profileRoots(tc.goos, "/home/ana", `C:\Users\ana\AppData\Roaming`, "")
			if len(roots) == 0 || roots[0] != tc.want {
				t.Errorf("%s: %v", tc.goos, roots)
			}
		}
	})
}

func TestNextKeysSkipsEveryKeyInUse(t *testing.T) {
	f, err := parsePrefs([]byte(`user_pref("mail.accountmanager.accounts", "account2,account7");
user_pref("mail.account.lastKey", 4);
user_pref("mail.server.server9.type", "imap");
user_pref("mail.account.account7.identities", "id3,id5");
user_pref("mail.smtpservers", "smtp4");
user_pref("mail.identity.id5.smtpServer", "smtp6");`))
	if err != nil {
		t.Fatal(err)
	}
	got := nextKeys(f)
	want := ProfileKeys{"account8", "server10", "id6", "smtp7"}
	if got != want {
		t.Fatalf("nextKeys = %+v, want %+v", got, want)
	}
}

// TestAddToProfileOpenEnd: a prefs.js that ends inside a comment or a
// string (or holds a NUL) would swallow what we append; refuse instead.
func TestAddToProfileOpenEnd(t *testing.T) {
	for _, tail := range []string{"/* unfinished comment", `user_pref("x", "unfinished`, "\x00garbage"} {
		dir := newProfile(t)
		path := filepath.Join(dir, "prefs.js")
		data, _ := os.ReadFile(path)
		if err := os.WriteFile(path, append(data, tail...), 0o600); err != nil {
			t.Fatal(err)
		}
		refuse(t, dir, ReasonProfileBad)
	}
}
