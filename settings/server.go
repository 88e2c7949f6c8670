package settings

import (
	"net"
	"strconv"
	"strings"

	"github.com/mailsetup/mailsetup/i18n"
)

// Protocol is the mail protocol a Server speaks.
type Protocol string

// Protocols.
const (
	IMAP Protocol = "imap"
	POP3 Protocol = "pop3"
	SMTP Protocol = "smtp"
)

// Security is how a connection is encrypted.
type Security string

// Security modes (RFC 8314 terms).
const (
	TLS      Security = "tls"      // implicit TLS from the first byte
	STARTTLS Security = "starttls" // plain text upgraded with STARTTLS/STLS
	None     Security = "none"     // no encryption
)

// Auth is a login method, with the names of spec/cli.md.
type Auth string

// Login methods.
const (
	AuthPassword          Auth = "password"
	AuthPasswordEncrypted Auth = "password-encrypted"
	AuthOAuth2            Auth = "oauth2"
	AuthNTLM              Auth = "ntlm"
	AuthGSSAPI            Auth = "gssapi"
	AuthClientCert        Auth = "client-cert"
	AuthNone              Auth = "none"
)

// Server is one mail server an account uses.
type Server struct {
	Protocol Protocol `json:"protocol"`
	Host     string   `json:"host"`
	Port     int      `json:"port"`
	Security Security `json:"security"`
	Username string   `json:"username"`
	Auth     []Auth   `json:"auth"`
}

// Addr returns host:port.
func (s Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// IsIncoming reports whether the server is for receiving mail.
func (s Server) IsIncoming() bool { return s.Protocol == IMAP || s.Protocol == POP3 }

// HasAuth reports whether the server accepts the login method a.
func (s Server) HasAuth(a Auth) bool {
	for _, x := range s.Auth {
		if x == a {
			return true
		}
	}
	return false
}

// OnlyOAuth reports whether OAuth2 is the only way to log in.
func (s Server) OnlyOAuth() bool { return len(s.Auth) == 1 && s.Auth[0] == AuthOAuth2 }

// ValidProtocol, ValidSecurity and ValidAuth check enum values from outside.
func ValidProtocol(p Protocol) bool { return p == IMAP || p == POP3 || p == SMTP }

// ValidSecurity reports whether s is a known security mode.
func ValidSecurity(s Security) bool { return s == TLS || s == STARTTLS || s == None }

// ValidAuth reports whether a is a known login method.
func ValidAuth(a Auth) bool {
	switch a {
	case AuthPassword, AuthPasswordEncrypted, AuthOAuth2, AuthNTLM, AuthGSSAPI, AuthClientCert, AuthNone:
		return true
	}
	return false
}

// DefaultPort returns the standard port for a protocol and security mode
// (RFC 8314 §7, RFC 6409).
func DefaultPort(p Protocol, s Security) int {
	switch p {
	case IMAP:
		if s == TLS {
			return 993
		}
		return 143
	case POP3:
		if s == TLS {
			return 995
		}
		return 110
	case SMTP:
		if s == TLS {
			return 465
		}
		return 587
	}
	return 0
}

// ParseServerFlag parses HOST:PORT:SEC as the CLI's --imap/--pop3/--smtp flags
// take it. HOST may be a bracketed IPv6 literal. PORT may be empty for the
// standard port of SEC. An internationalised HOST comes back in A-labels.
// Errors are *i18n.Error (settings.server.* keys) that quote the value
// (Go-escaped, so that it stays on one line) and say what is expected.
func ParseServerFlag(p Protocol, v string) (Server, error) {
	i := strings.LastIndex(v, ":")
	if i < 0 {
		return Server{}, i18n.NewError("settings.server.format", "value", strconv.Quote(v))
	}
	hostPort, sec := v[:i], Security(strings.ToLower(v[i+1:]))
	if !ValidSecurity(sec) {
		return Server{}, i18n.NewError("settings.server.security", "value", strconv.Quote(v), "security", strconv.Quote(string(sec)))
	}
	host, portText, err := net.SplitHostPort(hostPort)
	if err != nil {
		return Server{}, i18n.NewError("settings.server.format", "value", strconv.Quote(v))
	}
	port := DefaultPort(p, sec)
	if portText != "" {
		port, err = strconv.Atoi(portText)
		if err != nil || port < 1 || port > 65535 {
			return Server{}, i18n.NewError("settings.server.port", "value", strconv.Quote(v))
		}
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if reason := hostProblem(host); reason != "" {
		return Server{}, i18n.NewError("settings.server.host_"+reason, "value", strconv.Quote(v), "host", strconv.Quote(host))
	}
	if net.ParseIP(host) == nil {
		// DNS, TLS server names and certificates use the A-label form
		// (RFC 5890): correo.españa.es is correo.xn--espaa-rta.es there.
		if _, ascii, err := NormaliseDomain(host); err == nil {
			host = ascii
		}
	}
	return Server{Protocol: p, Host: host, Port: port, Security: sec, Auth: []Auth{AuthPassword}}, nil
}

// ValidHost checks a server host name or IP literal. Errors are *i18n.Error
// (settings.host.* keys).
func ValidHost(host string) error {
	if reason := hostProblem(host); reason != "" {
		return i18n.NewError("settings.host."+reason, "host", strconv.Quote(host))
	}
	return nil
}

// hostProblem says what is wrong with a host name: "" when nothing, else
// "empty", "too_long" or "invalid", the suffix of the settings.host.* and
// settings.server.host_* keys.
func hostProblem(host string) string {
	if host == "" {
		return "empty"
	}
	if net.ParseIP(host) != nil {
		return ""
	}
	if len(host) > 253 {
		return "too_long"
	}
	if _, _, err := NormaliseDomain(host); err != nil {
		return "invalid"
	}
	return ""
}
