// Package domain checks a domain's mail DNS — MX, SPF, DMARC, DKIM, MTA-STS,
// TLS-RPT — and whether its mail servers are on well-known DNS blocklists,
// and explains each finding in plain words with advice on how to fix it.
//
// Every query goes through a resolve.Resolver, at most a bounded number at a
// time, and a whole Run returns within three times the per-operation time
// limit whatever the network does (spec/cli.md, "domain").
package domain

import (
	"context"
	"crypto/x509"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/idna"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/resolve"
	"github.com/mailsetup/mailsetup/settings"
)

// Status is how a finding turned out.
type Status string

// The statuses, from best to worst.
const (
	OK      Status = "ok"
	Warning Status = "warning"
	Error   Status = "error"
)

func (s Status) rank() int {
	switch s {
	case Error:
		return 2
	case Warning:
		return 1
	}
	return 0
}

// Check names, as in spec/cli.md.
const (
	CheckMX        = "mx"
	CheckSPF       = "spf"
	CheckDMARC     = "dmarc"
	CheckDKIM      = "dkim"
	CheckMTASTS    = "mta-sts"
	CheckTLSRPT    = "tls-rpt"
	CheckBlocklist = "blocklist"
)

// Finding is one conclusion about the domain. Message and Advice stay
// un-rendered so that the reader's language is chosen when it is shown.
type Finding struct {
	Check   string
	Status  Status
	Record  string // the DNS record the finding is about, as published
	Message i18n.Message
	Advice  i18n.Message // zero Key = nothing to do
	// More are further problems of the same record, worst first; Status,
	// Message and Advice describe the worst of all.
	More []Note
	// Detail holds machine-readable facts: dns_lookups, policy, selector,
	// key_bits, hosts, list, issues (stable problem codes), ...
	Detail map[string]any
}

// Report is the outcome of a Run.
type Report struct {
	Domain   string // ASCII (A-label) form, as asked in DNS
	OK       bool   // no finding is an error
	Findings []Finding
}

// Options tune a Run. The zero value is not usable: Resolver is required.
type Options struct {
	Resolver resolve.Resolver
	// Timeout limits one DNS exchange; the whole Run takes at most three
	// times as long. Zero means 10 s.
	Timeout time.Duration
	// Selectors are the DKIM selectors tried; nil means DefaultSelectors.
	Selectors []string
	// Blocklists are the DNSBL zones asked; nil means DefaultBlocklists.
	Blocklists []string
	// Dialer and RootCAs fetch the MTA-STS policy over HTTPS (RFC 8461
	// §3.3); with a nil Dialer only the DNS record is checked.
	Dialer  resolve.Dialer
	RootCAs *x509.CertPool
	// MaxInFlight bounds the DNS queries asked at the same time; zero means 16.
	MaxInFlight int
	// ProviderForMX names the mail provider behind an MX host, as an id of
	// the providers table and a display name. Nil means providers.LookupMX,
	// the built-in table.
	ProviderForMX func(host string) (id, name string, ok bool)
}

// OptionsFor returns the options for a resolve.Network (the CLI's and the
// GUI's view of the user's network choices).
func OptionsFor(n *resolve.Network) Options {
	return Options{Resolver: n.Resolver, Timeout: n.Timeout, Dialer: n.Dialer, RootCAs: n.RootCAs}
}

// Parse accepts a domain or an email address as typed by a user and returns
// the domain in A-label form (for DNS) and in Unicode (for display). Errors
// are *settings.AddressError, whose Key() is a translation key.
func Parse(input string) (ascii, unicode string, err error) {
	if strings.Contains(input, "@") {
		a, err := settings.ParseAddress(input)
		if err != nil {
			return "", "", err
		}
		return a.ASCIIDomain, a.Domain, nil
	}
	if len(input) > 4*settings.MaxAddressLength {
		return "", "", &settings.AddressError{Reason: settings.ReasonTooLong}
	}
	uni, asc, err := settings.NormaliseDomain(input)
	if err != nil {
		return "", "", err
	}
	for _, r := range asc {
		if !(r == '-' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return "", "", &settings.AddressError{Reason: settings.ReasonBadDomain}
		}
	}
	if !strings.Contains(asc, ".") {
		return "", "", &settings.AddressError{Reason: settings.ReasonNoDot}
	}
	return strings.ToLower(asc), uni, nil
}

// checkFunc runs one check and returns its findings. It must watch ctx.
type checkFunc func(ctx context.Context, r *run) []Finding

// run is the state one Run shares between its checks.
type run struct {
	domain  string // A-labels, for DNS
	display string // Unicode, for messages
	opts    Options
	dns     *lookups

	mxOnce sync.Once
	mxDone chan struct{} // closed when mx is set
	mx     mxResult
}

// Run checks domain (A-label form) and returns its report. It never fails:
// what could not be asked becomes a warning finding.
func Run(ctx context.Context, domain string, opts Options) Report {
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = 16
	}
	if opts.Selectors == nil {
		opts.Selectors = DefaultSelectors
	}
	if opts.Blocklists == nil {
		opts.Blocklists = DefaultBlocklists
	}
	if opts.ProviderForMX == nil {
		opts.ProviderForMX = tableProvider
	}
	domain = strings.ToLower(strings.TrimSuffix(domain, "."))

	// The budget leaves a quarter of one time limit for the answers already
	// under way to come home, so the whole Run stays under 3 × Timeout.
	budget := 3*opts.Timeout - opts.Timeout/4
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()

	display, err := idna.Display.ToUnicode(domain)
	if err != nil {
		display = domain
	}
	r := &run{domain: domain, display: display, opts: opts, mxDone: make(chan struct{})}
	r.dns = newLookups(opts.Resolver, opts.MaxInFlight)
	defer r.dns.giveUp() // releases the context's resources; the run is over

	checks := []struct {
		name string
		fn   checkFunc
	}{
		{CheckMX, checkMX},
		{CheckSPF, checkSPF},
		{CheckDMARC, checkDMARC},
		{CheckDKIM, checkDKIM},
		{CheckMTASTS, checkMTASTS},
		{CheckTLSRPT, checkTLSRPT},
		{CheckBlocklist, checkBlocklists},
	}
	var mu sync.Mutex
	results := make([][]Finding, len(checks))
	done := make([]bool, len(checks))
	var wg sync.WaitGroup
	for i, c := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var f []Finding
			defer func() {
				// A panic here is a bug; it costs one finding, not the
				// program (a goroutine's panic cannot be recovered above).
				if v := recover(); v != nil {
					f = []Finding{{Check: c.name, Status: Warning, Message: i18n.Msg("domain.internal_error"),
						Detail: map[string]any{"issues": []string{"internal_error"}, "error": fmt.Sprint(v)}}}
				}
				mu.Lock()
				results[i], done[i] = f, true
				mu.Unlock()
			}()
			f = c.fn(ctx, r)
		}()
	}
	all := make(chan struct{})
	go func() { wg.Wait(); close(all) }()
	select {
	case <-all:
	case <-ctx.Done():
		// Every lookup watches ctx, so stragglers end almost at once; the
		// grace only covers goroutine scheduling.
		grace := time.NewTimer(min(opts.Timeout/8, 2*time.Second))
		select {
		case <-all:
		case <-grace.C:
		}
		grace.Stop()
	}

	rep := Report{Domain: domain, OK: true}
	mu.Lock()
	for i, c := range checks {
		fs := results[i]
		if !done[i] {
			fs = []Finding{unfinished(c.name)}
		}
		rep.Findings = append(rep.Findings, fs...)
	}
	mu.Unlock()
	for i := range rep.Findings {
		if rep.Findings[i].Detail == nil {
			rep.Findings[i].Detail = map[string]any{}
		}
		if rep.Findings[i].Status == Error {
			rep.OK = false
		}
	}
	return rep
}

// unfinished is the finding for a check that ran out of time.
func unfinished(check string) Finding {
	return Finding{
		Check:   check,
		Status:  Warning,
		Message: i18n.Msg("domain.unfinished." + check),
		Advice:  i18n.Msg("domain.unfinished.advice"),
		Detail:  map[string]any{"issues": []string{"timeout"}},
	}
}

// setMX publishes the MX result to the checks that depend on it.
func (r *run) setMX(m mxResult) {
	r.mxOnce.Do(func() {
		r.mx = m
		close(r.mxDone)
	})
}

// waitMX returns the MX result, or ok=false if ctx ends first.
func (r *run) waitMX(ctx context.Context) (mxResult, bool) {
	select {
	case <-r.mxDone:
		return r.mx, true
	case <-ctx.Done():
		return mxResult{}, false
	}
}
