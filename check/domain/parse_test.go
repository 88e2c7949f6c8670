package domain

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseSPFValid(t *testing.T) {
	for _, rec := range []string{
		"v=spf1",
		"v=spf1 -all",
		"V=SPF1 +MX ~ALL",
		"v=spf1  include:_spf.google.com   ~all ",
		"v=spf1 a mx/24 a:mail.example.com/28//64 mx:example.com//48 ?all",
		"v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.7 ip6:2001:db8::/32 ip6:::1 -all",
		"v=spf1 ptr ptr:example.com -all",
		"v=spf1 exists:%{i}._spf.%{d} -all",
		"v=spf1 include:%{l1r-}.example.com redirect=_spf.example.com",
		"v=spf1 exp=explain._spf.%{d} -all",
		"v=spf1 -include:bad.example.com ~all",
		"v=spf1 unknown-mod=anything -all",
		"v=spf1 include:example.com. -all",
		"v=spf1 exists:%{ir}.%{v}._spf.%{d2} -all",
	} {
		r, err := ParseSPF(rec)
		if err != nil {
			t.Errorf("ParseSPF(%q): %v", rec, err)
			continue
		}
		again, err := ParseSPF(r.String())
		if err != nil || !reflect.DeepEqual(r, again) {
			t.Errorf("round trip of %q via %q: %v", rec, r.String(), err)
		}
	}
}

func TestParseSPFInvalid(t *testing.T) {
	for rec, term := range map[string]string{
		"v=spf2 -all":                                    "",
		"v=spf1-all":                                     "",
		"spf1 -all":                                      "",
		"v=spf1 incude:_spf.google.com -all":             "incude:_spf.google.com",
		"v=spf1 include -all":                            "include",
		"v=spf1 include: -all":                           "include:",
		"v=spf1 ip4:300.1.1.1 -all":                      "ip4:300.1.1.1",
		"v=spf1 ip4:192.0.2.0/33 -all":                   "ip4:192.0.2.0/33",
		"v=spf1 ip4:2001:db8::1 -all":                    "ip4:2001:db8::1",
		"v=spf1 ip6:192.0.2.1 -all":                      "ip6:192.0.2.1",
		"v=spf1 ip6:2001:db8::/129":                      "ip6:2001:db8::/129",
		"v=spf1 a/024 -all":                              "a/024",
		"v=spf1 mx//200 -all":                            "mx//200",
		"v=spf1 all:foo":                                 "all:foo",
		"v=spf1 -all/8":                                  "-all/8",
		"v=spf1 redirect=a.example redirect=b.example":   "redirect=b.example",
		"v=spf1 exists:%{x}.example.com":                 "exists:%{x}.example.com",
		"v=spf1 exists:%{i.example.com":                  "exists:%{i.example.com",
		"v=spf1 include:example.com%":                    "include:example.com%",
		"v=spf1 include:example.123 -all":                "include:example.123",
		"v=spf1 include:%{c}.example.com":                "include:%{c}.example.com",
		"v=spf1 1mod=x":                                  "1mod=x",
		"v=spf1 include:example..com":                    "include:example..com",
		"v=spf1 +":                                       "+",
		"v=spf1 include:exämple.com":                     "include:exämple.com",
		"v=spf1 " + strings.Repeat("a ", maxTerms+1):     "",
		"v=spf1 " + strings.Repeat("x", MaxRecordLength): "",
	} {
		_, err := ParseSPF(rec)
		var se *SPFSyntaxError
		if !errors.As(err, &se) {
			t.Errorf("ParseSPF(%.60q) = %v, want a syntax error", rec, err)
			continue
		}
		if term != "" && se.Term != term {
			t.Errorf("ParseSPF(%.60q) blames %q, want %q", rec, se.Term, term)
		}
	}
}

func TestSPFLooksUpDNS(t *testing.T) {
	r, err := ParseSPF("v=spf1 a mx ptr include:x.example exists:y.example ip4:192.0.2.1 ip6:::1 all redirect=z.example exp=e.example")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, term := range r.Terms {
		if term.LooksUpDNS() {
			n++
		}
	}
	if n != 6 {
		t.Errorf("DNS-querying terms = %d, want 6 (a mx ptr include exists redirect)", n)
	}
}

func TestParseDMARC(t *testing.T) {
	r, err := ParseDMARC("v=DMARC1; p=Quarantine; sp=reject; adkim=s; aspf=r; pct=25; rua=mailto:a@example.com,mailto:b@example.net!10m; ruf=mailto:f@example.com; fo=1:d; rf=afrf; ri=86400; future=1;")
	if err != nil {
		t.Fatal(err)
	}
	want := &DMARCRecord{Policy: "quarantine", SubdomainPolicy: "reject", ADKIM: "s", ASPF: "r", Percent: 25,
		RUA: []string{"mailto:a@example.com", "mailto:b@example.net"}, RUF: []string{"mailto:f@example.com"}}
	r.Tags = nil
	if !reflect.DeepEqual(r, want) {
		t.Errorf("got %+v\nwant %+v", r, want)
	}
	r, err = ParseDMARC("v=DMARC1;p=none")
	if err != nil || r.Percent != 100 || r.ADKIM != "r" || r.RUA != nil {
		t.Errorf("defaults: %+v %v", r, err)
	}
	for _, bad := range []string{
		"", "p=none", "v=DMARC1", "v=DMARC1; p=rejected", "v=dmarc1; p=none", "v=DMARC1; p=none; p=reject",
		"v=DMARC1; p=none; pct=101", "v=DMARC1; p=none; pct=x", "v=DMARC1; p=none; adkim=x",
		"v=DMARC1; p=none; rua=dmarc@example.com", "v=DMARC1; p=none; rua=mailto:x", "v=DMARC1; p=none; fo=2",
		"v=DMARC1; p=none; ri=-1", "v=DMARC1; p=none; rua=mailto:a@b.c!x", "v=DMARC1; p=none; garbage",
		"; v=DMARC1; p=none", "v=DMARC1; p=none; rf=xml",
	} {
		if _, err := ParseDMARC(bad); err == nil {
			t.Errorf("ParseDMARC(%q) accepted", bad)
		}
	}
}

func TestParseDKIMKey(t *testing.T) {
	for rec, want := range map[string]DKIMKey{
		rsaKeyRecord(2048): {Type: "rsa", Bits: 2048},
		rsaKeyRecord(1024): {Type: "rsa", Bits: 1024},
		rsaKeyRecord(512):  {Type: "rsa", Bits: 512},
		ed25519KeyRecord(): {Type: "ed25519", Bits: 256},
		"v=DKIM1; p=":      {Type: "rsa", Revoked: true},
		"k=rsa; t=y:s; p=": {Type: "rsa", Revoked: true, Testing: true},
		rsaKeyRecord(1024)[:40] + " \t" + rsaKeyRecord(1024)[40:]: {Type: "rsa", Bits: 1024}, // §3.6.1: white space inside p=
	} {
		k, err := ParseDKIMKey(rec)
		if err != nil || *k != want {
			t.Errorf("ParseDKIMKey(%.50q) = %+v, %v; want %+v", rec, k, err, want)
		}
	}
	for rec, code := range map[string]string{
		"v=DKIM1; k=rsa":                       "no_key",
		"k=rsa; v=DKIM1; p=":                   "syntax",
		"v=DKIM1; p=!!!!":                      "base64",
		"v=DKIM1; p=AAAA":                      "unreadable",
		"v=DKIM1; k=ed25519; p=AAAA":           "ed25519_size",
		"v=DKIM1; k=dsa; p=AAAA":               "unknown_type",
		"v=DKIM1; p=a; p=b":                    "syntax",
		"v=DKIM1; junk":                        "syntax",
		strings.Repeat("x", 3*MaxRecordLength): "too_long",
	} {
		_, err := ParseDKIMKey(rec)
		var ke *DKIMKeyError
		if !errors.As(err, &ke) || ke.Code != code {
			t.Errorf("ParseDKIMKey(%.40q) = %v, want code %s", rec, err, code)
		}
	}
}
