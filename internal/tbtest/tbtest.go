//go:build thunderbird

// Package tbtest runs the real Thunderbird (Debian's ESR, headless) for the
// tests that check our exports against it (build.md §8). Tests of the
// export package and of the command line share it.
package tbtest

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Binary returns the thunderbird command, or skips the test; with
// MAILSETUP_REQUIRE_PEERS=1 (make test) a missing Thunderbird fails it.
func Binary(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("thunderbird")
	if err != nil {
		if os.Getenv("MAILSETUP_REQUIRE_PEERS") == "1" {
			t.Fatal("thunderbird is not installed (scripts/deps.sh test installs it)")
		}
		t.Skip("thunderbird is not installed")
	}
	return path
}

// Process is one running Thunderbird.
type Process struct {
	cmd  *exec.Cmd
	done chan struct{}
	err  error
	mu   sync.Mutex
	log  bytes.Buffer
}

// Log returns what Thunderbird printed so far.
func (p *Process) Log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.String()
}

func (p *Process) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.log.Len() < 1<<20 {
		p.log.Write(b)
	}
	return len(b), nil
}

// Env is the environment Thunderbird runs in: ours without a display,
// plus extra (HOME=... for tests that need their own profiles.ini).
func Env(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			env = append(env, kv)
		}
	}
	return append(append(env, "MOZ_HEADLESS=1"), extra...)
}

// Command builds a headless Thunderbird command with args, inside
// dbus-run-session unless a session bus is already there, in its own
// process group so that it and its content processes can be stopped
// together.
func Command(tb string, env []string, args ...string) *exec.Cmd {
	argv := append([]string{tb, "--headless", "--no-remote"}, args...)
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		if dbus, err := exec.LookPath("dbus-run-session"); err == nil {
			argv = append([]string{dbus, "--"}, argv...)
		}
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd
}

// Start runs Thunderbird with args (for example "--profile", DIR) and
// stops it when the test ends.
func Start(t testing.TB, tb string, env []string, args ...string) *Process {
	t.Helper()
	p := &Process{cmd: Command(tb, env, args...), done: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = p, p
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.Stop(t) })
	return p
}

// Stop sends SIGTERM to Thunderbird's process group (only the processes
// this test started), waits for a clean exit, which writes prefs.js, and
// kills the group only if it hangs.
func (p *Process) Stop(t testing.TB) {
	pgid := p.cmd.Process.Pid
	select {
	case <-p.done:
	default:
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(45 * time.Second):
			t.Errorf("thunderbird did not exit on SIGTERM; killing it")
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			<-p.done
		}
	}
	// Content processes share the group; none may outlive the test.
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
}

// WaitFor polls cond every 250 ms for up to 90 s; it fails the test when
// Thunderbird exits first or time runs out.
func (p *Process) WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			t.Fatalf("thunderbird exited (%v) before %s:\n%s", p.err, what, p.Log())
		default:
		}
		if cond() {
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("thunderbird: no %s within 90 s:\n%s", what, p.Log())
}

// Exited reports whether Thunderbird has ended.
func (p *Process) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}
