package providers

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/resolve"
	"github.com/mailsetup/mailsetup/settings"
)

// DefaultISPDBURL is the public copy of Thunderbird's ISP database; the
// domain is appended (discovery.md §2.1).
const DefaultISPDBURL = "https://autoconfig.thunderbird.net/v1.1/"

// ErrNotFound means no source knew the domain and no guess worked.
var ErrNotFound = errors.New("no settings found for this domain")

// ErrNoDNS is the ErrNotFound of a discovery whose DNS never answered the
// domain's MX question (no network, a dead resolver, or the domain's own
// DNS broken): people must hear "check your connection", not "ask your
// provider". errors.Is(err, ErrNotFound) holds for it too.
var ErrNoDNS = fmt.Errorf("%w: DNS did not answer", ErrNotFound)

// DiscoverOptions shape one discovery.
type DiscoverOptions struct {
	// Network resolves, dials, and holds the trusted roots and the time limit
	// of one network operation. Required unless the built-in table knows
	// the domain.
	Network *resolve.Network
	// ISPDBURL is the base URL of the ISP database, the domain appended;
	// "" means DefaultISPDBURL.
	ISPDBURL string
	// Progress, if set, is told when each source starts, answers and fails.
	// Calls are serialised; it must return quickly.
	Progress func(Event)
	// NoGuess turns off probing common host names when every source fails.
	NoGuess bool

	// Ports rewrites the standard ports discovery connects to (443, 80,
	// 993, 995, 465, ...) into others. For tests only, which serve on
	// random loopback ports; the result still names the standard port.
	Ports map[int]int
}

// EventKind says what happened to a source.
type EventKind string

// Event kinds, in the order a source goes through them.
const (
	EventStarted EventKind = "started"
	EventFound   EventKind = "found"  // it answered with usable settings
	EventFailed  EventKind = "failed" // it answered nothing usable, or too late
	EventChosen  EventKind = "chosen" // its answer is the result
)

// Event reports progress of one source, for a progress line per source in
// the GUI and for tests.
type Event struct {
	Source settings.Source
	Kind   EventKind
	// Target is what the source asks: a URL, a DNS name or host:port.
	Target string
	// Err says why a source failed (EventFailed), in developer's words.
	Err error
}

// Label is the source's progress line for people, e.g. "Searching
// Thunderbird's database of providers" (assets/translations/discover.*.json).
func (e Event) Label() i18n.Message { return i18n.Msg("discover.progress." + string(e.Source)) }

// Discover finds the settings for addr: the built-in table first, then every
// online source at once, ranked (spec/cli.md "detect"), then guessing when
// all of them fail. The result carries its Source, SourceURL, Trust and
// Warnings. Discover returns within twice the Network's timeout, whatever the
// network does, or ErrNotFound.
func Discover(ctx context.Context, addr settings.Address, opts DiscoverOptions) (settings.Config, error) {
	if c, ok := builtinConfig(addr); ok {
		if opts.Progress != nil {
			opts.Progress(Event{Source: settings.SourceBuiltin, Kind: EventChosen, Target: addr.ASCIIDomain})
		}
		return c, nil
	}
	if opts.Network == nil {
		return settings.Config{}, errors.New("providers: Discover needs a Network")
	}
	d := newDiscovery(addr, opts)
	ctx, cancel := context.WithTimeout(ctx, d.total)
	defer func() {
		// Stop the sources that lost and let them finish, so that nothing
		// of this discovery runs on after it returns.
		cancel()
		d.wait(d.timeout / 20)
		d.http.close()
	}()
	c, err := d.run(ctx)
	if err != nil {
		return settings.Config{}, err
	}
	return d.finish(c), nil
}

// discovery is one run of Discover.
type discovery struct {
	addr    settings.Address
	domain  string // ASCII
	base    string // registrable domain of domain; "" when it is a public suffix
	opts    DiscoverOptions
	net     *resolve.Network
	http    *fetcher
	ispdb   string
	timeout time.Duration
	total   time.Duration // the whole discovery
	phase   time.Duration // the ranked sources; guessing gets the rest

	mu      sync.Mutex     // serialises Progress
	running sync.WaitGroup // the candidates' goroutines

	// noDNS is set when the MX question got no answer at all (not even
	// "does not exist"); a discovery that then finds nothing says so.
	noDNS atomic.Bool
}

// wait waits for the candidates to finish, at most limit: every one of them
// stops on cancellation, but a bound keeps Discover's own deadline certain.
func (d *discovery) wait(limit time.Duration) {
	done := make(chan struct{})
	go func() {
		d.running.Wait()
		close(done)
	}()
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
}

func newDiscovery(addr settings.Address, opts DiscoverOptions) *discovery {
	t := opts.Network.Timeout
	if t <= 0 {
		t = 10 * time.Second
	}
	d := &discovery{
		addr:    addr,
		domain:  addr.ASCIIDomain,
		base:    registrable(addr.ASCIIDomain),
		opts:    opts,
		net:     opts.Network,
		http:    newFetcher(opts.Network, opts.Ports),
		ispdb:   opts.ISPDBURL,
		timeout: t,
		// spec/cli.md: detect returns within 2 × --timeout. Keep a tenth
		// for starting up and printing.
		total: 2*t - t/10,
		// A source may need two operations in a row (MX, then a fetch);
		// past one and a half timeouts the rest goes to guessing.
		phase: t + t/2,
	}
	if d.ispdb == "" {
		d.ispdb = DefaultISPDBURL
	}
	return d
}

func (d *discovery) emit(e Event) {
	if d.opts.Progress == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.opts.Progress(e)
}

// run asks the online sources, then guesses.
func (d *discovery) run(ctx context.Context) (settings.Config, error) {
	if d.base == "" {
		// The domain is a public suffix ("co.uk", "es"): asking
		// autoconfig.co.uk or probing mail.es would hand the question,
		// and later the password, to whoever runs that name.
		return settings.Config{}, fmt.Errorf("%w: %s is a public suffix, not a domain anyone's mail lives at", ErrNotFound, d.domain)
	}
	phaseCtx, cancel := context.WithTimeout(ctx, d.phase)
	c, err := d.rank(phaseCtx, d.sources())
	cancel()
	if err == nil {
		return c, nil
	}
	if errors.Is(ctx.Err(), context.Canceled) {
		// The caller gave up (the GUI's Cancel button): say so, not "not found".
		return settings.Config{}, ctx.Err()
	}
	if ctx.Err() != nil || d.opts.NoGuess {
		return settings.Config{}, d.notFound()
	}
	c, err = d.guess(ctx)
	if errors.Is(ctx.Err(), context.Canceled) {
		return settings.Config{}, ctx.Err()
	}
	if err != nil {
		return settings.Config{}, d.notFound()
	}
	return c, nil
}

// notFound is the error of a discovery that found nothing: ErrNoDNS when
// DNS never answered, else ErrNotFound.
func (d *discovery) notFound() error {
	if d.noDNS.Load() {
		return ErrNoDNS
	}
	return ErrNotFound
}

// candidate is one way of finding settings, run concurrently with the others.
type candidate struct {
	source settings.Source
	target string
	run    func(ctx context.Context) (settings.Config, error)
}

type outcome struct {
	i   int
	c   settings.Config
	err error
}

// rank runs every candidate at once and returns the answer of the best-ranked
// one (the first in cands) that succeeds, as soon as every better-ranked
// one has failed: ranked, not raced (discovery.md §2.1). The others are
// cancelled then. When all fail, the error is the first one's.
func (d *discovery) rank(ctx context.Context, cands []candidate) (settings.Config, error) {
	if len(cands) == 0 {
		return settings.Config{}, ErrNotFound
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make(chan outcome, len(cands))
	for i, c := range cands {
		d.emit(Event{Source: c.source, Kind: EventStarted, Target: c.target})
		d.running.Add(1)
		go func() {
			defer d.running.Done()
			cfg, err := c.run(ctx)
			if err == nil && ctx.Err() != nil {
				err = ctx.Err()
			}
			results <- outcome{i, cfg, err}
		}()
	}
	done := make([]*outcome, len(cands))
	for range cands {
		var o outcome
		select {
		case o = <-results:
		case <-ctx.Done():
			// Out of time: what has answered is all there is.
			return d.best(cands, done, true)
		}
		done[o.i] = &o
		if o.err != nil {
			d.emit(Event{Source: cands[o.i].source, Kind: EventFailed, Target: cands[o.i].target, Err: o.err})
		} else {
			d.emit(Event{Source: cands[o.i].source, Kind: EventFound, Target: cands[o.i].target})
		}
		if c, err := d.best(cands, done, false); err == nil || !errors.Is(err, errPending) {
			return c, err
		}
	}
	return d.best(cands, done, true)
}

var errPending = errors.New("a better-ranked source has not answered yet")

// best picks the answer of the first successful candidate all of whose
// betters have failed. Unless final, a pending better candidate makes it wait
// (errPending).
func (d *discovery) best(cands []candidate, done []*outcome, final bool) (settings.Config, error) {
	var firstErr error
	for i, o := range done {
		if o == nil {
			if !final {
				return settings.Config{}, errPending
			}
			d.emit(Event{Source: cands[i].source, Kind: EventFailed, Target: cands[i].target, Err: context.DeadlineExceeded})
			continue
		}
		if o.err == nil {
			d.emit(Event{Source: cands[i].source, Kind: EventChosen, Target: cands[i].target})
			return o.c, nil
		}
		if firstErr == nil {
			firstErr = o.err
		}
	}
	if firstErr == nil {
		firstErr = ErrNotFound
	}
	return settings.Config{}, firstErr
}

// finish fills what every result needs: names when a source had none,
// non-nil lists, and a warning for each server that does not encrypt.
func (d *discovery) finish(c settings.Config) settings.Config {
	if c.ProviderID == "" {
		c.ProviderID = d.domain
	}
	if c.ProviderName == "" {
		c.ProviderName = d.addr.Domain
	}
	if c.Trust == "" {
		c.Trust = settings.Unverified
	}
	if c.Login.Password == "" {
		c.Login.Password = settings.PasswordAllowed
	}
	for _, list := range [][]settings.Server{c.Incoming, c.Outgoing} {
		for _, s := range list {
			if s.Security == settings.None {
				c.Warnings = appendWarning(c.Warnings, i18n.Msg("discover.warn.no_encryption", "host", s.Host))
			}
		}
	}
	return c
}

// appendWarning adds m unless the same warning is there already.
func appendWarning(ws []i18n.Message, m i18n.Message) []i18n.Message {
	for _, w := range ws {
		if w.Key == m.Key && fmt.Sprint(w.Args) == fmt.Sprint(m.Args) {
			return ws
		}
	}
	return append(ws, m)
}
