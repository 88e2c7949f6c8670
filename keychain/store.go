// Package keychain keeps app passwords in the operating system's own keychain
// (Windows Credential Manager, the macOS Keychain, the Secret Service on Linux)
// and nowhere else: there is no file or plaintext fallback. When no keychain
// can be used, every call says why with an *UnavailableError, so the app can
// explain it and go on without saving.
//
// Items are stored under the service "mailsetup" with the address in lower
// case as the account, so the GUI, the CLI and `check --keychain` find the
// same item.
//
// Secrets travel as []byte so callers can wipe them (Wipe) when done. Go
// strings cannot be wiped, and the system backends take strings, so one
// short-lived copy per call is unavoidable; this package makes no others.
package keychain

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Service is the name every item is stored under.
const Service = "mailsetup"

// Limits checked before any backend is called.
const (
	// MaxSecretSize is the largest secret accepted, in bytes. Windows holds
	// 2560 bytes; macOS refuses a `security` command over 4096 bytes, and the
	// secret travels there base64-encoded (4/3 larger) next to the service
	// and account. 2048 fits every platform with room to spare, and app
	// passwords are 16 characters.
	MaxSecretSize = 2048
	// MaxAccountSize is the longest account (address) accepted, in bytes:
	// an address is at most 254 bytes in ASCII form (RFC 5321 §4.5.3.1.3);
	// the Unicode form of an international domain can be a little longer.
	MaxAccountSize = 320
)

// Store keeps one secret per account. Implementations must be safe for
// concurrent use. Account is an email address; it is lower-cased, so
// "Ana@Example.es" and "ana@example.es" are the same item.
//
// Errors: ErrNotFound when there is no item (Get, Delete); ErrInvalidAccount
// and ErrEmptySecret for bad arguments; *UnavailableError when the keychain
// cannot be used, with the reason. No error ever contains the secret.
type Store interface {
	// Set saves secret for account, replacing any previous one. The store
	// does not keep a reference to secret: the caller may wipe it after.
	Set(account string, secret []byte) error
	// Get returns the secret in a new slice the caller should Wipe.
	Get(account string) ([]byte, error)
	// Delete removes the item.
	Delete(account string) error
}

// ErrNotFound means the keychain has no password for the account.
var ErrNotFound = errors.New("keychain: no password saved for this address")

// ErrEmptySecret means Set was called with an empty secret.
var ErrEmptySecret = errors.New("keychain: the password is empty")

// ErrInvalidAccount means the account is empty, longer than MaxAccountSize,
// not valid UTF-8, contains control characters or spaces, or has no "@".
var ErrInvalidAccount = errors.New("keychain: not a valid address for a keychain item")

// Account returns the keychain account for an address: the address in lower
// case, as settings.Address.String() gives it (Unicode domain).
func Account(address string) string { return strings.ToLower(address) }

// checkAccount validates the account and returns it in canonical form.
func checkAccount(account string) (string, error) {
	if account == "" || len(account) > MaxAccountSize || !utf8.ValidString(account) || !strings.Contains(account, "@") {
		return "", ErrInvalidAccount
	}
	for _, r := range account {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return "", ErrInvalidAccount
		}
	}
	return Account(account), nil
}

// checkSecret validates a secret before it goes to a backend.
func checkSecret(secret []byte) error {
	switch {
	case len(secret) == 0:
		return ErrEmptySecret
	case len(secret) > MaxSecretSize:
		return &UnavailableError{Reason: ReasonTooLarge}
	}
	return nil
}

// Wipe overwrites b with zeros. Call it on every secret once it is no longer
// needed.
func Wipe(b []byte) {
	clear(b)
}
