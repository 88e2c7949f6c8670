package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// prefsString quotes s as a string literal of Gecko's prefs grammar
// (modules/libpref/parser: escapes \" \' \\ \n \r \xNN \uNNNN; \u0000 is
// refused, and validation keeps NUL out of every value).
func prefsString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == 0:
			// Not representable; never reached after validation.
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// shellQuote makes s one word for a POSIX shell. Plain values stay bare, as
// .env readers (dotenv, Docker, systemd) like them; anything else is put in
// single quotes, or in double quotes with \ " $ ` escaped when it holds a
// single quote, which both sh and the dotenv parsers read back literally.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool { return !shellSafe(r) }) < 0 {
		return s
	}
	if !strings.ContainsRune(s, '\'') {
		return "'" + s + "'"
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r == '\\' || r == '"' || r == '$' || r == '`' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

func shellSafe(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("@%+=:,./_-", r)
}

// phpString quotes s as a single-quoted PHP literal, where only \\ and \'
// are escapes.
func phpString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// pythonString quotes s as a Python 3 literal. Go's quoting uses only
// escapes Python shares (\\ \" \n \t \xNN \uNNNN \UNNNNNNNN); the input is
// valid UTF-8, so \xNN only ever stands for a code point below 0x80.
func pythonString(s string) string { return strconv.Quote(s) }

// jsString quotes s as a JavaScript literal: a JSON string, which escapes
// U+2028 and U+2029 too.
func jsString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}
