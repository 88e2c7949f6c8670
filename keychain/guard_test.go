package keychain

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func newTestStore(b *fakeBackend, timeout time.Duration) *guarded {
	return &guarded{backend: b, timeout: timeout, stuck: new(atomic.Int32)}
}

func TestRoundTripLowerCasesAccount(t *testing.T) {
	b := newFakeBackend()
	s := newTestStore(b, time.Minute)
	if err := s.Set("Ana@Example.ES", []byte("abcd efgh ijkl mnop")); err != nil {
		t.Fatal(err)
	}
	if _, ok := b.items["mailsetup/ana@example.es"]; !ok {
		t.Fatalf("item not stored under service mailsetup, lower-case account: %v", b.items)
	}
	got, err := s.Get("ana@example.es")
	if err != nil || string(got) != "abcd efgh ijkl mnop" {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if err := s.Delete("ANA@example.es"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("ana@example.es"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v, want ErrNotFound", err)
	}
	if err := s.Delete("ana@example.es"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Delete twice: %v, want ErrNotFound", err)
	}
}

func TestSetKeepsNoReferenceToCallerBuffer(t *testing.T) {
	b := newFakeBackend()
	s := newTestStore(b, time.Minute)
	secret := []byte("s3cret-value")
	if err := s.Set("a@b.es", secret); err != nil {
		t.Fatal(err)
	}
	Wipe(secret)
	if !bytes.Equal(secret, make([]byte, len(secret))) {
		t.Fatal("Wipe did not zero the buffer")
	}
	got, _ := s.Get("a@b.es")
	if string(got) != "s3cret-value" {
		t.Fatalf("stored secret changed when the caller wiped its buffer: %q", got)
	}
}

func TestInputRejectedBeforeBackend(t *testing.T) {
	long := strings.Repeat("x", MaxAccountSize) + "@example.es"
	cases := []struct {
		name    string
		account string
		secret  []byte
		want    func(error) bool
	}{
		{"empty secret", "a@b.es", nil, func(e error) bool { return errors.Is(e, ErrEmptySecret) }},
		{"secret too large", "a@b.es", bytes.Repeat([]byte("x"), MaxSecretSize+1), isReason(ReasonTooLarge)},
		{"account too long", long, []byte("pw"), func(e error) bool { return errors.Is(e, ErrInvalidAccount) }},
		{"empty account", "", []byte("pw"), func(e error) bool { return errors.Is(e, ErrInvalidAccount) }},
		{"no at", "ana", []byte("pw"), func(e error) bool { return errors.Is(e, ErrInvalidAccount) }},
		{"control char", "a\n@b.es", []byte("pw"), func(e error) bool { return errors.Is(e, ErrInvalidAccount) }},
		{"bad utf8", "a\xff@b.es", []byte("pw"), func(e error) bool { return errors.Is(e, ErrInvalidAccount) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := newFakeBackend()
			s := newTestStore(b, time.Minute)
			if err := s.Set(c.account, c.secret); !c.want(err) {
				t.Errorf("Set: %v", err)
			}
			if b.callCount() != 0 {
				t.Errorf("backend called %d times for rejected input", b.callCount())
			}
		})
	}
	// The limit itself is accepted.
	b := newFakeBackend()
	if err := newTestStore(b, time.Minute).Set("a@b.es", bytes.Repeat([]byte("x"), MaxSecretSize)); err != nil {
		t.Fatalf("secret of exactly MaxSecretSize: %v", err)
	}
}

func isReason(r Reason) func(error) bool {
	return func(err error) bool {
		ue, ok := IsUnavailable(err)
		return ok && ue.Reason == r
	}
}

// A backend that never answers (an unlock prompt nobody sees) must not hang
// the caller; later calls must not pile up behind it; once it returns, the
// keychain is used again.
func TestTimeoutStopsCallingUntilStuckCallReturns(t *testing.T) {
	b := newFakeBackend()
	b.block = make(chan struct{})
	s := newTestStore(b, 50*time.Millisecond)

	done := make(chan error)
	go func() { done <- s.Set("a@b.es", []byte("pw")) }()
	select {
	case err := <-done:
		if !isReason(ReasonTimedOut)(err) {
			t.Fatalf("blocked Set: %v, want timed_out", err)
		}
	case <-time.After(10 * time.Second): // hang guard only
		t.Fatal("Set did not return although the backend blocks")
	}
	// While the first call is stuck, nothing else reaches the backend.
	for range 3 {
		if _, err := s.Get("a@b.es"); !isReason(ReasonTimedOut)(err) {
			t.Fatalf("Get while stuck: %v, want timed_out", err)
		}
	}
	if n := b.callCount(); n != 1 {
		t.Fatalf("backend called %d times, want 1 (no calls while stuck)", n)
	}

	// The stuck call returns: the keychain is usable again.
	b.mu.Lock()
	close(b.block)
	b.block = nil
	b.mu.Unlock()
	deadline := time.Now().Add(10 * time.Second)
	for s.stuck.Load() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("stuck count never went back to zero")
		}
		time.Sleep(time.Millisecond)
	}
	got, err := s.Get("a@b.es")
	if err != nil || string(got) != "pw" {
		t.Fatalf("Get after recovery = %q, %v", got, err)
	}
}

// Stores over the same backend share the stuck state, as every Store over
// the system keychain does.
func TestStuckStateIsShared(t *testing.T) {
	b := newFakeBackend()
	b.block = make(chan struct{})
	defer close(b.block)
	stuck := new(atomic.Int32)
	s1 := &guarded{backend: b, timeout: 20 * time.Millisecond, stuck: stuck}
	s2 := &guarded{backend: b, timeout: time.Hour, stuck: stuck}
	if err := s1.Delete("a@b.es"); !isReason(ReasonTimedOut)(err) {
		t.Fatalf("s1: %v", err)
	}
	if err := s2.Delete("a@b.es"); !isReason(ReasonTimedOut)(err) {
		t.Fatalf("s2 should refuse at once while s1's call is stuck: %v", err)
	}
}

func TestConcurrentCallsCountStuckCorrectly(t *testing.T) {
	b := newFakeBackend()
	s := newTestStore(b, time.Minute)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			acct := string(rune('a'+i%26)) + "@b.es"
			if err := s.Set(acct, []byte("pw")); err != nil {
				t.Error(err)
			}
			if _, err := s.Get(acct); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if s.stuck.Load() != 0 {
		t.Fatalf("stuck = %d after calls that all returned in time", s.stuck.Load())
	}
}

func TestPrecheckRefusesWithoutCallingBackend(t *testing.T) {
	b := newFakeBackend()
	s := newTestStore(b, time.Minute)
	s.precheck = func() error { return &UnavailableError{Reason: ReasonNoSessionBus} }
	if err := s.Set("a@b.es", []byte("pw")); !isReason(ReasonNoSessionBus)(err) {
		t.Fatalf("Set: %v", err)
	}
	if b.callCount() != 0 {
		t.Fatal("backend called despite the precheck")
	}
}

// A backend error that happens to quote the secret must not carry it on.
func TestErrorNeverContainsSecret(t *testing.T) {
	b := newFakeBackend()
	b.err = errors.New("org.freedesktop.DBus.Error.Failed: could not store hunter2-secret")
	s := newTestStore(b, time.Minute)
	err := s.Set("a@b.es", []byte("hunter2-secret"))
	ue, ok := IsUnavailable(err)
	if !ok {
		t.Fatalf("want *UnavailableError, got %v", err)
	}
	if strings.Contains(err.Error(), "hunter2") || strings.Contains(ue.Detail(), "hunter2") {
		t.Fatalf("error text contains the secret: %q", err.Error())
	}
	if errors.Unwrap(err) != nil {
		t.Fatal("the raw error quoting the secret is still reachable through Unwrap")
	}
	for _, l := range []string{"es", "en"} {
		if msg := Describe(err, langOf(l)); strings.Contains(msg, "hunter2") || msg == "" {
			t.Fatalf("Describe(%s) = %q", l, msg)
		}
	}
}

func TestGetEmptyItemIsNotFound(t *testing.T) {
	b := newFakeBackend()
	b.items["mailsetup/a@b.es"] = ""
	if _, err := newTestStore(b, time.Minute).Get("a@b.es"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("empty item: %v, want ErrNotFound", err)
	}
}

func BenchmarkGuardedGet(b *testing.B) {
	fb := newFakeBackend()
	s := newTestStore(fb, time.Minute)
	_ = s.Set("a@b.es", []byte("abcd efgh ijkl mnop"))
	b.Run("direct", func(b *testing.B) {
		for b.Loop() {
			_, _ = fb.Get(Service, "a@b.es")
		}
	})
	b.Run("guarded", func(b *testing.B) {
		for b.Loop() {
			v, _ := s.Get("a@b.es")
			Wipe(v)
		}
	})
}
