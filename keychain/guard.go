package keychain

import (
	"sync/atomic"
	"time"

	"github.com/zalando/go-keyring"
)

// DefaultTimeout bounds one keychain call. A healthy Secret Service answers
// in milliseconds; longer means it waits for something that may never come
// (an unlock prompt nobody sees, a stalled activation).
const DefaultTimeout = 5 * time.Second

// guarded is a Store over a go-keyring style backend that validates
// arguments, bounds every call in time and turns raw errors into ours.
//
// The Linux backend can wait forever for an unlock prompt
// (zalando/go-keyring#131). A goroutine blocked in it cannot be stopped, so
// after a timeout the backend is not called again until that call returns;
// callers get ReasonTimedOut at once instead of piling up blocked goroutines.
type guarded struct {
	backend keyring.Keyring
	timeout time.Duration
	// stuck counts calls that timed out and have not returned yet. It is
	// shared by every Store over the same backend.
	stuck *atomic.Int32
	// precheck, if set, may refuse a call before the backend sees it.
	precheck func() error
}

func (g *guarded) Set(account string, secret []byte) error {
	acct, err := checkAccount(account)
	if err != nil {
		return err
	}
	if err := checkSecret(secret); err != nil {
		return err
	}
	// The backend takes a string, and a call that times out keeps running:
	// it must own its copy, never the caller's slice, which the caller may
	// wipe while the call still reads it.
	s := string(secret)
	return g.call(secret, func() error { return g.backend.Set(Service, acct, s) })
}

func (g *guarded) Get(account string) ([]byte, error) {
	acct, err := checkAccount(account)
	if err != nil {
		return nil, err
	}
	var s string
	err = g.call(nil, func() error {
		var err error
		s, err = g.backend.Get(Service, acct)
		return err
	})
	if err != nil {
		return nil, err
	}
	if s == "" {
		// An empty item is not a password; Set never writes one.
		return nil, ErrNotFound
	}
	return []byte(s), nil
}

func (g *guarded) Delete(account string) error {
	acct, err := checkAccount(account)
	if err != nil {
		return err
	}
	return g.call(nil, func() error { return g.backend.Delete(Service, acct) })
}

// call runs f with the timeout. f's result is read only when it returns in
// time, so a late result never races with the caller.
func (g *guarded) call(secret []byte, f func() error) error {
	if g.stuck.Load() > 0 {
		return &UnavailableError{Reason: ReasonTimedOut}
	}
	if g.precheck != nil {
		if err := g.precheck(); err != nil {
			return err
		}
	}
	// state: 0 running, 1 returned in time, 2 abandoned after the timeout.
	var state atomic.Int32
	done := make(chan error, 1)
	go func() {
		err := f()
		if !state.CompareAndSwap(0, 1) {
			// Abandoned: the backend is usable again.
			g.stuck.Add(-1)
		}
		done <- err
	}()
	timer := time.NewTimer(g.timeout)
	defer timer.Stop()
	select {
	case err := <-done:
		return classify(err, secret)
	case <-timer.C:
	}
	// Count the call as stuck before abandoning it, so the goroutine's
	// decrement can never come first.
	g.stuck.Add(1)
	if state.CompareAndSwap(0, 2) {
		return &UnavailableError{Reason: ReasonTimedOut}
	}
	g.stuck.Add(-1) // it returned at this very moment after all
	return classify(<-done, secret)
}
