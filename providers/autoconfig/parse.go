// Package autoconfig reads Mozilla autoconfig files (config-v1.1.xml, the
// format of Thunderbird's ISPDB, of autoconfig.DOMAIN and of
// DOMAIN/.well-known/autoconfig; draft-ietf-mailmaint-autoconfig) into
// settings.
//
// The parser is strict about what it keeps and tolerant about what it
// skips: every value is bounded and validated, a server that cannot be used
// as it stands is left out, unknown elements and unknown login methods are
// ignored, and a file with no usable server at all is an error. It never
// panics, whatever the input (FuzzParse).
//
// Choices, where the format leaves room:
//   - Only the first <emailProvider> is read (the format has one).
//   - The incoming list holds IMAP before POP3; within a protocol, encrypted
//     servers (SSL, STARTTLS) come before plain ones, otherwise in file order.
//     Plain servers are kept, not dropped: the caller decides what to offer.
//     Outgoing servers are ordered the same way.
//   - A server is skipped when its type is not imap/pop3 (incoming) or smtp
//     (outgoing), or its hostname, port or socketType is missing, repeated or
//     invalid, or its username holds an unknown placeholder (ISPDB's
//     office365.com has "%EMAILADDRESS" without the closing %), or none of
//     its <authentication> values is known. A server without any
//     <authentication> element gets "password", the common case.
//   - A missing <username> means the whole address (%EMAILADDRESS%).
//   - socketType is case-sensitive, as in Thunderbird: SSL, STARTTLS, plain.
//   - Login policy: "oauth-only" when every kept server accepts OAuth2 only,
//     else "allowed". The file says nothing about app passwords.
//   - Placeholders stay unexpanded in the result; settings.ExpandConfig fills
//     them for one address.
package autoconfig

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mailsetup/mailsetup/settings"
)

// Bounds on what one file may hold. Beyond them the extra items are ignored
// (counts) or the item is refused (lengths); beyond MaxSize the file is.
const (
	MaxSize        = 1 << 20 // bytes of XML
	MaxDomains     = 1000    // <domain> entries kept (ISPDB's largest has 191)
	MaxServers     = 20      // incoming, and outgoing, servers kept
	MaxAuthMethods = 10      // <authentication> values read per server
	MaxTextLength  = 255     // id, display name, user name
	MaxURLLength   = 2048
)

// File is what one autoconfig file says.
type File struct {
	// ID is the emailProvider id attribute (a host-like name, e.g.
	// "googlemail.com"; not unique across ISPDB: two Zoho files share one).
	ID          string
	DisplayName string
	// Domains are the mail domains the file claims, lower-case A-labels,
	// without duplicates, in file order.
	Domains []string
	// Config holds the servers with placeholders unexpanded, the login
	// policy, HelpURL (first <documentation>) and Login.EnableURL (first
	// <enable visiturl>). Source and Trust are the caller's to set.
	Config settings.Config
}

// ErrNoServers is returned when a file is well-formed but has no usable server.
var ErrNoServers = errors.New("autoconfig: no usable incoming or outgoing server")

// Parse reads one config-v1.1 document from r, at most MaxSize bytes.
func Parse(r io.Reader) (*File, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("autoconfig: reading: %w", err)
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("autoconfig: file larger than %d bytes", MaxSize)
	}
	return ParseBytes(data)
}

// ParseBytes is Parse for a document already in memory.
func ParseBytes(data []byte) (*File, error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("autoconfig: file larger than %d bytes", MaxSize)
	}
	if !utf8.Valid(data) {
		return nil, errors.New("autoconfig: not UTF-8 text")
	}
	var doc xmlClientConfig
	dec := xml.NewDecoder(bytes.NewReader(data))
	// Entities beyond XML's five are not expanded (encoding/xml has no DTD
	// support), and a declared non-UTF-8 encoding is refused by the decoder.
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("autoconfig: not a config-v1.1 file: %w", err)
	}
	if len(doc.Providers) == 0 {
		return nil, errors.New("autoconfig: no <emailProvider> element")
	}
	p := doc.Providers[0]
	f := &File{Domains: domains(p.Domains)}
	f.ID = cleanID(p.ID)
	if f.ID == "" && len(f.Domains) > 0 {
		f.ID = f.Domains[0]
	}
	if len(p.DisplayName) > 0 {
		f.DisplayName = cleanText(p.DisplayName[0])
	}
	if f.DisplayName == "" {
		f.DisplayName = f.ID
	}
	c := &f.Config
	c.ProviderID, c.ProviderName = f.ID, f.DisplayName
	c.Incoming = servers(p.Incoming, true)
	c.Outgoing = servers(p.Outgoing, false)
	if len(c.Incoming) == 0 && len(c.Outgoing) == 0 {
		return nil, ErrNoServers
	}
	c.Login.Password = policy(c)
	for _, e := range append(p.Enable, doc.Enable...) {
		if u, ok := cleanURL(e.VisitURL); ok {
			c.Login.EnableURL = u
			break
		}
	}
	for _, d := range p.Documentation {
		if u, ok := cleanURL(d.URL); ok {
			c.HelpURL = u
			break
		}
	}
	return f, nil
}

func domains(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range in {
		if len(out) == MaxDomains {
			break
		}
		d = strings.TrimSuffix(strings.TrimSpace(d), ".")
		_, ascii, err := settings.NormaliseDomain(d)
		if err != nil || seen[ascii] {
			continue
		}
		seen[ascii] = true
		out = append(out, ascii)
	}
	return out
}

// cleanID keeps an id made of host-name characters; anything else is dropped.
func cleanID(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > MaxTextLength {
		return ""
	}
	for _, r := range s {
		if !(r == '.' || r == '-' || r == '_' || r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
			return ""
		}
	}
	return s
}

// cleanText collapses white space, drops control characters and cuts at
// MaxTextLength bytes on a character boundary.
func cleanText(s string) string {
	s = strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)), " ")
	if len(s) > MaxTextLength {
		cut := MaxTextLength
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return s
}

// cleanURL accepts an absolute http or https URL.
func cleanURL(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > MaxURLLength || strings.ContainsFunc(s, unicode.IsControl) || strings.ContainsAny(s, " \"<>") {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return "", false
	}
	return s, true
}

func servers(in []xmlServer, incoming bool) []settings.Server {
	var out []settings.Server
	for _, x := range in {
		if len(out) == MaxServers {
			break
		}
		if s, ok := server(x, incoming); ok {
			out = append(out, s)
		}
	}
	// IMAP before POP3, encrypted before plain; stable keeps file order.
	sort.SliceStable(out, func(i, j int) bool {
		if pi, pj := protocolRank(out[i].Protocol), protocolRank(out[j].Protocol); pi != pj {
			return pi < pj
		}
		return out[i].Security != settings.None && out[j].Security == settings.None
	})
	return out
}

func protocolRank(p settings.Protocol) int {
	if p == settings.POP3 {
		return 1
	}
	return 0
}

func server(x xmlServer, incoming bool) (settings.Server, bool) {
	var s settings.Server
	switch t := strings.TrimSpace(x.Type); {
	case incoming && t == "imap":
		s.Protocol = settings.IMAP
	case incoming && t == "pop3":
		s.Protocol = settings.POP3
	case !incoming && t == "smtp":
		s.Protocol = settings.SMTP
	default:
		return s, false // jmap, ews, owa, graph, exchange: not ours
	}
	if len(x.Hostname) != 1 || len(x.Port) != 1 || len(x.SocketType) != 1 || len(x.Username) > 1 {
		return s, false
	}
	host, ok := cleanHost(x.Hostname[0])
	if !ok {
		return s, false
	}
	s.Host = host
	port, err := strconv.Atoi(strings.TrimSpace(x.Port[0]))
	if err != nil || port < 1 || port > 65535 {
		return s, false
	}
	s.Port = port
	switch strings.TrimSpace(x.SocketType[0]) {
	case "SSL":
		s.Security = settings.TLS
	case "STARTTLS":
		s.Security = settings.STARTTLS
	case "plain":
		s.Security = settings.None
	default:
		return s, false
	}
	s.Username = settings.PlaceholderAddress
	if len(x.Username) == 1 {
		u, ok := cleanUsername(x.Username[0])
		if !ok {
			return s, false
		}
		s.Username = u
	}
	if len(x.Authentication) == 0 {
		s.Auth = []settings.Auth{settings.AuthPassword}
		return s, true
	}
	for i, a := range x.Authentication {
		if i == MaxAuthMethods {
			break
		}
		if m, ok := authMethods[strings.TrimSpace(a)]; ok && !s.HasAuth(m) {
			s.Auth = append(s.Auth, m)
		}
	}
	return s, len(s.Auth) > 0
}

// authMethods maps autoconfig <authentication> values to ours (formats.md §0).
// "plain" and "secure" are the legacy names Thunderbird still reads;
// client-IP-address (SMTP by IP, no login) is our "none".
var authMethods = map[string]settings.Auth{
	"password-cleartext": settings.AuthPassword,
	"plain":              settings.AuthPassword,
	"password-encrypted": settings.AuthPasswordEncrypted,
	"secure":             settings.AuthPasswordEncrypted,
	"OAuth2":             settings.AuthOAuth2,
	"NTLM":               settings.AuthNTLM,
	"GSSAPI":             settings.AuthGSSAPI,
	"TLS-client-cert":    settings.AuthClientCert,
	"none":               settings.AuthNone,
	"client-IP-address":  settings.AuthNone,
}

// cleanHost accepts a host name or IP literal, possibly with %EMAILDOMAIN%
// (Thunderbird expands it; several ISPDB files use "mail.%EMAILDOMAIN%"). A
// literal name comes back lower-case in A-label form.
func cleanHost(h string) (string, bool) {
	h = strings.TrimSuffix(strings.TrimSpace(h), ".")
	if h == "" || len(h) > 253 {
		return "", false
	}
	if strings.Contains(h, "%") {
		// Only the domain placeholder makes sense in a host name; check the
		// rest of the name with a stand-in domain.
		rest := strings.ReplaceAll(h, settings.PlaceholderDomain, "example.com")
		if strings.Contains(rest, "%") || settings.ValidHost(strings.ToLower(rest)) != nil {
			return "", false
		}
		lower := strings.ToLower(h)
		return strings.ReplaceAll(lower, strings.ToLower(settings.PlaceholderDomain), settings.PlaceholderDomain), true
	}
	if err := settings.ValidHost(h); err != nil {
		return "", false
	}
	if strings.Contains(h, ":") { // an IPv6 literal
		return strings.ToLower(h), true
	}
	_, ascii, err := settings.NormaliseDomain(h)
	if err != nil {
		return strings.ToLower(h), true // an IPv4 literal
	}
	return ascii, true
}

// cleanUsername accepts a literal name or one built from the three address
// placeholders; any other %...% (including a broken one) refuses it.
func cleanUsername(u string) (string, bool) {
	u = strings.TrimSpace(u)
	if u == "" {
		return settings.PlaceholderAddress, true
	}
	if len(u) > MaxTextLength || strings.ContainsFunc(u, unicode.IsControl) {
		return "", false
	}
	rest := u
	for _, p := range []string{settings.PlaceholderAddress, settings.PlaceholderLocalPart, settings.PlaceholderDomain} {
		rest = strings.ReplaceAll(rest, p, "")
	}
	if strings.Contains(rest, "%") {
		return "", false
	}
	return u, true
}

func policy(c *settings.Config) settings.PasswordPolicy {
	for _, list := range [][]settings.Server{c.Incoming, c.Outgoing} {
		for _, s := range list {
			if !s.OnlyOAuth() {
				return settings.PasswordAllowed
			}
		}
	}
	return settings.PasswordOAuthOnly
}
