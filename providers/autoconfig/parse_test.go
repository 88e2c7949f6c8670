package autoconfig

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/settings"
)

func TestParseFull(t *testing.T) {
	data, err := os.ReadFile("testdata/full.xml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != "example.es" || f.DisplayName != "Example Mail" {
		t.Errorf("id %q name %q", f.ID, f.DisplayName)
	}
	if want := []string{"example.es", "xn--espaa-rta.es"}; !reflect.DeepEqual(f.Domains, want) {
		t.Errorf("domains %q, want %q", f.Domains, want)
	}
	pw, oa := settings.AuthPassword, settings.AuthOAuth2
	wantIn := []settings.Server{
		{Protocol: settings.IMAP, Host: "imap.example.es", Port: 993, Security: settings.TLS, Username: "%EMAILADDRESS%", Auth: []settings.Auth{oa, pw}},
		{Protocol: settings.IMAP, Host: "imap.example.es", Port: 143, Security: settings.None, Username: "%EMAILADDRESS%", Auth: []settings.Auth{pw}},
		{Protocol: settings.POP3, Host: "pop.example.es", Port: 995, Security: settings.TLS, Username: "%EMAILLOCALPART%", Auth: []settings.Auth{pw}},
	}
	if !reflect.DeepEqual(f.Config.Incoming, wantIn) {
		t.Errorf("incoming\n got %+v\nwant %+v", f.Config.Incoming, wantIn)
	}
	wantOut := []settings.Server{
		{Protocol: settings.SMTP, Host: "mail.%EMAILDOMAIN%", Port: 587, Security: settings.STARTTLS, Username: "%EMAILLOCALPART%.%EMAILDOMAIN%",
			Auth: []settings.Auth{settings.AuthPasswordEncrypted, settings.AuthNTLM, settings.AuthGSSAPI, settings.AuthClientCert}},
		{Protocol: settings.SMTP, Host: "relay.example.es", Port: 25, Security: settings.None, Username: "%EMAILADDRESS%", Auth: []settings.Auth{settings.AuthNone}},
	}
	if !reflect.DeepEqual(f.Config.Outgoing, wantOut) {
		t.Errorf("outgoing\n got %+v\nwant %+v", f.Config.Outgoing, wantOut)
	}
	c := f.Config
	if c.HelpURL != "https://example.es/help" || c.Login.EnableURL != "https://example.es/enable-imap" || c.Login.Password != settings.PasswordAllowed {
		t.Errorf("help %q enable %q policy %q", c.HelpURL, c.Login.EnableURL, c.Login.Password)
	}
	if c.ProviderID != "example.es" || c.ProviderName != "Example Mail" || c.Source != "" || c.Trust != "" {
		t.Errorf("config identity %+v", c)
	}
}

const oneServer = `<clientConfig version="1.1"><emailProvider id="x.es"><domain>x.es</domain>
<incomingServer type="imap"><hostname>%s</hostname><port>%s</port><socketType>%s</socketType><username>%s</username>%s</incomingServer>
</emailProvider></clientConfig>`

func TestParseServerValidation(t *testing.T) {
	auth := "<authentication>password-cleartext</authentication>"
	tests := []struct {
		name, host, port, sock, user, auth string
		ok                                 bool
	}{
		{"good", "imap.x.es", "993", "SSL", "%EMAILADDRESS%", auth, true},
		{"ipv4", "192.0.2.1", "993", "SSL", "u", auth, true},
		{"ipv6", "::1", "993", "SSL", "u", auth, true},
		{"port 0", "imap.x.es", "0", "SSL", "u", auth, false},
		{"port 65536", "imap.x.es", "65536", "SSL", "u", auth, false},
		{"port text", "imap.x.es", "nine", "SSL", "u", auth, false},
		{"port negative", "imap.x.es", "-993", "SSL", "u", auth, false},
		{"empty host", "", "993", "SSL", "u", auth, false},
		{"host with space", "imap x.es", "993", "SSL", "u", auth, false},
		{"host empty label", "imap..x.es", "993", "SSL", "u", auth, false},
		{"host too long", strings.Repeat("a.", 130) + "es", "993", "SSL", "u", auth, false},
		{"host placeholder address", "%EMAILADDRESS%", "993", "SSL", "u", auth, false},
		{"host placeholder domain", "imap.%EMAILDOMAIN%", "993", "SSL", "u", auth, true},
		{"socket lower case", "imap.x.es", "993", "ssl", "u", auth, false},
		{"socket unknown", "imap.x.es", "993", "TLS1.3", "u", auth, false},
		{"user broken placeholder", "imap.x.es", "993", "SSL", "%EMAILADDRESS", auth, false},
		{"user realname", "imap.x.es", "993", "SSL", "%REALNAME%", auth, false},
		{"user too long", "imap.x.es", "993", "SSL", strings.Repeat("u", 256), auth, false},
		{"no auth element", "imap.x.es", "993", "SSL", "u", "", true},
		{"only unknown auth", "imap.x.es", "993", "SSL", "u", "<authentication>magic</authentication>", false},
		{"two hosts", "a.x.es</hostname><hostname>b.x.es", "993", "SSL", "u", auth, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.NewReplacer("%s", "\x00").Replace(oneServer)
			for _, v := range []string{tt.host, tt.port, tt.sock, tt.user, tt.auth} {
				doc = strings.Replace(doc, "\x00", v, 1)
			}
			f, err := ParseBytes([]byte(doc))
			if tt.ok {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if len(f.Config.Incoming) != 1 {
					t.Fatalf("servers %+v", f.Config.Incoming)
				}
				return
			}
			if !errors.Is(err, ErrNoServers) {
				t.Fatalf("accepted %+v (err %v)", f, err)
			}
		})
	}
}

func TestParseRefusesBadFiles(t *testing.T) {
	tests := map[string]string{
		"empty":            "",
		"not xml":          "hello",
		"html":             "<html><body>404</body></html>",
		"no provider":      `<clientConfig version="1.1"></clientConfig>`,
		"no servers":       `<clientConfig><emailProvider id="x"><domain>x.es</domain></emailProvider></clientConfig>`,
		"truncated":        `<clientConfig><emailProvider id="x"><incomingServer type="imap"><hostname>a.es`,
		"latin1":           "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><clientConfig/>",
		"invalid utf8":     "<clientConfig>\xff</clientConfig>",
		"too large":        "<clientConfig>" + strings.Repeat(" ", MaxSize) + "</clientConfig>",
		"entity bomb":      `<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><clientConfig>&a;</clientConfig>`,
		"deeply nested":    strings.Repeat("<a>", 20000) + strings.Repeat("</a>", 20000),
		"only jmap/ews":    `<clientConfig><emailProvider id="x"><incomingServer type="jmap"><hostname>a.es</hostname><port>443</port><socketType>SSL</socketType></incomingServer></emailProvider></clientConfig>`,
		"smtp as incoming": `<clientConfig><emailProvider id="x"><incomingServer type="smtp"><hostname>a.es</hostname><port>465</port><socketType>SSL</socketType></incomingServer></emailProvider></clientConfig>`,
	}
	for name, doc := range tests {
		t.Run(name, func(t *testing.T) {
			if f, err := Parse(strings.NewReader(doc)); err == nil {
				t.Fatalf("accepted: %+v", f)
			}
		})
	}
}

func TestParseCaps(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<clientConfig><emailProvider id="big">`)
	for i := 0; i < MaxDomains+50; i++ {
		b.WriteString("<domain>d" + strings.Repeat("x", i%7) + strconv.Itoa(i) + ".es</domain>")
	}
	for i := 0; i < MaxServers+5; i++ {
		b.WriteString(`<incomingServer type="imap"><hostname>h` + strconv.Itoa(i) + `.es</hostname><port>993</port><socketType>SSL</socketType></incomingServer>`)
	}
	b.WriteString(`<displayName>` + strings.Repeat("ñ", 400) + `</displayName></emailProvider></clientConfig>`)
	f, err := Parse(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Domains) != MaxDomains || len(f.Config.Incoming) != MaxServers {
		t.Errorf("kept %d domains, %d servers", len(f.Domains), len(f.Config.Incoming))
	}
	if len(f.DisplayName) > MaxTextLength || !strings.HasPrefix(f.DisplayName, "ññ") || strings.ContainsRune(f.DisplayName, '\uFFFD') {
		t.Errorf("display name not cut cleanly: %d bytes", len(f.DisplayName))
	}
}

func TestParseOAuthOnlyPolicy(t *testing.T) {
	doc := `<clientConfig><emailProvider id="o.es">
<incomingServer type="imap"><hostname>imap.o.es</hostname><port>993</port><socketType>SSL</socketType><authentication>OAuth2</authentication></incomingServer>
<outgoingServer type="smtp"><hostname>smtp.o.es</hostname><port>587</port><socketType>STARTTLS</socketType><authentication>OAuth2</authentication></outgoingServer>
</emailProvider></clientConfig>`
	f, err := ParseBytes([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if f.Config.Login.Password != settings.PasswordOAuthOnly {
		t.Errorf("policy %q", f.Config.Login.Password)
	}
	if len(f.Domains) != 0 || f.ID != "o.es" {
		t.Errorf("domains %q id %q", f.Domains, f.ID)
	}
}

// Every file of the ISPDB snapshot parses, when the snapshot is there.
func TestParseISPDB(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/ispdb/*.xml")
	if len(files) == 0 {
		t.Skip("../shared/ispdb is not next to the repository (only in the project's own checkout); nothing to parse")
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := ParseBytes(data)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(name), err)
			continue
		}
		if len(f.Domains) == 0 {
			t.Errorf("%s: no domains", filepath.Base(name))
		}
	}
}
