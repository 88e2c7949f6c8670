//go:build integration

package main

import (
	"strconv"
	"testing"

	"github.com/mailsetup/mailsetup/check"
	"github.com/mailsetup/mailsetup/internal/testpeers"
)

// The command line against Dovecot: IMAP and POP3, right and wrong password.
func TestPeerCLICheckDovecot(t *testing.T) {
	p := testpeers.StartDovecot(t)
	args := []string{"check", p.Address,
		"--imap", "127.0.0.1:" + strconv.Itoa(p.Port(t, "imaps")) + ":tls",
		"--pop3", "127.0.0.1:" + strconv.Itoa(p.Port(t, "pop3")) + ":starttls",
		"--ca-file", p.CAFile, "--password-stdin", "--json", "--no-fallback", "--timeout", "5s"}

	r := runCLI(p.Password+"\n", args...)
	noSecret(t, r, p.Password)
	if r.code != exitOK {
		t.Fatalf("right password: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	wrong := "wrong-" + p.Password
	r = runCLI(wrong+"\n", args...)
	noSecret(t, r, wrong)
	if r.code != exitFailed {
		t.Fatalf("wrong password: exit %d\n%s", r.code, r.stderr)
	}
	for _, res := range decodeCheck(t, r.stdout).Results {
		if res.Diagnosis == nil || res.Diagnosis.Code != check.AuthFailed {
			t.Fatalf("%+v", res)
		}
	}
}
