package export

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// FuzzWriters feeds hostile display names, local parts and user names to
// every writer: each must either refuse with an *Error or write output that
// its reader parses back with the values intact. New failures are kept in
// testdata/fuzz/FuzzWriters.
func FuzzWriters(f *testing.F) {
	for _, seed := range [][3]string{
		{"Ana Pérez", "ana", "ana@example.es"},
		{hostileName, `o'bri"en\x$`, `dom\user "x" 'y' $z`},
		{`</displayName><password>x</password>`, "a&b", "]]><!--"},
		{`"); user_pref("mail.server.server1.password", "x`, "x", `\"`},
		{"?> <?php system('id'); ?>", "a?>b", "*/ alert(1) /*"},
		{"'; DROP TABLE --", "$(id)", "`id`"},
		{"\u2028\u2029 line seps", "u", "\ufeffbom"},
		{"🎉 漢字 Ωμέγα", "ünïcode", "ñ"},
		{"", "x", ""},
		{"%EMAILADDRESS% %REALNAME%", "%EMAILLOCALPART%", "%EMAILDOMAIN%"},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	f.Fuzz(func(t *testing.T, name, local, user string) {
		addr, err := settings.ParseAddress(local + "@example.es")
		if err != nil {
			return
		}
		a := fixture(t, "generic")
		a.Name, a.Address = name, addr
		a.Config.Incoming[0].Username = user
		a.Config.Outgoing[0].Username = user
		for _, fmtName := range streamFormats() {
			var b bytes.Buffer
			err := Write(&b, fmtName, a, Options{Lang: i18n.ES, Rand: bytes.NewReader(make([]byte, 64))})
			if err != nil {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("%s: untyped error %v", fmtName, err)
				}
				continue
			}
			wr := writers[fmtName]
			p, err := prepare(a, wr.needs, wr.password)
			if err != nil {
				t.Fatal(err)
			}
			if fmtName == AppleMobileconfig {
				continue // fixed random stream: both UUIDs are equal here
			}
			if err := reread(fmtName, b.Bytes(), expect{p: p, lang: i18n.ES}); err != nil {
				t.Fatalf("%s: %v\n%s", fmtName, err, b.String())
			}
		}
		// The profile path uses the same prefs writer: it must re-read too.
		if p, err := prepare(a, needBoth, false); err == nil {
			var b bytes.Buffer
			_ = writePrefs(&b, accountPrefs(p, firstKeys))
			pf, err := parsePrefs(b.Bytes())
			if err != nil || pf.errors != 0 || pf.str("mail.identity.id1.fullName") != p.name {
				t.Fatalf("prefs round trip failed for %q", p.name)
			}
		}
	})
}

// FuzzParsePrefs: arbitrary bytes never crash the prefs reader or make it
// loop, and what it accepts as a string comes back the same when written.
func FuzzParsePrefs(f *testing.F) {
	f.Add([]byte(`user_pref("a", "b"); // c`))
	f.Add([]byte(`user_pref("a", -1); /* x`))
	f.Add([]byte(`pref('a', "\ud83c\udf89", sticky, locked);`))
	f.Add([]byte(`user_pref("a", "\x41\u0000");`))
	f.Fuzz(func(t *testing.T, data []byte) {
		pf, err := parsePrefs(data)
		if err != nil {
			return
		}
		for _, e := range pf.entries {
			if e.Start < 0 || e.End > len(data) || e.Start >= e.End {
				t.Fatalf("bad span %d-%d", e.Start, e.End)
			}
			s, ok := e.Value.(string)
			if !ok || !utf8.ValidString(s) || !utf8.ValidString(e.Name) {
				continue
			}
			again, err := parsePrefs([]byte(pref{e.Name, s}.line()))
			if err != nil || again.str(e.Name) != s && !containsNUL(s) {
				t.Fatalf("rewrite of %q = %q changed it", s, again.str(e.Name))
			}
		}
	})
}

func containsNUL(s string) bool { return bytes.IndexByte([]byte(s), 0) >= 0 }

// FuzzShellQuote: every valid string survives quoting for sh.
func FuzzShellQuote(f *testing.F) {
	for _, s := range []string{"", "a b", `O'Brien "$x"`, "`id`", `\`, "ñ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || hasControl(s) {
			return
		}
		q := shellQuote(s)
		back, err := shellWord(q)
		if err != nil || back != s {
			t.Fatalf("shellQuote(%q) = %s reads back as %q (%v)", s, q, back, err)
		}
	})
}

// FuzzProfileFromINI: no profiles.ini makes the profile search panic, and
// a profile it picks lies under the root unless the file said it was
// absolute.
func FuzzProfileFromINI(f *testing.F) {
	for _, s := range []string{
		"[Install4F96D1932A9F858E]\nDefault=Profiles/abcd.default-release\n\n[Profile0]\nName=default-release\nIsRelative=1\nPath=Profiles/abcd.default-release\n",
		"[Profile0]\nPath=a.default\nIsRelative=1\n[Profile1]\nPath=/srv/b\nIsRelative=0\nDefault=1\n",
		"[InstallA]\nDefault=x\n[InstallB]\nDefault=y\n",
		"\ufeff[General]\r\nStartWithLastProfile=1\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir, err := profileFromINI(data, "/root-of-profiles")
		if err == nil && dir == "" {
			t.Fatalf("no profile and no error for %q", data)
		}
	})
}
