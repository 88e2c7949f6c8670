package main

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY returns a new pseudo-terminal pair (controller, terminal).
func openPTY(t *testing.T) (*os.File, *os.File) {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { ptmx.Close() })
	if err := unix.IoctlSetPointerInt(int(ptmx.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(ptmx.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	tty, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	return ptmx, tty
}

func echoOn(t *testing.T, f *os.File) bool {
	t.Helper()
	tio, err := unix.IoctlGetTermios(int(f.Fd()), ioctlGetTermios)
	if err != nil {
		t.Fatal(err)
	}
	return tio.Lflag&unix.ECHO != 0
}

// Typed at a terminal, the password is not echoed, and echo comes back.
func TestPasswordPromptTurnsEchoOff(t *testing.T) {
	ptmx, tty := openPTY(t)
	if !echoOn(t, tty) {
		t.Fatal("a new terminal should echo")
	}
	fake := useFakeKeychain(t, nil)
	var out, errb strings.Builder
	done := make(chan int)
	go func() { done <- run([]string{"password", "set", "ana@example.es", "--lang", "en"}, tty, &out, &errb) }()

	// Type only once echo is off, as a person would after the prompt.
	deadline := time.Now().Add(10 * time.Second)
	for echoOn(t, tty) {
		if time.Now().After(deadline) {
			t.Fatal("echo never went off")
		}
		time.Sleep(time.Millisecond)
	}
	if _, err := ptmx.Write([]byte("typed-secret\n")); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
	case <-time.After(10 * time.Second): // hang guard only
		t.Fatal("password set did not return after the line was typed")
	}
	if !echoOn(t, tty) {
		t.Fatal("echo was not turned back on")
	}
	// What the terminal showed back: the newline at most, never the secret.
	// Poll first: with echo off there may be nothing to read, and a read
	// of the controller would block forever.
	shown := make([]byte, 256)
	n := 0
	fds := []unix.PollFd{{Fd: int32(ptmx.Fd()), Events: unix.POLLIN}}
	if ready, _ := unix.Poll(fds, 200); ready > 0 {
		n, _ = unix.Read(int(ptmx.Fd()), shown)
		n = max(n, 0)
	}
	if strings.Contains(string(shown[:n]), "typed-secret") {
		t.Fatalf("the terminal echoed the password: %q", shown[:n])
	}
	if !strings.Contains(errb.String(), "Password for ana@example.es") || strings.Contains(errb.String()+out.String(), "typed-secret") {
		t.Fatalf("stderr %q stdout %q", errb.String(), out.String())
	}
	if got, _ := fake.Get("ana@example.es"); string(got) != "typed-secret" {
		t.Fatalf("stored %q", got)
	}
}

// Pipes and files are not terminals: no prompt, nothing changed.
func TestNoEchoIgnoresPipes(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if _, ok := noEcho(r); ok {
		t.Fatal("a pipe was taken for a terminal")
	}
	if _, ok := noEcho(strings.NewReader("x")); ok {
		t.Fatal("a reader was taken for a terminal")
	}
}
