package settings

import "github.com/mailsetup/mailsetup/i18n"

// PasswordPolicy says what kind of password a provider wants from a mail client.
type PasswordPolicy string

// Password policies (spec/cli.md, login.password).
const (
	PasswordAllowed     PasswordPolicy = "allowed"      // the mailbox password works
	PasswordAppPassword PasswordPolicy = "app-password" // an app password is needed
	PasswordOAuthOnly   PasswordPolicy = "oauth-only"   // only "sign in with ..." works
)

// Login is what the provider wants to let a mail client in.
type Login struct {
	Password       PasswordPolicy `json:"password"`
	AppPasswordURL string         `json:"app_password_url"`
	EnableURL      string         `json:"enable_url"`
}

// Source names where a Config came from (spec/cli.md, source).
type Source string

// Sources, best-ranked first.
const (
	SourceBuiltin             Source = "builtin"
	SourceAutoconfig          Source = "autoconfig"
	SourceAutoconfigWellKnown Source = "autoconfig-wellknown"
	SourceISPDB               Source = "ispdb"
	SourceMX                  Source = "mx"
	SourceSRV                 Source = "srv"
	SourceAutodiscover        Source = "autodiscover"
	SourceAutoconfigHTTP      Source = "autoconfig-http" // plain HTTP, last resort
	SourceGuess               Source = "guess"
)

// Trust says how far settings can be believed (spec/cli.md, trust).
type Trust string

// Trust labels.
const (
	Verified   Trust = "verified"
	Unverified Trust = "unverified"
)

// Config is everything known about how to set up one account.
type Config struct {
	ProviderID   string
	ProviderName string
	Incoming     []Server // in order of preference, IMAP before POP3
	Outgoing     []Server // in order of preference
	Login        Login
	// Notes are short provider-specific hints for a person, in both languages.
	Notes i18n.Text
	// SendLimit describes the provider's sending limits, in both languages.
	SendLimit i18n.Text
	// HelpURL is the provider's own page about mail client settings.
	HelpURL   string
	Source    Source
	SourceURL string
	Trust     Trust
	Warnings  []i18n.Message
}

// FirstIncoming returns the preferred incoming server, if any.
func (c Config) FirstIncoming() (Server, bool) {
	if len(c.Incoming) == 0 {
		return Server{}, false
	}
	return c.Incoming[0], true
}

// FirstOutgoing returns the preferred outgoing server, if any.
func (c Config) FirstOutgoing() (Server, bool) {
	if len(c.Outgoing) == 0 {
		return Server{}, false
	}
	return c.Outgoing[0], true
}

// Preferred returns the first server of protocol p among incoming and outgoing.
func (c Config) Preferred(p Protocol) (Server, bool) {
	for _, list := range [][]Server{c.Incoming, c.Outgoing} {
		for _, s := range list {
			if s.Protocol == p {
				return s, true
			}
		}
	}
	return Server{}, false
}

// Clone returns a deep copy, so a stage can change its copy freely.
func (c Config) Clone() Config {
	out := c
	out.Incoming = cloneServers(c.Incoming)
	out.Outgoing = cloneServers(c.Outgoing)
	out.Warnings = append([]i18n.Message(nil), c.Warnings...)
	return out
}

func cloneServers(in []Server) []Server {
	if in == nil {
		return nil
	}
	out := make([]Server, len(in))
	for i, s := range in {
		s.Auth = append([]Auth(nil), s.Auth...)
		out[i] = s
	}
	return out
}

// Account is a person's mail account: who they are and the settings it uses.
type Account struct {
	Name    string // display name, e.g. "Ana García"
	Address Address
	Config  Config
}
