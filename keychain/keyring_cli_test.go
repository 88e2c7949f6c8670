//go:build keyring

package keychain

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/i18n"
)

// buildCLI builds mailsetup-cli once per test into a temporary directory.
func buildCLI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mailsetup-cli")
	cmd := exec.Command("go", "build", "-o", bin, "../cmd/mailsetup-cli")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building mailsetup-cli: %v\n%s", err, out)
	}
	return bin
}

type cliRun struct {
	code           int
	stdout, stderr string
	elapsed        time.Duration
}

// runCLI runs the binary with stdin and env (nil: this process's), and a
// hang guard far above any expected duration.
func runCLI(t *testing.T, bin string, env []string, stdin []byte, args ...string) cliRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := cliRun{stdout: out.String(), stderr: errb.String(), elapsed: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("mailsetup-cli %v hung (killed after %v)", args, r.elapsed)
	}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running mailsetup-cli: %v", err)
	}
	return r
}

func TestKeyringCLIRoundTrip(t *testing.T) {
	requireIsolatedKeyring(t)
	bin := buildCLI(t)
	secret := testSecret(t)
	const email = "Cli.User@Example.ES"

	r := runCLI(t, bin, nil, append(append([]byte{}, secret...), '\r', '\n'), "password", "set", email)
	if r.code != 0 || bytes.Contains([]byte(r.stdout+r.stderr), secret) {
		t.Fatalf("set: %+v", r)
	}
	out, err := secretTool(t, "lookup", "service", "mailsetup", "username", "cli.user@example.es")
	if err != nil || out != string(secret) {
		t.Fatalf("secret-tool lookup after CLI set = %q, %v", out, err)
	}
	r = runCLI(t, bin, nil, nil, "password", "get", "cli.user@example.es")
	if r.code != 0 || r.stdout != string(secret)+"\n" {
		t.Fatalf("get: %+v", r)
	}
	r = runCLI(t, bin, nil, nil, "password", "get", email, "--json")
	var doc struct {
		Email, Password string
		Found           bool
	}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &doc) != nil || doc.Password != string(secret) || !doc.Found {
		t.Fatalf("get --json: %+v", r)
	}
	assertNowhereOnDisk(t, secret)

	r = runCLI(t, bin, nil, nil, "password", "delete", email)
	if r.code != 0 || bytes.Contains([]byte(r.stdout+r.stderr), secret) {
		t.Fatalf("delete: %+v", r)
	}
	for _, action := range []string{"get", "delete"} {
		if r = runCLI(t, bin, nil, nil, "password", action, email); r.code != 1 || r.stdout != "" {
			t.Fatalf("%s after delete: %+v, want exit 1", action, r)
		}
	}
	if _, err := secretTool(t, "lookup", "service", "mailsetup", "username", "cli.user@example.es"); err == nil {
		t.Fatal("secret-tool still finds the item after delete")
	}
	assertNowhereOnDisk(t, secret)
}

// envWithout returns this process's environment minus the named variables,
// plus extra.
func envWithout(names []string, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		drop := false
		for _, n := range names {
			drop = drop || name == n
		}
		if !drop {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// The unavailable cases, against real parts: no session bus at all (no
// address, no dbus-launch on PATH), a bus address that leads nowhere, and a
// real bus on which nobody provides the Secret Service. Each exits 3 with
// the reason in plain words.
func TestKeyringCLIUnavailable(t *testing.T) {
	requireIsolatedKeyring(t)
	bin := buildCLI(t)
	emptyPath := t.TempDir()

	bare := startBareBus(t)
	cases := []struct {
		name string
		env  []string
		want Reason
	}{
		{"no session bus", envWithout([]string{"DBUS_SESSION_BUS_ADDRESS", "PATH"}, "PATH="+emptyPath), ReasonNoSessionBus},
		{"dead bus address", envWithout([]string{"DBUS_SESSION_BUS_ADDRESS"}, "DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(emptyPath, "gone")), ReasonNoSessionBus},
		{"malformed bus address", envWithout([]string{"DBUS_SESSION_BUS_ADDRESS"}, "DBUS_SESSION_BUS_ADDRESS=not-an-address"), ReasonNoSessionBus},
		{"bus without Secret Service", envWithout([]string{"DBUS_SESSION_BUS_ADDRESS"}, "DBUS_SESSION_BUS_ADDRESS="+bare), ReasonNoSecretService},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "no session bus" && userBusExists() {
				// godbus would find the desktop's own bus there and
				// this test would write to the real keychain.
				t.Skip("this machine has a per-user session bus socket")
			}
			for _, lang := range i18n.Langs {
				r := runCLI(t, bin, c.env, []byte("never-stored-secret\n"), "password", "set", "ana@example.es", "--lang", string(lang))
				want := (&UnavailableError{Reason: c.want}).Message(lang)
				if r.code != 3 || !strings.Contains(r.stderr, want) || r.stdout != "" {
					t.Fatalf("exit %d, stderr %q; want 3 and %q", r.code, r.stderr, want)
				}
				if strings.Contains(r.stderr, "never-stored-secret") {
					t.Fatal("secret in the error output")
				}
				t.Logf("%s (%s): exit 3 after %v", c.name, lang, r.elapsed)
			}
			r := runCLI(t, bin, c.env, nil, "password", "get", "ana@example.es", "--json")
			var doc struct{ Error struct{ Reason Reason } }
			if r.code != 3 || json.Unmarshal([]byte(r.stdout), &doc) != nil || doc.Error.Reason != c.want {
				t.Fatalf("get --json: %+v", r)
			}
		})
	}
}

// userBusExists reports whether the per-user bus socket godbus falls back to
// exists.
func userBusExists() bool {
	_, err := os.Stat("/run/user/" + strconv.Itoa(os.Getuid()) + "/bus")
	return err == nil
}

// startBareBus starts a private dbus-daemon with no service files, so
// nothing can be activated on it, and returns its address.
func startBareBus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "bus.conf")
	sock := filepath.Join(dir, "bus")
	err := os.WriteFile(conf, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=`+sock+`</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	// --print-address writes the address once the bus accepts connections:
	// waiting for the socket file alone races with listen(2).
	cmd := exec.Command("dbus-daemon", "--config-file="+conf, "--nofork", "--nopidfile", "--print-address=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting dbus-daemon: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	ready := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		ready <- strings.TrimSpace(line)
	}()
	select {
	case addr := <-ready:
		if addr == "" {
			t.Fatal("dbus-daemon printed no address")
		}
		return addr
	case <-time.After(10 * time.Second): // hang guard only
		t.Fatal("dbus-daemon did not start")
	}
	return ""
}
