package keychain

import "errors"

// SavedPasswords is what the app shows as "saved passwords": the secrets in
// the keychain plus the list of their addresses, kept in step.
type SavedPasswords struct {
	Store Store
	Index *Index
}

// Save puts the password in the keychain, then the address in the list. If
// the keychain refuses, nothing is written anywhere (no fallback); if only
// the list cannot be saved, the password is still in the keychain and the
// error says so.
func (p SavedPasswords) Save(address string, secret []byte) error {
	if err := p.Store.Set(address, secret); err != nil {
		return err
	}
	return p.Index.Add(address)
}

// Forget removes the password from the keychain and the address from the
// list. A password already gone from the keychain is not an error; when the
// keychain cannot be used the address stays listed, since the password may
// still be there.
func (p SavedPasswords) Forget(address string) error {
	if err := p.Store.Delete(address); err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	return p.Index.Remove(address)
}

// List returns the addresses with a saved password.
func (p SavedPasswords) List() []string { return p.Index.List() }

// Prune drops from the list the addresses whose password is gone.
func (p SavedPasswords) Prune() ([]string, error) { return p.Index.Prune(p.Store) }
