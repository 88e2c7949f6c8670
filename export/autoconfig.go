package export

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// Mozilla autoconfig, config-v1.1.xml (formats.md §1). We write the
// "maximum-compatibility profile": literal provider id (TfA rejects others),
// exactly one server per protocol (Thunderbird takes the first, Evolution
// the last), IMAP before POP3, no plain entry when a secure one exists,
// %EMAILADDRESS% or a literal user name, and never a password or an oAuth2
// block.

type acClientConfig struct {
	XMLName  xml.Name        `xml:"clientConfig"`
	Version  string          `xml:"version,attr"`
	Provider acEmailProvider `xml:"emailProvider"`
}

type acEmailProvider struct {
	ID            string           `xml:"id,attr"`
	Domains       []string         `xml:"domain"`
	DisplayName   string           `xml:"displayName"`
	ShortName     string           `xml:"displayShortName"`
	Incoming      []acServer       `xml:"incomingServer"`
	Outgoing      []acServer       `xml:"outgoingServer"`
	Enable        *acEnable        `xml:"enable,omitempty"`
	Documentation *acDocumentation `xml:"documentation,omitempty"`
}

type acServer struct {
	Type           string   `xml:"type,attr"`
	Hostname       string   `xml:"hostname"`
	Port           int      `xml:"port"`
	SocketType     string   `xml:"socketType"`
	Authentication []string `xml:"authentication"`
	Username       string   `xml:"username"`
}

type acEnable struct {
	VisitURL    string   `xml:"visiturl,attr"`
	Instruction []acText `xml:"instruction"`
}

type acDocumentation struct {
	URL   string   `xml:"url,attr"`
	Descr []acText `xml:"descr"`
}

type acText struct {
	Lang string `xml:"lang,attr"`
	Text string `xml:",chardata"`
}

// autoconfigSocket maps our security to socketType (case-sensitive).
func autoconfigSocket(s settings.Security) string {
	switch s {
	case settings.TLS:
		return "SSL"
	case settings.STARTTLS:
		return "STARTTLS"
	}
	return "plain"
}

// autoconfigAuth maps our login methods to <authentication> values, in the
// server's order of preference (OAuth2 first where listed).
func autoconfigAuth(auths []settings.Auth) []string {
	var out []string
	for _, a := range auths {
		v := map[settings.Auth]string{
			settings.AuthPassword:          "password-cleartext",
			settings.AuthPasswordEncrypted: "password-encrypted",
			settings.AuthOAuth2:            "OAuth2",
			settings.AuthNTLM:              "NTLM",
			settings.AuthGSSAPI:            "GSSAPI",
			settings.AuthClientCert:        "TLS-client-cert",
			settings.AuthNone:              "none",
		}[a]
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// autoconfigServer writes one server. A user name that is the address
// itself becomes %EMAILADDRESS%, which every client expands (Nextcloud
// included), so that the file also serves the domain's other users when an
// administrator publishes it; any other user name stays literal.
func autoconfigServer(s settings.Server, p *plan) acServer {
	user := s.Username
	if user == p.from() {
		user = settings.PlaceholderAddress
	}
	return acServer{
		Type:           string(s.Protocol),
		Hostname:       s.Host,
		Port:           s.Port,
		SocketType:     autoconfigSocket(s.Security),
		Authentication: autoconfigAuth(s.Auth),
		Username:       user,
	}
}

// truncate cuts s to at most n runes (the draft's MUST limits for names).
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}

func writeAutoconfig(w io.Writer, p *plan, o Options) error {
	// Clients expand placeholders in every user name and there is no way
	// to escape one: a literal name holding one would come out changed.
	for _, srv := range append([]settings.Server{*p.out}, p.ins...) {
		if srv.Username != p.from() && hasPlaceholder(srv.Username) {
			return errorf(ReasonBadUsername)
		}
	}
	name := p.providerName()
	cfg := acClientConfig{
		Version: "1.1",
		Provider: acEmailProvider{
			ID:          p.addr.ASCIIDomain,
			Domains:     []string{p.addr.ASCIIDomain},
			DisplayName: truncate(name, 60),
			ShortName:   truncate(name, 20),
			Outgoing:    []acServer{autoconfigServer(*p.out, p)},
		},
	}
	for _, s := range p.ins {
		cfg.Provider.Incoming = append(cfg.Provider.Incoming, autoconfigServer(s, p))
	}
	if u := p.cfg.Login.EnableURL; u != "" {
		cfg.Provider.Enable = &acEnable{VisitURL: u, Instruction: bothLangs("export.autoconfig.enable")}
	}
	if u := p.cfg.HelpURL; u != "" {
		cfg.Provider.Documentation = &acDocumentation{URL: u, Descr: bothLangs("export.autoconfig.documentation")}
	}
	// The prolog is written by hand: encoding/xml's Header says
	// encoding="UTF-8" too, but spelling it out keeps the exact bytes the
	// ISPDB checks expect (no BOM).
	if _, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"); err != nil {
		return err
	}
	return encodeXML(w, cfg)
}

// bothLangs renders key in every language, the user's first.
func bothLangs(key string) []acText {
	var out []acText
	for _, l := range i18n.Langs {
		out = append(out, acText{Lang: string(l), Text: i18n.T(l, key)})
	}
	return out
}

// encodeXML writes v indented by two spaces and a final newline.
func encodeXML(w io.Writer, v any) error {
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// itoa is strconv.Itoa, short for the writers' tables.
func itoa(n int) string { return strconv.Itoa(n) }

// hasPlaceholder reports an autoconfig placeholder (Thunderbird's
// replaceVariables: %EMAILADDRESS%, %EMAILLOCALPART%, %EMAILDOMAIN%,
// %REALNAME%).
func hasPlaceholder(s string) bool {
	for _, ph := range []string{settings.PlaceholderAddress, settings.PlaceholderLocalPart, settings.PlaceholderDomain, "%REALNAME%"} {
		if strings.Contains(s, ph) {
			return true
		}
	}
	return false
}
