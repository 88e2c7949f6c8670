package domain

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/mailsetup/mailsetup/i18n"
)

// maxPolicySize bounds the policy file read (RFC 8461 §3.3 suggests 64 KiB).
const maxPolicySize = 64 << 10

// maxPolicyMX bounds the mx: lines of a policy.
const maxPolicyMX = 64

// MTASTSPolicy is a parsed MTA-STS policy file (RFC 8461 §3.2).
type MTASTSPolicy struct {
	Mode   string   // enforce, testing, none
	MX     []string // host patterns; "*.example.com" matches one leftmost label
	MaxAge int      // seconds
}

// ParseMTASTSPolicy parses the "key: value" lines of a policy file.
func ParseMTASTSPolicy(data []byte) (*MTASTSPolicy, error) {
	p := &MTASTSPolicy{MaxAge: -1}
	version := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 1024), maxPolicySize)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("line without ':' %q", line)
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		switch key {
		case "version":
			version = value
		case "mode":
			p.Mode = value
		case "mx":
			if len(p.MX) == maxPolicyMX {
				return nil, errors.New("too many mx lines")
			}
			p.MX = append(p.MX, strings.ToLower(strings.TrimSuffix(value, ".")))
		case "max_age":
			n, err := strconv.Atoi(value)
			if err != nil || n < 0 || n > 31557600 || len(value) > 10 {
				return nil, fmt.Errorf("bad max_age %q", value)
			}
			p.MaxAge = n
		}
		// §3.2: unknown keys are ignored.
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	switch {
	case version != "STSv1":
		return nil, errors.New(`version must be "STSv1"`)
	case p.Mode != "enforce" && p.Mode != "testing" && p.Mode != "none":
		return nil, fmt.Errorf("bad mode %q", p.Mode)
	case p.MaxAge < 0:
		return nil, errors.New("max_age missing")
	case len(p.MX) == 0 && p.Mode != "none":
		return nil, errors.New("no mx line")
	}
	return p, nil
}

// Matches reports whether an MX host is allowed by the policy (§4.1): exact,
// or a "*." pattern standing for exactly one leftmost label.
func (p *MTASTSPolicy) Matches(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, pat := range p.MX {
		if rest, ok := strings.CutPrefix(pat, "*."); ok {
			if _, parent, found := strings.Cut(host, "."); found && parent == rest {
				return true
			}
		} else if pat == host {
			return true
		}
	}
	return false
}

// policyError says why the policy file could not be used; Code names the
// message: unreachable, tls, status, syntax.
type policyError struct {
	Code string
	Err  error
}

func (e *policyError) Error() string { return "mta-sts policy: " + e.Code + ": " + e.Err.Error() }

// fetchPolicy gets https://mta-sts.DOMAIN/.well-known/mta-sts.txt (§3.3):
// through the run's dialer and trust roots, no redirects, bounded in size.
func fetchPolicy(ctx context.Context, r *run) (*MTASTSPolicy, error) {
	host := "mta-sts." + r.domain
	tr := &http.Transport{
		DialContext:            r.opts.Dialer.DialContext,
		TLSClientConfig:        &tls.Config{ServerName: host, RootCAs: r.opts.RootCAs, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    r.opts.Timeout,
		ResponseHeaderTimeout:  r.opts.Timeout,
		MaxResponseHeaderBytes: 32 << 10,
		DisableKeepAlives:      true,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse // §3.3: redirects must not be followed
	}}
	ctx, cancel := context.WithTimeout(ctx, 2*r.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://"+host+"/.well-known/mta-sts.txt", nil)
	if err != nil {
		return nil, &policyError{"unreachable", err}
	}
	resp, err := client.Do(req)
	if err != nil {
		var certErr *tls.CertificateVerificationError
		var hostErr x509.HostnameError
		var authErr x509.UnknownAuthorityError
		var invalidErr x509.CertificateInvalidError
		if errors.As(err, &certErr) || errors.As(err, &hostErr) || errors.As(err, &authErr) || errors.As(err, &invalidErr) {
			return nil, &policyError{"tls", err}
		}
		return nil, &policyError{"unreachable", err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &policyError{"status", fmt.Errorf("HTTP %d", resp.StatusCode)}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPolicySize+1))
	if err != nil {
		return nil, &policyError{"unreachable", err}
	}
	if len(body) > maxPolicySize {
		return nil, &policyError{"syntax", errors.New("policy larger than 64 KiB")}
	}
	p, err := ParseMTASTSPolicy(body)
	if err != nil {
		return nil, &policyError{"syntax", err}
	}
	return p, nil
}

// judgePolicy fetches the policy behind a valid _mta-sts record and turns it
// into the finding: enforce with an MX outside the policy is an error
// (senders that honour it will refuse to deliver).
func judgePolicy(ctx context.Context, r *run, f *Finding) {
	p, err := fetchPolicy(ctx, r)
	if err != nil {
		code := "unreachable"
		var pe *policyError
		if errors.As(err, &pe) {
			code = pe.Code
		}
		f.Status = Warning
		f.Message = i18n.Msg("domain.mta-sts.policy_"+code, "url", "https://mta-sts."+r.domain+"/.well-known/mta-sts.txt")
		f.Advice = i18n.Msg("domain.mta-sts.policy.advice")
		f.Detail["issues"] = []string{"policy_" + code}
		return
	}
	f.Detail["mode"] = p.Mode
	f.Detail["max_age"] = p.MaxAge
	m, ok := r.waitMX(ctx)
	var outside []string
	if ok {
		for _, h := range m.hosts {
			if !p.Matches(h) {
				outside = append(outside, h)
			}
		}
	}
	switch {
	case len(outside) > 0 && p.Mode == "enforce":
		f.Status = Error
		f.Message = i18n.Msg("domain.mta-sts.mx_outside", "hosts", strings.Join(outside, ", "))
		f.Advice = i18n.Msg("domain.mta-sts.mx_outside.advice")
		f.Detail["issues"] = []string{"mx_outside"}
	case len(outside) > 0 && p.Mode == "testing":
		f.Status = Warning
		f.Message = i18n.Msg("domain.mta-sts.mx_outside_testing", "hosts", strings.Join(outside, ", "))
		f.Advice = i18n.Msg("domain.mta-sts.mx_outside.advice")
		f.Detail["issues"] = []string{"mx_outside"}
	default:
		f.Status = OK
		f.Message = i18n.Msg("domain.mta-sts.ok_" + p.Mode)
	}
}
