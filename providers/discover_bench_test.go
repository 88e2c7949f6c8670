package providers

import (
	"context"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/internal/fakenet"
	"github.com/mailsetup/mailsetup/settings"
)

// benchLatency is added to every DNS and HTTP answer of the benchmark world.
const benchLatency = 20 * time.Millisecond

// mxHostedWorld is a domain hosted at a provider found only through its MX
// and the ISPDB, the common case of a small business domain: every other
// source fails, each after its own round trips.
func mxHostedWorld(b *testing.B) (*fakenet.World, DiscoverOptions, settings.Address) {
	w := fakenet.New(b)
	w.RR("tienda.test. 60 IN MX 10 mx1.hoster.test.")
	w.Host("ispdb.test", "tienda.test")
	w.ServeHTTPS("ispdb.test/v1.1/hoster.test", fakenet.XMLFile(fakenet.ConfigXML("hoster.test", "imap.hoster.test", "smtp.hoster.test")))
	w.SetDelay(benchLatency)
	opts := options(w, 5*time.Second)
	opts.NoGuess = true
	return w, opts, mustAddr(b, "ana@tienda.test")
}

// BenchmarkDiscoverMX compares, in one run and under the same latency on
// every answer, three timings for an MX-hosted domain:
//   - critical: the least any strategy needs, one MX lookup then one HTTPS
//     fetch (with its A/AAAA lookup) of the ISPDB file;
//   - discover: Discover, every source at once, ranked;
//   - sequential: autoconfig → well-known → ISPDB → MX → ISPDB for the MX,
//     one after another, as serial clients do.
//
// It reports discover/critical and sequential/critical; the first must stay
// at or under 1.5. Discover may even beat the critical path as measured
// here: the ISPDB question for the domain itself, asked at once, has already
// resolved the ISPDB host and opened an HTTP/2 connection to it by the time
// the MX answer arrives, and the MX's question rides on that connection.
func BenchmarkDiscoverMX(b *testing.B) {
	_, opts, addr := mxHostedWorld(b)
	ctx := context.Background()
	var critical, parallel, sequential time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		d := newDiscovery(addr, opts)
		mxs, _, err := d.net.Resolver.LookupMX(ctx, addr.ASCIIDomain)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := d.fetchFile(ctx, settings.SourceMX, d.ispdb+registrable(trimHost(mxs[0].Host))); err != nil {
			b.Fatal(err)
		}
		d.http.close()
		critical += time.Since(start)

		start = time.Now()
		c, err := Discover(ctx, addr, opts)
		if err != nil || c.Source != settings.SourceMX {
			b.Fatalf("Discover: %v %v", c.Source, err)
		}
		parallel += time.Since(start)

		start = time.Now()
		if c, err := discoverSequentially(ctx, addr, opts); err != nil || c.Source != settings.SourceMX {
			b.Fatalf("sequential: %v %v", c.Source, err)
		}
		sequential += time.Since(start)
	}
	n := time.Duration(b.N)
	b.ReportMetric(float64(critical/n)/1e6, "critical-ms")
	b.ReportMetric(float64(parallel/n)/1e6, "discover-ms")
	b.ReportMetric(float64(sequential/n)/1e6, "sequential-ms")
	ratio := float64(parallel) / float64(critical)
	b.ReportMetric(ratio, "discover/critical")
	b.ReportMetric(float64(sequential)/float64(critical), "sequential/critical")
	b.Logf("latency %v per answer: critical path %v, Discover %v (%.2f×), sequential %v (%.2f×)",
		benchLatency, critical/n, parallel/n, ratio, sequential/n, float64(sequential)/float64(critical))
	if ratio > 1.5 {
		b.Errorf("Discover took %.2f× the critical path, more than 1.5×", ratio)
	}
}

// discoverSequentially is the strictly serial strategy the benchmark
// compares with: each source only after the previous one failed.
func discoverSequentially(ctx context.Context, addr settings.Address, opts DiscoverOptions) (settings.Config, error) {
	d := newDiscovery(addr, opts)
	defer d.http.close()
	steps := []func() (settings.Config, error){
		func() (settings.Config, error) {
			return d.fetchFile(ctx, settings.SourceAutoconfig, "https://autoconfig."+d.domain+"/mail/config-v1.1.xml")
		},
		func() (settings.Config, error) {
			return d.fetchFile(ctx, settings.SourceAutoconfigWellKnown, "https://"+d.domain+"/.well-known/autoconfig/mail/config-v1.1.xml")
		},
		func() (settings.Config, error) { return d.fetchFile(ctx, settings.SourceISPDB, d.ispdb+d.domain) },
		func() (settings.Config, error) {
			mxs, _, err := d.net.Resolver.LookupMX(ctx, d.domain)
			if err != nil {
				return settings.Config{}, err
			}
			return d.fetchFile(ctx, settings.SourceMX, d.ispdb+registrable(trimHost(mxs[0].Host)))
		},
	}
	var err error
	for _, step := range steps {
		var c settings.Config
		if c, err = step(); err == nil {
			return c, nil
		}
	}
	return settings.Config{}, err
}
