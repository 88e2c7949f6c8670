package providers

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/internal/fakenet"
	"github.com/mailsetup/mailsetup/resolve"
	"github.com/mailsetup/mailsetup/settings"
)

const testTimeout = 2 * time.Second

// options are Discover's options in world w; the ISPDB lives at
// https://ispdb.test/v1.1/.
func options(w *fakenet.World, timeout time.Duration) DiscoverOptions {
	return DiscoverOptions{Network: w.Network(timeout), ISPDBURL: "https://ispdb.test/v1.1/",
		Ports: map[int]int{443: w.HTTPSPort, 80: w.HTTPPort}}
}

func mustAddr(t testing.TB, s string) settings.Address {
	t.Helper()
	a, err := settings.ParseAddress(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func discover(t *testing.T, w *fakenet.World, email string) (settings.Config, error) {
	t.Helper()
	return Discover(context.Background(), mustAddr(t, email), options(w, testTimeout))
}

func wantSource(t *testing.T, c settings.Config, err error, src settings.Source, trust settings.Trust) {
	t.Helper()
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	if c.Source != src || c.Trust != trust {
		t.Fatalf("got source %q trust %q (warnings %v), want %q %q", c.Source, c.Trust, c.Warnings, src, trust)
	}
	// Every warning exists in both languages, every slot filled.
	for _, w := range c.Warnings {
		for _, l := range i18n.Langs {
			if text := w.In(l); !i18n.Has(l, w.Key) || strings.Contains(text, "{") {
				t.Errorf("warning %s in %s: %q", w.Key, l, text)
			}
		}
	}
}

func warningKeys(c settings.Config) []string {
	var out []string
	for _, w := range c.Warnings {
		out = append(out, w.Key)
	}
	return out
}

func TestDiscoverAutoconfig(t *testing.T) {
	w := fakenet.New(t)
	w.Host("autoconfig.example.test")
	w.ServeHTTPS("autoconfig.example.test/mail/config-v1.1.xml", func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("emailaddress") != "ana@example.test" {
			http.Error(rw, "no address", 400)
			return
		}
		fakenet.XMLFile(fakenet.ConfigXML("example.test", "imap.example.test", "smtp.example.test"))(rw, r)
	})
	c, err := discover(t, w, "ana@example.test")
	wantSource(t, c, err, settings.SourceAutoconfig, settings.Verified)
	if got := c.Incoming[0].Host; got != "imap.example.test" || c.Incoming[0].Username != "ana@example.test" {
		t.Errorf("incoming = %+v", c.Incoming[0])
	}
	if !strings.HasPrefix(c.SourceURL, "https://autoconfig.example.test/mail/config-v1.1.xml?emailaddress=") {
		t.Errorf("source URL = %q", c.SourceURL)
	}
	if len(c.Warnings) != 0 {
		t.Errorf("warnings = %v", warningKeys(c))
	}
}

func TestDiscoverWellKnown(t *testing.T) {
	w := fakenet.New(t)
	w.Host("example.test")
	w.ServeHTTPS("example.test/.well-known/autoconfig/mail/config-v1.1.xml", fakenet.XMLFile(fakenet.ConfigXML("example.test", "imap.wk.example.test", "smtp.wk.example.test")))
	c, err := discover(t, w, "ana@example.test")
	wantSource(t, c, err, settings.SourceAutoconfigWellKnown, settings.Verified)
	if c.Incoming[0].Host != "imap.wk.example.test" {
		t.Errorf("incoming = %+v", c.Incoming[0])
	}
}

func TestDiscoverISPDB(t *testing.T) {
	w := fakenet.New(t)
	w.Host("ispdb.test")
	w.ServeHTTPS("ispdb.test/v1.1/example.test", fakenet.XMLFile(fakenet.ConfigXML("example.test", "imap.isp.test", "smtp.isp.test")))
	c, err := discover(t, w, "ana@example.test")
	wantSource(t, c, err, settings.SourceISPDB, settings.Verified)
	if c.SourceURL != "https://ispdb.test/v1.1/example.test" {
		t.Errorf("source URL = %q", c.SourceURL)
	}
}

// A slow better-ranked source beats a fast worse one: ranked, not raced.
func TestDiscoverRankedNotRaced(t *testing.T) {
	w := fakenet.New(t)
	w.Host("autoconfig.example.test", "ispdb.test")
	w.ServeHTTPS("autoconfig.example.test/mail/config-v1.1.xml", func(rw http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
		fakenet.XMLFile(fakenet.ConfigXML("example.test", "imap.own.test", "smtp.own.test"))(rw, r)
	})
	w.ServeHTTPS("ispdb.test/v1.1/example.test", fakenet.XMLFile(fakenet.ConfigXML("example.test", "imap.isp.test", "smtp.isp.test")))
	var mu sync.Mutex
	var events []Event
	opts := options(w, testTimeout)
	opts.Progress = func(e Event) { mu.Lock(); events = append(events, e); mu.Unlock() }
	c, err := Discover(context.Background(), mustAddr(t, "ana@example.test"), opts)
	wantSource(t, c, err, settings.SourceAutoconfig, settings.Verified)
	mu.Lock()
	defer mu.Unlock()
	var ispdbFound, chosen bool
	for _, e := range events {
		if e.Source == settings.SourceISPDB && e.Kind == EventFound {
			ispdbFound = true
		}
		if e.Source == settings.SourceAutoconfig && e.Kind == EventChosen {
			chosen = ispdbFound // ISPDB answered first, yet lost
		}
	}
	if !chosen {
		t.Errorf("want ISPDB found before autoconfig chosen; events %v", events)
	}
}

func TestDiscoverMX(t *testing.T) {
	for _, ad := range []bool{false, true} {
		w := fakenet.New(t)
		w.RR("example.test. 60 IN MX 20 backup.other.test.", "example.test. 60 IN MX 10 mx1.eu.hoster.test.")
		if ad {
			w.SetAD("example.test")
		}
		w.Host("ispdb.test")
		w.ServeHTTPS("ispdb.test/v1.1/hoster.test", fakenet.XMLFile(fakenet.ConfigXML("hoster.test", "imap.hoster.test", "smtp.hoster.test")))
		c, err := discover(t, w, "ana@example.test")
		trust := settings.Unverified
		if ad {
			trust = settings.Verified
		}
		wantSource(t, c, err, settings.SourceMX, trust)
		if c.Incoming[0].Host != "imap.hoster.test" || c.Incoming[0].Username != "ana@example.test" {
			t.Errorf("incoming = %+v", c.Incoming[0])
		}
		if !ad && !slices.Contains(warningKeys(c), "discover.warn.mx") {
			t.Errorf("warnings = %v", warningKeys(c))
		}
		if ad && len(c.Warnings) != 0 {
			t.Errorf("authenticated MX: warnings = %v", warningKeys(c))
		}
		// The full MX domain (eu.hoster.test) was asked before the base.
		asked := strings.Join(w.AskedHTTP(), " ")
		if !strings.Contains(asked, "ispdb.test/v1.1/eu.hoster.test") {
			t.Errorf("ISPDB for the MX's full domain never asked: %s", asked)
		}
		if strings.Contains(asked, "other.test") {
			t.Errorf("a less preferred MX was used: %s", asked)
		}
	}
}

// A domain whose MX belongs to a provider of the built-in table is found
// through the table, without any web request for the MX.
func TestDiscoverMXBuiltin(t *testing.T) {
	var p Provider
	for _, x := range All() {
		if len(x.MXSuffixes) > 0 && len(x.Config.Incoming) > 0 {
			p = x
			break
		}
	}
	if p.ID == "" {
		// The overlay must carry MX patterns (Google Workspace, Microsoft
		// 365, Zoho, IONOS, OVH, DonDominio, ...): their loss is a bug.
		t.Fatal("the built-in table has no provider with MX suffixes")
	}
	w := fakenet.New(t)
	w.RR("example.test. 60 IN MX 10 tenant1." + strings.TrimPrefix(p.MXSuffixes[0], ".") + ".")
	c, err := discover(t, w, "ana@example.test")
	wantSource(t, c, err, settings.SourceMX, settings.Unverified)
	if c.ProviderID != p.ID {
		t.Errorf("provider %q, want %q", c.ProviderID, p.ID)
	}
}

func TestDiscoverSRV(t *testing.T) {
	w := fakenet.New(t)
	w.RR("_imaps._tcp.example.test. 60 IN SRV 10 0 993 imap2.example.test.",
		"_imaps._tcp.example.test. 60 IN SRV 0 0 993 imap1.example.test.",
		"_imap._tcp.example.test. 60 IN SRV 0 0 0 .",
		"_submission._tcp.example.test. 60 IN SRV 0 0 587 smtp.mailhost.test.")
	c, err := discover(t, w, "ana@example.test")
	wantSource(t, c, err, settings.SourceSRV, settings.Unverified)
	if len(c.Incoming) != 2 || c.Incoming[0].Host != "imap1.example.test" || c.Incoming[0].Security != settings.TLS {
		t.Errorf("incoming = %+v", c.Incoming)
	}
	if len(c.Outgoing) != 1 || c.Outgoing[0].Port != 587 || c.Outgoing[0].Security != settings.STARTTLS {
		t.Errorf("outgoing = %+v", c.Outgoing)
	}
	keys := warningKeys(c)
	if !slices.Contains(keys, "discover.warn.srv_unverified") || !slices.Contains(keys, "discover.warn.srv_other_domain") {
		t.Errorf("warnings = %v", keys)
	}
	if got := c.Warnings[len(c.Warnings)-1].In(i18n.EN); !strings.Contains(got, "mailhost.test") {
		t.Errorf("warning does not name the other domain: %q", got)
	}
}

func TestDiscoverAutodiscover(t *testing.T) {
	cases := []struct {
		name  string
		setup func(w *fakenet.World)
		trust settings.Trust
	}{
		{"autodiscover host", func(w *fakenet.World) {
			w.Host("autodiscover.example.test")
			w.ServeHTTPS("autodiscover.example.test/autodiscover/autodiscover.xml", poxHandler(fakenet.PoxXML("imap.example.test", "smtp.example.test")))
		}, settings.Verified},
		{"domain", func(w *fakenet.World) {
			w.Host("example.test")
			w.ServeHTTPS("example.test/autodiscover/autodiscover.xml", poxHandler(fakenet.PoxXML("imap.example.test", "smtp.example.test")))
		}, settings.Verified},
		{"srv elsewhere", func(w *fakenet.World) {
			w.RR("_autodiscover._tcp.example.test. 60 IN SRV 0 0 443 ad.hoster.test.")
			w.Host("ad.hoster.test")
			w.ServeHTTPS("ad.hoster.test/autodiscover/autodiscover.xml", poxHandler(fakenet.PoxXML("imap.example.test", "smtp.example.test")))
		}, settings.Unverified},
		{"http redirect", func(w *fakenet.World) {
			w.Host("autodiscover.example.test", "ad.example.test")
			w.ServeHTTP("autodiscover.example.test/autodiscover/autodiscover.xml", fakenet.Redirect("https://ad.example.test/Autodiscover/Autodiscover.xml"))
			w.ServeHTTPS("ad.example.test/Autodiscover/Autodiscover.xml", poxHandler(fakenet.PoxXML("imap.example.test", "smtp.example.test")))
		}, settings.Unverified},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := fakenet.New(t)
			tc.setup(w)
			c, err := discover(t, w, "ana@example.test")
			wantSource(t, c, err, settings.SourceAutodiscover, tc.trust)
			if tc.name == "http redirect" && !slices.Contains(warningKeys(c), "discover.warn.autodiscover_http_redirect") {
				t.Errorf("warnings = %v", warningKeys(c))
			}
			if c.Incoming[0].Host != "imap.example.test" || c.Outgoing[0].Security != settings.STARTTLS || c.Incoming[0].Username != "ana@example.test" {
				t.Errorf("servers = %+v %+v", c.Incoming, c.Outgoing)
			}
			if tc.name == "srv elsewhere" && !slices.Contains(warningKeys(c), "discover.warn.autodiscover_other_domain") {
				t.Errorf("warnings = %v", warningKeys(c))
			}
		})
	}
}

// poxHandler answers a well-formed POX POST with body.
func poxHandler(body string) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/xml") {
			http.Error(rw, "POST text/xml only", http.StatusMethodNotAllowed)
			return
		}
		req := make([]byte, 4096)
		n, _ := r.Body.Read(req)
		if !strings.Contains(string(req[:n]), "<EMailAddress>ana@example.test</EMailAddress>") {
			http.Error(rw, "bad request", 400)
			return
		}
		fakenet.XMLFile(body)(rw, r)
	}
}

// Plain-HTTP autoconfig is the last resort: unverified, warned, and the
// address is not sent.
func TestDiscoverPlainHTTP(t *testing.T) {
	w := fakenet.New(t)
	w.Host("autoconfig.example.test")
	var query string
	w.ServeHTTP("autoconfig.example.test/mail/config-v1.1.xml", func(rw http.ResponseWriter, r *http.Request) {
		query = r.URL.RawQuery
		fakenet.XMLFile(fakenet.ConfigXML("example.test", "imap.example.test", "smtp.example.test"))(rw, r)
	})
	c, err := discover(t, w, "ana@example.test")
	wantSource(t, c, err, settings.SourceAutoconfigHTTP, settings.Unverified)
	if !slices.Contains(warningKeys(c), "discover.warn.plain_http") {
		t.Errorf("warnings = %v", warningKeys(c))
	}
	if query != "" {
		t.Errorf("the plain-http request carried %q", query)
	}
}

// An https answer that redirects to http is refused, never followed.
func TestDiscoverHTTPSToHTTPRedirect(t *testing.T) {
	w := fakenet.New(t)
	w.Host("autoconfig.example.test", "example.test")
	w.ServeHTTPS("autoconfig.example.test/mail/config-v1.1.xml", fakenet.Redirect("http://autoconfig.example.test/evil.xml"))
	w.ServeHTTP("autoconfig.example.test/evil.xml", fakenet.XMLFile(fakenet.ConfigXML("example.test", "imap.evil.test", "smtp.evil.test")))
	w.ServeHTTPS("example.test/.well-known/autoconfig/mail/config-v1.1.xml", fakenet.XMLFile(fakenet.ConfigXML("example.test", "imap.example.test", "smtp.example.test")))
	c, err := discover(t, w, "ana@example.test")
	wantSource(t, c, err, settings.SourceAutoconfigWellKnown, settings.Verified)
	for _, h := range w.AskedHTTP() {
		if strings.HasSuffix(h, "/evil.xml") {
			t.Errorf("followed the https→http redirect: %s", h)
		}
	}
}

// A redirect to another domain is followed for autoconfig files, with a
// warning naming the domain, and refused for Autodiscover.
func TestDiscoverCrossDomainRedirect(t *testing.T) {
	w := fakenet.New(t)
	w.Host("autoconfig.example.test", "config.hoster.test", "autodiscover.example.test")
	w.ServeHTTPS("autoconfig.example.test/mail/config-v1.1.xml", fakenet.Redirect("https://config.hoster.test/example.xml"))
	w.ServeHTTPS("config.hoster.test/example.xml", fakenet.XMLFile(fakenet.ConfigXML("example.test", "imap.hoster.test", "smtp.hoster.test")))
	c, err := discover(t, w, "ana@example.test")
	wantSource(t, c, err, settings.SourceAutoconfig, settings.Unverified)
	if !slices.Contains(warningKeys(c), "discover.warn.redirect_other_domain") {
		t.Errorf("warnings = %v", warningKeys(c))
	}
	if got := strings.Join(i18n.Tr(i18n.ES, c.Warnings), " "); !strings.Contains(got, "hoster.test") {
		t.Errorf("warning does not name the domain: %q", got)
	}

	// Autodiscover: the redirect to another domain is not followed.
	w2 := fakenet.New(t)
	w2.Host("autodiscover.example.test", "ad.hoster.test")
	w2.ServeHTTPS("autodiscover.example.test/autodiscover/autodiscover.xml", func(rw http.ResponseWriter, r *http.Request) {
		http.Redirect(rw, r, "https://ad.hoster.test/autodiscover/autodiscover.xml", http.StatusTemporaryRedirect)
	})
	w2.ServeHTTPS("ad.hoster.test/autodiscover/autodiscover.xml", poxHandler(fakenet.PoxXML("imap.hoster.test", "smtp.hoster.test")))
	if c, err := discover(t, w2, "ana@example.test"); err == nil {
		t.Errorf("autodiscover followed a redirect to another domain: %+v", c)
	}
	for _, h := range w2.AskedHTTP() {
		if strings.Contains(h, "ad.hoster.test") {
			t.Errorf("asked %s", h)
		}
	}
}

// A source that never answers does not hold the others back beyond its
// deadline: the next-ranked answer wins.
func TestDiscoverStallingSource(t *testing.T) {
	w := fakenet.New(t)
	w.Host("autoconfig.example.test", "ispdb.test")
	w.ServeHTTPS("autoconfig.example.test/mail/config-v1.1.xml", fakenet.Stall)
	w.StallDNS("_imaps._tcp.example.test")
	w.ServeHTTPS("ispdb.test/v1.1/example.test", fakenet.XMLFile(fakenet.ConfigXML("example.test", "imap.isp.test", "smtp.isp.test")))
	opts := options(w, 300*time.Millisecond)
	// The caller's own deadline is far: Discover must bound itself.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := Discover(ctx, mustAddr(t, "ana@example.test"), opts)
	wantSource(t, c, err, settings.SourceISPDB, settings.Verified)
	if ctx.Err() != nil {
		t.Fatal("Discover did not bound itself")
	}
}

func TestDiscoverNXDOMAIN(t *testing.T) {
	w := fakenet.New(t)
	c, err := discover(t, w, "ana@nowhere.test")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("got %+v, %v; want ErrNotFound", c, err)
	}
	// Guessing ran, and found nothing either.
	if !slices.Contains(w.AskedDNS(), "A imap.nowhere.test") {
		t.Errorf("guessing did not run: %v", w.AskedDNS())
	}
	// DNS did answer ("no such domain"): that is not "no connection".
	if errors.Is(err, ErrNoDNS) {
		t.Errorf("NXDOMAIN reported as no DNS: %v", err)
	}
}

// When DNS never answers (no network, a dead resolver), finding nothing is
// ErrNoDNS, still an ErrNotFound, so people are told to check their
// connection rather than to ask their provider.
func TestDiscoverNoDNS(t *testing.T) {
	w := fakenet.New(t)
	w.StallAllDNS()
	_, err := Discover(context.Background(), mustAddr(t, "ana@nowhere.test"), options(w, 300*time.Millisecond))
	if !errors.Is(err, ErrNoDNS) || !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNoDNS", err)
	}

	// A resolver nobody listens on fails at once, the same way.
	dead, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	opts := options(w, 300*time.Millisecond)
	r := resolve.New([]string{dead.LocalAddr().String()}, 300*time.Millisecond)
	opts.Network.Resolver, opts.Network.Dialer = r, &resolve.NetDialer{Resolver: r, Timeout: 300 * time.Millisecond}
	dead.Close()
	if _, err := Discover(context.Background(), mustAddr(t, "ana@nowhere.test"), opts); !errors.Is(err, ErrNoDNS) {
		t.Fatalf("dead resolver: err = %v, want ErrNoDNS", err)
	}
}

// Nothing is ever asked about a public suffix: for tienda.com.es, not
// autodiscover.com.es, autoconfig.com.es, com.es or es; for an address at
// com.es itself, nothing at all.
func TestDiscoverPublicSuffix(t *testing.T) {
	w := fakenet.New(t)
	// An MX that is the public suffix itself must not lead to it either.
	w.RR("tienda.com.es. 60 IN MX 10 com.es.")
	w.Host("autodiscover.com.es", "autoconfig.com.es", "com.es")
	if _, err := discover(t, w, "ana@tienda.com.es"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
	var names []string
	for _, q := range w.AskedDNS() {
		_, name, _ := strings.Cut(q, " ")
		names = append(names, name)
	}
	for _, h := range w.AskedHTTP() {
		host, _, _ := strings.Cut(strings.SplitN(h, "://", 2)[1], "/")
		names = append(names, host)
	}
	if len(names) == 0 {
		t.Fatal("nothing was asked at all")
	}
	for _, n := range names {
		if n != "ispdb.test" && !within(n, "tienda.com.es") {
			t.Errorf("asked about %q, outside tienda.com.es", n)
		}
	}
	for _, never := range []string{"autodiscover.com.es", "autoconfig.com.es", "com.es", "es"} {
		if slices.Contains(names, never) {
			t.Errorf("asked about %q", never)
		}
	}

	w2 := fakenet.New(t)
	if _, err := discover(t, w2, "ana@com.es"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
	if got := append(w2.AskedDNS(), w2.AskedHTTP()...); len(got) != 0 {
		t.Errorf("asked about a public suffix: %v", got)
	}
}

func TestDiscoverGuess(t *testing.T) {
	w := fakenet.New(t)
	w.Host("mail.example.test", "server7.hoster.test")
	// mail.example.test presents the hosting company's certificate, for a
	// name that resolves to the same address.
	w.CertFor("mail.example.test", "server7.hoster.test")
	opts := options(w, testTimeout)
	opts.Ports[993] = w.MailServer(settings.IMAP)
	opts.Ports[465] = w.MailServer(settings.SMTP)
	c, err := Discover(context.Background(), mustAddr(t, "ana@example.test"), opts)
	wantSource(t, c, err, settings.SourceGuess, settings.Unverified)
	if len(c.Incoming) != 1 || c.Incoming[0].Host != "server7.hoster.test" || c.Incoming[0].Port != 993 || c.Incoming[0].Security != settings.TLS {
		t.Errorf("incoming = %+v", c.Incoming)
	}
	if len(c.Outgoing) != 1 || c.Outgoing[0].Host != "server7.hoster.test" || c.Outgoing[0].Port != 465 {
		t.Errorf("outgoing = %+v", c.Outgoing)
	}
	keys := warningKeys(c)
	if !slices.Contains(keys, "discover.warn.guess") || !slices.Contains(keys, "discover.warn.cert_other_name") {
		t.Errorf("warnings = %v", keys)
	}
}

// A certificate for another name that does NOT resolve to the same address
// fails the probe: no guess offered.
func TestDiscoverGuessBadCertificate(t *testing.T) {
	w := fakenet.New(t)
	w.Host("mail.example.test")
	w.RR("elsewhere.hoster.test. 60 IN A 127.0.0.2")
	w.CertFor("mail.example.test", "elsewhere.hoster.test")
	opts := options(w, testTimeout)
	opts.Ports[993] = w.MailServer(settings.IMAP)
	opts.Ports[465] = w.MailServer(settings.SMTP)
	if c, err := Discover(context.Background(), mustAddr(t, "ana@example.test"), opts); !errors.Is(err, ErrNotFound) {
		t.Fatalf("got %+v, %v; want ErrNotFound", c, err)
	}
}

// closedPort returns a loopback port nothing listens on.
func closedPort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

// Guessing over STARTTLS: IMAP STARTTLS, POP3 STLS, SMTP EHLO + STARTTLS.
func TestDiscoverGuessSTARTTLS(t *testing.T) {
	for _, inject := range []bool{false, true} {
		w := fakenet.New(t)
		w.Host("mail.example.test")
		opts := options(w, testTimeout)
		closed := closedPort(t)
		for _, p := range []int{993, 995, 465} {
			opts.Ports[p] = closed
		}
		opts.Ports[143] = w.MailServerSTARTTLS(settings.IMAP, inject)
		opts.Ports[110] = w.MailServerSTARTTLS(settings.POP3, inject)
		opts.Ports[587] = w.MailServerSTARTTLS(settings.SMTP, inject)
		c, err := Discover(context.Background(), mustAddr(t, "ana@example.test"), opts)
		if inject {
			// Bytes after the STARTTLS reply fail the probe.
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("injection accepted: %+v %v", c, err)
			}
			continue
		}
		wantSource(t, c, err, settings.SourceGuess, settings.Unverified)
		want := []string{"imap mail.example.test:143 starttls", "pop3 mail.example.test:110 starttls"}
		var got []string
		for _, s := range c.Incoming {
			got = append(got, string(s.Protocol)+" "+s.Addr()+" "+string(s.Security))
		}
		if !slices.Equal(got, want) || len(c.Outgoing) != 1 || c.Outgoing[0].Port != 587 || c.Outgoing[0].Security != settings.STARTTLS {
			t.Errorf("incoming %v outgoing %+v", got, c.Outgoing)
		}
	}
}

// When nothing answers at all, Discover still returns, bounded by its own
// deadline rather than the caller's.
func TestDiscoverEverythingStalls(t *testing.T) {
	w := fakenet.New(t)
	w.StallAllDNS()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := Discover(ctx, mustAddr(t, "ana@example.test"), options(w, 200*time.Millisecond))
	if !errors.Is(err, ErrNotFound) || ctx.Err() != nil {
		t.Fatalf("err = %v, caller's ctx %v", err, ctx.Err())
	}
}

// Cancelling (the GUI's Cancel button) ends discovery with the context's error.
func TestDiscoverCancelled(t *testing.T) {
	w := fakenet.New(t)
	w.StallAllDNS()
	ctx, cancel := context.WithCancel(context.Background())
	opts := options(w, time.Minute)
	opts.Progress = func(e Event) {
		if e.Source == settings.SourceAutodiscover && e.Kind == EventStarted {
			cancel()
		}
	}
	if _, err := Discover(ctx, mustAddr(t, "ana@example.test"), opts); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

// Autodiscover's redirectAddr and redirectUrl answers are followed (at most
// two); a redirect URL on another domain makes the result unverified.
func TestDiscoverAutodiscoverRedirects(t *testing.T) {
	w := fakenet.New(t)
	w.Host("autodiscover.example.test", "ad.hoster.test")
	redirectXML := func(action, field, value string) string {
		return `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
<Account><AccountType>email</AccountType><Action>` + action + `</Action><` + field + `>` + value + `</` + field + `></Account>
</Response></Autodiscover>`
	}
	w.ServeHTTPS("autodiscover.example.test/autodiscover/autodiscover.xml", func(rw http.ResponseWriter, r *http.Request) {
		body := make([]byte, 4096)
		n, _ := r.Body.Read(body)
		if strings.Contains(string(body[:n]), "ana@example.test") {
			fakenet.XMLFile(redirectXML("redirectAddr", "RedirectAddr", "ana.garcia@example.test"))(rw, r)
			return
		}
		fakenet.XMLFile(redirectXML("redirectUrl", "RedirectUrl", "https://ad.hoster.test/autodiscover/autodiscover.xml"))(rw, r)
	})
	w.ServeHTTPS("ad.hoster.test/autodiscover/autodiscover.xml", func(rw http.ResponseWriter, r *http.Request) {
		body := make([]byte, 4096)
		n, _ := r.Body.Read(body)
		if !strings.Contains(string(body[:n]), "ana.garcia@example.test") {
			http.Error(rw, "wrong address", 400)
			return
		}
		fakenet.XMLFile(strings.Replace(fakenet.PoxXML("imap.hoster.test", "smtp.hoster.test"), "<Protocol><Type>IMAP</Type>", "<Protocol><Type>IMAP</Type><LoginName>ana.garcia@example.test</LoginName>", 1))(rw, r)
	})
	c, err := discover(t, w, "ana@example.test")
	wantSource(t, c, err, settings.SourceAutodiscover, settings.Unverified)
	if c.Incoming[0].Username != "ana.garcia@example.test" || c.Outgoing[0].Username != "ana.garcia@example.test" || !strings.HasPrefix(c.SourceURL, "https://ad.hoster.test/") {
		t.Errorf("got %+v %+v from %s", c.Incoming, c.Outgoing, c.SourceURL)
	}
	if !slices.Contains(warningKeys(c), "discover.warn.autodiscover_other_domain") {
		t.Errorf("warnings = %v", warningKeys(c))
	}
}

// An internationalised domain is asked in its A-label form everywhere.
func TestDiscoverIDN(t *testing.T) {
	w := fakenet.New(t)
	w.Host("autoconfig.xn--espaa-rta.test")
	w.ServeHTTPS("autoconfig.xn--espaa-rta.test/mail/config-v1.1.xml", fakenet.XMLFile(fakenet.ConfigXML("xn--espaa-rta.test", "imap.%EMAILDOMAIN%", "smtp.xn--espaa-rta.test")))
	c, err := discover(t, w, "josé@españa.test")
	wantSource(t, c, err, settings.SourceAutoconfig, settings.Verified)
	if c.Incoming[0].Host != "imap.xn--espaa-rta.test" || c.Incoming[0].Username != "josé@españa.test" {
		t.Errorf("incoming %+v", c.Incoming[0])
	}
}

// Every source has a progress line in both languages.
func TestEventLabels(t *testing.T) {
	for _, src := range []settings.Source{settings.SourceBuiltin, settings.SourceAutoconfig, settings.SourceAutoconfigWellKnown,
		settings.SourceISPDB, settings.SourceMX, settings.SourceSRV, settings.SourceAutodiscover, settings.SourceAutoconfigHTTP, settings.SourceGuess} {
		key := Event{Source: src}.Label().Key
		for _, l := range i18n.Langs {
			if !i18n.Has(l, key) {
				t.Errorf("%s: no %s text", key, l)
			}
		}
	}
}

// The http Autodiscover step only learns a redirect to https: a redirect
// to plain http, or a body sent over http, is not used.
func TestDiscoverAutodiscoverHTTPOnlyRedirect(t *testing.T) {
	w := fakenet.New(t)
	w.Host("autodiscover.example.test")
	var posted bool
	w.ServeHTTP("autodiscover.example.test/autodiscover/autodiscover.xml", func(rw http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.ContentLength > 0 {
			posted = true
		}
		fakenet.Redirect("http://autodiscover.example.test/other/autodiscover.xml")(rw, r)
	})
	w.ServeHTTP("autodiscover.example.test/other/autodiscover.xml", func(rw http.ResponseWriter, r *http.Request) {
		posted = posted || r.Method == http.MethodPost
		poxHandler(fakenet.PoxXML("imap.example.test", "smtp.example.test"))(rw, r)
	})
	if c, err := discover(t, w, "ana@example.test"); !errors.Is(err, ErrNotFound) {
		t.Errorf("got %+v, %v", c, err)
	}
	if posted {
		t.Error("the address was sent over http")
	}
}

// Nothing of a discovery runs on after Discover returns: the sources that
// lost are cancelled and waited for.
func TestDiscoverLeavesNothingRunning(t *testing.T) {
	w := fakenet.New(t)
	w.Host("autoconfig.example.test", "ispdb.test", "autodiscover.example.test")
	w.StallDNS("example.test")
	w.StallDNS("_imaps._tcp.example.test")
	w.ServeHTTPS("autodiscover.example.test/autodiscover/autodiscover.xml", fakenet.Stall)
	w.ServeHTTPS("autoconfig.example.test/mail/config-v1.1.xml", fakenet.XMLFile(fakenet.ConfigXML("example.test", "imap.example.test", "smtp.example.test")))
	ignore := goleak.IgnoreCurrent()
	c, err := Discover(context.Background(), mustAddr(t, "ana@example.test"), options(w, time.Minute))
	wantSource(t, c, err, settings.SourceAutoconfig, settings.Verified)
	goleak.VerifyNone(t, ignore,
		// The loopback servers' side of the connections just closed.
		goleak.IgnoreTopFunction("net/http.(*conn).serve"),
		goleak.IgnoreAnyFunction("github.com/mailsetup/mailsetup/internal/fakenet.Stall"))
}
