package check

// Code is a stable diagnosis code (spec/cli.md, "Diagnosis codes").
type Code string

// Diagnosis codes. Their message and advice live under the translation keys
// "check.code.<code>.message" and "check.code.<code>.advice".
const (
	DNSNotFound             Code = "dns.not_found"
	DNSTimeout              Code = "dns.timeout"
	NetRefused              Code = "net.refused"
	NetTimeout              Code = "net.timeout"
	NetUnreachable          Code = "net.unreachable"
	TLSWrongModePlain       Code = "tls.wrong_mode_plain"
	TLSWrongModeTLS         Code = "tls.wrong_mode_tls"
	TLSCertNameMismatch     Code = "tls.cert_name_mismatch"
	TLSCertExpired          Code = "tls.cert_expired"
	TLSCertUntrusted        Code = "tls.cert_untrusted"
	TLSHandshakeFailed      Code = "tls.handshake_failed"
	StartTLSUnavailable     Code = "starttls.unavailable"
	AuthFailed              Code = "auth.failed"
	AuthAppPasswordRequired Code = "auth.app_password_required"
	AuthOAuthRequired       Code = "auth.oauth_required"
	AuthWebLoginRequired    Code = "auth.web_login_required"
	AuthServiceDisabled     Code = "auth.service_disabled"
	AuthTooManyAttempts     Code = "auth.too_many_attempts"
	AuthMechanism           Code = "auth.mechanism_unsupported"
	SMTPRelayDenied         Code = "smtp.relay_denied"
	SMTPSenderRejected      Code = "smtp.sender_rejected"
	SMTPRateLimited         Code = "smtp.rate_limited"
	SMTPMessageRejected     Code = "smtp.message_rejected"
	ServerTimeout           Code = "server.timeout"
	ServerProtocolError     Code = "server.protocol_error"
	ServerUnavailable       Code = "server.unavailable"
)

// Codes lists every code of the spec, for tests and documentation.
var Codes = []Code{
	DNSNotFound, DNSTimeout, NetRefused, NetTimeout, NetUnreachable,
	TLSWrongModePlain, TLSWrongModeTLS, TLSCertNameMismatch, TLSCertExpired,
	TLSCertUntrusted, TLSHandshakeFailed, StartTLSUnavailable, AuthFailed,
	AuthAppPasswordRequired, AuthOAuthRequired, AuthWebLoginRequired,
	AuthServiceDisabled, AuthTooManyAttempts, AuthMechanism, SMTPRelayDenied,
	SMTPSenderRejected, SMTPRateLimited, SMTPMessageRejected, ServerTimeout,
	ServerProtocolError, ServerUnavailable,
}

// worthAlternatives reports whether another port, TLS mode or host name
// could fix a failure with this code. A rejected password or a refused
// message is the same on every port, and a name that does not exist does
// not exist on any.
func (c Code) worthAlternatives() bool {
	switch c {
	case NetRefused, NetTimeout, NetUnreachable,
		TLSWrongModePlain, TLSWrongModeTLS, TLSCertNameMismatch, TLSCertExpired,
		TLSCertUntrusted, TLSHandshakeFailed, StartTLSUnavailable, AuthMechanism,
		ServerTimeout, ServerProtocolError:
		return true
	}
	return false
}

// connectFailure reports whether the code means no connection was made.
func (c Code) connectFailure() bool {
	return c == NetRefused || c == NetTimeout || c == NetUnreachable
}
