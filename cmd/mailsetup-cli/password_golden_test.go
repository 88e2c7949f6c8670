package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/keychain"
)

// The exact words of `password` in both languages, for review: one golden
// file per case and language under testdata/password/.
func TestPasswordGolden(t *testing.T) {
	cases := []struct {
		name  string
		items map[string]string
		fail  keychain.Reason
		stdin string
		args  []string
	}{
		{name: "set", stdin: "pw\n", args: []string{"set", "Ana@Example.es"}},
		{name: "set-json", stdin: "pw\n", args: []string{"set", "ana@example.es", "--json"}},
		{name: "get-json", items: map[string]string{"ana@example.es": `abcd "efgh" ijkl`}, args: []string{"get", "ana@example.es", "--json"}},
		{name: "delete", items: map[string]string{"ana@example.es": "pw"}, args: []string{"delete", "ana@example.es"}},
		{name: "delete-json", items: map[string]string{"ana@example.es": "pw"}, args: []string{"delete", "ana@example.es", "--json"}},
		{name: "get-none", args: []string{"get", "ana@example.es"}},
		{name: "get-none-json", args: []string{"get", "ana@example.es", "--json"}},
		{name: "set-no-secret", args: []string{"set", "ana@example.es"}},
		{name: "set-bad-action", args: []string{"show", "ana@example.es"}},
		{name: "set-locked", fail: keychain.ReasonLocked, stdin: "pw\n", args: []string{"set", "ana@example.es"}},
		{name: "get-no-session-bus-json", fail: keychain.ReasonNoSessionBus, args: []string{"get", "ana@example.es", "--json"}},
	}
	for _, c := range cases {
		for _, lang := range []string{"es", "en"} {
			t.Run(c.name+"."+lang, func(t *testing.T) {
				fake := useFakeKeychain(t, c.items)
				if c.fail != "" {
					fake.Fail = &keychain.UnavailableError{Reason: c.fail}
				}
				args := append([]string{"password"}, c.args...)
				r := runCLI(c.stdin, append(args, "--lang", lang)...)
				got := fmt.Sprintf("$ mailsetup-cli password %s\nexit %d\n--- stdout\n%s--- stderr\n%s", strings.Join(c.args, " "), r.code, r.stdout, r.stderr)
				checkGolden(t, "password/"+c.name+"."+lang+".txt", []byte(got))
			})
		}
	}
}
