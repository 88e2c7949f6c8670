package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/internal/fakenet"
)

// onlineWorld serves tienda.test's settings on loopback and points
// discovery's HTTPS and HTTP ports at it; the global flags do the rest
// (--dns-server, --ca-file), as an administrator's script would.
func onlineWorld(t *testing.T) (*fakenet.World, []string) {
	w := fakenet.New(t)
	discoverPorts = map[int]int{443: w.HTTPSPort, 80: w.HTTPPort}
	t.Cleanup(func() { discoverPorts = nil })
	return w, []string{"--dns-server", w.DNSAddr, "--ca-file", w.CA.WritePEM(t), "--timeout", "2s"}
}

func TestDetectOnlineAutoconfig(t *testing.T) {
	w, flags := onlineWorld(t)
	w.Host("autoconfig.tienda.test")
	w.ServeHTTPS("autoconfig.tienda.test/mail/config-v1.1.xml", fakenet.XMLFile(fakenet.ConfigXML("tienda.test", "imap.tienda.test", "smtp.tienda.test")))
	out, errOut, code := runArgs("", append([]string{"detect", "ana@tienda.test", "--json", "--lang", "en"}, flags...)...)
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
	checkGolden(t, "detect/online-autoconfig.json", []byte(out))
}

// Settings over plain HTTP: found, unverified, and the warning says so in
// the user's language.
func TestDetectOnlinePlainHTTP(t *testing.T) {
	w, flags := onlineWorld(t)
	w.Host("autoconfig.tienda.test")
	w.ServeHTTP("autoconfig.tienda.test/mail/config-v1.1.xml", fakenet.XMLFile(fakenet.ConfigXML("tienda.test", "mail.tienda.test", "mail.tienda.test")))
	out, errOut, code := runArgs("", append([]string{"detect", "ana@tienda.test", "--json", "--lang", "es"}, flags...)...)
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
	if !strings.Contains(out, `"trust": "unverified"`) || !strings.Contains(out, "sin cifrar") {
		t.Errorf("stdout %s", out)
	}
	checkGolden(t, "detect/online-http.es.json", []byte(out))
	out, _, code = runArgs("", append([]string{"detect", "ana@tienda.test", "--lang", "es"}, flags...)...)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	checkGolden(t, "detect/online-http.es.txt", []byte(out))
}

// Nothing anywhere: exit 1 with one line, after asking the DNS server given.
func TestDetectOnlineNotFound(t *testing.T) {
	w, flags := onlineWorld(t)
	w.ServeHTTPS("nothing/", http.NotFound)
	out, errOut, code := runArgs("", append([]string{"detect", "ana@nowhere.test", "--lang", "en"}, flags...)...)
	if code != exitFailed || out != "" || strings.Count(errOut, "\n") != 1 {
		t.Errorf("exit %d stdout %q stderr %q", code, out, errOut)
	}
	if len(w.AskedDNS()) == 0 {
		t.Error("the --dns-server was never asked")
	}
}

// A business domain hosted at Google Workspace, found through its MX and
// the built-in table: unverified (the MX answer is not DNSSEC-signed), with
// a warning that names google.com.
func TestDetectOnlineMX(t *testing.T) {
	w, flags := onlineWorld(t)
	w.RR("miempresa.test. 60 IN MX 1 aspmx.l.google.com.", "miempresa.test. 60 IN MX 5 alt1.aspmx.l.google.com.")
	out, errOut, code := runArgs("", append([]string{"detect", "ana@miempresa.test", "--json", "--lang", "en"}, flags...)...)
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
	if !strings.Contains(out, `"source": "mx"`) || !strings.Contains(out, "google.com") {
		t.Errorf("stdout %s", out)
	}
	checkGolden(t, "detect/online-mx.en.json", []byte(out))
}
