package keychain_test

import (
	"fmt"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/keychain"
	"github.com/mailsetup/mailsetup/keychain/keychaintest"
)

// The app keeps a password with SavedPasswords and, when the keychain cannot
// be used, explains why and goes on without saving. (The app passes
// keychain.Default() and keychain.OpenIndex(path under its preferences);
// this example uses the in-memory test store.)
func Example() {
	saved := keychain.SavedPasswords{
		Store: &keychaintest.Store{},
		Index: keychain.NewIndex(func() ([]byte, error) { return nil, nil }, func([]byte) error { return nil }),
	}
	password := []byte("abcd efgh ijkl mnop")
	defer keychain.Wipe(password)

	if err := saved.Save("Ana@Example.es", password); err != nil {
		fmt.Println(keychain.Describe(err, i18n.ES)) // and continue without saving
	}
	fmt.Println(saved.List())

	saved.Store.(*keychaintest.Store).Fail = &keychain.UnavailableError{Reason: keychain.ReasonLocked}
	if err := saved.Save("luis@example.es", password); err != nil {
		fmt.Println(keychain.Describe(err, i18n.EN))
	}
	// Output:
	// [ana@example.es]
	// The system keychain is locked. Unlock it (signing out and in again usually does it) and try again.
}
