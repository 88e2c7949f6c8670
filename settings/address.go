// Package settings holds the vocabulary shared by every part of mailsetup: an
// Account and its Address, the Servers that serve it, and the Config that
// discovery produces and the checks and exports consume.
package settings

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// MaxAddressLength is the longest address accepted, in bytes (RFC 5321 §4.5.3.1.3
// limits a path to 256 octets including the angle brackets).
const MaxAddressLength = 254

// Address is an email address as the user typed it, normalised: the local part
// kept exactly, the domain lower-cased, in Unicode for display and in ASCII
// (A-labels, RFC 5890) for DNS.
type Address struct {
	Local       string // as typed
	Domain      string // Unicode, lower case: what the user recognises
	ASCIIDomain string // A-label form: what DNS and servers see
}

// String returns the normalised address with the Unicode domain.
func (a Address) String() string { return a.Local + "@" + a.Domain }

// ASCII returns the address with the domain in A-label form.
func (a Address) ASCII() string { return a.Local + "@" + a.ASCIIDomain }

// IsZero reports whether the address is empty.
func (a Address) IsZero() bool { return a.Local == "" && a.Domain == "" }

// AddressError says precisely why an address was refused. Reason is a stable
// identifier, also the i18n key suffix ("address.<reason>").
type AddressError struct {
	Reason string
}

// Reasons an address is refused.
const (
	ReasonEmpty        = "empty"
	ReasonNoAt         = "no_at"
	ReasonManyAt       = "many_at"
	ReasonSpace        = "space"
	ReasonControl      = "control"
	ReasonTooLong      = "too_long"
	ReasonEmptyLocal   = "empty_local"
	ReasonEmptyDomain  = "empty_domain"
	ReasonEmptyLabel   = "empty_label"
	ReasonTrailingDot  = "trailing_dot"
	ReasonBadDomain    = "bad_domain"
	ReasonInvalidUTF8  = "invalid_utf8"
	ReasonLocalTooLong = "local_too_long"
	ReasonNoDot        = "no_dot"
)

func (e *AddressError) Error() string { return "invalid address: " + e.Reason }

// Key is the translation key of the reason.
func (e *AddressError) Key() string { return "address." + e.Reason }

// ParseAddress validates and normalises an address. It trims surrounding white
// space, lower-cases the domain, keeps the local part as typed and converts an
// internationalised domain to A-labels (josé@españa.es is valid).
func ParseAddress(s string) (Address, error) {
	if len(s) > 4*MaxAddressLength {
		// Bound the work done on hostile input before looking at it.
		return Address{}, &AddressError{ReasonTooLong}
	}
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return Address{}, &AddressError{ReasonEmpty}
	case !utf8.ValidString(s):
		return Address{}, &AddressError{ReasonInvalidUTF8}
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return Address{}, &AddressError{ReasonControl}
		}
		if unicode.IsSpace(r) {
			return Address{}, &AddressError{ReasonSpace}
		}
	}
	if len(s) > MaxAddressLength {
		return Address{}, &AddressError{ReasonTooLong}
	}
	switch strings.Count(s, "@") {
	case 0:
		return Address{}, &AddressError{ReasonNoAt}
	case 1:
	default:
		return Address{}, &AddressError{ReasonManyAt}
	}
	local, domain, _ := strings.Cut(s, "@")
	if local == "" {
		return Address{}, &AddressError{ReasonEmptyLocal}
	}
	if len(local) > 64 {
		return Address{}, &AddressError{ReasonLocalTooLong}
	}
	uni, ascii, err := NormaliseDomain(domain)
	if err != nil {
		return Address{}, err
	}
	if !strings.Contains(ascii, ".") {
		return Address{}, &AddressError{ReasonNoDot}
	}
	return Address{Local: local, Domain: uni, ASCIIDomain: ascii}, nil
}

// NormaliseDomain checks a domain name and returns it in lower-case Unicode and
// in A-label form. Errors are *AddressError.
func NormaliseDomain(domain string) (unicodeForm, asciiForm string, err error) {
	domain = strings.TrimSpace(domain)
	switch {
	case domain == "":
		return "", "", &AddressError{ReasonEmptyDomain}
	case strings.HasSuffix(domain, "."):
		return "", "", &AddressError{ReasonTrailingDot}
	}
	for _, label := range strings.Split(domain, ".") {
		if label == "" {
			return "", "", &AddressError{ReasonEmptyLabel}
		}
	}
	ascii, err := idna.Lookup.ToASCII(domain)
	if err != nil || len(ascii) > 253 {
		return "", "", &AddressError{ReasonBadDomain}
	}
	// idna.Lookup does not check DNS lengths: a label is at most 63 octets
	// (RFC 1035 §2.3.4).
	for _, label := range strings.Split(ascii, ".") {
		if len(label) > 63 {
			return "", "", &AddressError{ReasonBadDomain}
		}
	}
	uni, err := idna.Display.ToUnicode(ascii)
	if err != nil {
		return "", "", &AddressError{ReasonBadDomain}
	}
	// A label "xn--" passes ToASCII but decodes to nothing ("0@xn--.es"
	// would be shown as "0@.es"): every label must still be there.
	for _, label := range strings.Split(uni, ".") {
		if label == "" {
			return "", "", &AddressError{ReasonBadDomain}
		}
	}
	return strings.ToLower(uni), ascii, nil
}

// IsAddressError reports whether err is an *AddressError.
func IsAddressError(err error) bool {
	var ae *AddressError
	return errors.As(err, &ae)
}
