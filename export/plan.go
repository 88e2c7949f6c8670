package export

import (
	"net"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/mailsetup/mailsetup/settings"
)

// Bounds on user-supplied text. A display name longer than this is not a
// name; user names are e-mail addresses or short logins.
const (
	maxNameBytes     = 256
	maxUsernameBytes = 320
)

// plan is an account checked and normalised for the writers: placeholders
// expanded, host names in A-label form, user names filled in, and the one
// server per role chosen that clients which take a single server use.
type plan struct {
	name string           // display name, trimmed; may be empty
	addr settings.Address // re-validated
	raw  settings.Config  // as given: the json format writes it unchanged
	cfg  settings.Config  // expanded and normalised
	// ins holds at most one server per incoming protocol, IMAP first
	// (formats.md §1 "maximum-compatibility profile").
	ins []settings.Server
	in  *settings.Server // ins[0], the server single-account clients get
	out *settings.Server // the chosen SMTP server
}

// prepare validates a and chooses its servers. need says which servers the
// format requires; password refuses servers that accept only OAuth.
func prepare(a settings.Account, need needs, password bool) (*plan, error) {
	addr, err := settings.ParseAddress(a.Address.String())
	if a.Address.IsZero() || err != nil {
		return nil, errorf(ReasonBadAddress, "address", a.Address.String())
	}
	name, err := cleanName(a.Name)
	if err != nil {
		return nil, err
	}
	p := &plan{name: name, addr: addr, raw: a.Config, cfg: settings.ExpandConfig(a.Config, addr)}
	for _, list := range [][]settings.Server{p.cfg.Incoming, p.cfg.Outgoing} {
		for i := range list {
			if err := normaliseServer(&list[i], addr); err != nil {
				return nil, err
			}
		}
	}
	for _, proto := range []settings.Protocol{settings.IMAP, settings.POP3} {
		if s, ok := choose(p.cfg.Incoming, proto); ok {
			p.ins = append(p.ins, s)
		}
	}
	if len(p.ins) > 0 {
		p.in = &p.ins[0]
	}
	if s, ok := choose(p.cfg.Outgoing, settings.SMTP); ok {
		p.out = &s
	}
	switch need {
	case needBoth:
		if p.in == nil {
			return nil, errorf(ReasonNoIncoming)
		}
		if p.out == nil {
			return nil, errorf(ReasonNoOutgoing)
		}
	case needOutgoing:
		if p.out == nil {
			return nil, errorf(ReasonNoOutgoing)
		}
	case needAny:
		if p.in == nil && p.out == nil {
			return nil, errorf(ReasonNoServer)
		}
	}
	if password {
		for _, s := range []*settings.Server{p.in, p.out} {
			if s != nil && passwordAuth(*s) == "" {
				return nil, errorf(ReasonOAuthOnly, "host", s.Host)
			}
		}
	}
	return p, nil
}

// cleanName trims a display name and refuses control characters, invalid
// UTF-8 and absurd lengths: no format can carry a line break in a name
// safely, and a name is never meant to hold one.
func cleanName(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) || len(s) > maxNameBytes || hasControl(s) {
		return "", errorf(ReasonBadName)
	}
	return s, nil
}

// hasControl reports control characters, including the Unicode line and
// paragraph separators that JavaScript and some parsers treat as line ends.
func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return true
		}
	}
	return false
}

// normaliseServer checks one server and rewrites its host in A-label form
// and an empty user name as the address.
func normaliseServer(s *settings.Server, addr settings.Address) error {
	bad := func() error { return errorf(ReasonBadServer, "host", s.Host) }
	if !settings.ValidProtocol(s.Protocol) || !settings.ValidSecurity(s.Security) || s.Port < 1 || s.Port > 65535 {
		return bad()
	}
	host := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s.Host)), ".")
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if settings.ValidHost(host) != nil {
		return bad()
	}
	if net.ParseIP(host) == nil {
		ascii, err := idna.Lookup.ToASCII(host)
		if err != nil {
			return bad()
		}
		host = ascii
	}
	s.Host = host
	for _, a := range s.Auth {
		if !settings.ValidAuth(a) {
			return bad()
		}
	}
	if len(s.Auth) == 0 {
		s.Auth = []settings.Auth{settings.AuthPassword}
	}
	if s.Username == "" {
		s.Username = addr.String()
	}
	if !utf8.ValidString(s.Username) || len(s.Username) > maxUsernameBytes || hasControl(s.Username) {
		return errorf(ReasonBadUsername)
	}
	return nil
}

// choose returns the first server of protocol p, preferring an encrypted
// one: no client should be handed a plain-text server when a secure one
// exists (formats.md §1: TfA rejects a whole file over one plain entry).
func choose(list []settings.Server, p settings.Protocol) (settings.Server, bool) {
	var first *settings.Server
	for i := range list {
		s := &list[i]
		if s.Protocol != p {
			continue
		}
		if s.Security != settings.None {
			return *s, true
		}
		if first == nil {
			first = s
		}
	}
	if first != nil {
		return *first, true
	}
	return settings.Server{}, false
}

// passwordAuth returns the login method a password-only client (Outlook
// PRF, Apple, a website) should use, or "" when the server takes only
// OAuth.
func passwordAuth(s settings.Server) settings.Auth {
	for _, a := range s.Auth {
		if a != settings.AuthOAuth2 {
			return a
		}
	}
	return ""
}

// hostPort formats a server for display: host:port, IPv6 in brackets.
func hostPort(s settings.Server) string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// providerName is the provider's name, or the mail domain when unknown.
func (p *plan) providerName() string {
	if n := strings.TrimSpace(p.cfg.ProviderName); n != "" && !hasControl(n) {
		return n
	}
	return p.addr.Domain
}

// from is the sender address: the address with its Unicode domain.
func (p *plan) from() string { return p.addr.String() }

// isMicrosoft365SMTP reports an Exchange Online submission server, whose
// password login Microsoft switches off by default at the end of December
// 2026 (providers.md §1.1).
func (p *plan) isMicrosoft365SMTP() bool {
	if p.out == nil {
		return false
	}
	h := p.out.Host
	return h == "smtp.office365.com" || strings.HasSuffix(h, ".smtp.office365.com") ||
		p.cfg.ProviderID == "office365.com" || p.cfg.ProviderID == "microsoft365"
}

// preferTLS returns the first implicit-TLS server with s's protocol, or s.
// Apple Mail cannot require STARTTLS and Outlook's STARTTLS setting for
// IMAP/POP is unconfirmed, so those exports take 993/995/465 where the
// provider offers them (formats.md §4.1, §5).
func (p *plan) preferTLS(s settings.Server) settings.Server {
	list := p.cfg.Outgoing
	if s.IsIncoming() {
		list = p.cfg.Incoming
	}
	for _, x := range list {
		if x.Protocol == s.Protocol && x.Security == settings.TLS && passwordAuth(x) != "" {
			return x
		}
	}
	return s
}
