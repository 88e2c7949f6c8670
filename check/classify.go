package check

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"syscall"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/resolve"
)

// failure is why a step stopped a check.
type failure struct {
	Code   Code
	Detail i18n.Message
	// Reply is the server's own words, if it said anything.
	Reply string
	// AdviceKey overrides the code's default advice (a knowledge-base row).
	AdviceKey string
	// Alert is text the server wants shown to the user.
	Alert string
	// CertNames are the names a mismatched certificate is valid for.
	CertNames []string
	// Issuer names who signed an intercepting certificate (an antivirus).
	Issuer string
}

func fail(code Code, detail i18n.Message) *failure { return &failure{Code: code, Detail: detail} }

// detailErr keeps a Go error's text as a step detail: an *i18n.Error (such
// as resolve's) keeps its message, to be said in the reader's language.
// Error texts of the standard library are English and technical; they never
// hold a password because nothing we write is ever part of one.
func detailErr(err error) i18n.Message {
	var e *i18n.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return i18n.Msg("check.detail.error", "error", trimReply(err.Error()))
}

// dnsFailure classifies a failed address lookup (providers.md §7).
func dnsFailure(host string, err error) *failure {
	switch {
	case resolve.IsNotFound(err):
		return fail(DNSNotFound, i18n.Msg("check.detail.dns_not_found", "host", host))
	case isTimeout(err):
		// In the user's words, not the resolver's English.
		return fail(DNSTimeout, i18n.Msg("check.detail.dns_timeout", "host", host))
	default:
		return fail(DNSTimeout, detailErr(err))
	}
}

// connectFailure classifies a failed TCP connection to address
// (providers.md §7).
func connectFailure(address string, err error) *failure {
	var de *net.DNSError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED) || isWinErrno(err, 10061):
		return fail(NetRefused, i18n.Msg("check.detail.refused", "address", address))
	case errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH) ||
		isWinErrno(err, 10051) || isWinErrno(err, 10065):
		return fail(NetUnreachable, i18n.Msg("check.detail.unreachable", "address", address))
	case errors.As(err, &de):
		if de.IsNotFound {
			return fail(DNSNotFound, detailErr(err))
		}
		return fail(DNSTimeout, detailErr(err))
	case isTimeout(err):
		return fail(NetTimeout, i18n.Msg("check.detail.connect_timeout", "address", address))
	}
	return fail(NetTimeout, detailErr(err))
}

func isWinErrno(err error, n uintptr) bool {
	var errno syscall.Errno
	return errors.As(err, &errno) && uintptr(errno) == n
}

// isTimeout reports whether err is a deadline or cancellation.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) ||
		(errors.As(err, &ne) && ne.Timeout())
}

// isClosed reports whether the connection ended under us.
func isClosed(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// readFailure classifies an error while waiting for a server's reply.
func readFailure(err error) *failure {
	switch {
	case errors.Is(err, errLineTooLong):
		return fail(ServerProtocolError, i18n.Msg("check.detail.line_too_long"))
	case errors.Is(err, errTooMuchData):
		return fail(ServerProtocolError, i18n.Msg("check.detail.too_much_data"))
	case isTimeout(err):
		return fail(ServerTimeout, i18n.Msg("check.detail.no_reply"))
	case isClosed(err):
		return fail(ServerUnavailable, i18n.Msg("check.detail.closed"))
	}
	return fail(ServerProtocolError, detailErr(err))
}

// interceptors are issuers of certificates that antivirus programs and
// company proxies put in place of the server's own (providers.md §7).
var interceptors = []string{
	"avast", "avg ", "kaspersky", "eset ssl filter", "bitdefender", "norton",
	"symantec", "zscaler", "fortigate", "fortinet", "sophos", "mcafee", "trend micro",
	"dr.web", "panda", "webroot", "netspark", "cisco umbrella", "palo alto",
}

// interceptor returns the issuer's name when it is a known interceptor.
func interceptor(issuer string) bool {
	l := strings.ToLower(issuer) + " "
	for _, s := range interceptors {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

func issuerName(c *x509.Certificate) string {
	if c == nil {
		return ""
	}
	if c.Issuer.CommonName != "" {
		return c.Issuer.CommonName
	}
	if len(c.Issuer.Organization) > 0 {
		return c.Issuer.Organization[0]
	}
	return c.Issuer.String()
}

// tlsFailure classifies a failed TLS handshake with host (providers.md §7).
func tlsFailure(host string, err error) *failure {
	var (
		he  x509.HostnameError
		ia  x509.CertificateInvalidError
		ua  x509.UnknownAuthorityError
		rh  tls.RecordHeaderError
		cve *tls.CertificateVerificationError
	)
	switch {
	case errors.As(err, &he):
		names := certNames(he.Certificate)
		f := fail(TLSCertNameMismatch, i18n.Msg("check.detail.cert_name",
			"names", strings.Join(limitNames(names), ", "), "host", host))
		f.CertNames = names
		return f
	case errors.As(err, &ia) && (ia.Reason == x509.Expired):
		return fail(TLSCertExpired, i18n.Msg("check.detail.cert_expired",
			"from", ia.Cert.NotBefore.UTC().Format("2006-01-02"), "until", ia.Cert.NotAfter.UTC().Format("2006-01-02")))
	case errors.As(err, &ua):
		issuer := issuerName(ua.Cert)
		f := fail(TLSCertUntrusted, i18n.Msg("check.detail.cert_untrusted", "issuer", issuer))
		if ua.Cert != nil && ua.Cert.Issuer.String() == ua.Cert.Subject.String() {
			f.Detail = i18n.Msg("check.detail.cert_self_signed", "issuer", issuer)
		}
		if interceptor(issuer) {
			f.AdviceKey = "check.advice.antivirus"
			f.Issuer = issuer
		}
		return f
	case errors.As(err, &cve):
		return fail(TLSHandshakeFailed, detailErr(err))
	case errors.As(err, &rh):
		return plainSpeaker(rh.RecordHeader[:])
	case isTimeout(err):
		return fail(ServerTimeout, i18n.Msg("check.detail.no_tls_reply"))
	}
	return fail(TLSHandshakeFailed, detailErr(err))
}

// plainSpeaker explains the first bytes a server sent in reply to our TLS
// hello: a mail greeting means the port wants plain text or STARTTLS; HTTP,
// SSH or anything else means it is not a mail port of this kind.
func plainSpeaker(first []byte) *failure {
	s := string(first)
	switch {
	case looksLikeMailGreeting(s):
		return fail(TLSWrongModePlain, i18n.Msg("check.detail.plain_on_tls", "bytes", printable(s)))
	default:
		return fail(ServerProtocolError, i18n.Msg("check.detail.not_mail", "bytes", printable(s)))
	}
}

// looksLikeMailGreeting reports whether s starts like an SMTP, IMAP or POP3
// reply: "220 ", "* OK", "+OK", "-ERR", or any three-digit SMTP status.
func looksLikeMailGreeting(s string) bool {
	switch {
	case strings.HasPrefix(s, "* "), strings.HasPrefix(s, "+OK"), strings.HasPrefix(s, "-ERR"):
		return true
	case len(s) >= 4 && isDigit(s[0]) && isDigit(s[1]) && isDigit(s[2]) && (s[3] == ' ' || s[3] == '-'):
		return true
	}
	return false
}

// looksLikeTLS reports whether b starts with a TLS record header: a
// handshake or alert record of TLS 1.0–1.3 (RFC 8446 §5.1).
func looksLikeTLS(b []byte) bool {
	return len(b) >= 2 && (b[0] == 0x16 || b[0] == 0x15) && b[1] == 0x03
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// printable shows the first bytes a server sent, with anything unprintable
// as a dot, for a step detail.
func printable(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	b := []byte(s)
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '.'
		}
	}
	return strings.TrimSpace(string(b))
}

func certNames(c *x509.Certificate) []string {
	if c == nil {
		return nil
	}
	names := append([]string(nil), c.DNSNames...)
	if len(names) == 0 && c.Subject.CommonName != "" {
		names = append(names, c.Subject.CommonName)
	}
	return names
}

func limitNames(names []string) []string {
	if len(names) > 5 {
		return append(names[:5:5], "…")
	}
	return names
}

// trimReply joins a server's reply lines with spaces and cuts it at 512
// characters (spec/cli.md, server_reply).
func trimReply(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\r", "")), " ")
	if r := []rune(s); len(r) > 512 {
		s = string(r[:512])
	}
	return s
}
