package domain

import (
	"context"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/mailsetup/mailsetup/i18n"
)

// DefaultSelectors are the DKIM selectors tried: the ones the big providers
// and the common hosting panels use. A selector is not published anywhere
// else, so a domain signing with another one is not found.
var DefaultSelectors = []string{
	"google",                 // Google Workspace
	"selector1", "selector2", // Microsoft 365
	"default", "dkim", "mail", // cPanel, Plesk, many hosts
	"k1", "k2", "k3", // Mailchimp/Mandrill and others
	"s1", "s2", // SendGrid and others
	"zmail",                                    // Zoho
	"protonmail", "protonmail2", "protonmail3", // Proton
	"fm1", "fm2", "fm3", // Fastmail
	"mxvault",                                          // MXroute
	"sig1",                                             // iCloud+
	"smtp", "mandrill", "everlytickey1", "hs1", "key1", // sending services
}

// DKIMKey is a parsed DKIM public key record (RFC 6376 §3.6.1).
type DKIMKey struct {
	Type    string // k: "rsa" (default) or "ed25519" (RFC 8463)
	Bits    int    // key size; 0 when revoked or unreadable
	Revoked bool   // p= is empty (§3.6.1)
	Testing bool   // t=y
}

// DKIMKeyError says why a key record cannot be used. Code is stable and
// names the translation of the explanation: too_long, syntax, no_key,
// base64, unreadable, not_rsa, ed25519_size, unknown_type.
type DKIMKeyError struct {
	Code   string
	Detail string // for developers; not shown to users
}

func (e *DKIMKeyError) Error() string { return "dkim: " + e.Code + ": " + e.Detail }

func dkimErr(code, format string, args ...any) error {
	return &DKIMKeyError{Code: code, Detail: fmt.Sprintf(format, args...)}
}

// ParseDKIMKey parses a DKIM key record and its public key.
func ParseDKIMKey(record string) (*DKIMKey, error) {
	if len(record) > 2*MaxRecordLength {
		return nil, dkimErr("too_long", "record longer than %d bytes", 2*MaxRecordLength)
	}
	k := &DKIMKey{Type: "rsa"}
	tags := map[string]string{}
	for i, part := range strings.Split(record, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, value, ok := strings.Cut(part, "=")
		if !ok {
			return nil, dkimErr("syntax", "expected tag=value in %q", part)
		}
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if _, dup := tags[name]; dup {
			return nil, dkimErr("syntax", "tag %q repeated", name)
		}
		tags[name] = value
		if name == "v" && (i != 0 || value != "DKIM1") {
			return nil, dkimErr("syntax", `"v=DKIM1" must come first`)
		}
	}
	if v, ok := tags["k"]; ok {
		k.Type = strings.ToLower(v)
	}
	for _, f := range strings.Split(tags["t"], ":") {
		if strings.TrimSpace(f) == "y" {
			k.Testing = true
		}
	}
	p, ok := tags["p"]
	if !ok {
		return nil, dkimErr("no_key", "the p= tag is missing")
	}
	// §3.6.1: white space may appear inside the base64 text.
	p = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, p)
	if p == "" {
		k.Revoked = true
		return k, nil
	}
	der, err := base64.StdEncoding.DecodeString(p)
	if err != nil {
		return nil, dkimErr("base64", "p= is not base64")
	}
	switch k.Type {
	case "rsa":
		// §3.6.1 asks for SubjectPublicKeyInfo; some publish a bare
		// RSAPublicKey, which verifiers also accept.
		pub, err := x509.ParsePKIXPublicKey(der)
		if err != nil {
			rk, err2 := x509.ParsePKCS1PublicKey(der)
			if err2 != nil {
				return nil, dkimErr("unreadable", "neither SubjectPublicKeyInfo nor RSAPublicKey")
			}
			pub = rk
		}
		rk, ok := pub.(*rsa.PublicKey)
		if !ok {
			return nil, dkimErr("not_rsa", "k=rsa but the key is %T", pub)
		}
		k.Bits = rk.N.BitLen()
	case "ed25519":
		// RFC 8463 §4.2: the raw 32-byte key, not wrapped.
		if len(der) != ed25519.PublicKeySize {
			return nil, dkimErr("ed25519_size", "%d bytes", len(der))
		}
		k.Bits = 256
	default:
		return nil, dkimErr("unknown_type", "k=%s", k.Type)
	}
	return k, nil
}

// minRSABits is the smallest RSA key verifiers still accept (RFC 8301 §3.2).
const minRSABits = 1024

// checkDKIM looks for keys at SELECTOR._domainkey.DOMAIN (RFC 6376 §3.6.2.1).
func checkDKIM(ctx context.Context, r *run) []Finding {
	sels := r.opts.Selectors
	found := make([][]string, len(sels))
	errs := make([]error, len(sels))
	// The selectors are many and all equal; they take at most half of the
	// queries in flight so that the MX → address → blocklist chain is not
	// queued behind them.
	share := make(chan struct{}, max(1, r.opts.MaxInFlight/2))
	var wg sync.WaitGroup
	for i, sel := range sels {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case share <- struct{}{}:
				defer func() { <-share }()
				found[i], errs[i] = r.dns.txt(ctx, sel+"._domainkey."+r.domain)
			case <-ctx.Done():
				errs[i] = timeoutError(sel)
			}
		}()
	}
	wg.Wait()

	var out []Finding
	unansweredCount := 0
	for i, sel := range sels {
		if unanswered(errs[i]) {
			unansweredCount++
			continue
		}
		if errs[i] != nil {
			continue
		}
		var keys []string
		for _, t := range found[i] {
			// A stray TXT (a wildcard, a verification token) is not a key
			// record; one that says v=DKIM1 is, even if it lacks its key.
			if strings.Contains(t, "p=") || strings.HasPrefix(strings.TrimSpace(t), "v=DKIM1") {
				keys = append(keys, t)
			}
		}
		if len(keys) == 0 {
			continue
		}
		out = append(out, judgeDKIM(sel, keys))
	}
	if len(out) > 0 {
		return out
	}
	f := Finding{Check: CheckDKIM, Status: Warning, Detail: map[string]any{}}
	if unansweredCount == len(sels) && len(sels) > 0 {
		f.Message, f.Advice = i18n.Msg("domain.dkim.unanswered"), i18n.Msg("domain.dns.unanswered.advice")
		f.Detail["issues"] = []string{"unanswered"}
		return []Finding{f}
	}
	f.Message = i18n.Msg("domain.dkim.none")
	f.Detail["selectors"] = sels
	f.Advice = i18n.Msg("domain.dkim.none.advice")
	if m, ok := r.waitMX(ctx); ok && m.name != "" {
		f.Advice = i18n.Msg("domain.dkim.none_provider.advice", "provider", m.name)
	}
	f.Detail["issues"] = []string{"missing"}
	return []Finding{f}
}

// judgeDKIM turns the key records of one selector into a finding.
func judgeDKIM(sel string, keys []string) Finding {
	f := Finding{Check: CheckDKIM, Record: strings.Join(keys, "\n"), Detail: map[string]any{"selector": sel}}
	if len(keys) > 1 {
		f.Status = Error
		f.Message, f.Advice = i18n.Msg("domain.dkim.duplicate", "selector", sel), i18n.Msg("domain.dkim.duplicate.advice")
		f.Detail["issues"] = []string{"duplicate"}
		return f
	}
	k, err := ParseDKIMKey(keys[0])
	switch {
	case err != nil:
		f.Status = Error
		code := "unreadable"
		var ke *DKIMKeyError
		if errors.As(err, &ke) {
			code = ke.Code
		}
		f.Message = i18n.Msg("domain.dkim.bad."+code, "selector", sel)
		f.Advice = i18n.Msg("domain.dkim.unreadable.advice")
		f.Detail["issues"] = []string{"unreadable"}
	case k.Revoked:
		f.Status = Warning
		f.Message, f.Advice = i18n.Msg("domain.dkim.revoked", "selector", sel), i18n.Msg("domain.dkim.revoked.advice")
		f.Detail["issues"] = []string{"revoked"}
	case k.Type == "rsa" && k.Bits < minRSABits:
		f.Status = Error
		f.Message = i18n.Msg("domain.dkim.weak", "selector", sel, "bits", itoa(k.Bits))
		f.Advice = i18n.Msg("domain.dkim.weak.advice")
		f.Detail["issues"] = []string{"weak_key"}
	case k.Testing:
		f.Status = Warning
		f.Message = i18n.Msg("domain.dkim.testing", "selector", sel)
		f.Advice = i18n.Msg("domain.dkim.testing.advice")
		f.Detail["issues"] = []string{"testing"}
	default:
		f.Status = OK
		f.Message = i18n.Msg("domain.dkim.ok", "selector", sel, "type", strings.ToUpper(k.Type), "bits", itoa(k.Bits))
		if k.Type == "rsa" && k.Bits < 2048 {
			// RFC 8301 §3.2: 1024 is the floor, 2048 what signers should use.
			f.Advice = i18n.Msg("domain.dkim.ok_1024.advice")
		}
	}
	if k != nil {
		f.Detail["key_type"] = k.Type
		f.Detail["key_bits"] = k.Bits
	}
	return f
}

// ValidSelector reports whether s can be a DKIM selector: dot-separated
// labels of letters, digits and hyphens (RFC 6376 §3.1), each at most 63
// characters; underscores are tolerated because some providers use them.
func ValidSelector(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}
