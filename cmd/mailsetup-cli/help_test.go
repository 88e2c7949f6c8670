package main

import (
	"encoding/json"
	"flag"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/i18n"
)

var (
	shellVar      = regexp.MustCompile(`\$[^"' ]+`)
	validShellVar = regexp.MustCompile(`^\$[A-Za-z_][A-Za-z0-9_]*$`)
)

// Every command's --help lists each of its flags as "--name", with a
// description in both languages (never the English fallback), an example
// and the exit codes; it goes to stdout with exit 0.
func TestCommandHelpBothLanguages(t *testing.T) {
	for _, name := range commandNames() {
		cmd := commands[name]
		fs := flag.NewFlagSet(name, flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		if cmd.flags != nil {
			cmd.flags(fs, &cmdFlags{values: map[string]any{}})
		}
		var own []string
		fs.VisitAll(func(f *flag.Flag) { own = append(own, f.Name) })
		for _, lang := range []string{"es", "en"} {
			stdout, stderr, code := runArgs("", name, "--help", "--lang", lang)
			if code != exitOK || stderr != "" {
				t.Fatalf("%s --help --lang %s: exit %d, stderr %q", name, lang, code, stderr)
			}
			for _, f := range append(own, "json", "lang", "dns-server", "ca-file", "timeout") {
				if !strings.Contains(stdout, "  --"+f) {
					t.Errorf("%s --help --lang %s does not list --%s:\n%s", name, lang, f, stdout)
				}
				if !i18n.Has(i18n.Lang(lang), "clihelp."+name+"."+f) && !i18n.Has(i18n.Lang(lang), "clihelp.flag."+f) {
					t.Errorf("--%s of %s has no %s description", f, name, lang)
				}
			}
			// The example runs in sh: a variable name is ASCII ($CLAVE,
			// not $CONTRASEÑA, which sh reads as $CONTRASE and "ÑA").
			for _, v := range shellVar.FindAllString(i18n.T(i18n.Lang(lang), "clihelp."+name+".example"), -1) {
				if !validShellVar.MatchString(v) {
					t.Errorf("%s example (%s): %s is not a shell variable", name, lang, v)
				}
			}
			for _, key := range []string{"clihelp." + name + ".exit", "clihelp." + name + ".example"} {
				if !strings.Contains(stdout, i18n.T(i18n.Lang(lang), key)) {
					t.Errorf("%s --help --lang %s lacks %s:\n%s", name, lang, key, stdout)
				}
			}
		}
		// `help CMD` is the same as `CMD --help`, global flags anywhere.
		a, _, _ := runArgs("", name, "--help", "--lang", "es")
		b, _, code := runArgs("", "--lang", "es", "help", name)
		if code != exitOK || a != b {
			t.Errorf("help %s differs from %s --help (exit %d):\n%s\n---\n%s", name, name, code, b, a)
		}
	}
	es, _, _ := runArgs("", "detect", "--help", "--lang", "es")
	if !strings.Contains(es, "Uso: mailsetup-cli detect") || !strings.Contains(es, "--timeout DURACIÓN") || strings.Contains(es, "Usage") {
		t.Errorf("Spanish help:\n%s", es)
	}
}

// Without arguments the help is the error: on stderr, exit 2, stdout empty.
func TestNoArgumentsIsBadInput(t *testing.T) {
	stdout, stderr, code := runArgs("")
	if code != exitBadInput || stdout != "" || !strings.Contains(stderr, "mailsetup-cli detect EMAIL") {
		t.Fatalf("exit %d stdout %q stderr %q", code, stdout, stderr)
	}
	stdout, stderr, code = runArgs("", "--help", "--lang", "es")
	if code != exitOK || stderr != "" || !strings.Contains(stdout, "mailsetup-cli COMANDO --help") {
		t.Fatalf("exit %d stdout %q stderr %q", code, stdout, stderr)
	}
}

// Global flags put before the command's name still work.
func TestGlobalFlagsBeforeCommand(t *testing.T) {
	stdout, stderr, code := runArgs("", "--json", "--lang", "es", "detect", "ana@gmail.com", "--offline")
	var d map[string]any
	if code != exitOK || stderr != "" || json.Unmarshal([]byte(stdout), &d) != nil || d["email"] != "ana@gmail.com" {
		t.Fatalf("exit %d stdout %q stderr %q", code, stdout, stderr)
	}
	if _, stderr, code := runArgs("", "--json", "nonsense"); code != exitBadInput || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("exit %d stderr %q", code, stderr)
	}
}

// An IPv6 server reads [::1]:PORT in the human report, as the flag took it.
func TestCheckHumanBracketsIPv6(t *testing.T) {
	stdout, _, code := runArgs("", "check", "ana@example.es", "--imap", "[::1]:1:tls", "--no-fallback", "--timeout", "1s", "--lang", "en")
	if code != exitFailed || !strings.HasPrefix(stdout, "Incoming: IMAP [::1]:1, ") {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
}

// A bad MAILSETUP_DNS_SERVER or MAILSETUP_CA_FILE is named in the error:
// the user never typed that value. The flag, when given, wins and is not.
func TestBadEnvironmentVariableNamed(t *testing.T) {
	t.Setenv("MAILSETUP_DNS_SERVER", "bogus")
	_, stderr, code := runArgs("", "detect", "ana@gmail.com", "--offline", "--lang", "en")
	if code != exitBadInput || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "environment variable MAILSETUP_DNS_SERVER") {
		t.Fatalf("exit %d stderr %q", code, stderr)
	}
	if _, _, code := runArgs("", "detect", "ana@gmail.com", "--offline", "--dns-server", "127.0.0.1:1"); code != exitOK {
		t.Fatalf("--dns-server does not override the variable: exit %d", code)
	}
	t.Setenv("MAILSETUP_DNS_SERVER", "")
	t.Setenv("MAILSETUP_CA_FILE", t.TempDir()+"/none.pem")
	_, stderr, code = runArgs("", "domain", "example.es", "--lang", "es")
	if code != exitBadInput || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "variable de entorno MAILSETUP_CA_FILE") {
		t.Fatalf("exit %d stderr %q", code, stderr)
	}
	_, stderr, _ = runArgs("", "domain", "example.es", "--ca-file", t.TempDir()+"/other.pem")
	if strings.Contains(stderr, "MAILSETUP_CA_FILE") || !strings.Contains(stderr, "other.pem") {
		t.Fatalf("stderr %q", stderr)
	}
}
