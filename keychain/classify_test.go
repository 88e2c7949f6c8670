package keychain

import (
	"errors"
	"fmt"
	"testing"

	"github.com/zalando/go-keyring"
)

// The raw errors of go-keyring's backends, as measured
// (shared/reference/libraries.md §5) or documented, and what they mean.
func TestClassifyRawErrors(t *testing.T) {
	cases := []struct {
		raw  string
		want Reason
	}{
		// Linux, measured.
		{`exec: "dbus-launch": executable file not found in $PATH`, ReasonNoSessionBus},
		{"dial unix /run/user/1000/bus: connect: no such file or directory", ReasonNoSessionBus},
		{"dial unix /tmp/dbus-x: connect: connection refused", ReasonNoSessionBus},
		{"dbus: couldn't determine address of session bus", ReasonNoSessionBus},
		{"dbus: invalid bus address (no transport)", ReasonNoSessionBus},
		{"The name org.freedesktop.secrets was not provided by any .service files", ReasonNoSecretService},
		{"failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'", ReasonLocked},
		{"failed to unlock correct collection '/org/freedesktop/secrets/collection/login'", ReasonLocked},
		// D-Bus error names, in case a provider words its message otherwise.
		{"org.freedesktop.DBus.Error.ServiceUnknown", ReasonNoSecretService},
		{"org.freedesktop.DBus.Error.AccessDenied", ReasonDenied},
		{"org.freedesktop.Secret.Error.IsLocked", ReasonLocked},
		// macOS: exit status of /usr/bin/security.
		{"exit status 36", ReasonLocked},
		{"exit status 51", ReasonDenied},
		{"exit status 128", ReasonDenied},
		// Windows.
		{"Access is denied.", ReasonDenied},
		{"A specified logon session does not exist. It may already have been terminated.", ReasonNoSecretService},
		// Anything else.
		{"something nobody has seen before", ReasonFailed},
	}
	for _, c := range cases {
		err := classify(errors.New(c.raw), nil)
		ue, ok := IsUnavailable(err)
		if !ok || ue.Reason != c.want {
			t.Errorf("classify(%q) = %v, want reason %s", c.raw, err, c.want)
			continue
		}
		if ue.Detail() != c.raw {
			t.Errorf("classify(%q) detail = %q", c.raw, ue.Detail())
		}
	}
}

func TestClassifySentinels(t *testing.T) {
	if err := classify(nil, nil); err != nil {
		t.Fatalf("nil: %v", err)
	}
	if err := classify(keyring.ErrNotFound, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("ErrNotFound: %v", err)
	}
	if err := classify(fmt.Errorf("wrapped: %w", keyring.ErrNotFound), nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("wrapped ErrNotFound: %v", err)
	}
	if !isReason(ReasonTooLarge)(classify(keyring.ErrSetDataTooBig, nil)) {
		t.Error("ErrSetDataTooBig is not too_large")
	}
	if !isReason(ReasonUnsupported)(classify(keyring.ErrUnsupportedPlatform, nil)) {
		t.Error("ErrUnsupportedPlatform is not unsupported")
	}
	ue := &UnavailableError{Reason: ReasonLocked}
	if classify(ue, nil) != ue {
		t.Error("an *UnavailableError should pass through unchanged")
	}
}

func TestClassifyBoundsDetail(t *testing.T) {
	raw := make([]byte, 10000)
	for i := range raw {
		raw[i] = 'x'
	}
	raw[50] = '\n'
	ue, _ := IsUnavailable(classify(errors.New(string(raw)), nil))
	if len(ue.Detail()) > maxDetail+len("…") {
		t.Fatalf("detail is %d bytes", len(ue.Detail()))
	}
	for _, r := range ue.Detail() {
		if r == '\n' {
			t.Fatal("detail spans lines")
		}
	}
}
