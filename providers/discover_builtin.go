package providers

import "github.com/mailsetup/mailsetup/settings"

// builtinConfig returns the built-in table's settings for addr's domain.
func builtinConfig(addr settings.Address) (settings.Config, bool) {
	p, ok := Lookup(addr.ASCIIDomain)
	if !ok {
		return settings.Config{}, false
	}
	return p.ConfigFor(addr), true
}

// builtinForMX returns the built-in table's settings of the provider whose
// mail exchanger is host, for addr.
func builtinForMX(host string, addr settings.Address) (settings.Config, bool) {
	p, ok := LookupMX(host)
	if !ok {
		return settings.Config{}, false
	}
	return p.ConfigFor(addr), true
}
