package settings

import (
	"strings"
	"testing"
	"unicode"
)

// FuzzParseAddress: the address is the first thing every user types, in the
// window and on the command line. No input panics the parser, and what it
// accepts is bounded, has no control character, line break or space (it
// ends up in SMTP commands, file names and exports), and parses back to
// itself.
func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"ana@example.es", "José.Pérez@españa.es", " a@b.co ", "a@xn--espaa-rta.es", "a@@b.es", "a@b", "\"a b\"@c.es"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAddress(s)
		if err != nil {
			if !IsAddressError(err) {
				t.Fatalf("%q: error %T is not an *AddressError", s, err)
			}
			return
		}
		full := a.String()
		if len(full) > MaxAddressLength || strings.ContainsFunc(full, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) {
			t.Fatalf("%q accepted as %q", s, full)
		}
		for _, c := range []byte(a.ASCIIDomain) {
			if c >= 0x80 || c <= ' ' {
				t.Fatalf("%q: A-label domain %q", s, a.ASCIIDomain)
			}
		}
		again, err := ParseAddress(full)
		if err != nil || again != a {
			t.Fatalf("%q: %q parses back as %+v, %v", s, full, again, err)
		}
	})
}

// FuzzParseServerFlag: --imap/--pop3/--smtp HOST:PORT:SEC never panics, and
// a server it accepts has a valid host and port (the host is dialled and
// sent as the TLS server name).
func FuzzParseServerFlag(f *testing.F) {
	for _, s := range []string{"mail.example.es:993:tls", "[::1]:465:TLS", "127.0.0.1:1:none", "correo.españa.es:587:starttls", "x.es::tls", "a:b:c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		srv, err := ParseServerFlag(IMAP, s)
		if err != nil {
			return
		}
		if ValidHost(srv.Host) != nil || srv.Port < 1 || srv.Port > 65535 || !ValidSecurity(srv.Security) ||
			strings.ContainsFunc(srv.Host, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) {
			t.Fatalf("%q accepted as %+v", s, srv)
		}
	})
}
