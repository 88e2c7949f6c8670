package domain

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/check/domain/dnstest"
	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/resolve"
)

// testCA makes a CA and a leaf certificate for names, valid for an hour.
func testCA(t *testing.T, names ...string) (*x509.CertPool, tls.Certificate) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mailsetup test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	leafKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: names[0]}, DNSNames: names,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &leafKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	return pool, tls.Certificate{Certificate: [][]byte{leafDER}, PrivateKey: leafKey}
}

// portDialer resolves through the app's dialer but sends port 443 to the
// test server's port: the policy URL has no port of its own (RFC 8461 §3.3).
type portDialer struct {
	d    *resolve.NetDialer
	port string
}

func (p portDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	return p.d.DialContext(ctx, network, net.JoinHostPort(host, p.port))
}

func TestMTASTSPolicy(t *testing.T) {
	policies := map[string]string{
		"mta-sts.good.test":    "version: STSv1\r\nmode: enforce\r\nmx: mx1.good.test\r\nmx: *.good.test\r\nmax_age: 604800\r\n",
		"mta-sts.stsbad.test":  "version: STSv1\nmode: enforce\nmx: mail.stsbad.test\nmax_age: 86400\n",
		"mta-sts.ststest.test": "version: STSv1\nmode: testing\nmx: *.good.test\nmax_age: 86400\n",
		"mta-sts.stssyn.test":  "version: STSv1\nmode: sometimes\nmx: mx1.good.test\nmax_age: 86400\n",
	}
	var names []string
	z := testZone()
	for _, d := range []string{"good", "stsbad", "ststest", "stssyn", "sts404"} {
		names = append(names, "mta-sts."+d+".test")
		z.Add("mta-sts." + d + ".test. 300 IN A 127.0.0.1")
		if d != "good" {
			z.Add(d + ".test. 300 IN MX 10 mx1.good.test.")
			z.TXT("_mta-sts."+d+".test", "v=STSv1; id=1")
		}
	}
	roots, cert := testCA(t, names...)
	web := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := policies[strings.Split(r.Host, ":")[0]]
		if !ok || r.URL.Path != "/.well-known/mta-sts.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte(p))
	}))
	web.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	web.StartTLS()
	t.Cleanup(web.Close)
	_, port, _ := net.SplitHostPort(web.Listener.Addr().String())

	srv := dnstest.Start(t, z)
	res := resolve.New([]string{srv.Addr}, 3*time.Second)
	opts := Options{Resolver: res, Timeout: 3 * time.Second, RootCAs: roots,
		Dialer: portDialer{&resolve.NetDialer{Resolver: res, Timeout: 3 * time.Second}, port}}
	for domain, want := range map[string]struct {
		status Status
		issue  string
		key    string
	}{
		"good.test":    {OK, "", "domain.mta-sts.ok_enforce"},
		"stsbad.test":  {Error, "mx_outside", ""},
		"ststest.test": {OK, "", "domain.mta-sts.ok_testing"},
		"stssyn.test":  {Warning, "policy_syntax", ""},
		"sts404.test":  {Warning, "policy_status", ""},
	} {
		r := Run(context.Background(), domain, opts)
		f := one(t, r, CheckMTASTS)
		if f.Status != want.status || (want.issue != "" && !strings.Contains(strings.Join(issues(f), ","), want.issue)) ||
			(want.key != "" && f.Message.Key != want.key) {
			t.Errorf("%s: %s %v %s, want %+v", domain, f.Status, issues(f), f.Message.In(i18n.EN), want)
		}
	}

	// The system roots do not know the test CA: the policy is not trusted.
	opts.RootCAs = x509.NewCertPool()
	f := one(t, Run(context.Background(), "good.test", opts), CheckMTASTS)
	wantStatus(t, f, Warning, "policy_tls")
}

func TestParseMTASTSPolicy(t *testing.T) {
	p, err := ParseMTASTSPolicy([]byte("version: STSv1\nmode: enforce\nmx: MX1.Example.com.\nmx: *.example.net\nmax_age: 86400\nextension: x\n"))
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]bool{
		"mx1.example.com": true, "mx1.example.com.": true, "a.example.net": true,
		"a.b.example.net": false, "example.net": false, "mx2.example.com": false,
	} {
		if p.Matches(host) != want {
			t.Errorf("Matches(%q) = %v", host, !want)
		}
	}
	for _, bad := range []string{
		"", "version: STSv2\nmode: enforce\nmx: a.b\nmax_age: 1\n", "version: STSv1\nmode: on\nmx: a.b\nmax_age: 1\n",
		"version: STSv1\nmode: enforce\nmax_age: 1\n", "version: STSv1\nmode: enforce\nmx: a.b\n",
		"version: STSv1\nmode: enforce\nmx: a.b\nmax_age: 99999999999\n", "garbage",
	} {
		if _, err := ParseMTASTSPolicy([]byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}
