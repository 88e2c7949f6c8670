package export

import (
	"strings"
	"testing"
)

func TestPrefsStringRoundTrip(t *testing.T) {
	for _, s := range []string{"", "plain", `quote " and back\slash`, "it's", "line\nbreak\r\n", "tab\there\x01\x1f\x7f",
		"Ñandú José Müller 漢字 🎉", "\u2028\u2029", `\u0041 is not an escape here`, "%EMAILADDRESS%", "*/ // # /*"} {
		line := pref{"x.y", s}.line()
		f, err := parsePrefs([]byte(line))
		if err != nil || f.errors != 0 {
			t.Fatalf("%q: %v (%d errors) in %s", s, err, f.errors, line)
		}
		if got := f.str("x.y"); got != s {
			t.Errorf("round trip of %q gave %q (line %s)", s, got, line)
		}
	}
}

func TestParsePrefsGrammar(t *testing.T) {
	src := `# python comment
// Mozilla User Preferences
/* block
   comment user_pref("hidden", 1); */
user_pref("a.string", "x\"y\\z");
user_pref('single', 'it\'s');
user_pref("int.neg", -42);
user_pref("int.pos", +7);
user_pref("bool", true);
pref("default.pref", false, sticky);
user_pref("escapes", "\x41\u00f1\ud83c\udf89");
user_pref("broken", );
user_pref("bad.escape", "\q");
user_pref("nul", "\u0000");
user_pref("too.big", 2147483648);
user_pref("after.errors", "ok");
user_pref("a.string", "last wins");`
	f, err := parsePrefs([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"single": "it's", "int.neg": -42, "int.pos": 7, "bool": true, "default.pref": false,
		"escapes": "Añ🎉", "after.errors": "ok", "a.string": "last wins",
	}
	for k, v := range want {
		if got, _ := f.get(k); got != v {
			t.Errorf("%s = %#v, want %#v", k, got, v)
		}
	}
	for _, k := range []string{"hidden", "broken", "bad.escape", "nul", "too.big"} {
		if _, ok := f.get(k); ok {
			t.Errorf("%s should not parse", k)
		}
	}
	if f.errors != 4 {
		t.Errorf("errors = %d, want 4", f.errors)
	}
}

func TestParsePrefsBounded(t *testing.T) {
	if _, err := parsePrefs(make([]byte, maxPrefsBytes+1)); err != errPrefsTooLarge {
		t.Fatalf("err = %v", err)
	}
	// An unterminated string or comment ends the file, it does not loop.
	for _, s := range []string{`user_pref("a", "never closed`, `/* never closed`, `user_pref(`, "\x00user_pref(\"a\", 1);"} {
		f, err := parsePrefs([]byte(s))
		if err != nil || len(f.entries) != 0 {
			t.Errorf("%q: %v %v", s, err, f.entries)
		}
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"smtp.example.es":   "smtp.example.es",
		"Ana Pérez":         "'Ana Pérez'",
		"O'Brien":           `"O'Brien"`,
		`O'B "$x" \ ` + "`": `"O'B \"\$x\" \\ \` + "`" + `"`,
		"":                  "''",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
		if back, err := shellWord(shellQuote(in)); err != nil || back != in {
			t.Errorf("shellWord(shellQuote(%q)) = %q, %v", in, back, err)
		}
	}
}

func TestEscapers(t *testing.T) {
	in := `a'b"c\d` + "\u2028"
	if got := phpString(in); got != `'a\'b"c\\d`+"\u2028'" {
		t.Errorf("phpString = %s", got)
	}
	if got := jsString(in); !strings.Contains(got, `\u2028`) || !strings.HasPrefix(got, `"a'b\"c\\d`) {
		t.Errorf("jsString = %s", got)
	}
	if got, err := unquotePython(pythonString(in)); err != nil || got != in {
		t.Errorf("pythonString round trip = %q, %v", got, err)
	}
}

func TestASCIIFold(t *testing.T) {
	for in, want := range map[string]string{
		"José Muñoz":           "Jose Munoz",
		"Ægir Øster-Straße":    "AEgir Oster-Strasse",
		"  María   «Mery»  ":   `Maria "Mery"`,
		"山田 太郎":                "",
		"Łukasz Żółć ¿qué?":    "Lukasz Zolc ?que?",
		"tab\there":            "tab here",
		"Ελένη (Helen)":        "(Helen)",
		"d'Artagnan & Cía.":    "d'Artagnan & Cia.",
		"Nguyễn Thị Minh Khai": "Nguyen Thi Minh Khai",
	} {
		if got := asciiFold(in); got != want {
			t.Errorf("asciiFold(%q) = %q, want %q", in, got, want)
		}
	}
}
