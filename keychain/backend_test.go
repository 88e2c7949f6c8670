package keychain

import (
	"sync"

	"github.com/zalando/go-keyring"
)

// fakeBackend is an in-memory keyring.Keyring that can fail or block on
// demand: the faults a real Secret Service will not produce on cue.
type fakeBackend struct {
	mu    sync.Mutex
	items map[string]string
	calls int
	// err, when set, is returned by every call.
	err error
	// block, when set, makes every call wait until it is closed.
	block chan struct{}
}

func newFakeBackend() *fakeBackend { return &fakeBackend{items: map[string]string{}} }

func (f *fakeBackend) enter() error {
	f.mu.Lock()
	f.calls++
	block, err := f.block, f.err
	f.mu.Unlock()
	if block != nil {
		<-block
	}
	return err
}

func (f *fakeBackend) Set(service, user, password string) error {
	if err := f.enter(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items[service+"/"+user] = password
	return nil
}

func (f *fakeBackend) Get(service, user string) (string, error) {
	if err := f.enter(); err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.items[service+"/"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (f *fakeBackend) Delete(service, user string) error {
	if err := f.enter(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.items[service+"/"+user]; !ok {
		return keyring.ErrNotFound
	}
	delete(f.items, service+"/"+user)
	return nil
}

func (f *fakeBackend) DeleteAll(string) error { return nil }

func (f *fakeBackend) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}
