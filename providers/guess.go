package providers

import (
	"context"
	"sync"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// probe is one host, port and security mode to try.
type probe struct {
	protocol settings.Protocol
	host     string
	port     int
	security settings.Security
	order    int // lower is preferred
}

// guessProbes lists what guessing tries, in order of preference: implicit
// TLS before STARTTLS (RFC 8314 §5.1, Thunderbird since 2023), then host
// order. imap.* is tried only for IMAP, pop3.*/pop.* only for POP3, smtp.*
// only for SMTP; mail.* and the bare domain for all three (discovery.md §2.1).
func guessProbes(domain string) []probe {
	type plan struct {
		protocol settings.Protocol
		prefixes []string
	}
	plans := []plan{
		{settings.IMAP, []string{"imap.", "mail.", ""}},
		{settings.POP3, []string{"pop3.", "pop.", "mail.", ""}},
		{settings.SMTP, []string{"smtp.", "mail.", ""}},
	}
	var out []probe
	for _, p := range plans {
		n := 0
		for _, sec := range []settings.Security{settings.TLS, settings.STARTTLS} {
			for _, prefix := range p.prefixes {
				out = append(out, probe{protocol: p.protocol, host: prefix + domain,
					port: settings.DefaultPort(p.protocol, sec), security: sec, order: n})
				n++
			}
		}
	}
	return out
}

// guessResult is a probe that worked.
type guessResult struct {
	probe
	// certName is set when the server's certificate is for another name
	// that resolves to the same address: the name to use instead.
	certName string
}

// maxGuessedPerProtocol bounds the alternatives a guess offers.
const maxGuessedPerProtocol = 2

// guess probes common host names on the standard ports, all at once, and
// keeps the ones that greet with the right protocol over a certificate that
// verifies (discovery.md §7 item 6). The result is always unverified.
func (d *discovery) guess(ctx context.Context) (settings.Config, error) {
	probes := guessProbes(d.domain)
	d.emit(Event{Source: settings.SourceGuess, Kind: EventStarted, Target: d.domain})
	results := make([]*guessResult, len(probes))
	var wg sync.WaitGroup
	for i, p := range probes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r, err := d.probe(ctx, p); err == nil {
				results[i] = r
			}
		}()
	}
	wg.Wait()
	c := settings.Config{Source: settings.SourceGuess, Trust: settings.Unverified}
	count := map[settings.Protocol]int{}
	var imap, pop []settings.Server
	seen := map[string]bool{}
	for _, r := range results { // probes are in order of preference
		if r == nil || count[r.protocol] == maxGuessedPerProtocol {
			continue
		}
		host := r.host
		if r.certName != "" {
			host = r.certName
		}
		s := settings.Server{Protocol: r.protocol, Host: host, Port: r.port, Security: r.security,
			Username: d.addr.String(), Auth: []settings.Auth{settings.AuthPassword}}
		if key := s.Addr() + string(s.Protocol); seen[key] {
			continue
		} else {
			seen[key] = true
		}
		count[r.protocol]++
		if r.certName != "" {
			c.Warnings = appendWarning(c.Warnings, i18n.Msg("discover.warn.cert_other_name", "host", r.host, "name", r.certName))
		}
		switch r.protocol {
		case settings.IMAP:
			imap = append(imap, s)
		case settings.POP3:
			pop = append(pop, s)
		default:
			c.Outgoing = append(c.Outgoing, s)
		}
	}
	c.Incoming = append(imap, pop...)
	if len(c.Incoming) == 0 || len(c.Outgoing) == 0 {
		d.emit(Event{Source: settings.SourceGuess, Kind: EventFailed, Target: d.domain, Err: ErrNotFound})
		return settings.Config{}, ErrNotFound
	}
	c.Warnings = append([]i18n.Message{i18n.Msg("discover.warn.guess", "domain", d.addr.Domain)}, c.Warnings...)
	d.emit(Event{Source: settings.SourceGuess, Kind: EventChosen, Target: d.domain})
	return c, nil
}
