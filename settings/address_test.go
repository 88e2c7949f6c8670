package settings

import (
	"errors"
	"strings"
	"testing"
)

func TestParseAddressValid(t *testing.T) {
	tests := []struct {
		in, local, domain, ascii string
	}{
		{"ana@example.es", "ana", "example.es", "example.es"},
		{"  Ana.Garcia@Example.ES \t\n", "Ana.Garcia", "example.es", "example.es"},
		{"josé@españa.es", "josé", "españa.es", "xn--espaa-rta.es"},
		{"PEPE@ESPAÑA.ES", "PEPE", "españa.es", "xn--espaa-rta.es"},
		{"a@xn--espaa-rta.es", "a", "españa.es", "xn--espaa-rta.es"},
		{"user+tag@mail.example.co.uk", "user+tag", "mail.example.co.uk", "mail.example.co.uk"},
		{"o'brien@example.com", "o'brien", "example.com", "example.com"},
		{"用户@例子.广告", "用户", "例子.广告", "xn--fsqu00a.xn--4rr70v"},
		{strings.Repeat("l", 64) + "@example.com", strings.Repeat("l", 64), "example.com", "example.com"},
	}
	for _, tt := range tests {
		a, err := ParseAddress(tt.in)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if a.Local != tt.local || a.Domain != tt.domain || a.ASCIIDomain != tt.ascii {
			t.Errorf("%q: got %+v", tt.in, a)
		}
		if a.String() != tt.local+"@"+tt.domain || a.ASCII() != tt.local+"@"+tt.ascii {
			t.Errorf("%q: String %q ASCII %q", tt.in, a.String(), a.ASCII())
		}
	}
}

func TestParseAddressInvalid(t *testing.T) {
	long := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 63) + ".es"
	tests := []struct {
		name, in, reason string
	}{
		{"empty", "", ReasonEmpty},
		{"only spaces", " \t ", ReasonEmpty},
		{"no at", "ana.example.es", ReasonNoAt},
		{"several at", "ana@pepe@example.es", ReasonManyAt},
		{"two at together", "ana@@example.es", ReasonManyAt},
		{"space inside", "ana garcia@example.es", ReasonSpace},
		{"space in domain", "ana@exam ple.es", ReasonSpace},
		{"no-break space", "ana\u00a0@example.es", ReasonSpace},
		{"tab inside", "ana\t@example.es", ReasonControl},
		{"NUL", "ana\x00@example.es", ReasonControl},
		{"newline inside", "ana@exa\nmple.es", ReasonControl},
		{"escape", "\x1b[31mana@example.es", ReasonControl},
		{"DEL", "ana\x7f@example.es", ReasonControl},
		{"over 254 bytes", long, ReasonTooLong},
		{"huge 1 MB", strings.Repeat("a", 1<<20) + "@example.es", ReasonTooLong},
		{"huge 1 MB of at", strings.Repeat("@", 1<<20), ReasonTooLong},
		{"empty local", "@example.es", ReasonEmptyLocal},
		{"local over 64", strings.Repeat("l", 65) + "@example.es", ReasonLocalTooLong},
		{"empty domain", "ana@", ReasonEmptyDomain},
		{"empty label inside", "ana@example..es", ReasonEmptyLabel},
		{"leading dot", "ana@.example.es", ReasonEmptyLabel},
		{"trailing dot", "ana@example.es.", ReasonTrailingDot},
		{"only dot", "ana@.", ReasonTrailingDot},
		{"no dot", "ana@localhost", ReasonNoDot},
		{"underscore domain", "ana@exa_mple.es", ReasonBadDomain},
		{"label over 63", "ana@" + strings.Repeat("x", 64) + ".es", ReasonBadDomain},
		{"invalid utf8", "ana@ex\xffample.es", ReasonInvalidUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseAddress(tt.in)
			var ae *AddressError
			if !errors.As(err, &ae) {
				t.Fatalf("accepted as %+v (err %v)", a, err)
			}
			if ae.Reason != tt.reason {
				t.Errorf("reason %q, want %q", ae.Reason, tt.reason)
			}
			if ae.Key() != "address."+tt.reason || !IsAddressError(err) {
				t.Errorf("key %q", ae.Key())
			}
			if !a.IsZero() {
				t.Errorf("address returned with the error: %+v", a)
			}
		})
	}
}

func TestExpand(t *testing.T) {
	a, err := ParseAddress("José.Pérez@España.es")
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		"%EMAILADDRESS%":                 "José.Pérez@españa.es",
		"%EMAILLOCALPART%":               "José.Pérez",
		"%EMAILDOMAIN%":                  "españa.es",
		"%EMAILLOCALPART%.%EMAILDOMAIN%": "José.Pérez.españa.es",
		"literal":                        "literal",
		"100%":                           "100%",
		"%EMAILADDRESS":                  "%EMAILADDRESS",
		"%emailaddress%":                 "%emailaddress%",
		"%EMAILADDRESS%%EMAILLOCALPART%": "José.Pérez@españa.esJosé.Pérez",
		"user$%EMAILDOMAIN%":             "user$españa.es",
	}
	for in, want := range tests {
		if got := Expand(in, a); got != want {
			t.Errorf("Expand(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExpandConfig(t *testing.T) {
	a, _ := ParseAddress("Ana@España.es")
	c := Config{
		Incoming: []Server{{Protocol: IMAP, Host: "mail.%EMAILDOMAIN%", Port: 993, Security: TLS, Username: "%EMAILADDRESS%", Auth: []Auth{AuthPassword}}},
		Outgoing: []Server{{Protocol: SMTP, Host: "SMTP.Example.ES", Port: 465, Security: TLS, Username: "%EMAILLOCALPART%", Auth: []Auth{AuthPassword}}},
	}
	got := ExpandConfig(c, a)
	// Hosts get the A-label domain (DNS sees that); user names the Unicode one.
	if got.Incoming[0].Host != "mail.xn--espaa-rta.es" || got.Incoming[0].Username != "Ana@españa.es" {
		t.Errorf("incoming %+v", got.Incoming[0])
	}
	if got.Outgoing[0].Host != "smtp.example.es" || got.Outgoing[0].Username != "Ana" {
		t.Errorf("outgoing %+v", got.Outgoing[0])
	}
	// The template is not changed, and the copy shares no slices with it.
	if c.Incoming[0].Host != "mail.%EMAILDOMAIN%" || c.Incoming[0].Username != "%EMAILADDRESS%" {
		t.Errorf("template changed: %+v", c.Incoming[0])
	}
	got.Incoming[0].Auth[0] = AuthOAuth2
	if c.Incoming[0].Auth[0] != AuthPassword {
		t.Error("ExpandConfig shares the Auth slice")
	}
}

func BenchmarkParseAddress(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := ParseAddress("josé.garcía@españa.es"); err != nil {
			b.Fatal(err)
		}
	}
}
