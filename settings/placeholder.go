package settings

import "strings"

// Placeholders used in ISPDB and autoconfig files (Mozilla config-v1.1).
const (
	PlaceholderAddress   = "%EMAILADDRESS%"
	PlaceholderLocalPart = "%EMAILLOCALPART%"
	PlaceholderDomain    = "%EMAILDOMAIN%"
)

// Expand replaces the autoconfig placeholders in s with parts of addr. The
// domain is the user's (Unicode) form; servers that need A-labels get them
// from the host field, which is never a placeholder for the address.
func Expand(s string, addr Address) string {
	if !strings.Contains(s, "%") {
		return s
	}
	r := strings.NewReplacer(
		PlaceholderAddress, addr.String(),
		PlaceholderLocalPart, addr.Local,
		PlaceholderDomain, addr.Domain,
	)
	return r.Replace(s)
}

// ExpandConfig returns a copy of c with every host and user name expanded for addr.
func ExpandConfig(c Config, addr Address) Config {
	out := c.Clone()
	for _, list := range [][]Server{out.Incoming, out.Outgoing} {
		for i := range list {
			list[i].Host = strings.ToLower(Expand(list[i].Host, Address{Local: addr.Local, Domain: addr.ASCIIDomain, ASCIIDomain: addr.ASCIIDomain}))
			list[i].Username = Expand(list[i].Username, addr)
		}
	}
	return out
}
