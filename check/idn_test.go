package check

import (
	"net/netip"
	"testing"

	"github.com/mailsetup/mailsetup/settings"
)

// A host typed in Unicode (the app's server form accepts it) is looked up,
// named in TLS and matched against its certificate in A-labels, and the
// result names it so.
func TestUnicodeHostUsesALabels(t *testing.T) {
	const ascii = "correo.xn--espaa-rta.test"
	e := newEnv(t)
	e.res.hosts[ascii] = []netip.Addr{loopback}
	fs := serve(t, imapScript{tls: e.pki.serverConfig(t, ascii), implicit: true}.handle)
	srv := e.at(settings.IMAP, settings.TLS, 993, fs)
	srv.Host = "correo.españa.test"
	r := e.one(srv, withPassword("secret"))
	wantCode(t, r, "")
	if r.Server.Host != ascii {
		t.Fatalf("result host %q, want %q", r.Server.Host, ascii)
	}
}
