package domain

import (
	"context"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/check/domain/dnstest"
	"github.com/mailsetup/mailsetup/resolve"
)

// Parsers: measured against each other in one run (go test -bench Parse).
func BenchmarkParseSPF(b *testing.B) {
	const rec = "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx include:_spf.google.com include:spf.protection.outlook.com exists:%{i}._spf.%{d} ~all"
	for b.Loop() {
		if _, err := ParseSPF(rec); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseDMARC(b *testing.B) {
	const rec = "v=DMARC1; p=quarantine; sp=reject; adkim=s; aspf=r; pct=100; rua=mailto:a@example.com,mailto:b@example.net!10m; fo=1"
	for b.Loop() {
		if _, err := ParseDMARC(rec); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseDKIMKey(b *testing.B) {
	rec := rsaKeyRecord(2048)
	for b.Loop() {
		if _, err := ParseDKIMKey(rec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRun is a whole domain check against the loopback DNS server
// (about 45 questions), so it mostly measures DNS round trips and the
// bounded fan-out.
func BenchmarkRun(b *testing.B) {
	srv := dnstest.Start(b, testZone())
	opts := Options{Resolver: resolve.New([]string{srv.Addr}, 3*time.Second), Timeout: 3 * time.Second}
	for b.Loop() {
		if r := Run(context.Background(), "good.test", opts); !r.OK {
			b.Fatal("report not OK")
		}
	}
}
