// Package i18n is mailsetup's translator. Every user-facing string exists in
// Spanish and English, in assets/translations/<area>.<lang>.json. Keys are
// stable identifiers; arguments fill {name} slots, so no sentence is ever
// built by joining translated fragments.
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/mailsetup/mailsetup/assets"
)

// Lang is a language the app speaks.
type Lang string

// Supported languages.
const (
	ES Lang = "es"
	EN Lang = "en"
)

// Langs lists the supported languages.
var Langs = []Lang{ES, EN}

// ParseLang accepts "es", "en" and locale forms such as "es_ES.UTF-8".
func ParseLang(s string) (Lang, error) {
	if l, ok := match(s); ok {
		return l, nil
	}
	return "", fmt.Errorf("language %q is not supported: use es or en", s)
}

func match(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, sep := range []string{"_", "-", ".", "@"} {
		s, _, _ = strings.Cut(s, sep)
	}
	switch s {
	case "es":
		return ES, true
	case "en":
		return EN, true
	}
	return "", false
}

// table is one language's catalogue, loaded on first use: a command-line run
// in Spanish never parses the English files.
type table struct {
	once sync.Once
	m    map[string]string
	err  error
}

var tables = map[Lang]*table{ES: {}, EN: {}}

func catalog(l Lang) map[string]string {
	t, ok := tables[l]
	if !ok {
		return nil
	}
	t.once.Do(func() { t.m, t.err = loadLang(l) })
	return t.m
}

func loadLang(l Lang) (map[string]string, error) {
	table := map[string]string{}
	files, err := fs.Glob(assets.Translations, "translations/*."+string(l)+".json")
	if err != nil {
		return table, err
	}
	for _, f := range files {
		data, err := assets.Translations.ReadFile(f)
		if err != nil {
			return table, err
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			return table, fmt.Errorf("i18n: %s: %v", f, err)
		}
		for k, v := range m {
			if _, dup := table[k]; dup {
				return table, fmt.Errorf("i18n: %s: key %q defined twice", f, k)
			}
			table[k] = v
		}
	}
	return table, nil
}

// Check returns an error if the translation files are broken: a file for an
// unknown language, bad JSON or a key defined twice. Tests call it.
func Check() error {
	files, err := fs.Glob(assets.Translations, "translations/*.json")
	if err != nil {
		return err
	}
	for _, f := range files {
		base := strings.TrimSuffix(path.Base(f), ".json")
		if _, ok := tables[Lang(base[strings.LastIndex(base, ".")+1:])]; !ok {
			return fmt.Errorf("i18n: %s: unknown language", f)
		}
	}
	for _, l := range Langs {
		catalog(l)
		if err := tables[l].err; err != nil {
			return err
		}
	}
	return nil
}

// Has reports whether key exists in language l.
func Has(l Lang, key string) bool {
	_, ok := catalog(l)[key]
	return ok
}

// Keys lists every key of language l, sorted.
func Keys(l Lang) []string {
	c := catalog(l)
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// T returns the text for key in language l with its {name} slots filled from
// args, given as name, value pairs. An unknown key comes back as itself so
// that a missing translation is visible, never a crash; a test makes sure
// none is missing.
func T(l Lang, key string, args ...string) string {
	text, ok := catalog(l)[key]
	if !ok {
		text, ok = catalog(EN)[key]
		if !ok {
			return key
		}
	}
	return fill(text, args)
}

func fill(text string, args []string) string {
	if len(args) < 2 || !strings.Contains(text, "{") {
		return text
	}
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{"+args[i]+"}", args[i+1])
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

// Text is a short text given in both languages, such as a provider note.
type Text struct {
	ES string `json:"es,omitempty"`
	EN string `json:"en,omitempty"`
}

// In returns the text in language l, falling back to the other language.
func (t Text) In(l Lang) string {
	if l == ES && t.ES != "" {
		return t.ES
	}
	if t.EN != "" {
		return t.EN
	}
	return t.ES
}

// IsZero reports whether the text is empty in both languages.
func (t Text) IsZero() bool { return t.ES == "" && t.EN == "" }

// Message is a translatable message kept as a key and arguments until it is
// shown, so that the engine need not know the reader's language.
type Message struct {
	Key  string
	Args []string // name, value pairs
}

// Msg builds a Message.
func Msg(key string, args ...string) Message { return Message{Key: key, Args: args} }

// In renders the message in language l.
func (m Message) In(l Lang) string { return T(l, m.Key, m.Args...) }

// Tr renders a list of messages in language l.
func Tr(l Lang, ms []Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.In(l)
	}
	return out
}
