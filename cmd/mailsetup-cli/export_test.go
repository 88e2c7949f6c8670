package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/settings"
)

func exportOneLine(t *testing.T, stderr string) {
	t.Helper()
	if strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "\n") {
		t.Errorf("stderr should be one line: %q", stderr)
	}
}

func TestExportBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no format", []string{"export", "ana@gmail.com", "--offline"}, "thunderbird-userjs"},
		{"unknown format", []string{"export", "ana@gmail.com", "--offline", "--format", "eudora"}, "outlook-prf"},
		{"no address", []string{"export", "--format", "html"}, "address"},
		{"bad address", []string{"export", "ana@", "--format", "html", "--offline"}, ""},
		{"password flag", []string{"export", "ana@gmail.com", "--format", "env", "--password", "x"}, "password"},
		{"bad server flag", []string{"export", "ana@x.es", "--format", "env", "--smtp", "smtp.x.es:465:ssl"}, "security"},
		{"name with a line break", []string{"export", "ana@x.es", "--format", "env", "--smtp", "smtp.x.es:465:tls", "--name", "a\nb"}, "name"},
		{"incoming missing", []string{"export", "ana@x.es", "--format", "thunderbird-userjs", "--smtp", "smtp.x.es:465:tls"}, "--imap"},
		{"profile with another format", []string{"export", "ana@gmail.com", "--offline", "--format", "html", "--profile", "/tmp"}, "--profile"},
		{"out with profile format", []string{"export", "ana@gmail.com", "--offline", "--format", "thunderbird-profile", "--out", "x"}, "--out"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runArgs("", append(tc.args, "--lang", "en")...)
			if code != exitBadInput || out != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
			}
			exportOneLine(t, errOut)
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q should mention %q", errOut, tc.want)
			}
		})
	}
}

// TestExportJSONIsDetect: export --format json prints what detect --json
// prints, byte for byte.
func TestExportJSONIsDetect(t *testing.T) {
	for _, lang := range []string{"es", "en"} {
		detect, _, code1 := runArgs("", "detect", "Pepe.Lopez@Hotmail.ES", "--offline", "--json", "--lang", lang)
		exp, errOut, code2 := runArgs("", "export", "Pepe.Lopez@Hotmail.ES", "--offline", "--format", "json", "--lang", lang)
		if code1 != exitOK || code2 != exitOK || errOut != "" {
			t.Fatalf("exit %d/%d: %s", code1, code2, errOut)
		}
		if exp != detect {
			t.Errorf("export json differs from detect --json:\n%s\n%s", exp, detect)
		}
	}
}

func TestExportServerFlags(t *testing.T) {
	out, errOut, code := runArgs("", "export", "ana@example.es", "--format", "env",
		"--imap", "mail.example.es:993:tls", "--smtp", "mail.example.es::starttls", "--username", "ana", "--name", "Ana O'Brien")
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"SMTP_HOST=mail.example.es\n", "SMTP_PORT=587\n", "SMTP_SECURITY=starttls\n", "SMTP_USER=ana\n",
		"SMTP_PASS=\n", `SMTP_FROM_NAME="Ana O'Brien"` + "\n", "IMAP_PORT=993\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("env lacks %q:\n%s", want, out)
		}
	}
}

func TestExportOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sheet.html")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, _, code := runArgs("", "export", "ana.garcia@gmail.com", "--offline", "--format", "html", "--lang", "es")
	if code != exitOK {
		t.Fatal(code)
	}
	out, errOut, code := runArgs("", "export", "ana.garcia@gmail.com", "--offline", "--format", "html", "--lang", "es", "--out", path)
	if code != exitOK || out != "" || errOut != "" {
		t.Fatalf("exit %d, %q %q", code, out, errOut)
	}
	got, _ := os.ReadFile(path)
	if string(got) != stdout || !strings.Contains(stdout, "contraseña de aplicación") {
		t.Fatalf("--out wrote something else than stdout would show")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	// A directory that does not exist is a bad --out value (spec/cli.md:
	// bad flag values exit 2), one line.
	_, errOut, code = runArgs("", "export", "ana.garcia@gmail.com", "--offline", "--format", "html", "--out", filepath.Join(path, "x", "y"))
	if code != exitBadInput {
		t.Fatalf("exit %d", code)
	}
	exportOneLine(t, errOut)
}

func TestExportOAuthOnlyRefused(t *testing.T) {
	out, errOut, code := runArgs("", "export", "pepe@hotmail.es", "--offline", "--format", "outlook-prf", "--lang", "es")
	if code != exitFailed || out != "" || !strings.Contains(errOut, "OAuth") {
		t.Fatalf("exit %d, %q", code, errOut)
	}
	exportOneLine(t, errOut)
}

func TestExportThunderbirdProfile(t *testing.T) {
	dir := t.TempDir()
	prefs := `user_pref("mail.accountmanager.accounts", "account1");` + "\n" +
		`user_pref("mail.account.account1.server", "server1");` + "\n" +
		`user_pref("mail.server.server1.type", "none");` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "prefs.js"), []byte(prefs), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runArgs("", "export", "ana.garcia@gmail.com", "--offline", "--format", "thunderbird-profile", "--profile", dir, "--name", "Ana García", "--lang", "es")
	if code != exitOK || errOut != "" || !strings.Contains(out, "account2") {
		t.Fatalf("exit %d: %q %q", code, out, errOut)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "prefs.js"))
	if !strings.Contains(string(data), `user_pref("mail.accountmanager.accounts", "account2,account1");`) ||
		!strings.Contains(string(data), `"Ana García"`) {
		t.Fatalf("prefs.js:\n%s", data)
	}
	// Locked by a running Thunderbird (here: this process): exit 1, no change.
	if err := os.Symlink(fmt.Sprintf("127.0.0.1:+%d", os.Getpid()), filepath.Join(dir, "lock")); err != nil {
		t.Skip("no symlinks here")
	}
	_, errOut, code = runArgs("", "export", "luis@gmail.com", "--offline", "--format", "thunderbird-profile", "--profile", dir, "--lang", "en")
	if code != exitFailed || !strings.Contains(errOut, "Thunderbird is open") {
		t.Fatalf("exit %d: %q", code, errOut)
	}
	exportOneLine(t, errOut)
	if again, _ := os.ReadFile(filepath.Join(dir, "prefs.js")); string(again) != string(data) {
		t.Fatal("prefs.js changed while locked")
	}
}

// Golden files: testdata/export/<name>.<lang>.<format>, stdout of
// `export --offline` for addresses of the built-in table (the html sheet
// carries today's date and is covered by the export package's goldens).
func TestExportGolden(t *testing.T) {
	for name, addr := range map[string]string{"gmail": "ana.garcia@gmail.com", "hotmail": "Pepe.Lopez@Hotmail.ES"} {
		for _, lang := range []string{"es", "en"} {
			for _, format := range []string{"env", "thunderbird-userjs", "thunderbird-autoconfig", "python-smtplib"} {
				t.Run(name+"."+lang+"."+format, func(t *testing.T) {
					out, errOut, code := runArgs("", "export", addr, "--offline", "--format", format, "--name", "Ana García", "--lang", lang)
					if code != exitOK || errOut != "" {
						t.Fatalf("exit %d, stderr %q", code, errOut)
					}
					checkGolden(t, "export/"+name+"."+lang+"."+format, []byte(out))
				})
			}
		}
	}
}

// Servers given by hand still make a complete detect document: the provider
// is named after the domain when the table does not know it, and
// login.password is one of the spec's values, never empty.
func TestExportServerFlagsJSONComplete(t *testing.T) {
	for _, tc := range []struct{ email, id, name, password string }{
		{"ana@correo.españa.es", "correo.xn--espaa-rta.es", "correo.españa.es", "allowed"},
		{"ana@gmail.com", "googlemail.com", "Gmail", "app-password"},
	} {
		out, errOut, code := runArgs("", "export", tc.email, "--format", "json",
			"--imap", "mail.example.es:993:tls", "--smtp", "mail.example.es:465:tls")
		if code != exitOK || errOut != "" {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var d settings.Document
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatal(err)
		}
		if d.Provider.ID != tc.id || d.Provider.Name != tc.name || string(d.Login.Password) != tc.password || d.Warnings == nil {
			t.Errorf("%s: %+v", tc.email, d)
		}
	}
}

// --out naming a folder is a bad flag value: exit 2, one line that says
// so, nothing written and no stray temporary file.
func TestExportOutIsFolder(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runArgs("", "export", "ana@gmail.com", "--offline", "--format", "env", "--out", dir, "--lang", "en")
	if code != exitBadInput || out != "" || errOut != "mailsetup-cli: --out "+dir+" is a folder: give the name of the file to write, for example --out "+dir+"/settings.xml\n" {
		t.Fatalf("exit %d stdout %q stderr %q", code, out, errOut)
	}
	_, errOut, code = runArgs("", "export", "ana@gmail.com", "--offline", "--format", "env", "--out", dir+"/no/such.env", "--lang", "es")
	if code != exitBadInput || errOut != "mailsetup-cli: --out "+dir+"/no/such.env: la carpeta "+dir+"/no no existe. Créala antes o elige otro sitio.\n" {
		t.Fatalf("missing folder: exit %d stderr %q", code, errOut)
	}
	parent, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range parent {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("stray file %s", e.Name())
		}
	}
}
