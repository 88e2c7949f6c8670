package testpeers

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// freePorts returns n distinct loopback ports nothing listens on now.
func freePorts(t testing.TB, n int) []int {
	t.Helper()
	var lns []net.Listener
	var out []int
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		lns = append(lns, ln)
		out = append(out, ln.Addr().(*net.TCPAddr).Port)
	}
	for _, ln := range lns {
		ln.Close()
	}
	return out
}

// process is a server started for one test.
type process struct {
	cmd  *exec.Cmd
	out  *lockedBuffer
	done chan error
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b.Len() > 1<<20 {
		return len(p), nil // keep the log bounded
	}
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs cmd and stops it (SIGTERM, then SIGKILL) when the test ends;
// on a failed test its output is logged.
func start(t testing.TB, name string, cmd *exec.Cmd) *process {
	t.Helper()
	p := &process{cmd: cmd, out: &lockedBuffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		t.Fatalf("testpeers: starting %s: %v", name, err)
	}
	go func() { p.done <- cmd.Wait() }()
	recordPID(cmd.Process.Pid)
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("testpeers: %s output:\n%s", name, p.out.String())
		}
	})
	return p
}

// recordPID appends pid to the file named by $MAILSETUP_PEER_PIDS, if set,
// so a stage script can stop the servers of a test binary that died before
// its cleanups ran (a test timeout).
func recordPID(pid int) {
	name := os.Getenv("MAILSETUP_PEER_PIDS")
	if name == "" {
		return
	}
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintln(f, pid)
}

// waitListening waits until every port accepts connections.
func (p *process) waitListening(t testing.TB, name string, ports ...int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for _, port := range ports {
		for {
			c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
			if err == nil {
				c.Close()
				break
			}
			select {
			case err := <-p.done:
				t.Fatalf("testpeers: %s exited: %v\n%s", name, err, p.out.String())
			default:
			}
			if time.Now().After(deadline) {
				t.Fatalf("testpeers: %s does not listen on %d:\n%s", name, port, p.out.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}
