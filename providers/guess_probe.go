package providers

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/mailsetup/mailsetup/settings"
)

// Bounds on what a probed server may send before it is given up.
const (
	maxProbeLine  = 1024 // RFC 5321 §4.5.3.1.5 allows 512 for SMTP replies
	maxProbeLines = 64   // EHLO keywords
)

var errNotMailServer = errors.New("the server does not greet as a mail server")

// probe connects to one host and port, does TLS (implicit, or after
// STARTTLS/STLS), and checks the greeting. The certificate chain must verify
// against the trusted roots. When it is valid but for another name, that
// name is accepted only if it resolves to the address just connected to
// (shared hosting, discovery.md §2.3); otherwise the probe fails, as
// Thunderbird's guess.requireGoodCert. No credentials are ever sent.
func (d *discovery) probe(ctx context.Context, p probe) (*guessResult, error) {
	ctx, cancel := context.WithTimeout(ctx, d.timeout)
	defer cancel()
	dialer := withPorts(d.net.Dialer, d.opts.Ports)
	conn, err := dialer.DialContext(ctx, "tcp", net.JoinHostPort(p.host, strconv.Itoa(p.port)))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	var mismatch []string
	cfg := &tls.Config{
		ServerName: p.host,
		MinVersion: tls.VersionTLS12,
		// The chain is verified below, by hand, so that a certificate for
		// another name can be told apart from an untrusted one.
		InsecureSkipVerify: true,
		VerifyConnection: func(cs tls.ConnectionState) error {
			names, err := verifyChain(cs, d.net.RootCAs, p.host)
			mismatch = names
			return err
		},
	}
	if p.security == settings.STARTTLS {
		br := bufio.NewReaderSize(conn, maxProbeLine)
		if err := startTLS(conn, br, p.protocol); err != nil {
			return nil, err
		}
		if br.Buffered() > 0 {
			// Bytes after the STARTTLS reply but before TLS are an
			// injection attempt (Poddebniak et al. 2021).
			return nil, errors.New("data after the STARTTLS reply")
		}
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			return nil, err
		}
	} else {
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			return nil, err
		}
		if err := greeting(bufio.NewReaderSize(tc, maxProbeLine), p.protocol); err != nil {
			return nil, err
		}
	}
	r := &guessResult{probe: p}
	if mismatch != nil {
		name, err := d.sameAddress(ctx, conn.RemoteAddr(), mismatch)
		if err != nil {
			return nil, err
		}
		r.certName = name
	}
	return r, nil
}

// verifyChain verifies the peer's chain against roots. It returns nil names
// when the certificate is valid for host, and the certificate's DNS names when
// the chain is trusted but the name is another.
func verifyChain(cs tls.ConnectionState, roots *x509.CertPool, host string) ([]string, error) {
	if len(cs.PeerCertificates) == 0 {
		return nil, errors.New("no certificate")
	}
	leaf := cs.PeerCertificates[0]
	inter := x509.NewCertPool()
	for _, c := range cs.PeerCertificates[1:] {
		inter.AddCert(c)
	}
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter}); err != nil {
		return nil, err
	}
	if leaf.VerifyHostname(host) == nil {
		return nil, nil
	}
	if len(leaf.DNSNames) == 0 {
		return nil, fmt.Errorf("certificate is not for %s", host)
	}
	return leaf.DNSNames, nil
}

// sameAddress returns the first certificate name (not a wildcard, not a
// public suffix) that resolves to the address of remote.
func (d *discovery) sameAddress(ctx context.Context, remote net.Addr, names []string) (string, error) {
	ap, err := netip.ParseAddrPort(remote.String())
	if err != nil {
		return "", err
	}
	for i, name := range names {
		if i == 8 {
			break
		}
		name = trimHost(name)
		if strings.Contains(name, "*") || registrable(name) == "" || settings.ValidHost(name) != nil {
			continue
		}
		addrs, _, err := d.net.Resolver.LookupIP(ctx, name)
		if err != nil {
			continue
		}
		for _, a := range addrs {
			if a.Unmap() == ap.Addr().Unmap() {
				return name, nil
			}
		}
	}
	return "", errors.New("the certificate is for another server")
}

// greeting reads the server's first reply and checks it is the protocol's:
// "* OK" (RFC 9051 §7.1.1), "+OK" (RFC 1939 §4), "220" (RFC 5321 §4.2).
func greeting(br *bufio.Reader, p settings.Protocol) error {
	switch p {
	case settings.IMAP:
		line, err := readLine(br)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(line, "* OK") && !strings.HasPrefix(line, "* PREAUTH") {
			return errNotMailServer
		}
	case settings.POP3:
		line, err := readLine(br)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(line, "+OK") {
			return errNotMailServer
		}
	case settings.SMTP:
		if _, err := smtpReply(br, "220"); err != nil {
			return err
		}
	}
	return nil
}

// startTLS reads the greeting and asks for TLS: IMAP STARTTLS (RFC 9051
// §6.2.1), POP3 STLS (RFC 2595 §4), SMTP STARTTLS after EHLO (RFC 3207 §4).
func startTLS(conn net.Conn, br *bufio.Reader, p settings.Protocol) error {
	if err := greeting(br, p); err != nil {
		return err
	}
	switch p {
	case settings.IMAP:
		if _, err := fmt.Fprint(conn, "a STARTTLS\r\n"); err != nil {
			return err
		}
		for i := 0; i < maxProbeLines; i++ {
			line, err := readLine(br)
			if err != nil {
				return err
			}
			if strings.HasPrefix(line, "a ") {
				if strings.HasPrefix(line, "a OK") {
					return nil
				}
				return errors.New("STARTTLS refused")
			}
		}
		return errNotMailServer
	case settings.POP3:
		if _, err := fmt.Fprint(conn, "STLS\r\n"); err != nil {
			return err
		}
		line, err := readLine(br)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(line, "+OK") {
			return errors.New("STLS refused")
		}
		return nil
	default:
		if _, err := fmt.Fprint(conn, "EHLO mailsetup.invalid\r\n"); err != nil {
			return err
		}
		lines, err := smtpReply(br, "250")
		if err != nil {
			return err
		}
		offered := false
		for _, l := range lines {
			if strings.EqualFold(strings.TrimSpace(l[4:]), "STARTTLS") {
				offered = true
			}
		}
		if !offered {
			return errors.New("STARTTLS not offered")
		}
		if _, err := fmt.Fprint(conn, "STARTTLS\r\n"); err != nil {
			return err
		}
		_, err = smtpReply(br, "220")
		return err
	}
}

// smtpReply reads a (multi-line) SMTP reply and checks its code.
func smtpReply(br *bufio.Reader, code string) ([]string, error) {
	var lines []string
	for i := 0; i < maxProbeLines; i++ {
		line, err := readLine(br)
		if err != nil {
			return nil, err
		}
		if len(line) < 3 || line[:3] != code || (len(line) > 3 && line[3] != ' ' && line[3] != '-') {
			return nil, errNotMailServer
		}
		if len(line) == 3 {
			line += " "
		}
		lines = append(lines, line)
		if line[3] == ' ' {
			return lines, nil
		}
	}
	return nil, errNotMailServer
}

// readLine reads one CRLF- or LF-terminated line of at most maxProbeLine bytes.
func readLine(br *bufio.Reader) (string, error) {
	line, err := br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		return "", errors.New("line too long")
	}
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(line), "\r\n"), nil
}
