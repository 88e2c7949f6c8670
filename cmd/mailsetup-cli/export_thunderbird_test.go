//go:build thunderbird

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/export"
	"github.com/mailsetup/mailsetup/internal/tbtest"
)

// TestThunderbirdCLIDefaultProfile runs `export --format thunderbird-profile`
// without --profile against profiles made by the real Thunderbird in a
// private HOME: the command finds the profile Thunderbird uses by default
// (its [Install…] section, not the legacy Default=1), refuses it while
// Thunderbird runs, accepts another profile meanwhile, and once Thunderbird
// has stopped adds the account, which Thunderbird then loads. Servers are
// on localhost only.
func TestThunderbirdCLIDefaultProfile(t *testing.T) {
	tb := tbtest.Binary(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	env := tbtest.Env("HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"))

	// An old profile made with -CreateProfile: profiles.ini marks it
	// Default=1. Thunderbird's first normal start then makes its own
	// default-default profile and records it in an [Install…] section.
	create := tbtest.Command(tb, env, "-CreateProfile", "older")
	if out, err := create.CombinedOutput(); err != nil {
		t.Fatalf("-CreateProfile: %v\n%s", err, out)
	}
	root := filepath.Join(home, ".thunderbird")
	older, err := export.DefaultProfile([]string{root})
	if err != nil {
		t.Fatal(err)
	}

	p := tbtest.Start(t, tb, env)
	var running string
	p.WaitFor(t, "the default profile in use, with its prefs.js", func() bool {
		dir, err := export.DefaultProfile([]string{root})
		if err != nil || dir == older {
			return false
		}
		if _, err := os.Lstat(filepath.Join(dir, "lock")); err != nil {
			return false
		}
		// A profile that has run once: Thunderbird has saved its prefs.
		if _, err := os.Stat(filepath.Join(dir, "prefs.js")); err != nil {
			return false
		}
		running = dir
		return true
	})

	args := []string{"export", "ana@example.es", "--format", "thunderbird-profile", "--name", "Ana García",
		"--imap", "localhost:13993:tls", "--smtp", "localhost:13587:starttls", "--lang", "en"}
	_, errOut, code := runArgs("", args...)
	if code != exitFailed || !strings.Contains(errOut, "Thunderbird is open") || !strings.Contains(errOut, running) {
		t.Fatalf("export while Thunderbird runs: exit %d, %q", code, errOut)
	}
	// Another profile of the same installation is not in use.
	if out, errOut, code := runArgs("", append(args, "--profile", older)...); code != exitOK {
		t.Fatalf("export to the other profile: exit %d, %q %q", code, out, errOut)
	}
	p.Stop(t)

	out, errOut, code := runArgs("", append(args, "--json")...)
	if code != exitOK {
		t.Fatalf("export after Thunderbird stopped: exit %d, %q", code, errOut)
	}
	var res struct{ Profile, Account, Backup string }
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Profile != running || res.Account == "" || res.Backup == "" {
		t.Fatalf("result %+v, want profile %s", res, running)
	}

	prefsPath := filepath.Join(running, "prefs.js")
	data, _ := os.ReadFile(prefsPath)
	m := regexp.MustCompile(`user_pref\("mail\.account\.` + res.Account + `\.server", "(server\d+)"\);`).FindSubmatch(data)
	if m == nil {
		t.Fatalf("no server for %s in prefs.js", res.Account)
	}
	loaded := `user_pref("mail.server.` + string(m[1]) + `.directory-rel"`
	p = tbtest.Start(t, tb, env)
	p.WaitFor(t, "the exported account loaded", func() bool {
		data, _ := os.ReadFile(prefsPath)
		return strings.Contains(string(data), loaded)
	})
	p.Stop(t)
	data, _ = os.ReadFile(prefsPath)
	for _, want := range []string{
		`user_pref("mail.server.` + string(m[1]) + `.hostname", "localhost");`,
		`user_pref("mail.server.` + string(m[1]) + `.port", 13993);`,
		`"Ana García"`,
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("prefs.js after Thunderbird ran lacks %s", want)
		}
	}
}
