package keychain_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/keychain"
	"github.com/mailsetup/mailsetup/keychain/keychaintest"
)

func TestIndexAddRemovePersists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "prefs", "saved-passwords.json")
	x := keychain.OpenIndex(path)
	if len(x.List()) != 0 || x.Damaged() {
		t.Fatalf("new index: %v damaged=%v", x.List(), x.Damaged())
	}
	for _, a := range []string{"Zoe@example.es", "ana@example.es", "ANA@EXAMPLE.ES"} {
		if err := x.Add(a); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"ana@example.es", "zoe@example.es"}
	if got := x.List(); !slices.Equal(got, want) {
		t.Fatalf("List = %v, want %v", got, want)
	}
	if !x.Has("Ana@Example.es") || x.Has("other@example.es") {
		t.Fatal("Has is wrong")
	}
	if got := keychain.OpenIndex(path).List(); !slices.Equal(got, want) {
		t.Fatalf("reopened: %v, want %v", got, want)
	}
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("file mode: %v %v", fi.Mode(), err)
		}
	}
	if err := x.Remove("ZOE@example.es"); err != nil {
		t.Fatal(err)
	}
	if err := x.Remove("nobody@example.es"); err != nil {
		t.Fatalf("removing an absent address: %v", err)
	}
	if got := keychain.OpenIndex(path).List(); !slices.Equal(got, []string{"ana@example.es"}) {
		t.Fatalf("after Remove: %v", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
}

func TestIndexRejectsBadAddresses(t *testing.T) {
	x := keychain.NewIndex(func() ([]byte, error) { return nil, nil }, func([]byte) error { return nil })
	for _, a := range []string{"", "no-at", "a b@c.es", strings.Repeat("a", 400) + "@b.es"} {
		if err := x.Add(a); err == nil {
			t.Errorf("Add(%q) accepted", a)
		}
	}
	if len(x.List()) != 0 {
		t.Fatalf("List = %v", x.List())
	}
}

func TestIndexDamagedFileStartsEmptyAndIsKept(t *testing.T) {
	for name, content := range map[string][]byte{
		"garbage":       []byte("{not json"),
		"wrong version": []byte(`{"version": 7, "addresses": ["a@b.es"]}`),
		"wrong type":    []byte(`{"version": 1, "addresses": "a@b.es"}`),
		"too big":       bytes.Repeat([]byte(" "), keychain.MaxIndexSize+10),
		"binary":        {0, 1, 2, 0xff, 0xfe},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "saved.json")
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			x := keychain.OpenIndex(path)
			if len(x.List()) != 0 || !x.Damaged() {
				t.Fatalf("List=%v Damaged=%v", x.List(), x.Damaged())
			}
			kept, err := os.ReadFile(path + ".damaged")
			if err != nil || !bytes.Equal(kept, content) {
				t.Fatalf("damaged file not kept aside: %v", err)
			}
			if err := x.Add("a@b.es"); err != nil {
				t.Fatal(err)
			}
			if x.Damaged() {
				t.Fatal("still damaged after a good save")
			}
			if got := keychain.OpenIndex(path).List(); !slices.Equal(got, []string{"a@b.es"}) {
				t.Fatalf("after rewrite: %v", got)
			}
		})
	}
}

func TestIndexSkipsBadEntriesAndBoundsCount(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"version":1,"addresses":["ok@b.es","bad entry","","x@y.es","OK@B.ES"`)
	for i := range keychain.MaxIndexEntries + 50 {
		b.WriteString(`,"u` + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + `@many.es"`)
	}
	b.WriteString("]}")
	x := keychain.NewIndex(func() ([]byte, error) { return []byte(b.String()), nil }, func([]byte) error { return nil })
	got := x.List()
	if !slices.Contains(got, "ok@b.es") || slices.Contains(got, "bad entry") || slices.Contains(got, "") {
		t.Fatalf("List = %v", got)
	}
	if len(got) > keychain.MaxIndexEntries {
		t.Fatalf("%d entries, limit %d", len(got), keychain.MaxIndexEntries)
	}
}

func TestIndexFull(t *testing.T) {
	x := keychain.NewIndex(func() ([]byte, error) { return nil, os.ErrNotExist }, func([]byte) error { return nil })
	for i := range keychain.MaxIndexEntries {
		if err := x.Add(strings.Repeat("a", i+1) + "@b.es"); err != nil {
			t.Fatal(i, err)
		}
	}
	if err := x.Add("one-more@b.es"); !errors.Is(err, keychain.ErrIndexFull) {
		t.Fatalf("Add past the limit: %v", err)
	}
}

func TestIndexFailedSaveChangesNothing(t *testing.T) {
	fail := errors.New("disk full")
	var saved []byte
	save := func(b []byte) error {
		if fail != nil {
			return fail
		}
		saved = b
		return nil
	}
	x := keychain.NewIndex(func() ([]byte, error) { return nil, nil }, save)
	if err := x.Add("a@b.es"); !errors.Is(err, fail) {
		t.Fatalf("Add: %v", err)
	}
	if len(x.List()) != 0 {
		t.Fatal("list changed although saving failed")
	}
	fail = nil
	if err := x.Add("a@b.es"); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(saved, []byte(`"a@b.es"`)) {
		t.Fatalf("saved %s", saved)
	}
}

func TestIndexUnreadableStorageIsNotFatal(t *testing.T) {
	x := keychain.NewIndex(func() ([]byte, error) { return nil, errors.New("permission denied") }, func([]byte) error { return nil })
	if len(x.List()) != 0 || !x.Damaged() {
		t.Fatalf("List=%v Damaged=%v", x.List(), x.Damaged())
	}
}

func TestIndexPrune(t *testing.T) {
	store := keychaintest.New(map[string]string{"kept@b.es": "pw1"})
	x := keychain.NewIndex(func() ([]byte, error) {
		return []byte(`{"version":1,"addresses":["kept@b.es","gone@b.es","also-gone@b.es"]}`), nil
	}, func([]byte) error { return nil })

	// Keychain unavailable: nothing may be removed.
	store.Fail = &keychain.UnavailableError{Reason: keychain.ReasonLocked}
	removed, err := x.Prune(store)
	if _, ok := keychain.IsUnavailable(err); !ok || len(removed) != 0 || len(x.List()) != 3 {
		t.Fatalf("locked keychain: removed=%v err=%v list=%v", removed, err, x.List())
	}

	store.Fail = nil
	removed, err = x.Prune(store)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(removed)
	if !slices.Equal(removed, []string{"also-gone@b.es", "gone@b.es"}) || !slices.Equal(x.List(), []string{"kept@b.es"}) {
		t.Fatalf("removed=%v list=%v", removed, x.List())
	}
	if got, _ := store.Get("kept@b.es"); string(got) != "pw1" {
		t.Fatal("Prune touched a keychain item")
	}
}

// The list holds addresses only: a secret set through the store never
// reaches the file.
func TestIndexFileHoldsNoSecret(t *testing.T) {
	path := filepath.Join(t.TempDir(), "saved.json")
	x := keychain.OpenIndex(path)
	store := &keychaintest.Store{}
	if err := store.Set("a@b.es", []byte("very-secret-pw")); err != nil {
		t.Fatal(err)
	}
	if err := x.Add("a@b.es"); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Prune(store); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if bytes.Contains(data, []byte("very-secret-pw")) {
		t.Fatal("secret in the index file")
	}
}
