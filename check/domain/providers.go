package domain

import "github.com/mailsetup/mailsetup/providers"

// providerSPF is the SPF include a mail provider asks its customers to
// publish. Data, not code: a new provider is one more row.
type providerSPF struct {
	// IDs are provider ids of the providers table (providers.LookupMX).
	IDs []string
	// Name replaces the table's name where that one describes a way of
	// connecting rather than the company ("Proton Mail (Bridge)").
	Name string
	// SPF are the include: targets the provider documents; any one of them
	// means its servers may send for the domain. The first is suggested.
	SPF []string
}

// spfIncludes. Sources: each provider's own setup page for custom domains.
var spfIncludes = []providerSPF{
	{IDs: []string{"google-workspace", "googlemail.com"}, SPF: []string{"_spf.google.com"}},
	{IDs: []string{"office365.com", "hotmail.com"}, SPF: []string{"spf.protection.outlook.com"}},
	{IDs: []string{"zoho.com"}, SPF: []string{"zohomail.com", "zoho.com", "zoho.eu", "zohomail.eu"}},
	{IDs: []string{"zoho.eu"}, SPF: []string{"zoho.eu", "zohomail.eu", "zoho.com", "zohomail.com"}},
	{IDs: []string{"zoho.in"}, SPF: []string{"zoho.in", "zohomail.in"}},
	{IDs: []string{"zoho.com.au"}, SPF: []string{"zoho.com.au", "zohomail.com.au"}},
	{IDs: []string{"zoho.jp"}, SPF: []string{"zoho.jp"}},
	{IDs: []string{"zohocloud.ca"}, SPF: []string{"zohocloud.ca"}},
	{IDs: []string{"ionos.es", "1und1.de"}, SPF: []string{"_spf-eu.ionos.com", "_spf.perfora.net", "_spf.kundenserver.de"}},
	{IDs: []string{"ovh.net"}, SPF: []string{"mx.ovh.com"}},
	{IDs: []string{"messagingengine.com"}, SPF: []string{"spf.messagingengine.com"}},
	{IDs: []string{"proton-bridge"}, Name: "Proton Mail", SPF: []string{"_spf.protonmail.ch"}},
	{IDs: []string{"me.com"}, SPF: []string{"icloud.com"}},
	{IDs: []string{"yandex.ru"}, SPF: []string{"_spf.yandex.net"}},
	{IDs: []string{"hostinger.com"}, SPF: []string{"_spf.mail.hostinger.com"}},
	{IDs: []string{"titan.email"}, SPF: []string{"spf.titan.email"}},
}

// spfFor returns the SPF row of provider id.
func spfFor(id string) (providerSPF, bool) {
	for _, p := range spfIncludes {
		for _, x := range p.IDs {
			if x == id {
				return p, true
			}
		}
	}
	return providerSPF{}, false
}

// tableProvider names the provider behind an MX host from the built-in
// providers table.
func tableProvider(host string) (id, name string, ok bool) {
	p, ok := providers.LookupMX(host)
	if !ok {
		return "", "", false
	}
	name = p.Name
	if row, ok := spfFor(p.ID); ok && row.Name != "" {
		name = row.Name
	}
	return p.ID, name, true
}
