package providers

import (
	"context"
	"errors"
	"fmt"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/resolve"
	"github.com/mailsetup/mailsetup/settings"
)

// fromMX finds the provider that receives the domain's mail: the most
// preferred MX host is matched against the built-in table (longest suffix,
// then registrable domain), then its domain and registrable domain are asked
// online, ranked: https autoconfig and ISPDB for the MX host's parent domain
// first, then for its registrable domain. The full domain goes first because
// of the MX trap: a Microsoft 365 tenant's MX lies under
// mail.protection.outlook.com (Microsoft 365) whose registrable domain,
// outlook.com, is the consumer service (discovery.md §6).
//
// The result is verified only when the MX answer carried a trusted AD bit and
// the settings then came over verified https or from the table.
func (d *discovery) fromMX(ctx context.Context) (settings.Config, error) {
	mxs, res, err := d.net.Resolver.LookupMX(ctx, d.domain)
	if err != nil {
		// No answer at all, not even "no such domain" (a timeout, a
		// refused connection, SERVFAIL; a cut-off by the deadline too).
		// Only read when nothing is found, so a lookup cancelled because
		// a better source won never counts.
		if !resolve.IsNotFound(err) {
			d.noDNS.Store(true)
		}
		return settings.Config{}, err
	}
	if len(mxs) == 0 { // a Resolver may answer "nothing" without an error
		return settings.Config{}, fmt.Errorf("no MX record for %s", d.domain)
	}
	// RFC 7505: a single "." MX says the domain receives no mail.
	host := trimHost(mxs[0].Host)
	if host == "" {
		return settings.Config{}, errors.New("the domain accepts no mail (null MX)")
	}
	c, err := d.forMXHost(ctx, host)
	if err != nil {
		return settings.Config{}, err
	}
	c.Source = settings.SourceMX
	if !res.Authentic || c.Trust != settings.Verified {
		c.Trust = settings.Unverified
		c.Warnings = appendWarning(c.Warnings, i18n.Msg("discover.warn.mx", "host", host, "domain", displayDomain(registrable(host))))
	}
	return c, nil
}

// forMXHost finds settings for a mail domain whose MX is host.
func (d *discovery) forMXHost(ctx context.Context, host string) (settings.Config, error) {
	if c, ok := builtinForMX(host, d.addr); ok {
		return c, nil
	}
	base := registrable(host)
	if base == "" {
		return settings.Config{}, fmt.Errorf("MX host %s lies in a public suffix", host)
	}
	if base == d.base {
		// The domain receives its own mail: its own files were asked
		// already by the other sources.
		return settings.Config{}, fmt.Errorf("MX host %s belongs to the domain itself", host)
	}
	var names []string
	if full := parentOf(host); full != base && within(full, base) {
		names = append(names, full)
	}
	names = append(names, base)
	var cands []candidate
	for _, name := range names {
		q := "https://autoconfig." + name + "/mail/config-v1.1.xml"
		cands = append(cands,
			candidate{source: settings.SourceMX, target: q, run: func(ctx context.Context) (settings.Config, error) {
				return d.fetchFile(ctx, settings.SourceMX, q)
			}},
			candidate{source: settings.SourceMX, target: d.ispdb + name, run: func(ctx context.Context) (settings.Config, error) {
				return d.fetchFile(ctx, settings.SourceMX, d.ispdb+name)
			}},
		)
	}
	return d.rank(ctx, cands)
}

// displayDomain shows a domain in Unicode for people (libraries.md §6).
func displayDomain(ascii string) string {
	if u, _, err := settings.NormaliseDomain(ascii); err == nil {
		return u
	}
	return ascii
}
