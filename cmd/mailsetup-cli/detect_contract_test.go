package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/providers"
)

// detectKeys are the fields of the detect document, in the order of
// spec/cli.md; the additions (notes, send_limit, help_url) come after.
var detectKeys = []string{"email", "domain", "provider", "source", "source_url", "trust", "incoming", "outgoing", "login", "warnings"}

// jsonKeys returns the top-level keys of a JSON object in document order.
func jsonKeys(t *testing.T, doc []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not a JSON object: %s", doc)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

// The detect JSON of every built-in provider keeps the contract of
// spec/cli.md: the fields in order, enum values from the spec's lists,
// IMAP before POP3, warnings always an array, login with its three keys.
func TestDetectContractEveryProvider(t *testing.T) {
	auths := []string{"password", "password-encrypted", "oauth2", "ntlm", "gssapi", "client-cert", "none"}
	secs := []string{"tls", "starttls", "none"}
	checked := 0
	for _, p := range providers.All() {
		if len(p.Domains) == 0 || strings.Contains(p.Domains[0], "%") {
			continue
		}
		email := "Ana.Pérez@" + strings.ToUpper(p.Domains[0])
		stdout, stderr, code := runArgs("", "detect", email, "--offline", "--json")
		if code == exitFailed {
			continue // a closed service (terra.es) says so on stderr
		}
		if code != exitOK || stderr != "" {
			t.Fatalf("%s: exit %d stderr %q", email, code, stderr)
		}
		checked++
		keys := jsonKeys(t, []byte(stdout))
		if len(keys) < len(detectKeys) || !slices.Equal(keys[:len(detectKeys)], detectKeys) {
			t.Fatalf("%s: keys %v", email, keys)
		}
		var d struct {
			Email, Domain, Source, Trust string
			Provider                     map[string]string
			Incoming, Outgoing           []struct {
				Protocol, Host, Security, Username string
				Port                               int
				Auth                               []string
			}
			Login    map[string]*string
			Warnings []string
		}
		if err := json.Unmarshal([]byte(stdout), &d); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(d.Email, "Ana.Pérez@") || d.Domain != p.Domains[0] || d.Source != "builtin" ||
			(d.Trust != "verified" && d.Trust != "unverified") || d.Provider["id"] != p.ID || d.Provider["name"] == "" {
			t.Errorf("%s: %+v", email, d)
		}
		if strings.Contains(stdout, `"warnings": null`) || d.Warnings == nil {
			t.Errorf("%s: warnings is not an array", email)
		}
		for _, k := range []string{"password", "app_password_url", "enable_url"} {
			if d.Login[k] == nil {
				t.Errorf("%s: login.%s missing", email, k)
			}
		}
		if pw := d.Login["password"]; pw != nil && !slices.Contains([]string{"allowed", "app-password", "oauth-only"}, *pw) {
			t.Errorf("%s: login.password %q", email, *pw)
		}
		seenPOP3 := false
		for _, s := range d.Incoming {
			switch s.Protocol {
			case "pop3":
				seenPOP3 = true
			case "imap":
				if seenPOP3 {
					t.Errorf("%s: IMAP listed after POP3", email)
				}
			default:
				t.Errorf("%s: incoming protocol %q", email, s.Protocol)
			}
		}
		for _, s := range d.Outgoing {
			if s.Protocol != "smtp" {
				t.Errorf("%s: outgoing protocol %q", email, s.Protocol)
			}
		}
		for _, s := range append(d.Incoming, d.Outgoing...) {
			if !slices.Contains(secs, s.Security) || s.Port < 1 || s.Port > 65535 || s.Host == "" || s.Auth == nil {
				t.Errorf("%s: server %+v", email, s)
			}
			for _, a := range s.Auth {
				if !slices.Contains(auths, a) {
					t.Errorf("%s: auth %q", email, a)
				}
			}
		}
	}
	if checked < len(providers.All())/2 {
		t.Fatalf("only %d of %d providers checked", checked, len(providers.All()))
	}
}
