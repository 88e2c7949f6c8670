package keychain

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/zalando/go-keyring"
)

// systemStuck is shared by every Store over the system keychain: a call
// stuck in go-keyring blocks its shared D-Bus connection for everyone.
var systemStuck atomic.Int32

var (
	defaultOnce  sync.Once
	defaultStore Store
)

// Default returns the Store over the operating system's keychain with
// DefaultTimeout. It is shared by the whole process.
func Default() Store {
	defaultOnce.Do(func() { defaultStore = New(DefaultTimeout) })
	return defaultStore
}

// New returns a Store over the operating system's keychain whose calls give
// up after timeout (DefaultTimeout when timeout <= 0). Use a longer timeout
// where the user may have to type a password into an unlock prompt.
func New(timeout time.Duration) Store {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &guarded{backend: systemBackend{}, timeout: timeout, stuck: &systemStuck, precheck: systemPrecheck}
}

// systemPrecheck refuses at once what would certainly fail.
func systemPrecheck() error {
	if sessionBusMissing() {
		return &UnavailableError{Reason: ReasonNoSessionBus, detail: "DBUS_SESSION_BUS_ADDRESS is not set and dbus-launch is not installed"}
	}
	return nil
}

// systemBackend is go-keyring's package-level API as a keyring.Keyring, so
// it sits behind the same guard as the test backends.
type systemBackend struct{}

func (systemBackend) Set(service, user, password string) error {
	return keyring.Set(service, user, password)
}
func (systemBackend) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (systemBackend) Delete(service, user string) error        { return keyring.Delete(service, user) }
func (systemBackend) DeleteAll(service string) error           { return keyring.DeleteAll(service) }
