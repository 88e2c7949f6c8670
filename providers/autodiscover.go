package providers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// maxAutodiscoverRedirects bounds redirectAddr/redirectUrl answers, as
// Thunderbird does (discovery.md §3.4).
const maxAutodiscoverRedirects = 2

const autodiscoverPath = "/autodiscover/autodiscover.xml"

// fromAutodiscover asks Microsoft Autodiscover (POX), ranked:
// autodiscover.DOMAIN first (as Thunderbird), then DOMAIN itself, then the
// host named by the _autodiscover._tcp SRV record, then where
// http://autodiscover.DOMAIN redirects. The request, which carries the
// address, only ever goes over https; nothing is ever asked above the
// registrable domain (Guardicore 2021).
func (d *discovery) fromAutodiscover(ctx context.Context) (settings.Config, error) {
	first := "https://autodiscover." + d.domain + autodiscoverPath
	second := "https://" + d.domain + autodiscoverPath
	srvName := "_autodiscover._tcp." + d.domain
	plain := "http://autodiscover." + d.domain + autodiscoverPath
	return d.rank(ctx, []candidate{
		{source: settings.SourceAutodiscover, target: first, run: func(ctx context.Context) (settings.Config, error) {
			return d.pox(ctx, first)
		}},
		{source: settings.SourceAutodiscover, target: second, run: func(ctx context.Context) (settings.Config, error) {
			return d.pox(ctx, second)
		}},
		{source: settings.SourceAutodiscover, target: srvName, run: d.poxFromSRV},
		{source: settings.SourceAutodiscover, target: plain, run: d.poxFromHTTPRedirect},
	})
}

// poxFromHTTPRedirect is Outlook's last Autodiscover step (discovery.md
// §3.4): a GET without any body to http://autodiscover.DOMAIN/..., which may
// only redirect to an https Autodiscover URL; the request then goes there.
// The pointer came unencrypted, so the result is unverified and says which
// host sent us where.
func (d *discovery) poxFromHTTPRedirect(ctx context.Context) (settings.Config, error) {
	from := "http://autodiscover." + d.domain + autodiscoverPath
	next, err := d.http.redirectTarget(ctx, from)
	if err != nil {
		return settings.Config{}, err
	}
	if next.Scheme != "https" || !strings.EqualFold(next.Path, autodiscoverPath) {
		return settings.Config{}, errors.New("autodiscover: the http redirect does not lead to an https Autodiscover URL")
	}
	c, err := d.pox(ctx, next.String())
	if err != nil {
		return settings.Config{}, err
	}
	c.Trust = settings.Unverified
	shown := registrable(next.Hostname())
	if shown == "" {
		shown = next.Hostname()
	}
	c.Warnings = appendWarning(c.Warnings, i18n.Msg("discover.warn.autodiscover_http_redirect",
		"host", "autodiscover."+d.addr.Domain, "domain", displayDomain(shown)))
	return c, nil
}

// poxFromSRV asks the Autodiscover host named by the SRV record.
func (d *discovery) poxFromSRV(ctx context.Context) (settings.Config, error) {
	recs, _, err := d.net.Resolver.LookupSRV(ctx, "autodiscover", "tcp", d.domain)
	if err != nil {
		return settings.Config{}, err
	}
	if len(recs) == 0 { // a Resolver may answer "nothing" without an error
		return settings.Config{}, fmt.Errorf("no autodiscover SRV record for %s", d.domain)
	}
	host := trimHost(recs[0].Target)
	if settings.ValidHost(host) != nil || recs[0].Port == 0 {
		return settings.Config{}, fmt.Errorf("invalid SRV target %q", host)
	}
	hostPort := host
	if recs[0].Port != 443 {
		hostPort = net.JoinHostPort(host, strconv.Itoa(int(recs[0].Port)))
	}
	return d.pox(ctx, "https://"+hostPort+autodiscoverPath)
}

// pox posts the request to u and follows redirectAddr and redirectUrl
// answers. Settings from a host of the user's own registrable domain are
// verified (https with a valid certificate); from anywhere else unverified,
// with a warning naming that domain.
func (d *discovery) pox(ctx context.Context, u string) (settings.Config, error) {
	email := d.addr.ASCII()
	for hop := 0; ; hop++ {
		resp, err := d.http.do(ctx, httpRequest{method: "POST", url: u, body: autodiscoverRequest(email),
			ctype: "text/xml; charset=utf-8", accept: xmlContentTypes})
		if err != nil {
			return settings.Config{}, err
		}
		ar, err := ParseAutodiscover(bytes.NewReader(resp.body))
		if err != nil {
			return settings.Config{}, err
		}
		switch ar.Action {
		case ActionRedirectAddr, ActionRedirectURL:
			if hop >= maxAutodiscoverRedirects {
				return settings.Config{}, errors.New("autodiscover: too many redirects")
			}
			if ar.Action == ActionRedirectAddr {
				email = ar.RedirectAddr
				continue
			}
			next, err := url.Parse(ar.RedirectURL)
			if err != nil || next.Scheme != "https" || next.User != nil {
				return settings.Config{}, errors.New("autodiscover: redirect to a URL that is not plain https")
			}
			if err := checkHost(next.Hostname()); err != nil {
				return settings.Config{}, err
			}
			u = next.String()
			continue
		}
		return d.poxConfig(ar, resp.finalURL, email), d.poxUsable(ar)
	}
}

func (d *discovery) poxUsable(ar *AutodiscoverResponse) error {
	if len(ar.Incoming) == 0 || len(ar.Outgoing) == 0 {
		return errors.New("autodiscover: the answer lacks an incoming or an outgoing server")
	}
	return nil
}

func (d *discovery) poxConfig(ar *AutodiscoverResponse, from *url.URL, email string) settings.Config {
	c := settings.Config{
		Source:    settings.SourceAutodiscover,
		SourceURL: from.String(),
		Trust:     settings.Verified,
		Incoming:  ar.Incoming,
		Outgoing:  ar.Outgoing,
	}
	for _, list := range [][]settings.Server{c.Incoming, c.Outgoing} {
		for i := range list {
			if list[i].Username == "" {
				list[i].Username = email
			}
		}
	}
	if base := registrable(from.Hostname()); base != d.base {
		c.Trust = settings.Unverified
		shown := base
		if shown == "" {
			shown = from.Hostname()
		}
		c.Warnings = append(c.Warnings, i18n.Msg("discover.warn.autodiscover_other_domain", "domain", displayDomain(shown)))
	}
	return c
}
