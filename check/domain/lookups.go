package domain

import (
	"context"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"

	"github.com/mailsetup/mailsetup/resolve"
)

// lookups wraps the resolver for one Run: at most a fixed number of queries
// in flight, and each distinct question asked once (the MX, SPF and
// blocklist checks ask some of the same names).
type lookups struct {
	r   resolve.Resolver
	sem chan struct{}

	mu    sync.Mutex
	cache map[question]*answer

	// answered and timedOut count replies and time-outs. A server that has
	// let deadTimeouts questions time out without ever answering one is
	// taken as unreachable: the rest fail at once instead of each waiting
	// out its own time limit.
	answered, timedOut atomic.Int64
	dead               context.Context // done once the server is taken as unreachable
	giveUp             context.CancelFunc
}

// deadTimeouts is how many time-outs without a single answer mark the DNS
// server as unreachable.
const deadTimeouts = 4

type question struct {
	kind string // "txt", "mx", "ip", "cname"
	name string
}

// answer is filled once; done is closed when it is.
type answer struct {
	done  chan struct{}
	txt   []string
	mx    []*net.MX
	ips   []netip.Addr
	cname string
	err   error
}

func newLookups(r resolve.Resolver, inFlight int) *lookups {
	dead, giveUp := context.WithCancel(context.Background())
	return &lookups{r: r, sem: make(chan struct{}, inFlight), cache: map[question]*answer{}, dead: dead, giveUp: giveUp}
}

// ask returns the answer to q, asking the resolver only the first time.
func (l *lookups) ask(ctx context.Context, q question) *answer {
	l.mu.Lock()
	a, ok := l.cache[q]
	if !ok {
		a = &answer{done: make(chan struct{})}
		l.cache[q] = a
	}
	l.mu.Unlock()
	if ok {
		select {
		case <-a.done:
			return a
		case <-ctx.Done():
			return &answer{err: timeoutError(q.name)}
		}
	}
	defer close(a.done)
	if l.r == nil {
		a.err = &net.DNSError{Err: "no resolver", Name: q.name}
		return a
	}
	if l.dead.Err() != nil {
		a.err = timeoutError(q.name)
		return a
	}
	select {
	case l.sem <- struct{}{}:
	case <-ctx.Done():
		a.err = timeoutError(q.name)
		return a
	case <-l.dead.Done():
		a.err = timeoutError(q.name)
		return a
	}
	// The resolver runs in its own goroutine, which keeps the slot until it
	// returns (so the bound holds on the wire), while the asker stops
	// waiting as soon as the run ends or the server is found unreachable:
	// a resolver slow to notice cancellation cannot hold the report back.
	got := &answer{}
	finished := make(chan struct{})
	go func() {
		defer func() { <-l.sem }()
		defer close(finished)
		qctx, cancel := context.WithCancel(ctx)
		defer cancel()
		stop := context.AfterFunc(l.dead, cancel)
		defer stop()
		switch q.kind {
		case "txt":
			got.txt, _, got.err = l.r.LookupTXT(qctx, q.name)
		case "mx":
			got.mx, _, got.err = l.r.LookupMX(qctx, q.name)
		case "ip":
			got.ips, _, got.err = l.r.LookupIP(qctx, q.name)
		case "cname":
			got.cname, _, got.err = l.r.LookupCNAME(qctx, q.name)
		}
		if !resolve.IsTimeout(got.err) {
			l.answered.Add(1)
		} else if l.timedOut.Add(1) >= deadTimeouts && l.answered.Load() == 0 {
			l.giveUp()
		}
	}()
	select {
	case <-finished:
		a.txt, a.mx, a.ips, a.cname, a.err = got.txt, got.mx, got.ips, got.cname, got.err
	case <-ctx.Done():
		a.err = timeoutError(q.name)
	case <-l.dead.Done():
		a.err = timeoutError(q.name)
	}
	return a
}

func (l *lookups) txt(ctx context.Context, name string) ([]string, error) {
	a := l.ask(ctx, question{"txt", name})
	return a.txt, a.err
}

func (l *lookups) mx(ctx context.Context, name string) ([]*net.MX, error) {
	a := l.ask(ctx, question{"mx", name})
	return a.mx, a.err
}

func (l *lookups) ip(ctx context.Context, name string) ([]netip.Addr, error) {
	a := l.ask(ctx, question{"ip", name})
	return a.ips, a.err
}

func (l *lookups) cname(ctx context.Context, name string) (string, error) {
	a := l.ask(ctx, question{"cname", name})
	return a.cname, a.err
}

func timeoutError(name string) error {
	return &net.DNSError{Err: "no answer in time", Name: name, IsTimeout: true}
}

// unanswered reports whether err means the question got no usable answer
// (time-out, server failure), as opposed to "this does not exist".
func unanswered(err error) bool { return err != nil && !resolve.IsNotFound(err) }
