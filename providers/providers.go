// Package providers knows where mail providers keep their servers: a
// built-in table (generated from Thunderbird's ISPDB plus our own curated
// overlay, see table_gen.go and overlay.json) and online discovery.
//
// The built-in table is the first and best source: instant, offline and
// verified. Lookup finds a provider by mail domain, LookupMX by the host name
// of a domain's mail exchanger (how a business domain hosted at Google,
// Microsoft, IONOS or OVH is recognised), ByID by its identifier.
package providers

//go:generate go run ./internal/gen -ispdb ../../shared/ispdb -overlay overlay.json -out table_gen.go

import (
	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// Provider is one entry of the built-in table.
type Provider struct {
	// ID is stable: the ISPDB file name without ".xml" (googlemail.com,
	// hotmail.com, ...) or the overlay's own id (google-workspace, ...).
	ID   string
	Name string
	// Domains are the mail domains the provider serves, in A-label form.
	Domains []string
	// MXSuffixes are host-name suffixes of the provider's mail exchangers
	// (mail.protection.outlook.com): a domain whose MX ends so is hosted here.
	MXSuffixes []string
	// TenantParents are domains under which every subdomain is one of the
	// provider's customers' mail domains (contoso.onmicrosoft.com).
	TenantParents []string
	// Config is the template: servers with %EMAILADDRESS%-style
	// placeholders, login policy, notes and limits. Use ConfigFor.
	Config settings.Config
	// Unverified rows come from our overlay without an authoritative source
	// (providers.md marks them so); their settings are labelled unverified.
	Unverified bool
}

// ConfigFor returns the provider's settings for addr: placeholders expanded,
// Source builtin, and Trust verified, or unverified with a warning for an
// unverified row.
func (p Provider) ConfigFor(addr settings.Address) settings.Config {
	c := settings.ExpandConfig(p.Config, addr)
	// A few ISPDB names are "%EMAILDOMAIN%" (hosting services named after
	// their customer's domain).
	c.ProviderID, c.ProviderName = p.ID, settings.Expand(p.Name, addr)
	c.Source = settings.SourceBuiltin
	c.SourceURL = ""
	c.Trust = settings.Verified
	if p.Unverified {
		c.Trust = settings.Unverified
		c.Warnings = append(c.Warnings, i18n.Msg("providers.unverified", "provider", c.ProviderName))
	}
	return c
}
