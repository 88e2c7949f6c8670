package keychain

import (
	"errors"
	"strconv"

	"github.com/mailsetup/mailsetup/i18n"
)

// Reason says why the keychain cannot be used. The values are stable
// identifiers (they appear in the CLI's JSON) and name the translation key
// "keychain.unavailable.<reason>".
type Reason string

// Why a keychain may be unavailable.
const (
	// ReasonNoSessionBus: Linux without a desktop session (no D-Bus session
	// bus), e.g. over SSH or in a container.
	ReasonNoSessionBus Reason = "no_session_bus"
	// ReasonNoSecretService: a session bus, but no keychain service
	// (GNOME Keyring, KWallet, KeePassXC) answers on it.
	ReasonNoSecretService Reason = "no_secret_service"
	// ReasonLocked: the keychain is locked and was not unlocked.
	ReasonLocked Reason = "locked"
	// ReasonDenied: the keychain refused access, or the user said no.
	ReasonDenied Reason = "denied"
	// ReasonTooLarge: the secret is longer than every platform's keychain
	// can hold (MaxSecretSize); checked before the keychain is asked.
	ReasonTooLarge Reason = "too_large"
	// ReasonTimedOut: the keychain did not answer in time, typically
	// because it waits for an unlock prompt nobody sees. It is not asked
	// again until that call returns.
	ReasonTimedOut Reason = "timed_out"
	// ReasonUnsupported: this operating system has no keychain we can use.
	ReasonUnsupported Reason = "unsupported"
	// ReasonFailed: the keychain failed in a way not recognised above.
	ReasonFailed Reason = "failed"
)

// Reasons lists every reason, for tests and documentation.
var Reasons = []Reason{ReasonNoSessionBus, ReasonNoSecretService, ReasonLocked, ReasonDenied,
	ReasonTooLarge, ReasonTimedOut, ReasonUnsupported, ReasonFailed}

// UnavailableError means the keychain could not be used; nothing was saved,
// read or deleted. It never contains the secret.
type UnavailableError struct {
	Reason Reason
	// detail is the backend's own error text, for administrators; it was
	// checked not to contain the secret.
	detail string
	cause  error
}

func (e *UnavailableError) Error() string {
	s := "keychain unavailable: " + string(e.Reason)
	if e.detail != "" {
		s += ": " + e.detail
	}
	return s
}

// Unwrap returns the backend's error, if any.
func (e *UnavailableError) Unwrap() error { return e.cause }

// Detail is the backend's own error text (untranslated, technical), or "".
func (e *UnavailableError) Detail() string { return e.detail }

// Message explains the reason in plain words in language l.
func (e *UnavailableError) Message(l i18n.Lang) string {
	return i18n.T(l, "keychain.unavailable."+string(e.Reason), "max", strconv.Itoa(MaxSecretSize))
}

// IsUnavailable reports whether err is an *UnavailableError and returns it.
func IsUnavailable(err error) (*UnavailableError, bool) {
	var ue *UnavailableError
	ok := errors.As(err, &ue)
	return ue, ok
}

// Describe explains any error returned by a Store in plain words in
// language l: the one place the GUI and the CLI turn them into text.
func Describe(err error, l i18n.Lang) string {
	if ue, ok := IsUnavailable(err); ok {
		return ue.Message(l)
	}
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrNotFound):
		return i18n.T(l, "keychain.not_found")
	case errors.Is(err, ErrEmptySecret):
		return i18n.T(l, "keychain.empty_secret")
	case errors.Is(err, ErrInvalidAccount):
		return i18n.T(l, "keychain.invalid_account")
	}
	return i18n.T(l, "keychain.unavailable."+string(ReasonFailed))
}
