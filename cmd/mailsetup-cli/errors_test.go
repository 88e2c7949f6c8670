package main

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/i18n"
)

// Every bad-input refusal of the CLI itself (unknown command, flag errors,
// global flag values, usage of check and export, server flags) exits 2 with
// one line on stderr, in the language of --lang: the Spanish and English
// lines differ and each holds its expected words.
func TestBadInputTranslated(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notPEM, []byte("hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args   []string
		es, en string // part of each line
	}{
		{[]string{"frob"}, `comando desconocido "frob"`, `unknown command "frob"`},
		{[]string{"detect", "--fast", "ana@gmail.com"}, "opción desconocida --fast", "unknown flag --fast"},
		{[]string{"detect", "ana@gmail.com", "--dns-server"}, "--dns-server necesita un valor", "--dns-server needs a value"},
		{[]string{"detect", "ana@gmail.com", "--json=quizá"}, `--json no lleva valor`, `--json takes no value`},
		{[]string{"detect", "ana@gmail.com", "---json"}, `"---json" no es una opción válida`, `"---json" is not a valid flag`},
		{[]string{"detect", "ana@gmail.com", "--timeout", "soon"}, `por ejemplo 10s, no "soon"`, `for example 10s, not "soon"`},
		{[]string{"detect", "ana@gmail.com", "--timeout", "11m"}, `por ejemplo 10s, no "11m0s"`, `for example 10s, not "11m0s"`},
		{[]string{"detect", "ana@gmail.com", "--dns-server", "dns.example:53"}, "debe ser una dirección IP", "must be an IP address"},
		{[]string{"detect", "ana@gmail.com", "--ca-file", filepath.Join(dir, "none.pem")}, "no existe", "does not exist"},
		{[]string{"detect", "ana@gmail.com", "--ca-file", notPEM}, "no contiene ningún certificado", "holds no PEM certificate"},
		{[]string{"check"}, "check necesita exactamente una dirección", "check needs exactly one address"},
		{[]string{"check", "ana@example.es", "--imap", "mail.example.es:993:ssl"}, `--imap "mail.example.es:993:ssl": la seguridad debe ser`, `--imap "mail.example.es:993:ssl": the security must be`},
		{[]string{"check", "ana@example.es", "--smtp", "mail.example.es"}, "escribe el servidor como HOST:PUERTO:SEG", "write the server as HOST:PORT:SEC"},
		{[]string{"check", "ana@example.es", "--password-stdin", "--keychain"}, "no los dos", "not both"},
		{[]string{"export"}, "export necesita exactamente una dirección", "export needs exactly one address"},
		{[]string{"export", "ana@example.es"}, "falta --format", "--format is missing"},
		{[]string{"export", "ana@example.es", "--format", "html", "--profile", dir}, "--profile solo va con", "--profile only goes with"},
		{[]string{"export", "ana@example.es", "--format", "html", "--imap", "mail.example.es:0:tls"}, "el puerto debe ser un número", "the port must be a number"},
	}
	for _, tt := range tests {
		lines := map[string]string{}
		for lang, want := range map[string]string{"es": tt.es, "en": tt.en} {
			// --lang right after the command, so that a flag missing its
			// value at the end stays the last argument.
			args := append([]string{tt.args[0], "--lang", lang}, tt.args[1:]...)
			out, errOut, code := runArgs("", args...)
			if code != exitBadInput || out != "" {
				t.Errorf("%q --lang %s: exit %d, stdout %q", tt.args, lang, code, out)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.HasSuffix(errOut, "\n") || !strings.Contains(errOut, want) {
				t.Errorf("%q --lang %s: stderr %q, want one line with %q", tt.args, lang, errOut, want)
			}
			lines[lang] = errOut
		}
		if lines["es"] == lines["en"] {
			t.Errorf("%q: the same line in both languages: %q", tt.args, lines["es"])
		}
	}
	// An unsupported --lang is said in the language of the environment.
	t.Setenv("LC_ALL", "es_ES.UTF-8")
	if _, errOut, code := runArgs("", "detect", "ana@gmail.com", "--lang", "fr"); code != exitBadInput || !strings.Contains(errOut, `el idioma "fr" no está disponible`) {
		t.Errorf("--lang fr under LC_ALL=es: exit %d, %q", code, errOut)
	}
}

// flagError knows every error shape of the flag package, so none reaches
// the user in English only; an unknown shape is kept, not lost.
func TestFlagErrorShapes(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Bool("json", false, "")
	fs.Int("count", 0, "")
	fs.String("name", "", "")
	for args, key := range map[string]string{
		"--nope":       "cli.flag.unknown",
		"--name":       "cli.flag.needs_value",
		"--count=many": "cli.flag.bad_value",
		"--json=oui":   "cli.flag.bad_bool",
		"---name=x":    "cli.flag.bad_syntax",
	} {
		err := fs.Parse([]string{args})
		if err == nil {
			t.Fatalf("%s parsed", args)
		}
		var e *i18n.Error
		if got := flagError("x", err); !errors.As(got, &e) || e.Key != key {
			t.Errorf("%s: %v, want key %s", args, got, key)
		}
	}
	plain := flagError("x", os.ErrClosed)
	if plain != os.ErrClosed {
		t.Errorf("unknown shape changed: %v", plain)
	}
}

// A panic in a command is a bug: the user still gets one translated line
// and exit 70, never a stack trace.
func TestInternalErrorTranslated(t *testing.T) {
	register(&command{name: "boom", usage: "boom", summary: "cli.help.intro", run: func(*cli, *cmdFlags, []string) int { panic("kaput") }})
	defer delete(commands, "boom")
	for lang, want := range map[string]string{"es": "error interno", "en": "internal error"} {
		_, errOut, code := runArgs("", "boom", "--lang", lang)
		if code != 70 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, want) || !strings.Contains(errOut, "kaput") {
			t.Errorf("--lang %s: exit %d, stderr %q", lang, code, errOut)
		}
	}
}
