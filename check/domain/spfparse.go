package domain

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// MaxRecordLength bounds the SPF and DMARC records parsed. A TXT record can
// be longer, but nothing legitimate is: an SPF answer must fit a 512-byte UDP
// reply in practice (RFC 7208 §3.4).
const MaxRecordLength = 4096

// maxTerms bounds the terms of one SPF record.
const maxTerms = 128

// SPFTerm is one directive or modifier of an SPF record (RFC 7208 §4.6.1).
type SPFTerm struct {
	// Qualifier is '+', '-', '~' or '?' for a mechanism (default '+'), 0 for a modifier.
	Qualifier byte
	// Name is the mechanism (all, include, a, mx, ptr, ip4, ip6, exists) or
	// modifier (redirect, exp, ...) name, in lower case.
	Name string
	// Value is the domain-spec, address or modifier value; "" if absent.
	Value string
	// Modifier is true for name=value terms.
	Modifier bool
}

// LooksUpDNS reports whether the term costs one of the ten DNS-querying terms
// RFC 7208 §4.6.4 allows.
func (t SPFTerm) LooksUpDNS() bool {
	if t.Modifier {
		return t.Name == "redirect"
	}
	switch t.Name {
	case "include", "a", "mx", "ptr", "exists":
		return true
	}
	return false
}

// SPFRecord is a parsed "v=spf1" record.
type SPFRecord struct {
	Terms []SPFTerm
}

// All returns the "all" mechanism, if any.
func (r *SPFRecord) All() (SPFTerm, bool) {
	for _, t := range r.Terms {
		if !t.Modifier && t.Name == "all" {
			return t, true
		}
	}
	return SPFTerm{}, false
}

// Modifier returns the value of the named modifier.
func (r *SPFRecord) Modifier(name string) (string, bool) {
	for _, t := range r.Terms {
		if t.Modifier && t.Name == name {
			return t.Value, true
		}
	}
	return "", false
}

// SPFSyntaxError says which term of a record is wrong.
type SPFSyntaxError struct {
	Term   string
	Reason string
}

func (e *SPFSyntaxError) Error() string {
	if e.Term == "" {
		return "spf: " + e.Reason
	}
	return fmt.Sprintf("spf: %q: %s", e.Term, e.Reason)
}

// IsSPF reports whether a TXT record is an SPF record: "v=spf1" alone or
// followed by a space (RFC 7208 §4.5), case-insensitive.
func IsSPF(txt string) bool {
	if len(txt) < 6 || !strings.EqualFold(txt[:6], "v=spf1") {
		return false
	}
	return len(txt) == 6 || txt[6] == ' '
}

// ParseSPF parses an SPF record following the grammar of RFC 7208 §12,
// macros included (§7.1). It checks the structure, not whether the names
// exist.
func ParseSPF(record string) (*SPFRecord, error) {
	if len(record) > MaxRecordLength {
		return nil, &SPFSyntaxError{Reason: "record too long"}
	}
	if !IsSPF(record) {
		return nil, &SPFSyntaxError{Reason: `does not start with "v=spf1"`}
	}
	rec := &SPFRecord{}
	seen := map[string]bool{}
	// §4.6.1: terms are separated by one or more spaces.
	for _, raw := range strings.Split(record[6:], " ") {
		if raw == "" {
			continue
		}
		if len(rec.Terms) == maxTerms {
			return nil, &SPFSyntaxError{Reason: "too many terms"}
		}
		t, err := parseSPFTerm(raw)
		if err != nil {
			return nil, err
		}
		if t.Modifier && (t.Name == "redirect" || t.Name == "exp") {
			// §6: these two must not appear more than once.
			if seen[t.Name] {
				return nil, &SPFSyntaxError{Term: raw, Reason: "modifier repeated"}
			}
			seen[t.Name] = true
		}
		rec.Terms = append(rec.Terms, t)
	}
	return rec, nil
}

func parseSPFTerm(raw string) (SPFTerm, error) {
	bad := func(reason string) (SPFTerm, error) { return SPFTerm{}, &SPFSyntaxError{Term: raw, Reason: reason} }
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c < 0x21 || c > 0x7e {
			return bad("contains a character that is not printable ASCII")
		}
	}
	// A modifier is name=value where name starts with a letter (§4.6.1).
	if eq := strings.IndexByte(raw, '='); eq > 0 && isModifierName(raw[:eq]) {
		name := strings.ToLower(raw[:eq])
		value := raw[eq+1:]
		if err := checkMacroString(value, name == "exp"); err != nil {
			return bad(err.Error())
		}
		if (name == "redirect" || name == "exp") && value == "" {
			return bad("needs a domain")
		}
		if name == "redirect" || name == "exp" {
			if err := checkDomainSpec(value); err != nil {
				return bad(err.Error())
			}
		}
		return SPFTerm{Name: name, Value: value, Modifier: true}, nil
	}
	t := SPFTerm{Qualifier: '+'}
	body := raw
	switch body[0] {
	case '+', '-', '~', '?':
		t.Qualifier = body[0]
		body = body[1:]
	}
	name, arg, hasArg := body, "", false
	if i := strings.IndexAny(body, ":/"); i >= 0 {
		name = body[:i]
		if body[i] == ':' {
			arg, hasArg = body[i+1:], true
		} else {
			arg = body[i:] // a CIDR length only, as in "a/24"
		}
	}
	t.Name = strings.ToLower(name)
	switch t.Name {
	case "all":
		if arg != "" || hasArg {
			return bad(`"all" takes no value`)
		}
	case "include", "exists":
		if !hasArg || arg == "" {
			return bad("needs a domain")
		}
		if err := checkDomainSpec(arg); err != nil {
			return bad(err.Error())
		}
		t.Value = arg
	case "a", "mx":
		spec, cidr := splitCIDR(arg)
		if hasArg && spec == "" {
			return bad("empty domain after ':'")
		}
		if spec != "" {
			if err := checkDomainSpec(spec); err != nil {
				return bad(err.Error())
			}
		}
		if err := checkDualCIDR(cidr); err != nil {
			return bad(err.Error())
		}
		t.Value = arg
	case "ptr":
		if hasArg {
			if arg == "" {
				return bad("empty domain after ':'")
			}
			if err := checkDomainSpec(arg); err != nil {
				return bad(err.Error())
			}
		} else if arg != "" {
			return bad(`"ptr" takes no prefix length`)
		}
		t.Value = arg
	case "ip4", "ip6":
		if !hasArg {
			return bad("needs an address")
		}
		addr, length, hasLen := strings.Cut(arg, "/")
		ip, err := netip.ParseAddr(addr)
		if err != nil || (t.Name == "ip4") != ip.Is4() || ip.Zone() != "" {
			return bad("not a valid " + map[string]string{"ip4": "IPv4", "ip6": "IPv6"}[t.Name] + " address")
		}
		if hasLen {
			maxLen := 32
			if t.Name == "ip6" {
				maxLen = 128
			}
			if !validLength(length, maxLen) {
				return bad("prefix length out of range")
			}
		}
		t.Value = arg
	default:
		if t.Name == "" {
			return bad("empty mechanism")
		}
		return bad("unknown mechanism")
	}
	return t, nil
}

// isModifierName: ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ) (§12).
func isModifierName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// splitCIDR separates "domain/24//64" into the domain-spec and the lengths.
func splitCIDR(arg string) (spec, cidr string) {
	if i := strings.IndexByte(arg, '/'); i >= 0 {
		return arg[:i], arg[i:]
	}
	return arg, ""
}

// checkDualCIDR accepts "", "/n", "//m" and "/n//m" (§5.6).
func checkDualCIDR(c string) error {
	if c == "" {
		return nil
	}
	v4, v6, dual := strings.Cut(c, "//")
	if v4 != "" {
		if !strings.HasPrefix(v4, "/") || !validLength(v4[1:], 32) {
			return fmt.Errorf("bad IPv4 prefix length")
		}
	}
	if dual && !validLength(v6, 128) {
		return fmt.Errorf("bad IPv6 prefix length")
	}
	return nil
}

// validLength accepts a decimal without leading zeros from 0 to max (§5.6).
func validLength(s string, max int) bool {
	if s == "" || len(s) > 3 || (len(s) > 1 && s[0] == '0') {
		return false
	}
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0 && n <= max
}

// checkDomainSpec: macro-string domain-end (§7.1). The domain-end is either a
// macro expansion or a top label that is not all digits.
func checkDomainSpec(s string) error {
	if err := checkMacroString(s, false); err != nil {
		return err
	}
	if strings.HasSuffix(s, "}") {
		return nil // ends with a macro expansion
	}
	trimmed := strings.TrimSuffix(s, ".")
	dot := strings.LastIndexByte(trimmed, '.')
	if dot < 0 {
		return fmt.Errorf("not a domain name")
	}
	top := trimmed[dot+1:]
	if top == "" || len(top) > 63 {
		return fmt.Errorf("not a domain name")
	}
	digits := true
	for i := 0; i < len(top); i++ {
		c := top[i]
		switch {
		case c >= '0' && c <= '9':
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			digits = false
		case c == '-' && i > 0 && i < len(top)-1:
			digits = false
		default:
			return fmt.Errorf("not a domain name")
		}
	}
	if digits {
		return fmt.Errorf("not a domain name")
	}
	if !strings.Contains(s, "%") {
		for _, label := range strings.Split(trimmed, ".") {
			if label == "" || len(label) > 63 {
				return fmt.Errorf("not a domain name")
			}
		}
	}
	return nil
}

// checkMacroString validates "%{...}", "%%", "%_" and "%-" (§7.1). The
// letters c, r and t are allowed only in an exp= explanation.
func checkMacroString(s string, exp bool) error {
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		if i+1 >= len(s) {
			return fmt.Errorf("lone %% at the end")
		}
		switch s[i+1] {
		case '%', '_', '-':
			i++
			continue
		case '{':
		default:
			return fmt.Errorf("%% must be followed by {, %%, _ or -")
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return fmt.Errorf("macro not closed")
		}
		body := s[i+2 : i+end]
		if body == "" {
			return fmt.Errorf("empty macro")
		}
		letter := body[0] | 0x20 // lower case; macro letters are case-insensitive (URL-escaping flag)
		switch letter {
		case 's', 'l', 'o', 'd', 'i', 'p', 'h', 'v':
		case 'c', 'r', 't':
			if !exp {
				return fmt.Errorf("macro letter %q is only allowed in exp", body[0])
			}
		default:
			return fmt.Errorf("unknown macro letter %q", body[0])
		}
		rest := body[1:]
		j := 0
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if j > 0 && !validLength(rest[:j], 128) {
			return fmt.Errorf("bad macro digit count")
		}
		if j < len(rest) && (rest[j] == 'r' || rest[j] == 'R') {
			j++
		}
		for ; j < len(rest); j++ {
			if !strings.ContainsRune(".-+,/_=", rune(rest[j])) {
				return fmt.Errorf("bad macro delimiter %q", rest[j])
			}
		}
		i += end
	}
	return nil
}

// hasMacro reports whether a domain-spec needs expansion before it can be
// looked up; such names are counted but not followed.
func hasMacro(s string) bool { return strings.Contains(s, "%") }

// String writes the term back in record syntax.
func (t SPFTerm) String() string {
	if t.Modifier {
		return t.Name + "=" + t.Value
	}
	s := t.Name
	if t.Qualifier != '+' && t.Qualifier != 0 {
		s = string(t.Qualifier) + s
	}
	switch {
	case t.Value == "":
	case (t.Name == "a" || t.Name == "mx") && strings.HasPrefix(t.Value, "/"):
		s += t.Value // a prefix length alone, as in "mx/24"
	default:
		s += ":" + t.Value
	}
	return s
}

// String writes the record back in its canonical form: "v=spf1" and the
// terms separated by single spaces.
func (r *SPFRecord) String() string {
	var b strings.Builder
	b.WriteString("v=spf1")
	for _, t := range r.Terms {
		b.WriteByte(' ')
		b.WriteString(t.String())
	}
	return b.String()
}
