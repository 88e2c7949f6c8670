package domain

import (
	"fmt"
	"strconv"
	"strings"
)

// DMARCRecord is a parsed DMARC policy record (RFC 7489 §6.3).
type DMARCRecord struct {
	Policy          string   // p: none, quarantine, reject
	SubdomainPolicy string   // sp; "" = same as p
	ADKIM, ASPF     string   // "r" (relaxed, the default) or "s" (strict)
	Percent         int      // pct, 0-100; 100 when absent
	RUA, RUF        []string // report addresses (URIs)
	Tags            map[string]string
}

// DMARCSyntaxError says which tag of a record is wrong.
type DMARCSyntaxError struct {
	Tag    string
	Reason string
}

func (e *DMARCSyntaxError) Error() string {
	if e.Tag == "" {
		return "dmarc: " + e.Reason
	}
	return fmt.Sprintf("dmarc: %q: %s", e.Tag, e.Reason)
}

// IsDMARC reports whether a TXT record at _dmarc is a DMARC record: it starts
// with "v=DMARC1" (§6.6.3; records that do not are ignored).
func IsDMARC(txt string) bool {
	t := strings.TrimLeft(txt, " \t")
	v, rest, ok := strings.Cut(t, "=")
	if !ok || strings.TrimRight(v, " \t") != "v" {
		return false
	}
	rest = strings.TrimLeft(rest, " \t")
	return strings.HasPrefix(rest, "DMARC1") &&
		(len(rest) == 6 || strings.ContainsRune("; \t", rune(rest[6])))
}

// maxDMARCTags bounds the tags of one record; RFC 7489 defines eleven.
const maxDMARCTags = 64

// ParseDMARC parses a DMARC record following the grammar of RFC 7489 §6.4:
// "v=DMARC1" first, then tag=value pairs separated by ";", p required.
// Unknown tags are kept in Tags and otherwise ignored (§6.3).
func ParseDMARC(record string) (*DMARCRecord, error) {
	if len(record) > MaxRecordLength {
		return nil, &DMARCSyntaxError{Reason: "record too long"}
	}
	rec := &DMARCRecord{ADKIM: "r", ASPF: "r", Percent: 100, Tags: map[string]string{}}
	parts := strings.Split(record, ";")
	if len(parts) > maxDMARCTags {
		return nil, &DMARCSyntaxError{Reason: "too many tags"}
	}
	for i, part := range parts {
		part = strings.Trim(part, " \t")
		if part == "" {
			if i == len(parts)-1 || i > 0 {
				continue // a trailing ";" (and, leniently, an empty one)
			}
			return nil, &DMARCSyntaxError{Reason: `does not start with "v=DMARC1"`}
		}
		name, value, ok := strings.Cut(part, "=")
		name = strings.Trim(name, " \t")
		value = strings.Trim(value, " \t")
		if !ok || name == "" {
			return nil, &DMARCSyntaxError{Tag: part, Reason: "expected tag=value"}
		}
		for j := 0; j < len(part); j++ {
			if c := part[j]; c < 0x20 || c > 0x7e {
				if c != '\t' {
					return nil, &DMARCSyntaxError{Tag: name, Reason: "contains a character that is not printable ASCII"}
				}
			}
		}
		if i == 0 {
			if name != "v" || value != "DMARC1" {
				return nil, &DMARCSyntaxError{Reason: `does not start with "v=DMARC1"`}
			}
			continue
		}
		lname := strings.ToLower(name)
		if _, dup := rec.Tags[lname]; dup || lname == "v" {
			return nil, &DMARCSyntaxError{Tag: name, Reason: "tag repeated"}
		}
		rec.Tags[lname] = value
		var err error
		switch lname {
		case "p":
			rec.Policy, err = policyValue(value)
		case "sp":
			rec.SubdomainPolicy, err = policyValue(value)
		case "adkim":
			rec.ADKIM, err = alignmentValue(value)
		case "aspf":
			rec.ASPF, err = alignmentValue(value)
		case "pct":
			n, convErr := strconv.Atoi(value)
			if convErr != nil || n < 0 || n > 100 || len(value) > 3 {
				err = fmt.Errorf("must be a number from 0 to 100")
			}
			rec.Percent = n
		case "rua":
			rec.RUA, err = reportURIs(value)
		case "ruf":
			rec.RUF, err = reportURIs(value)
		case "fo":
			for _, o := range strings.Split(value, ":") {
				if o = strings.Trim(o, " \t"); o != "0" && o != "1" && o != "d" && o != "s" {
					err = fmt.Errorf("must be 0, 1, d or s, separated by ':'")
				}
			}
		case "rf":
			for _, o := range strings.Split(value, ":") {
				if !strings.EqualFold(strings.Trim(o, " \t"), "afrf") {
					err = fmt.Errorf(`must be "afrf"`)
				}
			}
		case "ri":
			if _, convErr := strconv.ParseUint(value, 10, 32); convErr != nil {
				err = fmt.Errorf("must be a number of seconds")
			}
		}
		if err != nil {
			return nil, &DMARCSyntaxError{Tag: name + "=" + value, Reason: err.Error()}
		}
	}
	if len(parts) == 0 || strings.Trim(parts[0], " \t") == "" {
		return nil, &DMARCSyntaxError{Reason: `does not start with "v=DMARC1"`}
	}
	if rec.Policy == "" {
		// §6.6.3: with no valid p, a record with rua is treated as p=none;
		// that is a receiver's fallback, still a broken record to fix.
		return nil, &DMARCSyntaxError{Reason: "the p= tag (policy) is missing"}
	}
	return rec, nil
}

func policyValue(v string) (string, error) {
	switch l := strings.ToLower(v); l {
	case "none", "quarantine", "reject":
		return l, nil
	}
	return "", fmt.Errorf("must be none, quarantine or reject")
}

func alignmentValue(v string) (string, error) {
	switch l := strings.ToLower(v); l {
	case "r", "s":
		return l, nil
	}
	return "", fmt.Errorf("must be r or s")
}

// reportURIs parses a comma-separated list of DMARC URIs (§6.4): a URI with a
// scheme, optionally followed by "!" and a size limit.
func reportURIs(v string) ([]string, error) {
	var out []string
	for _, u := range strings.Split(v, ",") {
		u = strings.Trim(u, " \t")
		if i := strings.LastIndexByte(u, '!'); i >= 0 {
			size := u[i+1:]
			if size != "" {
				unit := size[len(size)-1]
				if strings.ContainsRune("kmgtKMGT", rune(unit)) {
					size = size[:len(size)-1]
				}
				if _, err := strconv.ParseUint(size, 10, 64); err != nil {
					return nil, fmt.Errorf("bad size limit")
				}
			}
			u = u[:i]
		}
		scheme, rest, ok := strings.Cut(u, ":")
		if !ok || scheme == "" || rest == "" {
			return nil, fmt.Errorf("each address must look like mailto:reports@example.com")
		}
		for j := 0; j < len(scheme); j++ {
			c := scheme[j] | 0x20
			if !(c >= 'a' && c <= 'z' || j > 0 && (scheme[j] >= '0' && scheme[j] <= '9' || strings.ContainsRune("+-.", rune(scheme[j])))) {
				return nil, fmt.Errorf("each address must look like mailto:reports@example.com")
			}
		}
		if strings.EqualFold(scheme, "mailto") && !strings.Contains(rest, "@") {
			return nil, fmt.Errorf("each address must look like mailto:reports@example.com")
		}
		out = append(out, u)
	}
	return out, nil
}
