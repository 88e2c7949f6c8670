package testpeers

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Mox's account in localserve mode (build.md §6.2). The domain has no dot,
// which settings.ParseAddress refuses for real addresses: build the
// settings.Address by hand, or use Dovecot for command-line tests.
const (
	MoxAddress  = "mox@localhost"
	MoxPassword = "moxmoxmox"
)

// moxBinary finds mox v0.0.17: $MAILSETUP_MOX, else .cache/bin/mox as
// scripts/build-mox.sh builds it.
func moxBinary() (string, bool) {
	if p := os.Getenv("MAILSETUP_MOX"); p != "" {
		_, err := os.Stat(p)
		return p, err == nil
	}
	root, err := repoRoot()
	if err != nil {
		return "", false
	}
	p := filepath.Join(root, ".cache", "bin", "mox")
	_, err = os.Stat(p)
	return p, err == nil
}

var portLine = regexp.MustCompile(`(?m)^(\t+Port: )(\d+)$`)

// StartMox runs `mox localserve` in a temporary directory: SMTP submission
// (STARTTLS, "submission") and submissions (implicit TLS), IMAP (STARTTLS)
// and IMAPS, on free ports instead of localserve's fixed ones, so several
// can run at once. Its certificate, from our own CA, is valid for
// "localhost" and 127.0.0.1. The junk filter is removed, so looped-back
// test mail lands in the Inbox (build.md §6.4). Mail to any address is
// delivered to the one account, MoxAddress.
func StartMox(t testing.TB) *Peer {
	t.Helper()
	bin, ok := moxBinary()
	if !ok {
		missing(t, "mox is not built: run scripts/build-mox.sh (or set MAILSETUP_MOX)")
	}
	dir := t.TempDir()
	init := exec.Command(bin, "localserve", "-dir", dir, "-initonly")
	if out, err := init.CombinedOutput(); err != nil {
		t.Fatalf("testpeers: mox localserve -initonly: %v\n%s", err, out)
	}
	caFile, certFile, keyFile, pool := WriteCerts(t, dir, "localhost", "127.0.0.1")

	// Give every fixed port (1025, 1587, 1465, 1143, 1993, 1080, 1443, 1081)
	// a free one; services sharing a port keep sharing it.
	conf := readFile(t, filepath.Join(dir, "mox.conf"))
	mapped := map[string]string{}
	for _, m := range portLine.FindAllStringSubmatch(conf, -1) {
		mapped[m[2]] = ""
	}
	free := freePorts(t, len(mapped))
	i := 0
	for old := range mapped {
		mapped[old] = strconv.Itoa(free[i])
		i++
	}
	conf = portLine.ReplaceAllStringFunc(conf, func(s string) string {
		m := portLine.FindStringSubmatch(s)
		return m[1] + mapped[m[2]]
	})
	// traceauth (the default) would log the test password in its transcripts.
	conf = strings.Replace(conf, "LogLevel: traceauth", "LogLevel: info", 1)
	conf = strings.ReplaceAll(conf, "CertFile: localhost.crt", "CertFile: "+certFile)
	conf = strings.ReplaceAll(conf, "KeyFile: localhost.key", "KeyFile: "+keyFile)
	conf = strings.ReplaceAll(conf, "- localhost.crt", "- "+caFile)
	writeFile(t, filepath.Join(dir, "mox.conf"), conf)
	domains := withoutBlock(readFile(t, filepath.Join(dir, "domains.conf")), "\t\tJunkFilter:")
	writeFile(t, filepath.Join(dir, "domains.conf"), domains)

	port := func(old string) int { p, _ := strconv.Atoi(mapped[old]); return p }
	peer := &Peer{
		Host: "localhost", CAFile: caFile, CAPool: pool, Address: MoxAddress, Password: MoxPassword, Dir: dir,
		Ports: map[string]int{
			"submission": port("1587"), "submissions": port("1465"),
			"imap": port("1143"), "imaps": port("1993"), "smtp": port("1025"),
		},
	}
	cmd := exec.Command(bin, "localserve", "-dir", dir)
	cmd.Dir = dir
	p := start(t, "mox", cmd)
	p.waitListening(t, "mox", peer.Ports["imaps"], peer.Ports["submissions"], peer.Ports["submission"], peer.Ports["imap"], peer.Ports["smtp"])
	return peer
}

// withoutBlock removes the sconf block that starts with the line header
// (tab-indented): the header and every deeper-indented or empty line after it.
func withoutBlock(conf, header string) string {
	lines := strings.Split(conf, "\n")
	depth := len(header) - len(strings.TrimLeft(header, "\t"))
	var out []string
	skipping := false
	for _, l := range lines {
		if l == header {
			skipping = true
			continue
		}
		if skipping {
			ind := len(l) - len(strings.TrimLeft(l, "\t"))
			if strings.TrimSpace(l) == "" || ind > depth {
				continue
			}
			skipping = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

func readFile(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t testing.TB, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
