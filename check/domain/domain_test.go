package domain

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/check/domain/dnstest"
	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/providers"
	"github.com/mailsetup/mailsetup/resolve"
)

// server starts a DNS server with every test zone; it stops when the test ends.
func server(t *testing.T) *dnstest.Server {
	t.Helper()
	return dnstest.Start(t, testZone())
}

func runDomain(t *testing.T, srv *dnstest.Server, domain string) Report {
	t.Helper()
	opts := Options{Resolver: resolve.New([]string{srv.Addr}, 3*time.Second), Timeout: 3 * time.Second}
	return Run(context.Background(), domain, opts)
}

// find returns the findings of one check.
func find(r Report, check string) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Check == check {
			out = append(out, f)
		}
	}
	return out
}

func one(t *testing.T, r Report, check string) Finding {
	t.Helper()
	fs := find(r, check)
	if len(fs) != 1 {
		t.Fatalf("%s: want one %s finding, got %d: %+v", r.Domain, check, len(fs), fs)
	}
	return fs[0]
}

func issues(f Finding) []string {
	v, _ := f.Detail["issues"].([]string)
	return v
}

func wantStatus(t *testing.T, f Finding, status Status, issue string) {
	t.Helper()
	if f.Status != status {
		t.Errorf("%s: status %s, want %s (%s)", f.Check, f.Status, status, f.Message.In(i18n.EN))
	}
	if issue != "" && !slices.Contains(issues(f), issue) {
		t.Errorf("%s: issues %v, want %q", f.Check, issues(f), issue)
	}
}

func TestGoodDomain(t *testing.T) {
	r := runDomain(t, server(t), "good.test")
	if !r.OK {
		t.Errorf("good.test not OK: %+v", r.In(i18n.EN))
	}
	for _, f := range r.Findings {
		if f.Status != OK {
			t.Errorf("%s: %s: %s", f.Check, f.Status, f.Message.In(i18n.EN))
		}
	}
	mx := one(t, r, CheckMX)
	if hosts := mx.Detail["hosts"].([]string); !slices.Equal(hosts, []string{"mx1.good.test", "mx2.good.test"}) {
		t.Errorf("hosts = %v", hosts)
	}
	spf := one(t, r, CheckSPF)
	// "mx" and one include: two DNS-querying terms.
	if n := spf.Detail["dns_lookups"]; n != 2 {
		t.Errorf("dns_lookups = %v, want 2", n)
	}
	if p := one(t, r, CheckDMARC).Detail["policy"]; p != "reject" {
		t.Errorf("policy = %v", p)
	}
	dkim := find(r, CheckDKIM)
	if len(dkim) != 2 {
		t.Fatalf("want google and s1 DKIM findings, got %+v", dkim)
	}
	if dkim[0].Detail["selector"] != "google" || dkim[0].Detail["key_bits"] != 2048 {
		t.Errorf("google key: %v", dkim[0].Detail)
	}
	if dkim[1].Detail["selector"] != "s1" || dkim[1].Detail["key_type"] != "ed25519" || dkim[1].Detail["key_bits"] != 256 {
		t.Errorf("s1 key: %v", dkim[1].Detail)
	}
	bl := one(t, r, CheckBlocklist)
	if !strings.Contains(bl.Message.In(i18n.EN), "192.0.2.10, 192.0.2.11") {
		t.Errorf("blocklist message: %s", bl.Message.In(i18n.EN))
	}
}

func TestMissingRecords(t *testing.T) {
	r := runDomain(t, server(t), "missing.test")
	if r.OK {
		t.Error("missing.test reported OK")
	}
	wantStatus(t, one(t, r, CheckMX), Error, "missing")
	wantStatus(t, one(t, r, CheckSPF), Error, "missing")
	wantStatus(t, one(t, r, CheckDMARC), Warning, "missing")
	wantStatus(t, one(t, r, CheckDKIM), Warning, "missing")
	wantStatus(t, one(t, r, CheckMTASTS), OK, "missing")
	wantStatus(t, one(t, r, CheckTLSRPT), OK, "missing")
	wantStatus(t, one(t, r, CheckBlocklist), OK, "")
	// A name that does not exist at all reads the same.
	r = runDomain(t, server(t), "nonexistent.test")
	wantStatus(t, one(t, r, CheckMX), Error, "missing")
}

func TestSPFCases(t *testing.T) {
	srv := server(t)
	cases := []struct {
		domain  string
		status  Status
		issue   string
		lookups int // -1: not reported
	}{
		{"dup.test", Error, "duplicate", -1},
		{"many.test", Error, "too_many_lookups", 11},
		{"loop.test", Error, "loop", 3},
		{"plusall.test", Error, "plus_all", 0},
		{"void.test", Error, "void_lookups", 3},
		{"google.test", Warning, "provider_missing", 0},
		{"syntax.test", Error, "syntax", -1},
		{"weak.test", OK, "", 0},
		{"redir.test", OK, "", 1},
		{"redirgone.test", Error, "include_missing", 1},
	}
	for _, c := range cases {
		t.Run(c.domain, func(t *testing.T) {
			r := runDomain(t, srv, c.domain)
			f := one(t, r, CheckSPF)
			wantStatus(t, f, c.status, c.issue)
			if c.lookups >= 0 && f.Detail["dns_lookups"] != c.lookups {
				t.Errorf("dns_lookups = %v, want %d", f.Detail["dns_lookups"], c.lookups)
			}
			if f.Record == "" {
				t.Error("record text missing")
			}
			if slices.Contains(issues(f), "no_all") {
				t.Errorf("no_all reported: %v", issues(f))
			}
		})
	}
}

func TestSPFVoidCount(t *testing.T) {
	r := runDomain(t, server(t), "void.test")
	if v := one(t, r, CheckSPF).Detail["void_lookups"]; v != 3 {
		t.Errorf("void_lookups = %v, want 3", v)
	}
}

func TestProviderAdvice(t *testing.T) {
	r := runDomain(t, server(t), "google.test")
	mx := one(t, r, CheckMX)
	if mx.Detail["provider"] != "google-workspace" || !strings.Contains(mx.Message.In(i18n.EN), "Google Workspace") {
		t.Errorf("provider not recognised: %v %s", mx.Detail, mx.Message.In(i18n.EN))
	}
	spf := one(t, r, CheckSPF)
	if !strings.Contains(spf.Advice.In(i18n.ES), "include:_spf.google.com") {
		t.Errorf("advice does not name the include: %s", spf.Advice.In(i18n.ES))
	}
	wantStatus(t, one(t, r, CheckDMARC), Warning, "pct")
}

func TestDMARCCases(t *testing.T) {
	srv := server(t)
	for domain, want := range map[string]struct {
		status Status
		issue  string
	}{
		"good.test":   {OK, ""},
		"dup.test":    {Warning, "policy_none"},
		"weak.test":   {Error, "syntax"},
		"syntax.test": {Error, "duplicate"},
		"google.test": {Warning, "pct"},
		"rua.test":    {Warning, "reports_not_accepted"},
	} {
		r := runDomain(t, srv, domain)
		f := one(t, r, CheckDMARC)
		if f.Status != want.status || (want.issue != "" && !slices.Contains(issues(f), want.issue)) {
			t.Errorf("%s: %s %v, want %s %s", domain, f.Status, issues(f), want.status, want.issue)
		}
	}
}

func TestDKIMWeakAndRevoked(t *testing.T) {
	r := runDomain(t, server(t), "weak.test")
	fs := find(r, CheckDKIM)
	if len(fs) != 2 {
		t.Fatalf("want 2 DKIM findings, got %d", len(fs))
	}
	// Selectors come in the order tried: selector1 before default.
	revoked, weak := fs[0], fs[1]
	wantStatus(t, weak, Error, "weak_key")
	if weak.Detail["key_bits"] != 512 || weak.Detail["selector"] != "default" {
		t.Errorf("weak detail = %v", weak.Detail)
	}
	wantStatus(t, revoked, Warning, "revoked")
	if r.OK {
		t.Error("a 512-bit key must make the report fail")
	}
}

func TestBlocklists(t *testing.T) {
	srv := server(t)
	r := runDomain(t, srv, "listed.test")
	f := one(t, r, CheckBlocklist)
	wantStatus(t, f, Error, "listed")
	if f.Detail["list"] != "zen.spamhaus.org" || !strings.Contains(f.Record, "Listed by SBL") {
		t.Errorf("listing: %v %q", f.Detail, f.Record)
	}
	if !strings.Contains(f.Message.In(i18n.ES), "192.0.2.99") {
		t.Errorf("message does not name the address: %s", f.Message.In(i18n.ES))
	}

	r = runDomain(t, srv, "refused.test")
	f = one(t, r, CheckBlocklist)
	wantStatus(t, f, Warning, "refused")
	if !r.OK {
		t.Error("a refused query is not a listing; the report must stay OK")
	}
}

func TestMXCases(t *testing.T) {
	srv := server(t)
	for domain, want := range map[string]struct {
		status Status
		issue  string
	}{
		"nullmx.test": {Warning, "null_mx"},
		"alias.test":  {Warning, "cname"},
		"ipmx.test":   {Error, "ip_literal"},
		"ghost.test":  {Error, "host_missing"},
	} {
		r := runDomain(t, srv, domain)
		f := one(t, r, CheckMX)
		if f.Status != want.status || !slices.Contains(issues(f), want.issue) {
			t.Errorf("%s: %s %v, want %s %s (%s)", domain, f.Status, issues(f), want.status, want.issue, f.Message.In(i18n.EN))
		}
	}
}

// Every message and advice of every case exists in both languages with all
// its slots filled.
func TestFindingsTranslated(t *testing.T) {
	srv := server(t)
	for _, d := range []string{"good.test", "missing.test", "dup.test", "many.test", "loop.test", "plusall.test",
		"weak.test", "listed.test", "refused.test", "void.test", "google.test", "nullmx.test", "alias.test",
		"ipmx.test", "ghost.test", "syntax.test", "rua.test"} {
		r := runDomain(t, srv, d)
		for _, f := range r.Findings {
			for _, m := range []i18n.Message{f.Message, f.Advice, CheckLabel(f.Check)} {
				if m.Key == "" {
					continue
				}
				for _, l := range i18n.Langs {
					if !i18n.Has(l, m.Key) {
						t.Errorf("%s: key %q missing in %s", d, m.Key, l)
					}
					if s := m.In(l); strings.Contains(s, "{") {
						t.Errorf("%s: unfilled slot in %s: %s", d, l, s)
					}
				}
			}
		}
	}
}

func TestParseInput(t *testing.T) {
	for in, want := range map[string]string{
		"Example.ES":         "example.es",
		"ana@Example.es":     "example.es",
		" españa.es ":        "xn--espaa-rta.es",
		"josé@españa.es":     "xn--espaa-rta.es",
		"sub.domain.example": "sub.domain.example",
	} {
		got, _, err := Parse(in)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "localhost", "a..b", "exa mple.com", "ex_ample.com", "a@", "@b.c", "example.com.", strings.Repeat("a", 2000)} {
		if _, _, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) accepted", in)
		}
	}
}

// Every provider id of the SPF table exists in the providers table, so a
// renamed id cannot silently switch the include check off.
func TestSPFTableIDs(t *testing.T) {
	for _, row := range spfIncludes {
		for _, id := range row.IDs {
			if _, ok := providers.ByID(id); !ok {
				t.Errorf("provider id %q is not in the providers table", id)
			}
		}
	}
}

// Only the outside report address without consent is named.
func TestDMARCReportConsent(t *testing.T) {
	f := one(t, runDomain(t, server(t), "rua.test"), CheckDMARC)
	if got := issues(f); !slices.Equal(got, []string{"reports_not_accepted"}) {
		t.Errorf("issues %v", got)
	}
	if msg := f.Message.In(i18n.EN); !strings.Contains(msg, "reports.example") || strings.Contains(msg, "ok.example") {
		t.Errorf("message %q", msg)
	}
	if adv := f.Advice.In(i18n.ES); !strings.Contains(adv, "rua.test._report._dmarc.reports.example") {
		t.Errorf("advice %q", adv)
	}
}

// Messages name an internationalised domain as people write it.
func TestUnicodeDomainInMessages(t *testing.T) {
	r := runDomain(t, server(t), "xn--espaa-rta.test")
	if msg := one(t, r, CheckMX).Message.In(i18n.ES); !strings.Contains(msg, "españa.test") {
		t.Errorf("message %q", msg)
	}
	if r.Domain != "xn--espaa-rta.test" {
		t.Errorf("report domain %q, want the A-label form", r.Domain)
	}
}
