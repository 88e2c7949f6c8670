package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The committed table is exactly what the generator makes from the
// snapshot and the overlay, so nobody edits it by hand or forgets to
// regenerate it.
func TestCommittedTableIsFresh(t *testing.T) {
	dir := "../../../../shared/ispdb"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("%s not found: the ISPDB snapshot sits next to the repository only in the project's own checkout (%v)", dir, err)
	}
	src, err := readSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	if src.Commit != "c6ad79659b5fc321d1593ec4c277815b83e5dec5" || src.Date != "2026-03-12" {
		t.Errorf("source %+v", src)
	}
	fresh, _, err := generate(dir, "../../overlay.json", src)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("../../table_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fresh, committed) {
		t.Fatal("providers/table_gen.go is stale: run `make generate` (go generate ./providers) and commit the result")
	}
	again, _, _ := generate(dir, "../../overlay.json", src)
	if !bytes.Equal(fresh, again) {
		t.Fatal("generation is not deterministic")
	}
}

const sampleXML = `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1"><emailProvider id="%s">%s
<incomingServer type="imap"><hostname>imap.%s</hostname><port>993</port><socketType>SSL</socketType><username>%%EMAILADDRESS%%</username><authentication>password-cleartext</authentication></incomingServer>
</emailProvider></clientConfig>`

func writeISPDB(t *testing.T, files map[string][]string) string {
	dir := t.TempDir()
	for id, domains := range files {
		var d strings.Builder
		for _, x := range domains {
			d.WriteString("<domain>" + x + "</domain>")
		}
		doc := strings.Replace(sampleXML, "%s", id, 1)
		doc = strings.Replace(doc, "%s", d.String(), 1)
		doc = strings.Replace(doc, "%s", id, 1)
		doc = strings.ReplaceAll(doc, "%%", "%")
		if err := os.WriteFile(filepath.Join(dir, id+".xml"), []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func writeOverlay(t *testing.T, body string) string {
	p := filepath.Join(t.TempDir(), "overlay.json")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMergeOverlayWins(t *testing.T) {
	dir := writeISPDB(t, map[string][]string{"a.es": {"a.es", "shared.es"}, "b.es": {"b.es", "shared.es"}})
	ov := writeOverlay(t, `{"providers": [
	  {"id": "b.es", "source": "test", "name": "Bee", "domains": ["moved.es"], "login": {"password": "oauth-only"},
	   "notes": {"es": "hola", "en": "hello"}},
	  {"id": "a.es", "source": "test", "domains": ["moved.es"], "unverified": true, "mx_suffixes": ["mx.a.es"]},
	  {"id": "new", "source": "test", "servers_from": "b.es", "extends": "b.es", "domains": ["b.es"]}
	]}`)
	entries, notes, err := readISPDB(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "shared.es") {
		t.Errorf("notes %q", notes)
	}
	o, err := readOverlay(ov)
	if err != nil {
		t.Fatal(err)
	}
	entries, err = merge(entries, o)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*entry{}
	for _, e := range entries {
		got[e.ID] = e
	}
	a, b, n := got["a.es"], got["b.es"], got["new"]
	if strings.Join(a.Domains, ",") != "a.es,shared.es,moved.es" || !a.Unverified || a.MXSuffixes[0] != "mx.a.es" {
		t.Errorf("a: %+v", a)
	}
	if len(b.Domains) != 0 || b.Name != "Bee" || b.Config.Login.Password != "oauth-only" {
		t.Errorf("b: %+v", b)
	}
	if n == nil || n.Config.Incoming[0].Host != "imap.b.es" || n.Config.Notes.EN != "hello" || n.Config.Login.Password != "oauth-only" || n.Domains[0] != "b.es" {
		t.Errorf("new: %+v", n)
	}
	if _, err := emit(entries, o.Closed, source{Commit: strings.Repeat("0", 40), Date: "2026-01-01"}); err != nil {
		t.Fatal(err)
	}
}

func TestOverlayRefusesMistakes(t *testing.T) {
	dir := writeISPDB(t, map[string][]string{"a.es": {"a.es"}})
	bad := map[string]string{
		"unknown field":  `{"providers": [{"id": "a.es", "source": "x", "passwrod": "allowed"}]}`,
		"no source":      `{"providers": [{"id": "a.es"}]}`,
		"bad policy":     `{"providers": [{"id": "a.es", "source": "x", "login": {"password": "sometimes"}}]}`,
		"http link":      `{"providers": [{"id": "a.es", "source": "x", "help_url": "http://a.es/help"}]}`,
		"one language":   `{"providers": [{"id": "a.es", "source": "x", "notes": {"es": "solo"}}]}`,
		"upper domain":   `{"providers": [{"id": "a.es", "source": "x", "domains": ["A.es"]}]}`,
		"bad port":       `{"providers": [{"id": "n", "source": "x", "incoming": [{"protocol": "imap", "host": "i.n.es", "port": 0, "security": "tls", "username": "u", "auth": ["password"]}]}]}`,
		"smtp incoming":  `{"providers": [{"id": "n", "source": "x", "incoming": [{"protocol": "smtp", "host": "i.n.es", "port": 465, "security": "tls", "username": "u", "auth": ["password"]}]}]}`,
		"bad auth":       `{"providers": [{"id": "n", "source": "x", "incoming": [{"protocol": "imap", "host": "i.n.es", "port": 993, "security": "tls", "username": "u", "auth": ["magic"]}]}]}`,
		"twice":          `{"providers": [{"id": "a.es", "source": "x"}, {"id": "a.es", "source": "y"}]}`,
		"no servers":     `{"providers": [{"id": "n", "source": "x"}]}`,
		"late extends":   `{"providers": [{"id": "n", "source": "x", "extends": "m", "servers_from": "a.es"}, {"id": "m", "source": "x", "servers_from": "a.es"}]}`,
		"dup mx":         `{"providers": [{"id": "a.es", "source": "x", "mx_suffixes": ["m.es"]}, {"id": "n", "source": "x", "servers_from": "a.es", "mx_suffixes": ["m.es"]}]}`,
		"missing source": `{"providers": [{"id": "n", "source": "x", "servers_from": "zz"}]}`,
		"closed in use":  `{"providers": [], "closed": [{"domains": ["a.es"], "source": "x", "notes": {"es": "a", "en": "b"}}]}`,
		"closed no note": `{"providers": [], "closed": [{"domains": ["z.es"], "source": "x"}]}`,
		"dup parent":     `{"providers": [{"id": "a.es", "source": "x", "tenant_parents": ["t.es"]}, {"id": "n", "source": "x", "servers_from": "a.es", "tenant_parents": ["t.es"]}]}`,
	}
	for name, body := range bad {
		t.Run(name, func(t *testing.T) {
			_, _, err := generate(dir, writeOverlay(t, body), source{})
			if err == nil {
				t.Fatal("accepted")
			}
			t.Log(err)
		})
	}
}
