package main

import (
	"net"
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
	out, errOut, code = runArgs("", append([]string{"detect", "ana@tienda.test", "--lang", "es"}, flags...)...)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	checkGolden(t, "detect/online-http.es.txt", []byte(out))
	// The warning goes to stderr: stdout holds only the result.
	if strings.Contains(out, "sin cifrar (http") || !strings.HasPrefix(errOut, "mailsetup-cli: Aviso: Estos datos llegaron por una conexión sin cifrar") {
		t.Errorf("stdout %q\nstderr %q", out, errOut)
	}
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
	if strings.Contains(errOut, "internet") {
		t.Errorf("DNS answered, yet the message blames the connection: %q", errOut)
	}
}

// A DNS server that never answers (no network): exit 1, and the message
// says to check the connection, in the user's language, before the usual
// "not found".
func TestDetectOnlineNoDNS(t *testing.T) {
	w, flags := onlineWorld(t)
	w.StallAllDNS()
	flags[len(flags)-1] = "300ms" // --timeout
	for lang, want := range map[string]string{"en": "connected to the internet", "es": "conectado a internet"} {
		out, errOut, code := runArgs("", append([]string{"detect", "ana@nowhere.test", "--lang", lang}, flags...)...)
		if code != exitFailed || out != "" || !strings.Contains(errOut, want) || strings.Contains(errOut, "{") {
			t.Errorf("%s: exit %d stdout %q stderr %q", lang, code, out, errOut)
		}
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

// DNS that never answers: detect, check and export each say so in one line
// (not also "ask your provider", which nobody could be asked), exit 1.
func TestDiscoveryWithoutDNSIsOneLine(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close() // reads nothing, answers nothing
	dns := pc.LocalAddr().String()
	for _, args := range [][]string{
		{"detect", "ana@nowhere.test"},
		{"check", "ana@nowhere.test"},
		{"export", "ana@nowhere.test", "--format", "env"},
	} {
		out, errOut, code := runArgs("", append(args, "--dns-server", dns, "--timeout", "300ms", "--lang", "en")...)
		if code != exitFailed || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "DNS gave no answer") {
			t.Errorf("%v: exit %d stdout %q stderr %q", args, code, out, errOut)
		}
	}
}
