package check

import (
	"context"
	"crypto/tls"
	"errors"
	"net/netip"
	"strings"
	"time"

	"github.com/mailsetup/mailsetup/i18n"
)

// greet waits for the server's first words, then lets the protocol judge them.
func (s *session) greet() (i18n.Message, *failure) {
	if fl := s.awaitFirstBytes(); fl != nil {
		return i18n.Message{}, fl
	}
	first, _ := s.br.Peek(5)
	switch {
	case looksLikeTLS(first):
		return i18n.Message{}, fail(TLSWrongModeTLS, i18n.Msg("check.detail.tls_on_plain"))
	case !s.encrypted && (strings.HasPrefix(string(first), "HTTP/") || strings.HasPrefix(string(first), "SSH-")):
		return i18n.Message{}, fail(ServerProtocolError, i18n.Msg("check.detail.not_mail", "bytes", printable(string(first))))
	}
	return s.proto.greeting(s)
}

// awaitFirstBytes waits for the greeting. On a connection without TLS a
// server that stays quiet may be waiting for a TLS hello (an implicit-TLS
// port set up as STARTTLS or plain): after a short quiet spell we ask that
// question on a second connection, and answer tls.wrong_mode_tls as soon as
// the port speaks TLS instead of waiting out the timeout (providers.md §7).
func (s *session) awaitFirstBytes() *failure {
	deadline := time.Now().Add(s.timeout)
	if s.encrypted {
		if _, err := s.br.Peek(1); err != nil {
			return readFailure(err)
		}
		return nil
	}
	quiet := min(max(s.timeout/5, 200*time.Millisecond), 1500*time.Millisecond)
	_ = s.raw.SetReadDeadline(time.Now().Add(quiet))
	_, err := s.br.Peek(1)
	if err == nil {
		return nil
	}
	if !isTimeout(err) || s.ctx.Err() != nil {
		return readFailure(err)
	}
	_ = s.raw.SetReadDeadline(deadline)
	ctx, cancel := context.WithDeadline(s.ctx, deadline)
	verdict := make(chan *failure, 1)
	go func() {
		v := s.probeSpeaker(ctx)
		if v != nil {
			_ = s.raw.SetReadDeadline(time.Now()) // interrupt the wait below
		}
		verdict <- v
	}()
	_, err = s.br.Peek(1)
	cancel()
	v := <-verdict
	switch {
	case err == nil:
		return nil
	case v != nil:
		return v
	}
	return readFailure(err)
}

// probeSpeaker opens a second connection to the same address and sends a
// TLS hello. A TLS answer (even with a certificate we would refuse) means
// the port wants implicit TLS; an HTTP or SSH answer means it is no mail
// port at all. Anything else gives no verdict.
func (s *session) probeSpeaker(ctx context.Context) *failure {
	ap, err := netip.ParseAddrPort(s.raw.RemoteAddr().String())
	if err != nil {
		return nil
	}
	c, err := dialAddrs(ctx, s.nw, []netip.Addr{ap.Addr()}, int(ap.Port()))
	if err != nil {
		return nil
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if d, ok := ctx.Deadline(); ok {
		_ = c.SetDeadline(d)
	}
	tc := tls.Client(c, s.tlsConfig())
	err = tc.HandshakeContext(ctx)
	var rh tls.RecordHeaderError
	switch {
	case err == nil:
		tc.Close()
	case errors.As(err, &rh):
		if f := plainSpeaker(rh.RecordHeader[:]); f.Code == ServerProtocolError {
			return f
		}
		return nil
	case isTimeout(err), isClosed(err), ctx.Err() != nil:
		return nil
	}
	return fail(TLSWrongModeTLS, i18n.Msg("check.detail.tls_on_plain"))
}
