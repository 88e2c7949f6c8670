package providers

import (
	"net/netip"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// registrable returns the registrable domain (eTLD+1, by the public suffix
// list) of host in lower case, or "" when host is itself a public suffix (or
// not a name at all). Discovery never asks about a name whose registrable
// domain is "": that is how clients leaked passwords to autodiscover.com.br
// (discovery.md §4, Guardicore 2021).
func registrable(host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "" {
		return ""
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return ""
	}
	base, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return ""
	}
	return base
}

// checkHost refuses a host name above the registrable domain (a public
// suffix such as "es" or "co.uk"). IP literals are allowed: a URL that names
// one has left DNS already and cannot leak to a suffix's owner.
func checkHost(host string) error {
	if _, err := netip.ParseAddr(host); err == nil {
		return nil
	}
	if registrable(host) == "" {
		return errAboveDomain
	}
	return nil
}

// trimHost lower-cases a DNS answer's host name and drops the trailing dot.
func trimHost(h string) string { return strings.ToLower(strings.TrimSuffix(h, ".")) }

// parentOf returns host minus its first label, or "".
func parentOf(host string) string {
	_, rest, ok := strings.Cut(host, ".")
	if !ok {
		return ""
	}
	return rest
}

// within reports whether host is domain or below it.
func within(host, domain string) bool {
	host, domain = trimHost(host), trimHost(domain)
	return host == domain || strings.HasSuffix(host, "."+domain)
}
