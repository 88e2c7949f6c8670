//go:build keyring

package keychain

import (
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"
)

// stallingSecretService answers the first steps of the Secret Service
// protocol and then, like an unlock prompt that nobody sees, never completes
// the prompt: the hang of zalando/go-keyring#131, on cue.
type stallingSecretService struct{}

func (stallingSecretService) OpenSession(algorithm string, input dbus.Variant) (dbus.Variant, dbus.ObjectPath, *dbus.Error) {
	return dbus.MakeVariant(""), "/org/freedesktop/secrets/session/s1", nil
}

func (stallingSecretService) Unlock(objects []dbus.ObjectPath) ([]dbus.ObjectPath, dbus.ObjectPath, *dbus.Error) {
	return []dbus.ObjectPath{}, "/org/freedesktop/secrets/prompt/p1", nil
}

type silentPrompt struct{}

// Prompt accepts and then never emits Completed.
func (silentPrompt) Prompt(windowID string) *dbus.Error { return nil }

// serveStallingSecretService provides org.freedesktop.secrets on the bus at
// addr until the test ends.
func serveStallingSecretService(t *testing.T, addr string) {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatalf("connecting to the test bus: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	if err := conn.Export(stallingSecretService{}, "/org/freedesktop/secrets", "org.freedesktop.Secret.Service"); err != nil {
		t.Fatal(err)
	}
	if err := conn.Export(silentPrompt{}, "/org/freedesktop/secrets/prompt/p1", "org.freedesktop.Secret.Prompt"); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName("org.freedesktop.secrets", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("owning org.freedesktop.secrets: %v %v", reply, err)
	}
}

// The real go-keyring against a Secret Service whose unlock prompt never
// completes: the CLI gives up after keychain.DefaultTimeout with the
// timed_out reason instead of hanging.
func TestKeyringCLIStalledPromptTimesOut(t *testing.T) {
	requireIsolatedKeyring(t)
	bin := buildCLI(t)
	bus := startBareBus(t)
	serveStallingSecretService(t, bus)
	env := envWithout([]string{"DBUS_SESSION_BUS_ADDRESS"}, "DBUS_SESSION_BUS_ADDRESS="+bus)

	r := runCLI(t, bin, env, []byte("stalled-secret\n"), "password", "set", "ana@example.es", "--lang", "en")
	want := (&UnavailableError{Reason: ReasonTimedOut}).Message("en")
	if r.code != 3 || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "stalled-secret") {
		t.Fatalf("exit %d stderr %q; want 3 and %q", r.code, r.stderr, want)
	}
	t.Logf("stalled prompt: exit 3 after %v (timeout %v)", r.elapsed, DefaultTimeout)
}
