package domain

import (
	"reflect"
	"testing"
)

// FuzzParseSPF: the parser never panics, accepts only records IsSPF admits,
// knows every mechanism it returns, and writing a parsed record back and
// parsing it again gives the same terms. Seeds: testdata/fuzz/FuzzParseSPF.
func FuzzParseSPF(f *testing.F) {
	for _, s := range []string{
		"v=spf1 include:_spf.google.com ~all",
		"v=spf1 a mx/24 a:mail.example.com/28//64 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all",
		"v=spf1 exists:%{ir}.%{v}._spf.%{d2} redirect=_spf.example.com",
		"v=spf1 exp=explain.%{d} ?all",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseSPF(s)
		if err != nil {
			return
		}
		if !IsSPF(s) {
			t.Fatalf("parsed a record IsSPF refuses: %q", s)
		}
		for _, term := range r.Terms {
			if !term.Modifier {
				switch term.Name {
				case "all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists":
				default:
					t.Fatalf("unknown mechanism %q accepted in %q", term.Name, s)
				}
			}
		}
		again, err := ParseSPF(r.String())
		if err != nil {
			t.Fatalf("re-parse of %q (from %q): %v", r.String(), s, err)
		}
		if !reflect.DeepEqual(r, again) {
			t.Fatalf("round trip changed %q: %+v != %+v", s, r, again)
		}
	})
}

// FuzzParseDMARC: the parser never panics, what it accepts IsDMARC admits,
// and the values it returns are within their ranges. Seeds:
// testdata/fuzz/FuzzParseDMARC.
func FuzzParseDMARC(f *testing.F) {
	for _, s := range []string{
		"v=DMARC1; p=reject; rua=mailto:dmarc@example.com",
		"v=DMARC1;p=none;sp=quarantine;adkim=s;aspf=r;pct=50;fo=1:d;rf=afrf;ri=86400",
		"v=DMARC1; p=quarantine; rua=mailto:a@example.com!10m,https://r.example/x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseDMARC(s)
		if err != nil {
			return
		}
		if !IsDMARC(s) {
			t.Fatalf("parsed a record IsDMARC refuses: %q", s)
		}
		switch r.Policy {
		case "none", "quarantine", "reject":
		default:
			t.Fatalf("policy %q from %q", r.Policy, s)
		}
		if r.Percent < 0 || r.Percent > 100 || (r.ADKIM != "r" && r.ADKIM != "s") || (r.ASPF != "r" && r.ASPF != "s") {
			t.Fatalf("out of range values %+v from %q", r, s)
		}
	})
}

// FuzzParseDKIMKey: never panics; a key that parses has a size unless revoked.
func FuzzParseDKIMKey(f *testing.F) {
	f.Add(rsaKeyRecord(1024))
	f.Add(ed25519KeyRecord())
	f.Add("v=DKIM1; k=rsa; t=y; p=")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseDKIMKey(s)
		if err == nil && !k.Revoked && k.Bits <= 0 {
			t.Fatalf("key without size from %q: %+v", s, k)
		}
	})
}

// FuzzParseMTASTSPolicy: a policy file from the web never panics the parser,
// and what it accepts is within the bounds of RFC 8461 §3.2.
func FuzzParseMTASTSPolicy(f *testing.F) {
	for _, s := range []string{
		"version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n",
		"version: STSv1\nmode: none\nmax_age: 0\n",
		"version: STSv1\nmode: testing\nmx: a.example\nmax_age: 31557600\nextra: ignored\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseMTASTSPolicy(data)
		if err != nil {
			if p != nil {
				t.Fatal("policy and error together")
			}
			return
		}
		switch {
		case p.Mode != "enforce" && p.Mode != "testing" && p.Mode != "none":
			t.Fatalf("mode %q accepted", p.Mode)
		case p.MaxAge < 0 || p.MaxAge > 31557600:
			t.Fatalf("max_age %d accepted", p.MaxAge)
		case len(p.MX) > maxPolicyMX:
			t.Fatalf("%d mx lines kept", len(p.MX))
		}
		p.Matches("mail.example.com")
	})
}
