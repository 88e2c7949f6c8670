package domain

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/resolve"
)

// A DNS server that never answers still yields a full report, in time: every
// check present, each one saying it could not be asked.
func TestStallingServerYieldsReport(t *testing.T) {
	srv := server(t)
	srv.SetStall(func(string, uint16) bool { return true })
	const timeout = 300 * time.Millisecond
	opts := Options{Resolver: resolve.New([]string{srv.Addr}, timeout), Timeout: timeout}
	before := goleak.IgnoreCurrent()
	start := time.Now()
	done := make(chan Report, 1)
	go func() { done <- Run(context.Background(), "good.test", opts) }()
	var r Report
	select {
	case r = <-done:
	case <-time.After(30 * time.Second): // hang guard only, far above the bound
		t.Fatal("Run did not return")
	}
	elapsed := time.Since(start)
	t.Logf("stalled run took %v (bound 3 × %v = %v)", elapsed, timeout, 3*timeout)
	// Nothing of the run outlives it; the server's stalled handlers are the
	// test's own and end at cleanup.
	goleak.VerifyNone(t, before, goleak.IgnoreAnyFunction("github.com/mailsetup/mailsetup/check/domain/dnstest.(*Server).ServeDNS"))
	for _, c := range []string{CheckMX, CheckSPF, CheckDMARC, CheckDKIM, CheckMTASTS, CheckTLSRPT, CheckBlocklist} {
		fs := find(r, c)
		if len(fs) == 0 {
			t.Errorf("no %s finding", c)
		}
		for _, f := range fs {
			if f.Status != Warning {
				t.Errorf("%s: status %s, want warning (%s)", c, f.Status, f.Message.In(i18n.EN))
			}
		}
	}
}

// Only the blocklists stall: the rest of the report is normal and the lists
// read as "could not be asked", not as listings.
func TestStallingBlocklists(t *testing.T) {
	srv := server(t)
	srv.SetStall(func(name string, _ uint16) bool {
		return strings.HasSuffix(name, ".spamhaus.org.") || strings.HasSuffix(name, ".spamcop.net.") ||
			strings.HasSuffix(name, ".barracudacentral.org.")
	})
	const timeout = 300 * time.Millisecond
	opts := Options{Resolver: resolve.New([]string{srv.Addr}, timeout), Timeout: timeout}
	start := time.Now()
	r := Run(context.Background(), "good.test", opts)
	t.Logf("run with stalled blocklists took %v", time.Since(start))
	if !r.OK {
		t.Errorf("unanswered blocklists made the report fail: %+v", r.In(i18n.EN))
	}
	wantStatus(t, one(t, r, CheckMX), OK, "")
	bl := find(r, CheckBlocklist)
	if len(bl) != len(DefaultBlocklists) {
		t.Fatalf("want one refused finding per list, got %+v", bl)
	}
	for _, f := range bl {
		wantStatus(t, f, Warning, "refused")
	}
}

// countingResolver measures how many lookups run at once.
type countingResolver struct {
	resolve.Resolver
	now, max atomic.Int64
}

func (c *countingResolver) enter() func() {
	n := c.now.Add(1)
	for {
		m := c.max.Load()
		if n <= m || c.max.CompareAndSwap(m, n) {
			break
		}
	}
	return func() { c.now.Add(-1) }
}

func (c *countingResolver) LookupTXT(ctx context.Context, name string) ([]string, resolve.Result, error) {
	defer c.enter()()
	return c.Resolver.LookupTXT(ctx, name)
}

func (c *countingResolver) LookupMX(ctx context.Context, name string) ([]*net.MX, resolve.Result, error) {
	defer c.enter()()
	return c.Resolver.LookupMX(ctx, name)
}

func (c *countingResolver) LookupIP(ctx context.Context, name string) ([]netip.Addr, resolve.Result, error) {
	defer c.enter()()
	return c.Resolver.LookupIP(ctx, name)
}

func (c *countingResolver) LookupCNAME(ctx context.Context, name string) (string, resolve.Result, error) {
	defer c.enter()()
	return c.Resolver.LookupCNAME(ctx, name)
}

// The queries run concurrently, but never more than MaxInFlight at once.
func TestQueriesBounded(t *testing.T) {
	srv := server(t)
	srv.SetDelay(20 * time.Millisecond)
	cr := &countingResolver{Resolver: resolve.New([]string{srv.Addr}, 2*time.Second)}
	r := Run(context.Background(), "good.test", Options{Resolver: cr, Timeout: 2 * time.Second, MaxInFlight: 4})
	if !r.OK {
		t.Errorf("report failed: %+v", r.In(i18n.EN))
	}
	if m := cr.max.Load(); m > 4 || m < 2 {
		t.Errorf("max lookups at once = %d, want 2..4 (concurrent and bounded)", m)
	}
	t.Logf("server saw %d questions, at most %d lookups at once", srv.Queries(), cr.max.Load())
}

// A Run without a resolver is a programming slip; it still returns a report.
func TestNoResolver(t *testing.T) {
	r := Run(context.Background(), "good.test", Options{Timeout: time.Second})
	if len(r.Findings) < 7 {
		t.Errorf("findings = %d", len(r.Findings))
	}
}

// A caller's cancellation ends the run at once.
func TestCancelled(t *testing.T) {
	srv := server(t)
	srv.SetStall(func(string, uint16) bool { return true })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := Run(ctx, "good.test", Options{Resolver: resolve.New([]string{srv.Addr}, 5*time.Second), Timeout: 5 * time.Second})
	if len(find(r, CheckMX)) != 1 {
		t.Errorf("no MX finding after cancel: %+v", r.Findings)
	}
}

// hangingResolver never returns until released, ignoring its context: a
// fault no real server produces (it is a resolver bug), so an in-process fake.
type hangingResolver struct{ release chan struct{} }

func (h hangingResolver) LookupIP(context.Context, string) ([]netip.Addr, resolve.Result, error) {
	<-h.release
	return nil, resolve.Result{}, &net.DNSError{Err: "released", IsTimeout: true}
}
func (h hangingResolver) LookupMX(context.Context, string) ([]*net.MX, resolve.Result, error) {
	<-h.release
	return nil, resolve.Result{}, &net.DNSError{Err: "released", IsTimeout: true}
}
func (h hangingResolver) LookupSRV(context.Context, string, string, string) ([]*net.SRV, resolve.Result, error) {
	<-h.release
	return nil, resolve.Result{}, &net.DNSError{Err: "released", IsTimeout: true}
}
func (h hangingResolver) LookupTXT(context.Context, string) ([]string, resolve.Result, error) {
	<-h.release
	return nil, resolve.Result{}, &net.DNSError{Err: "released", IsTimeout: true}
}
func (h hangingResolver) LookupCNAME(context.Context, string) (string, resolve.Result, error) {
	<-h.release
	return "", resolve.Result{}, &net.DNSError{Err: "released", IsTimeout: true}
}

// Even a resolver that ignores cancellation cannot hold the report past the
// bound: every check reports, as a warning.
func TestResolverIgnoringContext(t *testing.T) {
	h := hangingResolver{release: make(chan struct{})}
	t.Cleanup(func() { close(h.release) })
	const timeout = 200 * time.Millisecond
	start := time.Now()
	done := make(chan Report, 1)
	go func() { done <- Run(context.Background(), "good.test", Options{Resolver: h, Timeout: timeout}) }()
	select {
	case r := <-done:
		t.Logf("run with a hanging resolver took %v (bound %v)", time.Since(start), 3*timeout)
		if len(r.Findings) < 7 || !r.OK {
			t.Errorf("report %+v", r.In(i18n.EN))
		}
		for _, f := range r.Findings {
			if f.Status != Warning {
				t.Errorf("%s: %s", f.Check, f.Status)
			}
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return")
	}
}

// A bug that panics inside one check costs that finding, not the program.
func TestPanicInCheck(t *testing.T) {
	srv := server(t)
	opts := Options{Resolver: resolve.New([]string{srv.Addr}, 2*time.Second), Timeout: 2 * time.Second,
		ProviderForMX: func(string) (string, string, bool) { panic("provider table bug") }}
	r := Run(context.Background(), "good.test", opts)
	wantStatus(t, one(t, r, CheckMX), Warning, "internal_error")
	wantStatus(t, one(t, r, CheckSPF), OK, "")
	wantStatus(t, one(t, r, CheckDMARC), OK, "")
}
