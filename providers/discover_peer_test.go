//go:build integration && unix

package providers

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/internal/fakenet"
	"github.com/mailsetup/mailsetup/settings"
)

// moxIP is where this test's mox listens: its own loopback address, so that
// it never collides with the mox other packages' tests start on 127.0.0.1.
const moxIP = "127.0.0.7"

// TestPeerDiscoverMox discovers a domain served by a real mox (v0.0.17):
// mox.example, whose autoconfig and Autodiscover mox answers over HTTPS with
// a certificate of the test CA. DNS is the in-process server, which points
// autoconfig.mox.example and mox.example at mox.
func TestPeerDiscoverMox(t *testing.T) {
	w := fakenet.New(t)
	startMox(t, w.CA, "autoconfig.mox.example", "mox.example", "imap.mox.example", "smtp.mox.example")
	w.RR("autoconfig.mox.example. 60 IN A "+moxIP, "mox.example. 60 IN A "+moxIP)
	w.Host("ispdb.test")
	opts := DiscoverOptions{
		Network:  w.Network(5 * time.Second),
		ISPDBURL: fmt.Sprintf("https://ispdb.test:%d/v1.1/", w.HTTPSPort),
		Ports:    map[int]int{443: 1443, 80: 1080},
	}
	addr := mustAddr(t, "mox@mox.example")

	c, err := Discover(context.Background(), addr, opts)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	if c.Source != settings.SourceAutoconfig || c.Trust != settings.Verified || len(c.Warnings) != 0 {
		t.Errorf("source %q trust %q warnings %v", c.Source, c.Trust, c.Warnings)
	}
	wantMoxServers(t, c)

	// mox answers Autodiscover (POX) too, at https://mox.example/.
	d := newDiscovery(addr, opts)
	defer d.http.close()
	c, err = d.fromAutodiscover(context.Background())
	if err != nil {
		t.Fatalf("Autodiscover: %v", err)
	}
	if c.Source != settings.SourceAutodiscover || c.Trust != settings.Verified || !strings.HasPrefix(c.SourceURL, "https://mox.example") {
		t.Errorf("source %q %q trust %q", c.Source, c.SourceURL, c.Trust)
	}
	wantMoxServers(t, c)

	// Guessing against mox's real IMAP and submission listeners, implicit
	// TLS and STARTTLS, where only imap. and smtp. resolve.
	g := fakenet.New(t)
	g.RR("imap.mox.example. 60 IN A "+moxIP, "smtp.mox.example. 60 IN A "+moxIP)
	opts.Network = g.Network(5 * time.Second)
	opts.Network.RootCAs = w.CA.Pool // mox's certificate comes from w's CA
	opts.Ports = map[int]int{993: 1993, 143: 1143, 465: 1465, 587: 1587, 995: 1, 110: 1}
	d = newDiscovery(addr, opts)
	defer d.http.close()
	c, err = d.guess(context.Background())
	if err != nil {
		t.Fatalf("guess: %v", err)
	}
	var got []string
	for _, s := range append(c.Incoming, c.Outgoing...) {
		got = append(got, fmt.Sprintf("%s %s %s", s.Protocol, s.Addr(), s.Security))
	}
	want := []string{"imap imap.mox.example:993 tls", "imap imap.mox.example:143 starttls",
		"smtp smtp.mox.example:465 tls", "smtp smtp.mox.example:587 starttls"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("guessed %v, want %v", got, want)
	}
}

// wantMoxServers checks the servers mox publishes: IMAPS 1993 and
// Submissions 1465 on its host name, localhost, for the whole address.
func wantMoxServers(t *testing.T, c settings.Config) {
	t.Helper()
	in, ok1 := c.FirstIncoming()
	out, ok2 := c.FirstOutgoing()
	if !ok1 || !ok2 || in.Protocol != settings.IMAP || in.Host != "localhost" || in.Port != 1993 || in.Security != settings.TLS ||
		out.Protocol != settings.SMTP || out.Port != 1465 || out.Security != settings.TLS || in.Username != "mox@mox.example" {
		t.Errorf("servers %+v %+v", c.Incoming, c.Outgoing)
	}
}

// startMox runs `mox localserve` on moxIP (localserve's fixed ports, on an
// address of its own). internal/testpeers.StartMox has no autoconfig, no
// second domain and no choice of certificate names, which discovery needs. with the extra domain mox.example
// and autoconfig/Autodiscover enabled on HTTPS port 1443 (build.md §6.3),
// serving a certificate of ca for names. It stops mox when the test ends.
func startMox(t *testing.T, ca *fakenet.CA, names ...string) {
	t.Helper()
	bin := moxBinary(t)
	dir := filepath.Join(t.TempDir(), "mox")
	if out, err := exec.Command(bin, "localserve", "-dir", dir, "-ip", moxIP, "-initonly").CombinedOutput(); err != nil {
		t.Fatalf("mox localserve -initonly: %v\n%s", err, out)
	}
	certPEM, keyPEM, err := ca.IssuePEM(names...)
	if err != nil {
		t.Fatal(err)
	}
	must(t, os.WriteFile(filepath.Join(dir, "discover.crt"), certPEM, 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "discover.key"), keyPEM, 0o600))
	// sconf: tabs for indentation. The certificate is a second KeyCerts
	// entry, chosen by SNI; AutoconfigHTTPS sits beside SMTP in the listener.
	editFile(t, filepath.Join(dir, "mox.conf"),
		// traceauth (the default) would log passwords in its transcripts.
		"LogLevel: traceauth", "LogLevel: info",
		"\t\t\t\t\tKeyFile: localhost.key\n",
		"\t\t\t\t\tKeyFile: localhost.key\n\t\t\t\t-\n\t\t\t\t\tCertFile: discover.crt\n\t\t\t\t\tKeyFile: discover.key\n",
		"\t\tSMTP:\n",
		"\t\tAutoconfigHTTPS:\n\t\t\tEnabled: true\n\t\t\tPort: 1443\n\t\tSMTP:\n")
	editFile(t, filepath.Join(dir, "domains.conf"),
		"Domains:\n", "Domains:\n\tmox.example:\n\t\tLocalpartCatchallSeparator: +\n",
		"\t\t\tmox@localhost: nil\n", "\t\t\tmox@localhost: nil\n\t\t\tmox@mox.example: nil\n")

	cmd := exec.Command(bin, "localserve", "-dir", dir)
	logFile, err := os.Create(filepath.Join(t.TempDir(), "mox.log"))
	must(t, err)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// Its own process group, recorded where scripts/test-stages/10-peers.sh
	// stops what a crashed test binary left behind.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	must(t, cmd.Start())
	if f := os.Getenv("MAILSETUP_PEER_PIDS"); f != "" {
		if pids, err := os.OpenFile(f, os.O_APPEND|os.O_WRONLY, 0); err == nil {
			fmt.Fprintln(pids, cmd.Process.Pid)
			pids.Close()
		}
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		logFile.Close()
	})
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", net.JoinHostPort(moxIP, "1443"), 200*time.Millisecond)
		if err == nil {
			c.Close()
			return
		}
		select {
		case err := <-exited:
			log, _ := os.ReadFile(logFile.Name())
			t.Fatalf("mox exited: %v\n%s", err, tail(log))
		default:
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logFile.Name())
			t.Fatalf("mox did not listen on %s:1443 within 15 s\n%s", moxIP, tail(log))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// moxBinary returns $MAILSETUP_MOX (set by scripts/test-stages/10-peers.sh)
// or .cache/bin/mox, building it with scripts/build-mox.sh when missing.
// Without it the test skips, or fails under MAILSETUP_REQUIRE_PEERS=1
// (make test).
func moxBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("MAILSETUP_MOX"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	root, err := filepath.Abs("..")
	must(t, err)
	out, err := exec.Command(filepath.Join(root, "scripts", "build-mox.sh")).Output()
	bin := strings.TrimSpace(string(out))
	if err == nil {
		if _, err = os.Stat(bin); err == nil {
			return bin
		}
	}
	if os.Getenv("MAILSETUP_REQUIRE_PEERS") == "1" {
		t.Fatalf("mox is needed and could not be built: %v", err)
	}
	t.Skipf("mox is not available (scripts/build-mox.sh: %v)", err)
	return ""
}

func editFile(t *testing.T, path string, oldNew ...string) {
	t.Helper()
	data, err := os.ReadFile(path)
	must(t, err)
	s := string(data)
	for i := 0; i+1 < len(oldNew); i += 2 {
		if !strings.Contains(s, oldNew[i]) {
			t.Fatalf("%s: %q not found; has mox's generated config changed?", path, oldNew[i])
		}
		s = strings.Replace(s, oldNew[i], oldNew[i+1], 1)
	}
	must(t, os.WriteFile(path, []byte(s), 0o600))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func tail(b []byte) string {
	if len(b) > 3000 {
		b = b[len(b)-3000:]
	}
	return string(b)
}
