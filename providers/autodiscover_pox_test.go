package providers

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/settings"
)

func readSeed(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "autodiscover", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseAutodiscover(t *testing.T) {
	pw := []settings.Auth{settings.AuthPassword}
	cases := []struct {
		file     string
		incoming []settings.Server
		outgoing []settings.Server
		action   string
	}{
		{"thunderbird-example.xml",
			[]settings.Server{{Protocol: settings.IMAP, Host: "imap.example.es", Port: 993, Security: settings.TLS, Username: "ana@example.es", Auth: pw}},
			[]settings.Server{{Protocol: settings.SMTP, Host: "smtp.example.es", Port: 587, Security: settings.STARTTLS, Username: "ana@example.es", Auth: pw}},
			ActionSettings},
		// mox writes Encryption "TLS" for implicit TLS: the port decides.
		{"mox.xml",
			[]settings.Server{{Protocol: settings.IMAP, Host: "mail.mox.example", Port: 993, Security: settings.TLS, Username: "mox@mox.example", Auth: pw}},
			[]settings.Server{{Protocol: settings.SMTP, Host: "mail.mox.example", Port: 465, Security: settings.TLS, Username: "mox@mox.example", Auth: pw}},
			ActionSettings},
		// Absent SPA means on (NTLM); Exchange protocols are skipped;
		// SSL=off is no encryption; AuthRequired=off is no login.
		{"exchange-only-pop-defaults.xml",
			[]settings.Server{{Protocol: settings.POP3, Host: "pop.example.com", Port: 110, Security: settings.STARTTLS, Auth: []settings.Auth{settings.AuthNTLM}}},
			[]settings.Server{{Protocol: settings.SMTP, Host: "smtp.example.com", Port: 25, Security: settings.None, Auth: []settings.Auth{settings.AuthNone}}},
			ActionSettings},
		{"redirect-addr.xml", nil, nil, ActionRedirectAddr},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			r, err := ParseAutodiscover(bytes.NewReader(readSeed(t, tc.file)))
			if err != nil {
				t.Fatal(err)
			}
			if r.Action != tc.action || !reflect.DeepEqual(r.Incoming, tc.incoming) || !reflect.DeepEqual(r.Outgoing, tc.outgoing) {
				t.Errorf("got %+v", r)
			}
		})
	}
}

func TestParseAutodiscoverError(t *testing.T) {
	_, err := ParseAutodiscover(bytes.NewReader(readSeed(t, "exchange-error.xml")))
	var ae *AutodiscoverError
	if !errors.As(err, &ae) || ae.Code != "600" {
		t.Fatalf("err = %v", err)
	}
}

// Strictness: each of these is refused, with an error, never a panic.
func TestParseAutodiscoverRejects(t *testing.T) {
	good := string(readSeed(t, "thunderbird-example.xml"))
	cases := map[string]string{
		"empty":          "",
		"not xml":        "hello",
		"wrong root":     strings.Replace(good, "<Autodiscover xmlns", "<Other xmlns", 1),
		"wrong root ns":  strings.Replace(good, "responseschema/2006\"", "responseschema/2007\"", 1),
		"request schema": strings.Replace(good, "outlook/responseschema/2006a", "outlook/requestschema/2006", 1),
		"bad port":       strings.Replace(good, "<Port>993</Port>", "<Port>99999</Port>", 1),
		"port text":      strings.Replace(good, "<Port>993</Port>", "<Port>ssl</Port>", 1),
		"bad host":       strings.Replace(good, "imap.example.es", "imap example es", 1),
		"bad SSL":        strings.Replace(good, "<SSL>on</SSL>", "<SSL>yes</SSL>", 1),
		"bad encryption": strings.Replace(good, "<Encryption>SSL</Encryption>", "<Encryption>Quantum</Encryption>", 1),
		"bad action":     strings.Replace(good, "<Action>settings</Action>", "<Action>dance</Action>", 1),
		"no servers":     strings.NewReplacer("<Type>IMAP</Type>", "<Type>EXCH</Type>", "<Type>SMTP</Type>", "<Type>WEB</Type>").Replace(good),
		"http redirect":  strings.Replace(good, "<Action>settings</Action>", "<Action>redirectUrl</Action><RedirectUrl>http://x.example/a</RedirectUrl>", 1),
		"latin1":         strings.Replace(good, `encoding="utf-8"`, `encoding="iso-8859-1"`, 1),
		"unclosed":       good[:len(good)/2],
		"too large":      good + strings.Repeat(" ", maxBodySize),
	}
	for name, doc := range cases {
		if r, err := ParseAutodiscover(strings.NewReader(doc)); err == nil {
			t.Errorf("%s: accepted: %+v", name, r)
		}
	}
}

func TestAutodiscoverRequestEscapes(t *testing.T) {
	body := string(autodiscoverRequest(`a<b>&"c"@example.es`))
	if strings.Contains(body, "a<b>") || !strings.Contains(body, "a&lt;b&gt;&amp;") {
		t.Errorf("address not escaped: %s", body)
	}
}

// FuzzParseAutodiscover: hostile input gets an error, never a panic, and
// whatever is accepted is well formed. Seeds: testdata/autodiscover.
func FuzzParseAutodiscover(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "autodiscover", "*.xml"))
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseAutodiscover(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, s := range append(append([]settings.Server{}, r.Incoming...), r.Outgoing...) {
			if s.Port < 1 || s.Port > 65535 || settings.ValidHost(s.Host) != nil || !settings.ValidSecurity(s.Security) || len(s.Auth) == 0 {
				t.Fatalf("accepted a bad server: %+v", s)
			}
		}
		if r.Action == ActionSettings && len(r.Incoming)+len(r.Outgoing) == 0 {
			t.Fatal("settings without servers")
		}
	})
}
