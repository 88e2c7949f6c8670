package i18n

import (
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/assets"
)

var slotRE = regexp.MustCompile(`\{[a-z_][a-z0-9_]*\}`)

func slots(text string) []string {
	s := slotRE.FindAllString(text, -1)
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// Every area has a file per language, with the same keys and, per key, the
// same {slots}; keys carry their area's prefix.
func TestTranslationFilesMatch(t *testing.T) {
	if err := Check(); err != nil {
		t.Fatal(err)
	}
	files, err := fs.Glob(assets.Translations, "translations/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no translation files: %v", err)
	}
	areas := map[string]map[Lang]map[string]string{}
	for _, f := range files {
		base := strings.TrimSuffix(path.Base(f), ".json")
		dot := strings.LastIndex(base, ".")
		if dot < 0 {
			t.Errorf("%s: name must be <area>.<lang>.json", f)
			continue
		}
		area, lang := base[:dot], Lang(base[dot+1:])
		data, _ := assets.Translations.ReadFile(f)
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if areas[area] == nil {
			areas[area] = map[Lang]map[string]string{}
		}
		areas[area][lang] = m
		for k, v := range m {
			if !strings.HasPrefix(k, area+".") {
				t.Errorf("%s: key %q lacks the area prefix %q", f, k, area+".")
			}
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: key %q is empty", f, k)
			}
			if strings.Count(v, "{") != strings.Count(v, "}") {
				t.Errorf("%s: key %q has unbalanced braces: %q", f, k, v)
			}
		}
	}
	for area, langs := range areas {
		for _, l := range Langs {
			if langs[l] == nil {
				t.Errorf("area %s has no %s file", area, l)
			}
		}
		es, en := langs[ES], langs[EN]
		for k, v := range es {
			w, ok := en[k]
			if !ok {
				t.Errorf("%s: key %q is in es, not in en", area, k)
				continue
			}
			if a, b := slots(v), slots(w); !reflect.DeepEqual(a, b) {
				t.Errorf("%s: key %q has slots %v in es but %v in en", area, k, a, b)
			}
		}
		for k := range en {
			if _, ok := es[k]; !ok {
				t.Errorf("%s: key %q is in en, not in es", area, k)
			}
		}
	}
	if !reflect.DeepEqual(Keys(ES), Keys(EN)) {
		t.Error("the languages have different key sets")
	}
}

func TestT(t *testing.T) {
	if got := T(ES, "address.no_at"); !strings.Contains(got, "@") || got == "address.no_at" {
		t.Errorf("T = %q", got)
	}
	if got := T(EN, "no.such.key"); got != "no.such.key" {
		t.Errorf("unknown key gives %q", got)
	}
	if got := fill("Hola {name}, {name}: {n}", []string{"name", "Ana", "n", "{name}"}); got != "Hola Ana, Ana: {name}" {
		t.Errorf("fill = %q", got) // a value is never expanded again
	}
	if got := fill("x {a}", []string{"a"}); got != "x {a}" {
		t.Errorf("odd args: %q", got)
	}
	m := Msg("address.too_long")
	if m.In(ES) == m.In(EN) || Tr(EN, []Message{m})[0] != m.In(EN) {
		t.Error("Message rendering")
	}
	if (Text{ES: "hola"}).In(EN) != "hola" || (Text{EN: "hi"}).In(ES) != "hi" || (Text{ES: "a", EN: "b"}).In(ES) != "a" {
		t.Error("Text fallback")
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"es": ES, "EN": EN, "es_MX.UTF-8": ES, "en-GB": EN, "es@euro": ES} {
		if got, err := ParseLang(in); err != nil || got != want {
			t.Errorf("%q: %q %v", in, got, err)
		}
	}
	for _, in := range []string{"", "fr", "it_IT", "C", "spanish"} {
		if _, err := ParseLang(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestFromEnv(t *testing.T) {
	tests := []struct {
		env    map[string]string
		system []string
		want   Lang
	}{
		{map[string]string{"LANG": "es_ES.UTF-8"}, nil, ES},
		{map[string]string{"LANG": "es_MX.UTF-8"}, nil, ES},
		{map[string]string{"LANG": "en_US.UTF-8"}, []string{"es"}, EN},
		{map[string]string{"LANG": "it_IT.UTF-8"}, []string{"es"}, EN}, // unsupported: English, not the OS fallback
		{map[string]string{"LANG": "C"}, []string{"es-ES"}, ES},        // C says nothing: ask the OS
		{map[string]string{"LANG": "C.UTF-8"}, nil, EN},
		{map[string]string{"LANG": "POSIX"}, nil, EN},
		{map[string]string{"LC_ALL": "es_AR.UTF-8", "LANG": "en_US.UTF-8"}, nil, ES},
		{map[string]string{"LC_MESSAGES": "es_CL.UTF-8", "LANG": "en_US.UTF-8"}, nil, ES},
		{map[string]string{"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "es_ES.UTF-8"}, nil, EN},
		{map[string]string{"LANGUAGE": "es:en", "LANG": "en_US.UTF-8"}, nil, ES},
		{map[string]string{"LANGUAGE": "it:es", "LANG": "en_US.UTF-8"}, nil, ES}, // first supported of the list
		{map[string]string{"LANGUAGE": "it:fr", "LANG": "es_ES.UTF-8"}, nil, ES},
		{map[string]string{"LANGUAGE": "es", "LC_ALL": "C"}, nil, EN}, // gettext ignores LANGUAGE under C
		{map[string]string{}, []string{"es-419"}, ES},
		{map[string]string{}, []string{"de-DE", "es-ES"}, ES},
		{map[string]string{}, nil, EN},
	}
	for _, tt := range tests {
		got := fromLookup(func(k string) string { return tt.env[k] }, func() []string { return tt.system })
		if got != tt.want {
			t.Errorf("env %v system %v: %s, want %s", tt.env, tt.system, got, tt.want)
		}
	}
}

// Every literal key the code passes to i18n.T, c.T, i18n.Msg or i18n.NewError exists in
// both languages. Keys built at run time ("detect.source."+x) are checked by
// their packages' own tests.
func TestKeysUsedInCodeExist(t *testing.T) {
	root := ".."
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Skip("repository root not found")
	}
	calls := regexp.MustCompile(`(?:\bi18n\.T\(\s*[^,()"]+,\s*|\b[a-z]\w*\.T\(\s*|\bi18n\.Msg\(\s*|\bMsg\(\s*|\bi18n\.NewError\(\s*|\bNewError\(\s*)"([^"\\]+)"\s*[,)]`)
	keyLike := regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_-]+)+$`)
	found := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && p != root || d.Name() == "testdata" || d.Name() == "vendor") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range calls.FindAllSubmatch(data, -1) {
			key := string(m[1])
			if !keyLike.MatchString(key) {
				continue
			}
			found++
			for _, l := range Langs {
				if !Has(l, key) {
					t.Errorf("%s: key %q has no %s text", p, key, l)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 10 {
		t.Errorf("only %d keys found in the code: is the scan broken?", found)
	}
	t.Logf("%d literal keys checked", found)
}
