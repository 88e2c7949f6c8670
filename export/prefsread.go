package export

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Limits for reading a prefs file. A heavily used profile's prefs.js is a
// few hundred KiB; anything near these bounds is not a prefs file.
const (
	maxPrefsBytes   = 32 << 20
	maxPrefsEntries = 500_000
)

var errPrefsTooLarge = errors.New("prefs file too large")

// prefEntry is one statement of a prefs file, with its byte span so that a
// merge can drop it while keeping every other byte as it was.
type prefEntry struct {
	Name       string
	Value      any // string, int or bool
	Start, End int // data[Start:End] is the statement, ';' included
}

// prefsFile is a parsed prefs.js or user.js. Like Gecko, the last
// statement for a name wins.
type prefsFile struct {
	entries []prefEntry
	last    map[string]int
	errors  int // statements skipped as malformed (Gecko skips them too)
	// open says the file ends inside a string or a /* comment, or holds a
	// NUL (which Gecko reads as the end): text appended to it would be
	// swallowed, so a merge must refuse.
	open bool
}

func (f *prefsFile) get(name string) (any, bool) {
	i, ok := f.last[name]
	if !ok {
		return nil, false
	}
	return f.entries[i].Value, true
}

func (f *prefsFile) str(name string) string {
	v, _ := f.get(name)
	s, _ := v.(string)
	return s
}

func (f *prefsFile) int(name string) (int, bool) {
	v, _ := f.get(name)
	n, ok := v.(int)
	return n, ok
}

// parsePrefs reads the prefs grammar of Gecko's libpref parser: statements
// pref/user_pref/sticky_pref/lockPref("name", value[, attrs]); with
// #, // and /* */ comments. A malformed statement is skipped up to the next
// ';', as Gecko does, and counted.
func parsePrefs(data []byte) (*prefsFile, error) {
	if len(data) > maxPrefsBytes {
		return nil, errPrefsTooLarge
	}
	lx := &prefsLexer{s: data}
	f := &prefsFile{last: map[string]int{}}
	for {
		tok := lx.next()
		if tok.kind == tEOF {
			f.open = lx.open || bytes.IndexByte(data, 0) >= 0
			return f, nil
		}
		if len(f.entries) >= maxPrefsEntries {
			return nil, errPrefsTooLarge
		}
		start := tok.pos
		e, ok := lx.statement(tok)
		if !ok {
			f.errors++
			lx.skipPast(';')
			continue
		}
		e.Start, e.End = start, lx.i
		f.last[e.Name] = len(f.entries)
		f.entries = append(f.entries, e)
	}
}

type tokKind int

const (
	tEOF tokKind = iota
	tKeyword
	tString
	tInt
	tChar // one of ( ) , ; + -
	tBad
)

type token struct {
	kind tokKind
	pos  int
	text string // keyword or decoded string
	n    uint64 // int value
	ch   byte
}

type prefsLexer struct {
	s    []byte
	i    int
	open bool // the input ended inside a string or a comment
}

// statement parses the rest of a statement that starts with tok.
func (lx *prefsLexer) statement(tok token) (prefEntry, bool) {
	var e prefEntry
	if tok.kind != tKeyword {
		return e, false
	}
	switch tok.text {
	case "pref", "user_pref", "sticky_pref", "lockPref":
	default:
		return e, false
	}
	if !lx.char('(') {
		return e, false
	}
	name := lx.next()
	if name.kind != tString || !lx.char(',') {
		return e, false
	}
	e.Name = name.text
	v := lx.next()
	switch {
	case v.kind == tString:
		e.Value = v.text
	case v.kind == tKeyword && (v.text == "true" || v.text == "false"):
		e.Value = v.text == "true"
	case v.kind == tInt && v.n <= 1<<31-1:
		e.Value = int(v.n)
	case v.kind == tChar && (v.ch == '-' || v.ch == '+'):
		n := lx.next()
		if n.kind != tInt || n.n > 1<<31 || (v.ch == '+' && n.n > 1<<31-1) {
			return e, false
		}
		x := int(n.n)
		if v.ch == '-' {
			x = -x
		}
		e.Value = x
	default:
		return e, false
	}
	for {
		t := lx.next()
		if t.kind == tChar && t.ch == ')' {
			break
		}
		// Attributes (sticky, locked) only occur in default prefs files.
		if t.kind != tChar || t.ch != ',' {
			return e, false
		}
		if a := lx.next(); a.kind != tKeyword {
			return e, false
		}
	}
	return e, lx.char(';')
}

func (lx *prefsLexer) char(c byte) bool {
	t := lx.next()
	return t.kind == tChar && t.ch == c
}

// skipPast moves beyond the next c (or to the end).
func (lx *prefsLexer) skipPast(c byte) {
	for lx.i < len(lx.s) {
		lx.i++
		if lx.s[lx.i-1] == c {
			return
		}
	}
}

func (lx *prefsLexer) next() token {
	lx.skipSpace()
	if lx.i >= len(lx.s) || lx.s[lx.i] == 0 { // NUL means EOF in Gecko's grammar
		return token{kind: tEOF, pos: lx.i}
	}
	pos, c := lx.i, lx.s[lx.i]
	switch {
	case c == '(' || c == ')' || c == ',' || c == ';' || c == '+' || c == '-':
		lx.i++
		return token{kind: tChar, pos: pos, ch: c}
	case c == '"' || c == '\'':
		return lx.str(c)
	case c >= '0' && c <= '9':
		var n uint64
		for lx.i < len(lx.s) && lx.s[lx.i] >= '0' && lx.s[lx.i] <= '9' {
			if n < 1<<40 {
				n = n*10 + uint64(lx.s[lx.i]-'0')
			}
			lx.i++
		}
		return token{kind: tInt, pos: pos, n: n}
	case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		for lx.i < len(lx.s) && (lx.s[lx.i] == '_' || isAlnum(lx.s[lx.i])) {
			lx.i++
		}
		return token{kind: tKeyword, pos: pos, text: string(lx.s[pos:lx.i])}
	}
	lx.i++
	return token{kind: tBad, pos: pos}
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (lx *prefsLexer) skipSpace() {
	for lx.i < len(lx.s) {
		c := lx.s[lx.i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			lx.i++
		case c == '#':
			lx.skipLine()
		case c == '/' && lx.i+1 < len(lx.s) && lx.s[lx.i+1] == '/':
			lx.skipLine()
		case c == '/' && lx.i+1 < len(lx.s) && lx.s[lx.i+1] == '*':
			end := bytes.Index(lx.s[lx.i+2:], []byte("*/"))
			if end < 0 {
				lx.i = len(lx.s)
				lx.open = true
			} else {
				lx.i += 2 + end + 2
			}
		default:
			return
		}
	}
}

func (lx *prefsLexer) skipLine() {
	for lx.i < len(lx.s) && lx.s[lx.i] != '\n' && lx.s[lx.i] != '\r' {
		lx.i++
	}
}

// str decodes a quoted string: \" \' \\ \n \r \xNN \uNNNN (surrogate pairs
// joined); any other escape, \x00/\u0000 or a missing end quote is bad.
func (lx *prefsLexer) str(quote byte) token {
	pos := lx.i
	lx.i++
	var b strings.Builder
	bad := token{kind: tBad, pos: pos}
	for {
		if lx.i >= len(lx.s) || lx.s[lx.i] == 0 {
			lx.open = true
			return bad
		}
		c := lx.s[lx.i]
		lx.i++
		if c == quote {
			return token{kind: tString, pos: pos, text: b.String()}
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if lx.i >= len(lx.s) {
			return bad
		}
		e := lx.s[lx.i]
		lx.i++
		switch e {
		case '"', '\'', '\\':
			b.WriteByte(e)
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 'x':
			v, ok := lx.hex(2)
			if !ok || v == 0 {
				return bad
			}
			b.WriteByte(byte(v))
		case 'u':
			v, ok := lx.hex(4)
			if !ok || v == 0 {
				return bad
			}
			r := rune(v)
			if utf16.IsSurrogate(r) {
				if lx.i+1 < len(lx.s) && lx.s[lx.i] == '\\' && lx.s[lx.i+1] == 'u' {
					lx.i += 2
					lo, ok := lx.hex(4)
					if !ok {
						return bad
					}
					r = utf16.DecodeRune(r, rune(lo))
				} else {
					r = utf8.RuneError
				}
			}
			b.WriteRune(r)
		default:
			return bad
		}
	}
}

func (lx *prefsLexer) hex(n int) (uint64, bool) {
	if lx.i+n > len(lx.s) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(lx.s[lx.i:lx.i+n]), 16, 32)
	if err != nil {
		return 0, false
	}
	lx.i += n
	return v, true
}
