//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package keychain

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/godbus/dbus/v5"
)

// godbus shows a D-Bus error's message, not its name; the name decides.
func TestClassifyDBusErrorByName(t *testing.T) {
	cases := []struct {
		err  error
		want Reason
	}{
		{dbus.Error{Name: "org.freedesktop.DBus.Error.AccessDenied", Body: []any{"Rejected send message"}}, ReasonDenied},
		{&dbus.Error{Name: "org.freedesktop.Secret.Error.IsLocked", Body: []any{"Cannot get secret of a locked object"}}, ReasonLocked},
		{fmt.Errorf("call: %w", dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown", Body: []any{"no"}}), ReasonNoSecretService},
	}
	for _, c := range cases {
		if got := classify(c.err, nil); !isReason(c.want)(got) {
			t.Errorf("classify(%v) = %v, want %s", c.err, got, c.want)
		}
	}
}

func TestSessionBusMissing(t *testing.T) {
	if _, err := os.Stat("/run/user/" + strconv.Itoa(os.Getuid()) + "/bus"); err == nil {
		t.Skip("this machine has a per-user bus socket, so a session bus is never missing here")
	}
	t.Setenv("PATH", t.TempDir()) // no dbus-launch
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	if !sessionBusMissing() {
		t.Error("no address, no socket, no dbus-launch: should be missing")
	}
	if !isReason(ReasonNoSessionBus)(systemPrecheck()) {
		t.Error("systemPrecheck should refuse with no_session_bus")
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "autolaunch:")
	if !sessionBusMissing() {
		t.Error("autolaunch: without dbus-launch should be missing")
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
	if sessionBusMissing() {
		t.Error("an address is set: godbus should be asked (it fails fast itself)")
	}
}

// With an address that leads nowhere, the real backend fails at once with
// the no_session_bus reason (it never reaches D-Bus activation).
func TestSystemStoreBadBusAddress(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+t.TempDir()+"/no-such-bus")
	err := New(DefaultTimeout).Set("ana@example.es", []byte("pw-not-stored"))
	if !isReason(ReasonNoSessionBus)(err) {
		t.Fatalf("Set with a dead bus address: %v, want no_session_bus", err)
	}
}
