package domain

import (
	"fmt"

	"github.com/mailsetup/mailsetup/check/domain/dnstest"
)

var (
	rsaKeyRecord     = dnstest.RSAKeyRecord
	ed25519KeyRecord = dnstest.Ed25519KeyRecord
)

// testZone is one DNS world with a domain per case. Every name lives under
// .test (RFC 2606), plus the blocklist zones, which the test server answers
// for since it is the only server asked.
func testZone() dnstest.Zone {
	z := dnstest.Zone{}
	// good.test: everything right.
	z.Add("good.test. 300 IN MX 10 mx1.good.test.",
		"good.test. 300 IN MX 20 mx2.good.test.",
		"mx1.good.test. 300 IN A 192.0.2.10",
		"mx2.good.test. 300 IN A 192.0.2.11",
		"mx2.good.test. 300 IN AAAA 2001:db8::11")
	z.TXT("good.test", "v=spf1 mx include:_spf.good.test -all", "google-site-verification=abc")
	z.TXT("_spf.good.test", "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all")
	z.TXT("_dmarc.good.test", "v=DMARC1; p=reject; rua=mailto:dmarc@good.test; adkim=s")
	z.TXT("google._domainkey.good.test", rsaKeyRecord(2048))
	z.TXT("s1._domainkey.good.test", ed25519KeyRecord())
	z.TXT("_mta-sts.good.test", "v=STSv1; id=20260101")
	z.TXT("_smtp._tls.good.test", "v=TLSRPTv1; rua=mailto:tls@good.test")

	// missing.test: the name exists, nothing else.
	z.Name("missing.test")

	// dup.test: two SPF records; DMARC p=none.
	z.Add("dup.test. 300 IN MX 10 mx.dup.test.", "mx.dup.test. 300 IN A 192.0.2.20")
	z.TXT("dup.test", "v=spf1 ip4:192.0.2.20 -all", "v=spf1 include:_spf.good.test ~all")
	z.TXT("_dmarc.dup.test", "v=DMARC1; p=none")

	// many.test: eleven includes, one of them nested.
	z.Add("many.test. 300 IN MX 10 mx.dup.test.")
	spf := "v=spf1"
	for i := 1; i <= 10; i++ {
		spf += fmt.Sprintf(" include:s%d.many.test", i)
		if i < 10 {
			z.TXT(fmt.Sprintf("s%d.many.test", i), fmt.Sprintf("v=spf1 ip4:198.51.100.%d -all", i))
		}
	}
	z.TXT("s10.many.test", "v=spf1 include:deep.many.test -all")
	z.TXT("deep.many.test", "v=spf1 ip4:198.51.100.99 -all")
	z.TXT("many.test", spf+" -all")

	// loop.test: a includes b, b includes a.
	z.Add("loop.test. 300 IN MX 10 mx.dup.test.")
	z.TXT("loop.test", "v=spf1 include:a.loop.test -all")
	z.TXT("a.loop.test", "v=spf1 include:b.loop.test -all")
	z.TXT("b.loop.test", "v=spf1 include:a.loop.test -all")

	// plusall.test: +all.
	z.Add("plusall.test. 300 IN MX 10 mx.dup.test.")
	z.TXT("plusall.test", "v=spf1 ip4:192.0.2.20 +all")

	// weak.test: a 512-bit DKIM key, a revoked one, DMARC with a typo.
	z.Add("weak.test. 300 IN MX 10 mx.dup.test.")
	z.TXT("weak.test", "v=spf1 ip4:192.0.2.20 ~all")
	z.TXT("default._domainkey.weak.test", rsaKeyRecord(512))
	z.TXT("selector1._domainkey.weak.test", "v=DKIM1; k=rsa; p=")
	z.TXT("_dmarc.weak.test", "v=DMARC1; p=rejected")

	// listed.test: its MX address is on zen.spamhaus.org.
	z.Add("listed.test. 300 IN MX 10 mx.listed.test.", "mx.listed.test. 300 IN A 192.0.2.99",
		"99.2.0.192.zen.spamhaus.org. 300 IN A 127.0.0.2")
	z.TXT("99.2.0.192.zen.spamhaus.org", "Listed by SBL, see https://check.spamhaus.org/query/ip/192.0.2.99")
	z.TXT("listed.test", "v=spf1 mx -all")

	// refused.test: Spamhaus refuses the query (public resolver).
	z.Add("refused.test. 300 IN MX 10 mx.refused.test.", "mx.refused.test. 300 IN A 192.0.2.77",
		"77.2.0.192.zen.spamhaus.org. 300 IN A 127.255.255.254")
	z.TXT("refused.test", "v=spf1 mx -all")

	// void.test: three names that do not exist.
	z.Add("void.test. 300 IN MX 10 mx.dup.test.")
	z.TXT("void.test", "v=spf1 a:gone1.void.test mx:gone2.void.test a:gone3.void.test ~all")

	// google.test: hosted at Google, SPF without Google's include.
	z.Add("google.test. 300 IN MX 1 aspmx.l.google.com.", "aspmx.l.google.com. 300 IN A 192.0.2.30")
	z.TXT("google.test", "v=spf1 ip4:192.0.2.20 ~all")
	z.TXT("_dmarc.google.test", "v=DMARC1; p=quarantine; pct=50")

	// nullmx.test: says it takes no mail (RFC 7505).
	z.Add("nullmx.test. 300 IN MX 0 .")
	z.TXT("nullmx.test", "v=spf1 -all")
	z.TXT("_dmarc.nullmx.test", "v=DMARC1; p=reject")

	// alias.test: MX is a CNAME; ipmx.test: MX is an address; ghost.test: MX host missing.
	z.Add("alias.test. 300 IN MX 10 mail.alias.test.",
		"mail.alias.test. 300 IN CNAME mx1.good.test.")
	z.Add("ipmx.test. 300 IN MX 10 192.0.2.50.")
	z.Add("ghost.test. 300 IN MX 10 nowhere.ghost.test.")

	// syntax.test: SPF with an unknown mechanism; two DMARC records.
	z.Add("syntax.test. 300 IN MX 10 mx.dup.test.")
	z.TXT("syntax.test", "v=spf1 ip4:192.0.2.20 incude:_spf.good.test -all")
	z.TXT("_dmarc.syntax.test", "v=DMARC1; p=reject", "v=DMARC1; p=none")

	// rua.test: reports to two outside domains, one of which agreed.
	z.Add("rua.test. 300 IN MX 10 mx1.good.test.")
	z.TXT("rua.test", "v=spf1 include:_spf.good.test -all")
	z.TXT("_dmarc.rua.test", "v=DMARC1; p=reject; rua=mailto:a@reports.example,mailto:b@ok.example,mailto:c@sub.rua.test")
	z.TXT("rua.test._report._dmarc.ok.example", "v=DMARC1")

	// redir.test follows a redirect to a good record; redirgone.test to nothing.
	z.Add("redir.test. 300 IN MX 10 mx1.good.test.", "redirgone.test. 300 IN MX 10 mx1.good.test.")
	z.TXT("redir.test", "v=spf1 redirect=_spf.good.test")
	z.TXT("redirgone.test", "v=spf1 redirect=_spf.gone.test")
	return z
}
