package providers

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		domain, id string
		policy     settings.PasswordPolicy
	}{
		{"gmail.com", "googlemail.com", settings.PasswordAppPassword},
		{"googlemail.com", "googlemail.com", settings.PasswordAppPassword},
		{"jazztel.es", "jazztel.es", settings.PasswordAppPassword}, // Gmail's servers, conflicting sources
		{"hotmail.es", "hotmail.com", settings.PasswordOAuthOnly},
		{"outlook.es", "hotmail.com", settings.PasswordOAuthOnly},
		{"live.com.mx", "hotmail.com", settings.PasswordOAuthOnly},
		{"msn.com", "hotmail.com", settings.PasswordOAuthOnly},
		{"onmicrosoft.com", "office365.com", settings.PasswordOAuthOnly},
		{"contoso.onmicrosoft.com", "office365.com", settings.PasswordOAuthOnly}, // tenant parent
		{"mail.contoso.onmicrosoft.com", "office365.com", settings.PasswordOAuthOnly},
		{"yahoo.es", "yahoo.com", settings.PasswordAppPassword},
		{"yahoo.com.mx", "yahoo.com", settings.PasswordAppPassword},
		{"aol.es", "aol.com", settings.PasswordAppPassword},
		{"icloud.com", "me.com", settings.PasswordAppPassword},
		{"zohomail.eu", "zoho.eu", settings.PasswordAllowed},
		{"gmx.es", "gmx.com", settings.PasswordAllowed},
		{"gmx.de", "gmx.net", settings.PasswordAllowed},
		{"web.de", "web.de", settings.PasswordAllowed},
		{"ya.ru", "yandex.ru", settings.PasswordAppPassword},
		{"fastmail.com", "messagingengine.com", settings.PasswordAppPassword},
		{"proton.me", "proton-bridge", settings.PasswordAppPassword},
		{"pm.me", "proton-bridge", settings.PasswordAppPassword},
		{"1and1.es", "ionos.es", settings.PasswordAllowed},
		{"dondominio.com", "dondominio.com", settings.PasswordAllowed},
		{"educa.madrid.org", "educa.madrid.org", settings.PasswordAllowed},
		{"movistar.es", "movistar.es", settings.PasswordAllowed},
	}
	for _, tt := range tests {
		p, ok := Lookup(tt.domain)
		if !ok {
			t.Errorf("%s: not found", tt.domain)
			continue
		}
		if p.ID != tt.id || p.Config.Login.Password != tt.policy {
			t.Errorf("%s: got %s (%s), want %s (%s)", tt.domain, p.ID, p.Config.Login.Password, tt.id, tt.policy)
		}
	}
	for _, d := range []string{"example.com", "", "GMAIL.COM", "gmail.com.", "com", "es", "españa.es", "xonmicrosoft.com", ".", "a..", "sub.gmail.com"} {
		if p, ok := Lookup(d); ok {
			t.Errorf("%q found %s; callers normalise first", d, p.ID)
		}
	}
}

func TestLookupMX(t *testing.T) {
	tests := []struct{ mx, id string }{
		{"contoso-com.mail.protection.outlook.com", "office365.com"},
		{"Contoso-COM.mail.protection.outlook.com.", "office365.com"},
		{"contoso-com.r-v1.mx.microsoft", "office365.com"},
		{"hotmail-com.olc.protection.outlook.com", "hotmail.com"},
		{"outlook.com", "hotmail.com"},
		{"aspmx.l.google.com", "google-workspace"},
		{"alt1.aspmx.l.google.com.", "google-workspace"},
		{"aspmx2.googlemail.com", "google-workspace"},
		{"smtp.google.com", "google-workspace"},
		{"mx00.ionos.es", "ionos.es"},
		{"mx01.1and1.es", "ionos.es"},
		{"mx00.kundenserver.de", "1und1.de"},
		{"mx1.mail.ovh.net", "ovh.net"},
		{"mx.zoho.eu", "zoho.eu"},
		{"mx2.zoho.com", "zoho.com"},
		{"mx1.hostinger.com", "hostinger.com"},
		{"mx1.titan.email", "titan.email"},
		{"mail.protonmail.ch", "proton-bridge"},
		{"mx01.mail.icloud.com", "me.com"},
		{"mta5.am0.yahoodns.net", "yahoo.com"},
		{"in1-smtp.messagingengine.com", "messagingengine.com"},
		{"mx.dondominio.com", "dondominio.com"},
	}
	for _, tt := range tests {
		p, ok := LookupMX(tt.mx)
		if !ok || p.ID != tt.id {
			t.Errorf("%s: got %q (%v), want %s", tt.mx, p.ID, ok, tt.id)
		}
	}
	for _, mx := range []string{"", ".", "mx.example.com", "com", "protection.outlook", "mx.microsoft.example", strings.Repeat("a.", 200) + "com", "[::1]", "192.0.2.1"} {
		if p, ok := LookupMX(mx); ok {
			t.Errorf("%q matched %s", mx, p.ID)
		}
	}
}

func TestConfigFor(t *testing.T) {
	addr, err := settings.ParseAddress("Ana.Garcia@Hotmail.ES")
	if err != nil {
		t.Fatal(err)
	}
	p, ok := Lookup(addr.ASCIIDomain)
	if !ok {
		t.Fatal("hotmail.es not found")
	}
	c := p.ConfigFor(addr)
	if c.Source != settings.SourceBuiltin || c.Trust != settings.Verified || len(c.Warnings) != 0 {
		t.Errorf("source %s trust %s warnings %v", c.Source, c.Trust, c.Warnings)
	}
	in, _ := c.FirstIncoming()
	if in.Username != "Ana.Garcia@hotmail.es" || in.Host != "outlook.office365.com" || in.Protocol != settings.IMAP {
		t.Errorf("incoming %+v", in)
	}
	if c.ProviderID != "hotmail.com" || c.Login.Password != settings.PasswordOAuthOnly || c.Notes.ES == "" {
		t.Errorf("config %+v", c)
	}
	// The template is untouched by expansion.
	if tin := p.Config.Incoming[0]; tin.Username != settings.PlaceholderAddress {
		t.Errorf("template changed: %+v", tin)
	}

	addr, _ = settings.ParseAddress("pepe@ionos.es")
	p, _ = Lookup(addr.ASCIIDomain)
	c = p.ConfigFor(addr)
	if c.Trust != settings.Unverified || len(c.Warnings) != 1 {
		t.Fatalf("unverified row: trust %s warnings %v", c.Trust, c.Warnings)
	}
	for _, l := range i18n.Langs {
		if w := c.Warnings[0].In(l); !strings.Contains(w, "IONOS") || strings.Contains(w, "{") {
			t.Errorf("%s warning %q", l, w)
		}
	}

	addr, _ = settings.ParseAddress("luis@educa.madrid.org")
	p, _ = Lookup(addr.ASCIIDomain)
	if in, _ := p.ConfigFor(addr).FirstIncoming(); in.Username != "luis" {
		t.Errorf("EducaMadrid user %q", in.Username)
	}
}

// The providers the product promises (issue 2) are in the table with their
// login facts.
func TestRequiredProviders(t *testing.T) {
	required := map[string]settings.PasswordPolicy{
		"googlemail.com": settings.PasswordAppPassword, "google-workspace": settings.PasswordAppPassword,
		"hotmail.com": settings.PasswordOAuthOnly, "office365.com": settings.PasswordOAuthOnly,
		"yahoo.com": settings.PasswordAppPassword, "aol.com": settings.PasswordAppPassword,
		"me.com": settings.PasswordAppPassword, "zoho.com": settings.PasswordAllowed,
		"gmx.net": settings.PasswordAllowed, "web.de": settings.PasswordAllowed,
		"yandex.ru": settings.PasswordAppPassword, "messagingengine.com": settings.PasswordAppPassword,
		"proton-bridge": settings.PasswordAppPassword, "ionos.es": settings.PasswordAllowed,
		"dondominio.com": settings.PasswordAllowed, "hostinger.com": settings.PasswordAllowed,
		"educa.madrid.org": settings.PasswordAllowed,
	}
	for id, policy := range required {
		p, ok := ByID(id)
		if !ok {
			t.Errorf("%s missing", id)
			continue
		}
		if p.Config.Login.Password != policy {
			t.Errorf("%s: policy %s, want %s", id, p.Config.Login.Password, policy)
		}
		if p.Config.Notes.IsZero() && id != "dondominio.com" {
			// dondominio has notes too; every required provider says something.
			t.Errorf("%s: no notes", id)
		}
		if policy == settings.PasswordAppPassword && p.Config.Login.AppPasswordURL == "" && id != "messagingengine.com" {
			t.Errorf("%s: app password needed but no page to make one", id)
		}
	}
	for _, id := range []string{"ionos.es", "hostinger.com", "titan.email", "movistar.es", "telefonica.net", "jazztel.es"} {
		if p, _ := ByID(id); !p.Unverified {
			t.Errorf("%s should be marked unverified", id)
		}
	}
	if p, _ := ByID("googlemail.com"); p.Unverified {
		t.Error("Gmail marked unverified")
	}
}

// Every row of the table is well-formed, whatever the overlay says.
func TestTableWellFormed(t *testing.T) {
	all := All()
	if len(all) < 150 {
		t.Fatalf("only %d providers", len(all))
	}
	addr := settings.Address{Local: "ana", Domain: "example.es", ASCIIDomain: "example.es"}
	for i, p := range all {
		if i > 0 && all[i-1].ID >= p.ID {
			t.Errorf("not sorted at %s", p.ID)
		}
		if q, ok := ByID(p.ID); !ok || q.ID != p.ID {
			t.Errorf("%s: ByID", p.ID)
		}
		for _, d := range p.Domains {
			if q, ok := Lookup(d); !ok || q.ID != p.ID {
				t.Errorf("%s: domain %s resolves to %s", p.ID, d, q.ID)
			}
			if _, ascii, err := settings.NormaliseDomain(d); err != nil || ascii != d {
				t.Errorf("%s: domain %q not normalised", p.ID, d)
			}
		}
		c := p.ConfigFor(addr)
		if strings.Contains(c.ProviderName, "%") {
			t.Errorf("%s: name %q not expanded", p.ID, c.ProviderName)
		}
		if len(c.Incoming)+len(c.Outgoing) == 0 || p.Name == "" {
			t.Errorf("%s: no servers or name", p.ID)
		}
		for _, s := range append(c.Incoming, c.Outgoing...) {
			if settings.ValidHost(s.Host) != nil || s.Port < 1 || s.Port > 65535 || s.Username == "" || strings.Contains(s.Username, "%") || len(s.Auth) == 0 {
				t.Errorf("%s: bad server %+v", p.ID, s)
			}
		}
		switch c.Login.Password {
		case settings.PasswordAllowed, settings.PasswordAppPassword, settings.PasswordOAuthOnly:
		default:
			t.Errorf("%s: policy %q", p.ID, c.Login.Password)
		}
		for _, u := range []string{c.Login.AppPasswordURL, c.Login.EnableURL, c.HelpURL} {
			if u == "" {
				continue
			}
			if pu, err := url.Parse(u); err != nil || (pu.Scheme != "https" && pu.Scheme != "http") {
				t.Errorf("%s: link %q", p.ID, u)
			}
		}
		for _, txt := range []i18n.Text{c.Notes, c.SendLimit} {
			if (txt.ES == "") != (txt.EN == "") {
				t.Errorf("%s: text in one language only: %+v", p.ID, txt)
			}
		}
	}
}

func TestClosed(t *testing.T) {
	note, ok := Closed("terra.es")
	if !ok || !strings.Contains(note.ES, "Terra") || !strings.Contains(note.EN, "Terra") {
		t.Errorf("terra.es: %v %+v", ok, note)
	}
	if _, ok := Lookup("terra.es"); ok {
		t.Error("a closed domain is also in the table")
	}
	if _, ok := Closed("gmail.com"); ok {
		t.Error("gmail.com closed")
	}
}

var sink Provider

// BenchmarkLookup: target < 1 µs per lookup. The baseline is a bare access
// to a map of the same size, for a ratio that holds on any machine.
func BenchmarkLookup(b *testing.B) {
	theIndex()
	cases := map[string][]string{
		"hit":    {"gmail.com", "hotmail.es", "yahoo.com.mx", "educa.madrid.org"},
		"miss":   {"example.com", "unknown.example", "mi-empresa.es", "a.b.c.example.org"},
		"tenant": {"contoso.onmicrosoft.com", "fabrikam.onmicrosoft.com"},
	}
	for _, name := range []string{"hit", "miss", "tenant"} {
		domains := cases[name]
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				sink, _ = Lookup(domains[i%len(domains)])
			}
		})
	}
	b.Run("baseline-map", func(b *testing.B) {
		m := theIndex().byDomain
		domains := cases["hit"]
		var p *Provider
		for i := 0; i < b.N; i++ {
			p = m[domains[i%len(domains)]]
		}
		sink = *p
	})
}

func BenchmarkLookupMX(b *testing.B) {
	hosts := []string{"contoso-com.mail.protection.outlook.com", "aspmx.l.google.com.", "mx.example.com", "mx00.ionos.es"}
	theIndex()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink, _ = LookupMX(hosts[i%len(hosts)])
	}
}

// FuzzLookupMX: any host name, however broken, gives an answer or none,
// never a panic or a hang; a match is always by a suffix of the host.
func FuzzLookupMX(f *testing.F) {
	for _, s := range []string{"aspmx.l.google.com.", "a..mail.protection.outlook.com", ".", "..", "com.", "x.mx.microsoft", "ñ.ionos.es"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		p, ok := LookupMX(host)
		if !ok {
			return
		}
		h := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
		for _, s := range append(append([]string(nil), p.MXSuffixes...), p.Domains...) {
			if h == s || strings.HasSuffix(h, "."+s) {
				return
			}
		}
		t.Fatalf("%q matched %s by no suffix", host, p.ID)
	})
}
