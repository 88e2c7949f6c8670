package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/keychain"
	"github.com/mailsetup/mailsetup/keychain/keychaintest"
)

// useFakeKeychain swaps the keychain for an in-memory one for this test.
func useFakeKeychain(t *testing.T, items map[string]string) *keychaintest.Store {
	t.Helper()
	fake := keychaintest.New(items)
	old := keychainStore
	keychainStore = func() keychain.Store { return fake }
	t.Cleanup(func() { keychainStore = old })
	useTempIndex(t)
	return fake
}

// useTempIndex points the app's saved-passwords list at a temporary file, so
// that no test touches the real one, and returns its path.
func useTempIndex(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fyne", "es.mailsetup.app", keychain.IndexFileName)
	old := savedIndexPath
	savedIndexPath = func() (string, error) { return path, nil }
	t.Cleanup(func() { savedIndexPath = old })
	return path
}

// TestPasswordKeepsAppListInStep checks that the app's "saved passwords"
// list follows what the command line saves and forgets, and never holds a
// secret.
func TestPasswordKeepsAppListInStep(t *testing.T) {
	useFakeKeychain(t, nil)
	path := useTempIndex(t)
	app := keychain.OpenIndex(path) // as the open app holds it
	for _, email := range []string{"ana@example.es", "Luis@Example.ES"} {
		var out, errb bytes.Buffer
		if code := run([]string{"password", "set", email}, strings.NewReader("s3cret-Value\n"), &out, &errb); code != 0 {
			t.Fatalf("set %s: exit %d, %s", email, code, errb.String())
		}
	}
	if got := app.List(); strings.Join(got, ",") != "ana@example.es,luis@example.es" {
		t.Fatalf("app list after set = %v", got)
	}
	data, err := os.ReadFile(path)
	if err != nil || bytes.Contains(data, []byte("s3cret-Value")) {
		t.Fatalf("index file: err %v, holds the secret: %v", err, bytes.Contains(data, []byte("s3cret-Value")))
	}
	var out, errb bytes.Buffer
	if code := run([]string{"password", "delete", "ana@example.es"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("delete: exit %d, %s", code, errb.String())
	}
	if got := app.List(); strings.Join(got, ",") != "luis@example.es" {
		t.Fatalf("app list after delete = %v", got)
	}
}

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(stdin string, args ...string) result {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return result{code, out.String(), errb.String()}
}

// noSecret fails the test if the secret shows up anywhere the user or a log
// could see it.
func noSecret(t *testing.T, r result, secret string) {
	t.Helper()
	if strings.Contains(r.stdout, secret) || strings.Contains(r.stderr, secret) {
		t.Fatalf("secret %q leaked: stdout=%q stderr=%q", secret, r.stdout, r.stderr)
	}
}

func TestPasswordSetReadsFirstLineOfStdin(t *testing.T) {
	for _, c := range []struct{ stdin, want string }{
		{"abcd efgh ijkl mnop\n", "abcd efgh ijkl mnop"},
		{"windows-line\r\n", "windows-line"},
		{"no-newline", "no-newline"},
		{"first\nsecond\n", "first"},
		{" spaces kept \n", " spaces kept "},
		{"contraseña€\n", "contraseña€"},
		{strings.Repeat("x", keychain.MaxSecretSize) + "\r\n", strings.Repeat("x", keychain.MaxSecretSize)},
	} {
		fake := useFakeKeychain(t, nil)
		r := runCLI(c.stdin, "password", "set", "Ana@Example.ES")
		if r.code != exitOK {
			t.Fatalf("stdin %q: exit %d, stderr %q", c.stdin, r.code, r.stderr)
		}
		noSecret(t, r, c.want)
		got, err := fake.Get("ana@example.es")
		if err != nil || string(got) != c.want {
			t.Fatalf("stdin %q: stored %q (%v), want %q", c.stdin, got, err, c.want)
		}
	}
}

func TestPasswordSetJSON(t *testing.T) {
	useFakeKeychain(t, nil)
	r := runCLI("pw-123\n", "password", "set", "--json", "ana@Example.es")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	noSecret(t, r, "pw-123")
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("stdout is not JSON: %q", r.stdout)
	}
	if doc["email"] != "ana@example.es" || doc["stored"] != true || len(doc) != 2 {
		t.Fatalf("doc = %v", doc)
	}
}

func TestPasswordBadInputExits2(t *testing.T) {
	cases := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"no action", "", []string{"password"}},
		{"no address", "", []string{"password", "set"}},
		{"unknown action", "", []string{"password", "show", "a@b.es"}},
		{"bad address", "pw\n", []string{"password", "set", "not-an-address"}},
		{"secret on argv", "", []string{"password", "set", "a@b.es", "hunter2"}},
		{"empty stdin", "", []string{"password", "set", "a@b.es"}},
		{"empty line", "\n", []string{"password", "set", "a@b.es"}},
		{"only CR", "\r\n", []string{"password", "set", "a@b.es"}},
		{"too long", strings.Repeat("y", keychain.MaxSecretSize+1) + "\n", []string{"password", "set", "a@b.es"}},
		{"NUL byte", "ab\x00cd\n", []string{"password", "set", "a@b.es"}},
		{"invalid UTF-8", "ab\xffcd\n", []string{"password", "set", "a@b.es"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fake := useFakeKeychain(t, nil)
			r := runCLI(c.stdin, c.args...)
			if r.code != exitBadInput {
				t.Fatalf("exit %d, want 2; stderr %q", r.code, r.stderr)
			}
			if r.stdout != "" || strings.Count(r.stderr, "\n") != 1 {
				t.Fatalf("want one line on stderr only: stdout=%q stderr=%q", r.stdout, r.stderr)
			}
			noSecret(t, r, "hunter2")
			if len(c.stdin) > 3 {
				noSecret(t, r, strings.TrimSpace(c.stdin))
			}
			if fake.Len() != 0 {
				t.Fatal("something was stored despite bad input")
			}
		})
	}
}

func TestPasswordGet(t *testing.T) {
	secret := `a"b\c` + "\t<&>ñ€"
	useFakeKeychain(t, map[string]string{"ana@example.es": secret})
	r := runCLI("", "password", "get", "ANA@example.es")
	if r.code != exitOK || r.stdout != secret+"\n" || r.stderr != "" {
		t.Fatalf("get: %+v", r)
	}
	r = runCLI("", "password", "get", "ana@example.es", "--json")
	if r.code != exitOK {
		t.Fatalf("get --json: %+v", r)
	}
	var doc struct {
		Email    string `json:"email"`
		Found    bool   `json:"found"`
		Password string `json:"password"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("not JSON: %q: %v", r.stdout, err)
	}
	if doc.Email != "ana@example.es" || !doc.Found || doc.Password != secret {
		t.Fatalf("doc = %+v", doc)
	}
}

func TestAppendJSONStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote`, `back\slash`, "ctl\x01\x1f\n\r\t", "ñ€😀", "<a&b>"} {
		got := appendJSONString(nil, []byte(s))
		var back string
		if err := json.Unmarshal(got, &back); err != nil || back != s {
			t.Errorf("appendJSONString(%q) = %s, decodes to %q (%v)", s, got, back, err)
		}
	}
}

func TestPasswordNotFoundExits1(t *testing.T) {
	useFakeKeychain(t, nil)
	for _, action := range []string{"get", "delete"} {
		r := runCLI("", "password", action, "ana@example.es")
		if r.code != exitFailed || r.stdout != "" || !strings.Contains(r.stderr, "ana@example.es") {
			t.Fatalf("%s: %+v", action, r)
		}
		r = runCLI("", "password", action, "ana@example.es", "--json")
		var doc map[string]any
		if r.code != exitFailed || json.Unmarshal([]byte(r.stdout), &doc) != nil || doc["found"] != false {
			t.Fatalf("%s --json: %+v", action, r)
		}
	}
}

func TestPasswordDelete(t *testing.T) {
	fake := useFakeKeychain(t, map[string]string{"ana@example.es": "pw"})
	r := runCLI("", "password", "delete", "Ana@Example.es", "--json")
	var doc map[string]any
	if r.code != exitOK || json.Unmarshal([]byte(r.stdout), &doc) != nil || doc["deleted"] != true {
		t.Fatalf("delete: %+v", r)
	}
	if fake.Len() != 0 {
		t.Fatal("item still there")
	}
}

func TestPasswordKeychainUnavailableExits3(t *testing.T) {
	for _, reason := range keychain.Reasons {
		if reason == keychain.ReasonTooLarge {
			continue // bad input, below
		}
		fake := useFakeKeychain(t, nil)
		fake.Fail = &keychain.UnavailableError{Reason: reason}
		want := fake.Fail.(*keychain.UnavailableError).Message(i18n.ES)
		for _, args := range [][]string{
			{"password", "set", "a@b.es", "--lang", "es"},
			{"password", "get", "a@b.es", "--lang", "es"},
			{"password", "delete", "a@b.es", "--lang", "es"},
		} {
			r := runCLI("secret-xyz\n", args...)
			if r.code != exitNoStore {
				t.Fatalf("%s %v: exit %d, want 3", reason, args, r.code)
			}
			if !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, string(reason)) {
				t.Fatalf("%s: stderr %q does not name the reason", reason, r.stderr)
			}
			if strings.Count(r.stderr, "\n") != 1 || r.stdout != "" {
				t.Fatalf("%s: %+v", reason, r)
			}
			noSecret(t, r, "secret-xyz")
		}
		r := runCLI("secret-xyz\n", "password", "set", "a@b.es", "--json")
		var doc struct {
			Error struct {
				Reason  string `json:"reason"`
				Message string `json:"message"`
			} `json:"error"`
		}
		if r.code != exitNoStore || json.Unmarshal([]byte(r.stdout), &doc) != nil || doc.Error.Reason != string(reason) || doc.Error.Message == "" {
			t.Fatalf("%s --json: %+v", reason, r)
		}
		noSecret(t, r, "secret-xyz")
	}
}

func TestPasswordTooLargeFromStoreIsBadInput(t *testing.T) {
	fake := useFakeKeychain(t, nil)
	fake.Fail = &keychain.UnavailableError{Reason: keychain.ReasonTooLarge}
	r := runCLI("pw\n", "password", "set", "a@b.es")
	if r.code != exitBadInput || !strings.Contains(r.stderr, strconv.Itoa(keychain.MaxSecretSize)) {
		t.Fatalf("%+v", r)
	}
}

// The real system keychain with no session bus at all (ssh, containers):
// exit 3 at once with the reason, never a hang.
func TestPasswordSystemKeychainWithoutSessionBus(t *testing.T) {
	if _, err := os.Stat("/run/user/" + strconv.Itoa(os.Getuid()) + "/bus"); err == nil {
		t.Skip("this machine has a per-user session bus socket")
	}
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd":
	default:
		t.Skip("the session bus matters only where the keychain is the Secret Service")
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("PATH", t.TempDir())
	r := runCLI("secret-xyz\n", "password", "set", "a@b.es", "--lang", "en")
	want := (&keychain.UnavailableError{Reason: keychain.ReasonNoSessionBus}).Message(i18n.EN)
	if r.code != exitNoStore || !strings.Contains(r.stderr, want) {
		t.Fatalf("exit %d stderr %q", r.code, r.stderr)
	}
	noSecret(t, r, "secret-xyz")
}
