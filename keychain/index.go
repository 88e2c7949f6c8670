package keychain

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/mailsetup/mailsetup/internal/atomicfile"
)

// Bounds of the saved-passwords list.
const (
	// MaxIndexSize is the largest index file read, in bytes.
	MaxIndexSize = 64 << 10
	// MaxIndexEntries is the most addresses the list keeps.
	MaxIndexEntries = 200
)

// ErrIndexFull means the list already holds MaxIndexEntries addresses.
var ErrIndexFull = errors.New("keychain: the list of saved passwords is full")

// Index is the list of addresses that have a password in the keychain, kept
// with the app's preferences so the app can show "saved passwords" without
// asking the keychain (which has no way to list items). It holds addresses
// only, never a secret. A missing or damaged file gives an empty list, never
// an error that stops the app: the passwords themselves stay in the keychain
// whatever happens to this file.
//
// Index knows nothing of where preferences live: OpenIndex takes a path,
// NewIndex takes load and save functions (the GUI may keep it under its Fyne
// storage root).
type Index struct {
	mu    sync.Mutex
	load  func() ([]byte, error)
	save  func([]byte) error
	addrs []string // lower case, sorted, unique
	// Damaged says the stored list could not be read and was started
	// afresh; the damaged file was kept next to it (OpenIndex).
	damaged bool
	// shared says the list lives in a file other processes may change (the
	// app and mailsetup-cli share it): it is read again before each use.
	shared bool
}

// indexFile is the stored form.
type indexFile struct {
	Version   int      `json:"version"`
	Addresses []string `json:"addresses"`
}

// OpenIndex reads the list kept in the file at path (created on first
// change, mode 0600, written atomically). A damaged file is renamed to
// path+".damaged" and the list starts empty.
func OpenIndex(path string) *Index {
	x := &Index{
		load:   func() ([]byte, error) { return readBounded(path, MaxIndexSize) },
		save:   func(b []byte) error { return saveIndex(path, b) },
		shared: true,
	}
	x.read(func() { _ = os.Rename(path, path+".damaged") })
	return x
}

// NewIndex reads the list through load, and writes it through save after
// every change. load returns (nil, nil) or an fs.ErrNotExist error when
// nothing was stored yet.
func NewIndex(load func() ([]byte, error), save func([]byte) error) *Index {
	x := &Index{load: load, save: save}
	x.read(nil)
	return x
}

// read loads the list; onDamage runs when the stored data is unusable.
func (x *Index) read(onDamage func()) {
	addrs, err := x.parse()
	if err != nil {
		x.damaged = true
		if onDamage != nil && !errors.Is(err, errUnreadable) {
			onDamage()
		}
		return
	}
	x.addrs = addrs
}

var (
	errUnreadable = errors.New("keychain: the list of saved passwords cannot be read")
	errDamaged    = errors.New("keychain: the list of saved passwords is damaged")
)

// parse reads and checks the stored list. Nothing stored yet is an empty list.
func (x *Index) parse() ([]string, error) {
	data, err := x.load()
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, errUnreadable
	}
	if len(data) == 0 {
		return nil, nil
	}
	var f indexFile
	if len(data) > MaxIndexSize || json.Unmarshal(data, &f) != nil || f.Version != 1 {
		return nil, errDamaged
	}
	var addrs []string
	for _, a := range f.Addresses {
		if acct, err := checkAccount(a); err == nil && len(addrs) < MaxIndexEntries {
			addrs = append(addrs, acct)
		}
	}
	slices.Sort(addrs)
	return slices.Compact(addrs), nil
}

// refresh reads the stored list again before each use, so that a change made
// by another process (`mailsetup-cli password set` while the app is open) is
// seen and never overwritten. When the file cannot be read now, what is in
// memory stays.
func (x *Index) refresh() {
	if !x.shared || x.damaged {
		return
	}
	if addrs, err := x.parse(); err == nil {
		x.addrs = addrs
	}
}

// Damaged reports whether the stored list was unreadable when opened.
func (x *Index) Damaged() bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.damaged
}

// List returns the addresses with a saved password, sorted.
func (x *Index) List() []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.refresh()
	return slices.Clone(x.addrs)
}

// Has reports whether address is in the list.
func (x *Index) Has(address string) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.refresh()
	_, found := slices.BinarySearch(x.addrs, Account(address))
	return found
}

// Add puts address in the list and saves it.
func (x *Index) Add(address string) error {
	acct, err := checkAccount(address)
	if err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.refresh()
	i, found := slices.BinarySearch(x.addrs, acct)
	if found {
		return nil
	}
	if len(x.addrs) >= MaxIndexEntries {
		return ErrIndexFull
	}
	next := slices.Insert(slices.Clone(x.addrs), i, acct)
	return x.commit(next)
}

// Remove takes address out of the list and saves it. Removing an address
// that is not there is not an error.
func (x *Index) Remove(address string) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.refresh()
	i, found := slices.BinarySearch(x.addrs, Account(address))
	if !found {
		return nil
	}
	next := slices.Delete(slices.Clone(x.addrs), i, i+1)
	return x.commit(next)
}

// Prune removes the addresses whose password is gone from store (deleted
// with another tool, or by `mailsetup-cli password delete`) and returns
// them. Only a definite ErrNotFound removes an entry: when the keychain is
// unavailable nothing is removed, and that error is returned.
func (x *Index) Prune(store Store) (removed []string, err error) {
	for _, a := range x.List() {
		secret, gerr := store.Get(a)
		Wipe(secret)
		switch {
		case gerr == nil:
		case errors.Is(gerr, ErrNotFound):
			removed = append(removed, a)
		default:
			if _, ok := IsUnavailable(gerr); ok {
				err = gerr
			}
		}
		if err != nil {
			break
		}
	}
	for _, a := range removed {
		if rerr := x.Remove(a); rerr != nil {
			return removed, rerr
		}
	}
	return removed, err
}

// commit saves next and, only if that worked, makes it the list. Called
// with x.mu held.
func (x *Index) commit(next []string) error {
	data, err := json.MarshalIndent(indexFile{Version: 1, Addresses: next}, "", "  ")
	if err != nil {
		return err
	}
	if err := x.save(append(data, '\n')); err != nil {
		return fmt.Errorf("keychain: saving the list of saved passwords: %w", err)
	}
	x.addrs = next
	x.damaged = false
	return nil
}

// readBounded reads at most max bytes of the file; a longer file reads as
// max+1 bytes, which the caller treats as damaged.
func readBounded(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, max+1))
}

// saveIndex writes the list, private to the user (0600), creating the app's
// folder when needed.
func saveIndex(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return atomicfile.Write(path, data, 0o600)
}
