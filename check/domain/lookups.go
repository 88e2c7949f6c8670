package domain

import (
	"context"
	"net"
	"net/netip"
	"sync"

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
}

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
	return &lookups{r: r, sem: make(chan struct{}, inFlight), cache: map[question]*answer{}}
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
	select {
	case l.sem <- struct{}{}:
	case <-ctx.Done():
		a.err = timeoutError(q.name)
		return a
	}
	defer func() { <-l.sem }()
	switch q.kind {
	case "txt":
		a.txt, _, a.err = l.r.LookupTXT(ctx, q.name)
	case "mx":
		a.mx, _, a.err = l.r.LookupMX(ctx, q.name)
	case "ip":
		a.ips, _, a.err = l.r.LookupIP(ctx, q.name)
	case "cname":
		a.cname, _, a.err = l.r.LookupCNAME(ctx, q.name)
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
