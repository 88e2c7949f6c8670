package keychain

import (
	"bytes"
	"errors"
	"strings"

	"github.com/zalando/go-keyring"
)

// maxDetail bounds the backend text kept in an error.
const maxDetail = 300

// pattern maps a fragment of a backend's error (its text, or the D-Bus error
// name) to a reason. Fragments are matched in lower case, first match wins.
type pattern struct {
	fragment string
	reason   Reason
}

// patterns recognise the raw errors of go-keyring's backends. The Linux ones
// were measured (shared/reference/libraries.md §5); the macOS ones are the
// exit status of /usr/bin/security, which is the low byte of the OSStatus;
// the Windows ones are the Win32 error texts.
var patterns = []pattern{
	// Linux: no session bus at all, or its address leads nowhere.
	{`"dbus-launch": executable file not found`, ReasonNoSessionBus},
	{"couldn't determine address of session bus", ReasonNoSessionBus},
	{"dial unix", ReasonNoSessionBus},
	{"connect: no such file or directory", ReasonNoSessionBus},
	{"connect: connection refused", ReasonNoSessionBus},
	{"dbus: authentication failed", ReasonNoSessionBus},
	{"dbus: authentication protocol error", ReasonNoSessionBus},
	{"dbus: invalid bus address", ReasonNoSessionBus},
	{"dbus: unsupported address", ReasonNoSessionBus},
	// Linux: a bus, but nobody provides the Secret Service on it.
	{"org.freedesktop.secrets was not provided by any .service files", ReasonNoSecretService},
	{"org.freedesktop.dbus.error.serviceunknown", ReasonNoSecretService},
	{"org.freedesktop.dbus.error.namehasnoowner", ReasonNoSecretService},
	{"org.freedesktop.dbus.error.spawn", ReasonNoSecretService},
	{"failed to activate service 'org.freedesktop.secrets'", ReasonNoSecretService},
	// Windows: Credential Manager has no store for this logon (services,
	// some remote sessions).
	{"a specified logon session does not exist", ReasonNoSecretService},
	// macOS: no keychain to write to.
	{"exit status 37", ReasonNoSecretService}, // errSecNoDefaultKeychain (-25307)
	{"exit status 50", ReasonNoSecretService}, // errSecNoSuchKeychain (-25294)
	// Locked: go-keyring's own message when the unlock did not happen
	// (locked, no login keyring, or the prompt was dismissed).
	{"failed to unlock correct collection", ReasonLocked},
	{"org.freedesktop.secret.error.islocked", ReasonLocked},
	{"exit status 36", ReasonLocked}, // errSecInteractionNotAllowed (-25308)
	// Denied.
	{"org.freedesktop.dbus.error.accessdenied", ReasonDenied},
	{"access denied", ReasonDenied},
	{"access is denied", ReasonDenied}, // Windows ERROR_ACCESS_DENIED
	{"permission denied", ReasonDenied},
	{"not authorized", ReasonDenied},
	{"exit status 51", ReasonDenied},  // errSecAuthFailed (-25293)
	{"exit status 128", ReasonDenied}, // errSecUserCanceled (-128)
	// Platform limits the pre-check did not catch.
	{"too big", ReasonTooLarge},
}

// classify turns a backend's raw error into ErrNotFound or an
// *UnavailableError. secret, when given, is what was being stored: a detail
// that contains it is dropped rather than risk showing it.
func classify(err error, secret []byte) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound), errors.Is(err, ErrNotFound):
		return ErrNotFound
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return &UnavailableError{Reason: ReasonTooLarge, cause: err}
	case errors.Is(err, keyring.ErrUnsupportedPlatform):
		return &UnavailableError{Reason: ReasonUnsupported, detail: safeDetail(err.Error(), secret), cause: err}
	}
	if ue, ok := IsUnavailable(err); ok {
		return ue
	}
	text := strings.ToLower(err.Error() + " " + dbusName(err))
	reason := ReasonFailed
	for _, p := range patterns {
		if strings.Contains(text, p.fragment) {
			reason = p.reason
			break
		}
	}
	detail := safeDetail(err.Error(), secret)
	if detail == "" {
		// The raw error is dropped (it may contain the secret), so it
		// is not kept for Unwrap either.
		return &UnavailableError{Reason: reason}
	}
	return &UnavailableError{Reason: reason, detail: detail, cause: err}
}

// safeDetail returns the backend text on one bounded line, or "" when it
// contains the secret.
func safeDetail(s string, secret []byte) string {
	if len(secret) > 0 && bytes.Contains([]byte(s), secret) {
		return ""
	}
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxDetail {
		s = s[:maxDetail] + "…"
	}
	return s
}
