package providers

import (
	"strings"
	"sync"

	"golang.org/x/net/publicsuffix"

	"github.com/mailsetup/mailsetup/i18n"
)

// index is built from the generated table on first use, so that commands
// that never look a provider up do not pay for it.
type index struct {
	byDomain map[string]*Provider
	byMX     map[string]*Provider
	byID     map[string]*Provider
	byParent map[string]*Provider // TenantParents
}

var theIndex = sync.OnceValue(func() *index {
	ix := &index{
		byDomain: make(map[string]*Provider, 1200),
		byMX:     make(map[string]*Provider, 64),
		byID:     make(map[string]*Provider, len(table)),
		byParent: make(map[string]*Provider),
	}
	for i := range table {
		p := &table[i]
		ix.byID[p.ID] = p
		// The generator guarantees every domain and suffix appears once.
		for _, d := range p.Domains {
			ix.byDomain[d] = p
		}
		for _, s := range p.MXSuffixes {
			ix.byMX[s] = p
		}
		for _, s := range p.TenantParents {
			ix.byParent[s] = p
		}
	}
	return ix
})

// Lookup finds the provider of a mail domain, given in lower-case A-label
// form as settings.Address.ASCIIDomain holds it. The Provider returned
// shares its slices with the table: treat it as read-only (ConfigFor
// returns a copy that may be changed freely).
func Lookup(asciiDomain string) (Provider, bool) {
	ix := theIndex()
	if p, ok := ix.byDomain[asciiDomain]; ok {
		return *p, true
	}
	// A tenant domain (contoso.onmicrosoft.com) belongs to the provider of
	// its parent; only the few parents of the table are tried.
	for name := asciiDomain; ; {
		_, parent, found := strings.Cut(name, ".")
		if !found || parent == "" {
			return Provider{}, false
		}
		if p, ok := ix.byParent[parent]; ok {
			return *p, true
		}
		name = parent
	}
}

// ByID finds a provider by its ID.
func ByID(id string) (Provider, bool) {
	p, ok := theIndex().byID[id]
	if !ok {
		return Provider{}, false
	}
	return *p, true
}

// All returns every provider of the table, in table order (sorted by ID).
func All() []Provider { return append([]Provider(nil), table[:]...) }

// LookupMX finds the provider that runs a mail exchanger. The longest
// matching suffix wins: x.mail.protection.outlook.com is Microsoft 365, not
// Outlook.com. At each length an MX suffix of the table is tried before a
// mail domain; the shortest name tried is the host's registrable domain
// (public suffix list), never a public suffix itself.
func LookupMX(mxHost string) (Provider, bool) {
	host := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(mxHost)), ".")
	if host == "" || len(host) > 253 {
		return Provider{}, false
	}
	base, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return Provider{}, false
	}
	ix := theIndex()
	for name := host; ; {
		if p, ok := ix.byMX[name]; ok {
			return *p, true
		}
		if p, ok := ix.byDomain[name]; ok {
			return *p, true
		}
		if len(name) <= len(base) {
			return Provider{}, false
		}
		_, name, _ = strings.Cut(name, ".")
	}
}

// Closed reports whether the mail service of a domain (A-label form) has
// shut down, with a note for the person saying so (terra.es).
func Closed(asciiDomain string) (i18n.Text, bool) {
	t, ok := closedDomains[asciiDomain]
	return t, ok
}
