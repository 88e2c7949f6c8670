package providers

import (
	"bytes"
	"context"
	"fmt"
	"net/url"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/providers/autoconfig"
	"github.com/mailsetup/mailsetup/settings"
)

// sources lists the online sources in rank order (spec/cli.md "detect":
// autoconfig, autoconfig-wellknown, ispdb, mx, srv, autodiscover, plain-http
// autoconfig).
func (d *discovery) sources() []candidate {
	q := url.Values{"emailaddress": {d.addr.ASCII()}}.Encode()
	autoconfigURL := "https://autoconfig." + d.domain + "/mail/config-v1.1.xml?" + q
	wellKnownURL := "https://" + d.domain + "/.well-known/autoconfig/mail/config-v1.1.xml"
	// Over plain http the address is not sent: anyone on the path could
	// read it (discovery.md §7 item 4).
	plainURL := "http://autoconfig." + d.domain + "/mail/config-v1.1.xml"
	return []candidate{
		d.fileCandidate(settings.SourceAutoconfig, autoconfigURL),
		d.fileCandidate(settings.SourceAutoconfigWellKnown, wellKnownURL),
		d.fileCandidate(settings.SourceISPDB, d.ispdb+d.domain),
		{source: settings.SourceMX, target: d.domain, run: d.fromMX},
		{source: settings.SourceSRV, target: d.domain, run: d.fromSRV},
		{source: settings.SourceAutodiscover, target: d.domain, run: d.fromAutodiscover},
		d.fileCandidate(settings.SourceAutoconfigHTTP, plainURL),
	}
}

// fileCandidate fetches one config-v1.1 file.
func (d *discovery) fileCandidate(src settings.Source, u string) candidate {
	return candidate{source: src, target: u, run: func(ctx context.Context) (settings.Config, error) {
		return d.fetchFile(ctx, src, u)
	}}
}

// fetchFile fetches and reads a config-v1.1 file, and labels its trust:
// verified over https with a valid certificate and no redirect off https or
// to another domain; unverified, with a warning saying why, otherwise.
// Redirects to another domain are followed for these files only.
func (d *discovery) fetchFile(ctx context.Context, src settings.Source, u string) (settings.Config, error) {
	resp, err := d.http.do(ctx, httpRequest{method: "GET", url: u, crossDomain: true, accept: xmlContentTypes})
	if err != nil {
		return settings.Config{}, err
	}
	f, err := autoconfig.Parse(bytes.NewReader(resp.body))
	if err != nil {
		return settings.Config{}, err
	}
	c := settings.ExpandConfig(f.Config, d.addr)
	c.Source, c.SourceURL, c.Trust = src, resp.finalURL.String(), settings.Verified
	if resp.plain {
		c.Trust = settings.Unverified
		c.Warnings = appendWarning(c.Warnings, i18n.Msg("discover.warn.plain_http", "host", resp.finalURL.Hostname()))
	}
	if resp.otherDomain != "" {
		c.Trust = settings.Unverified
		c.Warnings = appendWarning(c.Warnings, i18n.Msg("discover.warn.redirect_other_domain", "domain", resp.otherDomain))
	}
	if len(c.Incoming) == 0 || len(c.Outgoing) == 0 {
		return settings.Config{}, fmt.Errorf("%s: the file lacks an incoming or an outgoing server", u)
	}
	return c, nil
}
