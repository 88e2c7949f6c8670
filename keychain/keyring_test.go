//go:build keyring

// Tests against the real Secret Service: gnome-keyring on a private D-Bus
// session with a throw-away HOME, started by scripts/test-stages/30-keychain.sh
// (which sets MAILSETUP_KEYRING_ISOLATED to its work directory).

package keychain

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/mailsetup/mailsetup/keychain/internal/leakcheck"
)

// requireIsolatedKeyring stops the test unless it runs inside the stage's
// private session: it must never write to a developer's real keychain.
func requireIsolatedKeyring(t *testing.T) {
	t.Helper()
	work := os.Getenv("MAILSETUP_KEYRING_ISOLATED")
	reason := ""
	switch {
	case work == "":
		reason = "needs the private Secret Service of scripts/test-stages/30-keychain.sh (MAILSETUP_KEYRING_ISOLATED unset)"
	case os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "":
		reason = "no D-Bus session bus"
	case !strings.HasPrefix(os.Getenv("HOME"), work):
		reason = "HOME is not the isolated one: refusing to touch a real keychain"
	}
	if reason == "" {
		return
	}
	if os.Getenv("MAILSETUP_REQUIRE_PEERS") == "1" {
		t.Fatal(reason)
	}
	t.Skip(reason)
}

// testSecret is random, so finding it anywhere means this test put it there.
func testSecret(t *testing.T) []byte {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return []byte("mailsetup-test-" + hex.EncodeToString(b))
}

func secretTool(t *testing.T, args ...string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath("secret-tool"); err != nil {
		t.Fatal("secret-tool is missing (package libsecret-tools, scripts/deps.sh test)")
	}
	out, err := exec.Command("secret-tool", args...).Output()
	return string(out), err
}

// keyringFiles are the keyring's own (encrypted) files.
func keyringDir() string { return filepath.Join(os.Getenv("HOME"), ".local", "share", "keyrings") }

// assertNowhereOnDisk searches every file under HOME and TMPDIR for the
// secret. The keyring file is searched too: it is encrypted with the login
// password, so even there the plain secret must not appear.
func assertNowhereOnDisk(t *testing.T, secret []byte) {
	t.Helper()
	roots := []string{os.Getenv("HOME"), os.TempDir()}
	found, err := leakcheck.FindOnDisk(secret, roots...)
	if err != nil {
		t.Fatalf("searching %v: %v", roots, err)
	}
	if len(found) > 0 {
		t.Fatalf("the secret is on disk in %v", found)
	}
	entries, _ := os.ReadDir(keyringDir())
	if len(entries) == 0 {
		t.Fatalf("no keyring file in %s: the secret went somewhere else", keyringDir())
	}
}

func TestKeyringRoundTrip(t *testing.T) {
	requireIsolatedKeyring(t)
	s := Default()
	account := "Ana.Keyring@Example.ES"
	secret := testSecret(t)

	start := time.Now()
	if err := s.Set(account, secret); err != nil {
		t.Fatalf("Set: %v (%s)", err, Describe(err, "en"))
	}
	t.Logf("Set took %v", time.Since(start))

	got, err := s.Get("ana.keyring@example.es")
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("Get = %q, %v", got, err)
	}
	// Another Secret Service client finds it under our service and the
	// lower-case address.
	out, err := secretTool(t, "lookup", "service", "mailsetup", "username", "ana.keyring@example.es")
	if err != nil || out != string(secret) {
		t.Fatalf("secret-tool lookup = %q, %v", out, err)
	}
	assertNowhereOnDisk(t, secret)

	// Set again replaces, never duplicates.
	secret2 := testSecret(t)
	if err := s.Set(account, secret2); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(account); err != nil || !bytes.Equal(got, secret2) {
		t.Fatalf("Get after replace = %q, %v", got, err)
	}
	out, _ = secretTool(t, "search", "--all", "service", "mailsetup", "username", "ana.keyring@example.es")
	if n := strings.Count(out, "\n[/"); n > 1 || strings.Count(out, "label = ") != 1 {
		t.Fatalf("Set again left %d items:\n%s", strings.Count(out, "label = "), out)
	}

	if err := s.Delete(account); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := s.Get(account); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v, want ErrNotFound", err)
	}
	if err := s.Delete(account); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Delete again: %v, want ErrNotFound", err)
	}
	assertNowhereOnDisk(t, secret)
	assertNowhereOnDisk(t, secret2)
}

func TestKeyringConcurrentAccounts(t *testing.T) {
	requireIsolatedKeyring(t)
	s := Default()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			acct := "user" + string(rune('a'+i)) + "@concurrent.example"
			secret := []byte("pw-" + acct)
			if err := s.Set(acct, secret); err != nil {
				t.Error(err)
				return
			}
			got, err := s.Get(acct)
			if err != nil || !bytes.Equal(got, secret) {
				t.Errorf("%s: %q %v", acct, got, err)
			}
			if err := s.Delete(acct); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

func TestKeyringIndexPrune(t *testing.T) {
	requireIsolatedKeyring(t)
	s := Default()
	x := OpenIndex(filepath.Join(os.Getenv("HOME"), ".config", "mailsetup", "saved-passwords.json"))
	for _, a := range []string{"kept@prune.example", "gone@prune.example"} {
		if err := s.Set(a, testSecret(t)); err != nil {
			t.Fatal(err)
		}
		if err := x.Add(a); err != nil {
			t.Fatal(err)
		}
	}
	// Removed behind our back, by another keychain tool.
	if _, err := secretTool(t, "clear", "service", "mailsetup", "username", "gone@prune.example"); err != nil {
		t.Fatal(err)
	}
	removed, err := x.Prune(s)
	if err != nil || len(removed) != 1 || removed[0] != "gone@prune.example" {
		t.Fatalf("Prune = %v, %v", removed, err)
	}
	if got := x.List(); len(got) != 1 || got[0] != "kept@prune.example" {
		t.Fatalf("List = %v", got)
	}
	_ = s.Delete("kept@prune.example")
}

// A locked keychain: gnome-keyring wants to show an unlock prompt that no one
// can answer here. The call must come back (locked, or timed out) instead of
// hanging, and later calls must not hang either.
func TestKeyringLockedKeychainDoesNotHang(t *testing.T) {
	requireIsolatedKeyring(t)
	if err := Default().Set("locked@example.es", []byte("before-lock")); err != nil {
		t.Fatal(err)
	}
	conn, err := dbus.SessionBus()
	if err != nil {
		t.Fatal(err)
	}
	svc := conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets")
	var locked []dbus.ObjectPath
	var prompt dbus.ObjectPath
	err = svc.Call("org.freedesktop.Secret.Service.Lock", 0,
		[]dbus.ObjectPath{"/org/freedesktop/secrets/aliases/default"}).Store(&locked, &prompt)
	if err != nil {
		t.Fatalf("locking the collection: %v", err)
	}
	t.Cleanup(func() { _ = unlockCollection(conn) })

	// Its own stuck counter: a stuck call here must not block the other
	// tests' Default store.
	g := &guarded{backend: systemBackend{}, timeout: 2 * time.Second, stuck: new(atomic.Int32), precheck: systemPrecheck}
	start := time.Now()
	_, err = g.Get("locked@example.es")
	elapsed := time.Since(start)
	ue, ok := IsUnavailable(err)
	if !ok || (ue.Reason != ReasonLocked && ue.Reason != ReasonTimedOut) {
		t.Fatalf("Get from a locked keychain: %v, want locked or timed_out", err)
	}
	t.Logf("locked keychain: %s after %v (%s)", ue.Reason, elapsed, ue.Detail())
	if msg := ue.Message("es"); strings.Contains(msg, "before-lock") || msg == "" {
		t.Fatalf("message %q", msg)
	}

	// Unlocked again, the keychain answers as before.
	if err := unlockCollection(conn); err != nil {
		t.Fatalf("unlocking again: %v", err)
	}
	if got, err := Default().Get("locked@example.es"); err != nil || string(got) != "before-lock" {
		t.Fatalf("Get after unlocking = %q, %v", got, err)
	}
	_ = Default().Delete("locked@example.es")
}

// unlockCollection unlocks the login collection again with the login
// password, through gnome-keyring's own interface (no prompt).
func unlockCollection(conn *dbus.Conn) error {
	svc := conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets")
	var out dbus.Variant
	var session dbus.ObjectPath
	if err := svc.Call("org.freedesktop.Secret.Service.OpenSession", 0, "plain", dbus.MakeVariant("")).Store(&out, &session); err != nil {
		return err
	}
	defer conn.Object("org.freedesktop.secrets", session).Call("org.freedesktop.Secret.Session.Close", 0)
	secret := struct {
		Session     dbus.ObjectPath
		Parameters  []byte
		Value       []byte
		ContentType string
	}{session, []byte{}, []byte("ci-keyring-password"), "text/plain"}
	return svc.Call("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface.UnlockWithMasterPassword", 0,
		dbus.ObjectPath("/org/freedesktop/secrets/collection/login"), secret).Err
}

// BenchmarkKeyring compares one Get from the real Secret Service with one
// from the in-memory backend behind the same guard: the guard's cost next to
// the keychain's own. Run by hand inside the stage's session:
// go test -tags keyring -run '^$' -bench Keyring ./keychain/
func BenchmarkKeyring(b *testing.B) {
	if os.Getenv("MAILSETUP_KEYRING_ISOLATED") == "" {
		b.Skip("needs the private Secret Service of scripts/test-stages/30-keychain.sh")
	}
	secret := []byte("abcd efgh ijkl mnop")
	system := Default()
	if err := system.Set("bench@example.es", secret); err != nil {
		b.Fatal(err)
	}
	defer system.Delete("bench@example.es")
	fake := &guarded{backend: newFakeBackend(), timeout: time.Second, stuck: new(atomic.Int32)}
	_ = fake.Set("bench@example.es", secret)
	for _, s := range []struct {
		name  string
		store Store
	}{{"memory", fake}, {"secret-service", system}} {
		b.Run("get/"+s.name, func(b *testing.B) {
			for b.Loop() {
				v, err := s.store.Get("bench@example.es")
				if err != nil {
					b.Fatal(err)
				}
				Wipe(v)
			}
		})
	}
	b.Run("set/secret-service", func(b *testing.B) {
		for b.Loop() {
			if err := system.Set("bench@example.es", secret); err != nil {
				b.Fatal(err)
			}
		}
	})
}
