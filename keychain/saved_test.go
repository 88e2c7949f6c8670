package keychain_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/mailsetup/mailsetup/keychain"
	"github.com/mailsetup/mailsetup/keychain/keychaintest"
)

func newSaved() (keychain.SavedPasswords, *keychaintest.Store) {
	store := &keychaintest.Store{}
	x := keychain.NewIndex(func() ([]byte, error) { return nil, nil }, func([]byte) error { return nil })
	return keychain.SavedPasswords{Store: store, Index: x}, store
}

func TestSavedPasswordsSaveAndForget(t *testing.T) {
	p, store := newSaved()
	if err := p.Save("Ana@Example.es", []byte("pw")); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.List(), []string{"ana@example.es"}) || store.Len() != 1 {
		t.Fatalf("after Save: list %v, %d items", p.List(), store.Len())
	}
	if err := p.Forget("ana@example.es"); err != nil {
		t.Fatal(err)
	}
	if len(p.List()) != 0 || store.Len() != 0 {
		t.Fatalf("after Forget: list %v, %d items", p.List(), store.Len())
	}
	// Forgetting what the keychain no longer has still cleans the list.
	_ = p.Index.Add("old@example.es")
	if err := p.Forget("old@example.es"); err != nil || len(p.List()) != 0 {
		t.Fatalf("Forget of a gone item: %v, list %v", err, p.List())
	}
}

func TestSavedPasswordsKeychainUnavailable(t *testing.T) {
	p, store := newSaved()
	_ = p.Save("ana@example.es", []byte("pw"))
	store.Fail = &keychain.UnavailableError{Reason: keychain.ReasonNoSecretService}
	if err := p.Save("new@example.es", []byte("pw")); !errors.As(err, new(*keychain.UnavailableError)) {
		t.Fatalf("Save: %v", err)
	}
	if slices.Contains(p.List(), "new@example.es") {
		t.Fatal("listed although nothing was saved")
	}
	if err := p.Forget("ana@example.es"); err == nil || !slices.Contains(p.List(), "ana@example.es") {
		t.Fatalf("Forget with no keychain: %v, list %v (the password may still be there)", err, p.List())
	}
}
