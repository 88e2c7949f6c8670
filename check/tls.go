package check

import (
	"bufio"
	"context"
	"crypto/tls"

	"github.com/mailsetup/mailsetup/i18n"
)

// tlsConfig verifies the server as the name the user gave, against the
// system roots plus --ca-file; TLS 1.2 at least (RFC 8996, RFC 9325).
func (s *session) tlsConfig() *tls.Config {
	return &tls.Config{ServerName: s.srv.Host, RootCAs: s.nw.RootCAs, MinVersion: tls.VersionTLS12}
}

// handshake is the tls step of implicit TLS (RFC 8314 §3).
func (s *session) handshake() (i18n.Message, *failure) {
	return s.upgrade()
}

// upgrade runs a TLS handshake on the TCP connection and makes the TLS
// connection the plaintext layer. Whatever the server sent in plain text
// and we had not read yet is thrown away with the old reader: after
// STARTTLS nothing from before the handshake may be believed (RFC 3207 §4.2,
// RFC 2595 §3.1; "STARTTLS injection").
func (s *session) upgrade() (i18n.Message, *failure) {
	ctx, cancel := context.WithTimeout(s.ctx, s.timeout)
	defer cancel()
	tc := tls.Client(s.raw, s.tlsConfig())
	if err := tc.HandshakeContext(ctx); err != nil {
		return i18n.Message{}, tlsFailure(s.srv.Host, err)
	}
	s.tc = newTextConn(tc)
	s.br = bufio.NewReader(s.tc)
	s.encrypted = true
	st := tc.ConnectionState()
	for _, chain := range st.VerifiedChains {
		if root := issuerName(chain[len(chain)-1]); interceptor(root) {
			// Trusted here because the antivirus put its root in this
			// computer's store; another mail app may refuse it, and the
			// antivirus reads the mail (providers.md §7).
			s.warnings = append(s.warnings, i18n.Msg("check.warning.antivirus", "issuer", root))
			break
		}
	}
	return i18n.Msg("check.detail.tls", "version", tls.VersionName(st.Version),
		"issuer", issuerName(st.PeerCertificates[0])), nil
}

// startTLS is the starttls step: is it offered, the command, the handshake.
func (s *session) startTLS() (i18n.Message, *failure) {
	if _, fl := s.proto.startTLS(s); fl != nil {
		return i18n.Message{}, fl
	}
	return s.upgrade()
}
