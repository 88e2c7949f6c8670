package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// Golden files: testdata/detect/<name>.<lang>.{txt,json}, stdout only; the
// exit code and stderr are asserted here.
func TestDetectGolden(t *testing.T) {
	addresses := map[string]string{
		"gmail":     "ana.garcia@gmail.com",
		"hotmail":   "Pepe.Lopez@Hotmail.ES", // oauth-only
		"ionos":     "info@1and1.es",         // unverified row: warning
		"educa":     "lucia@educa.madrid.org",
		"yahoo":     "maria@yahoo.es",
		"office365": "admin@contoso.onmicrosoft.com", // tenant domain
	}
	for name, addr := range addresses {
		for _, lang := range []string{"es", "en"} {
			for _, format := range []string{"txt", "json"} {
				t.Run(fmt.Sprintf("%s.%s.%s", name, lang, format), func(t *testing.T) {
					args := []string{"detect", addr, "--offline", "--lang", lang}
					if format == "json" {
						args = append(args, "--json")
					}
					out, errOut, code := runArgs("", args...)
					if code != exitOK || (format == "json" && errOut != "") {
						t.Fatalf("exit %d, stderr %q", code, errOut)
					}
					checkGolden(t, fmt.Sprintf("detect/%s.%s.%s", name, lang, format), []byte(out))
					// Human text: the warnings go to stderr, never stdout.
					if format == "txt" && (errOut != "" || name == "ionos") {
						if strings.Contains(out, "  ! ") || errOut == "" {
							t.Errorf("warnings on stdout or missing on stderr: %q / %q", out, errOut)
						}
						checkGolden(t, fmt.Sprintf("detect/%s.%s.stderr", name, lang), []byte(errOut))
					}
				})
			}
		}
	}
}

func TestDetectJSONDocument(t *testing.T) {
	out, _, code := runArgs("", "detect", "--json", "Pepe.Lopez@Hotmail.ES", "--offline")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var doc settings.Document
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Email != "Pepe.Lopez@hotmail.es" || doc.Domain != "hotmail.es" || doc.Provider.ID != "hotmail.com" ||
		doc.Source != settings.SourceBuiltin || doc.Trust != settings.Verified || doc.Login.Password != settings.PasswordOAuthOnly {
		t.Errorf("document %+v", doc)
	}
	if doc.Warnings == nil || len(doc.Incoming) == 0 || doc.Incoming[0].Protocol != settings.IMAP || doc.Incoming[0].Username != "Pepe.Lopez@hotmail.es" {
		t.Errorf("lists %+v", doc)
	}
	// The spec's field names, with lists never null.
	for _, field := range []string{`"email"`, `"domain"`, `"provider"`, `"source"`, `"source_url"`, `"trust"`, `"incoming"`, `"outgoing"`, `"login"`, `"app_password_url"`, `"enable_url"`, `"warnings": []`} {
		if !strings.Contains(out, field) {
			t.Errorf("JSON lacks %s", field)
		}
	}
}

func TestDetectIDN(t *testing.T) {
	// An unknown IDN domain: not found, and the message names it in Unicode.
	_, errOut, code := runArgs("", "detect", "josé@españa.es", "--offline", "--lang", "es")
	if code != exitFailed || !strings.Contains(errOut, "españa.es") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("exit %d stderr %q", code, errOut)
	}
}

func TestDetectNotFound(t *testing.T) {
	for _, lang := range []string{"es", "en"} {
		for _, json := range []bool{false, true} {
			args := []string{"detect", "ana@unknown-domain.example", "--offline", "--lang", lang}
			if json {
				args = append(args, "--json")
			}
			out, errOut, code := runArgs("", args...)
			if code != exitFailed || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "unknown-domain.example") {
				t.Errorf("%s json=%v: exit %d stdout %q stderr %q", lang, json, code, out, errOut)
			}
			checkGolden(t, fmt.Sprintf("detect/not-found.%s.stderr", lang), []byte(errOut))
		}
	}
}

func TestDetectBadInput(t *testing.T) {
	long := strings.Repeat("a", 1<<20) + "@example.com"
	tests := map[string]struct {
		args []string
		want string // part of the English message
	}{
		"no address":    {[]string{"detect"}, "exactly one email address"},
		"two addresses": {[]string{"detect", "a@gmail.com", "b@gmail.com"}, "exactly one email address"},
		"empty":         {[]string{"detect", "  "}, "Type your email address"},
		"no at":         {[]string{"detect", "ana.gmail.com"}, "has an @"},
		"two ats":       {[]string{"detect", "ana@@gmail.com"}, "only one @"},
		"space":         {[]string{"detect", "ana garcia@gmail.com"}, "spaces"},
		"control":       {[]string{"detect", "ana\x00@gmail.com"}, "invisible characters"},
		"trailing dot":  {[]string{"detect", "ana@gmail.com."}, "end with a dot"},
		"empty label":   {[]string{"detect", "ana@gmail..com"}, "two dots"},
		"huge":          {[]string{"detect", long}, "too long"},
		"unknown flag":  {[]string{"detect", "--fast", "ana@gmail.com"}, "unknown flag"},
		"bad lang":      {[]string{"detect", "ana@gmail.com", "--lang", "fr"}, "not supported"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			args := append(tt.args, "--lang", "en")
			if name == "bad lang" {
				args = tt.args
			}
			out, errOut, code := runArgs("", args...)
			if code != exitBadInput || out != "" {
				t.Fatalf("exit %d stdout %q", code, out)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.HasSuffix(errOut, "\n") || !strings.Contains(errOut, tt.want) || len(errOut) > 300 {
				t.Errorf("stderr %q, want one line with %q", errOut, tt.want)
			}
		})
	}
	// The same reason in Spanish.
	_, errOut, _ := runArgs("", "detect", "ana@@gmail.com", "--lang", "es")
	checkGolden(t, "detect/bad-input.es.stderr", []byte(errOut))
}

func TestDetectClosedService(t *testing.T) {
	for _, lang := range []string{"es", "en"} {
		out, errOut, code := runArgs("", "detect", "antonio@terra.es", "--lang", lang)
		if code != exitFailed || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "Terra") {
			t.Errorf("%s: exit %d stdout %q stderr %q", lang, code, out, errOut)
		}
	}
	// check and export, when they detect, say the same and do not search.
	// (A search would go to a loopback port where nothing listens.)
	for _, args := range [][]string{
		{"check", "antonio@terra.es"},
		{"export", "antonio@terra.es", "--format", "env"},
	} {
		out, errOut, code := runArgs("", append(args, "--lang", "en", "--dns-server", "127.0.0.1:1", "--timeout", "1s")...)
		if code != exitFailed || out != "" || errOut != "mailsetup-cli: Terra closed its mail service: those addresses no longer receive mail. Use another address and tell your contacts.\n" {
			t.Errorf("%v: exit %d stdout %q stderr %q", args, code, out, errOut)
		}
	}
}

func TestDetectFlagsAnywhere(t *testing.T) {
	a, _, _ := runArgs("", "detect", "--json", "--offline", "ana@gmail.com")
	b, _, _ := runArgs("", "detect", "ana@gmail.com", "--offline", "--json")
	if a == "" || a != b {
		t.Errorf("flag order changes the result")
	}
}

// The keys detect builds at run time exist for every value they can take.
func TestDetectDynamicKeys(t *testing.T) {
	var keys []string
	for _, s := range []settings.Source{settings.SourceBuiltin, settings.SourceAutoconfig, settings.SourceAutoconfigWellKnown,
		settings.SourceISPDB, settings.SourceMX, settings.SourceSRV, settings.SourceAutodiscover, settings.SourceAutoconfigHTTP, settings.SourceGuess} {
		keys = append(keys, "detect.source."+string(s))
	}
	for _, tr := range []settings.Trust{settings.Verified, settings.Unverified} {
		keys = append(keys, "detect.trust."+string(tr))
	}
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !i18n.Has(l, k) {
				t.Errorf("%s: no %s text", k, l)
			}
		}
	}
}
