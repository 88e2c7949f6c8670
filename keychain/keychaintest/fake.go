// Package keychaintest provides an in-memory keychain.Store for the tests of
// packages that use the keychain (check, ui, the CLI). It is never a
// fallback: nothing in the app constructs it.
package keychaintest

import (
	"strings"
	"sync"

	"github.com/mailsetup/mailsetup/keychain"
)

// Store is an in-memory keychain.Store. The zero value is empty and ready.
// Set Fail to make every call fail with that error, e.g.
// &keychain.UnavailableError{Reason: keychain.ReasonLocked}.
type Store struct {
	mu    sync.Mutex
	items map[string][]byte
	// Fail, when not nil, is returned by every call.
	Fail error
	// Calls counts the calls made, for tests that check the keychain was
	// (or was not) asked.
	Calls int
}

// New returns a Store holding the given account → secret items.
func New(items map[string]string) *Store {
	s := &Store{}
	for a, v := range items {
		_ = s.Set(a, []byte(v))
	}
	s.Calls = 0
	return s
}

// Set stores a copy of secret.
func (s *Store) Set(account string, secret []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Calls++
	if s.Fail != nil {
		return s.Fail
	}
	if len(secret) == 0 {
		return keychain.ErrEmptySecret
	}
	if len(secret) > keychain.MaxSecretSize {
		return &keychain.UnavailableError{Reason: keychain.ReasonTooLarge}
	}
	if account == "" || !strings.Contains(account, "@") {
		return keychain.ErrInvalidAccount
	}
	if s.items == nil {
		s.items = map[string][]byte{}
	}
	s.items[keychain.Account(account)] = append([]byte(nil), secret...)
	return nil
}

// Get returns a copy of the secret.
func (s *Store) Get(account string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Calls++
	if s.Fail != nil {
		return nil, s.Fail
	}
	v, ok := s.items[keychain.Account(account)]
	if !ok {
		return nil, keychain.ErrNotFound
	}
	return append([]byte(nil), v...), nil
}

// Delete removes the item.
func (s *Store) Delete(account string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Calls++
	if s.Fail != nil {
		return s.Fail
	}
	a := keychain.Account(account)
	if _, ok := s.items[a]; !ok {
		return keychain.ErrNotFound
	}
	keychain.Wipe(s.items[a])
	delete(s.items, a)
	return nil
}

// Len returns how many items the store holds.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.items)
}
