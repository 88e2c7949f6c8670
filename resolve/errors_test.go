package resolve

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/i18n"
)

// wantError checks that err is an *i18n.Error with key whose Spanish and
// English texts differ, fill every slot and stay on one line.
func wantError(t *testing.T, what string, err error, key string) {
	t.Helper()
	var e *i18n.Error
	if !errors.As(err, &e) || e.Key != key {
		t.Errorf("%s: %v, want key %s", what, err, key)
		return
	}
	es, en := i18n.Describe(err, i18n.ES), i18n.Describe(err, i18n.EN)
	if es == en || strings.ContainsAny(es+en, "{}\n") {
		t.Errorf("%s: es %q en %q", what, es, en)
	}
}

func TestParseServerErrors(t *testing.T) {
	for in, key := range map[string]string{
		"":                "resolve.dns_server.empty",
		"dns":             "resolve.dns_server.format",
		"dns.example:53":  "resolve.dns_server.not_ip",
		"127.0.0.1:0":     "resolve.dns_server.port",
		"127.0.0.1:053":   "resolve.dns_server.port",
		"127.0.0.1:99999": "resolve.dns_server.port",
	} {
		_, err := ParseServer(in)
		wantError(t, "ParseServer("+in+")", err, key)
	}
}

func TestLoadRootsErrors(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "notes.txt")
	big := filepath.Join(dir, "big.pem")
	if err := os.WriteFile(notPEM, []byte("hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big, make([]byte, MaxCAFileSize+1), 0o600); err != nil {
		t.Fatal(err)
	}
	for file, key := range map[string]string{
		filepath.Join(dir, "missing.pem"): "resolve.ca_file.missing",
		notPEM:                            "resolve.ca_file.no_pem",
		big:                               "resolve.ca_file.too_large",
		dir:                               "resolve.ca_file.unreadable", // a folder opens but cannot be read
	} {
		_, err := LoadRoots(file)
		wantError(t, "LoadRoots("+filepath.Base(file)+")", err, key)
		if err != nil && !strings.Contains(i18n.Describe(err, i18n.ES), file) {
			t.Errorf("LoadRoots(%s): the message does not name the file: %v", file, err)
		}
	}
}
