//go:build thunderbird

package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/internal/tbtest"
	"github.com/mailsetup/mailsetup/settings"
)

// A minimal Marionette client (formats.md §7): TCP on loopback, each
// message "<byte length>:<JSON>", commands [0, id, name, params], replies
// [1, id, error, result]. Enough to run one script in Thunderbird's chrome
// context.
type marionette struct {
	conn net.Conn
	r    *bufio.Reader
	id   int
}

func dialMarionette(t *testing.T, p *tbtest.Process, port int) *marionette {
	t.Helper()
	var m *marionette
	p.WaitFor(t, "Marionette listening", func() bool {
		conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
		if err != nil {
			return false
		}
		m = &marionette{conn: conn, r: bufio.NewReader(conn)}
		return true
	})
	m.conn.SetDeadline(time.Now().Add(60 * time.Second))
	if _, err := m.read(); err != nil { // the hello
		t.Fatalf("marionette hello: %v", err)
	}
	return m
}

func (m *marionette) read() (json.RawMessage, error) {
	head, err := m.r.ReadString(':')
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(head[:len(head)-1])
	if err != nil || n < 0 || n > 16<<20 {
		return nil, fmt.Errorf("bad length %q", head)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(m.r, body); err != nil {
		return nil, err
	}
	return body, nil
}

// call sends a command and returns its result, or the error Marionette
// reported.
func (m *marionette) call(name string, params any) (json.RawMessage, error) {
	m.id++
	msg, err := json.Marshal([]any{0, m.id, name, params})
	if err != nil {
		return nil, err
	}
	if _, err := fmt.Fprintf(m.conn, "%d:%s", len(msg), msg); err != nil {
		return nil, err
	}
	for {
		raw, err := m.read()
		if err != nil {
			return nil, err
		}
		var reply []json.RawMessage
		if err := json.Unmarshal(raw, &reply); err != nil || len(reply) != 4 {
			return nil, fmt.Errorf("bad reply %s", raw)
		}
		var id int
		_ = json.Unmarshal(reply[1], &id)
		if id != m.id {
			continue
		}
		if string(reply[2]) != "null" {
			return nil, fmt.Errorf("%s: %s", name, reply[2])
		}
		return reply[3], nil
	}
}

// readConfigScript parses an autoconfig file with Thunderbird's own reader,
// the code its account wizard runs on what it downloads.
const readConfigScript = `
const { readFromXML } = ChromeUtils.importESModule("resource:///modules/accountcreation/readFromXML.sys.mjs");
const { JXON } = ChromeUtils.importESModule("resource:///modules/JXON.sys.mjs");
const doc = new DOMParser().parseFromString(arguments[0], "text/xml");
const c = readFromXML(JXON.build(doc), "disk");
const srv = s => ({type: s.type, hostname: s.hostname, port: s.port, socketType: s.socketType, auth: s.auth, username: s.username});
return {id: c.id, displayName: c.displayName, incoming: srv(c.incoming), outgoing: srv(c.outgoing),
        incomingAlternatives: c.incomingAlternatives.map(srv), outgoingAlternatives: c.outgoingAlternatives.length};
`

type tbServer struct {
	Type       string
	Hostname   string
	Port       int
	SocketType int
	Auth       int
	Username   string
}

// TestThunderbirdReadsAutoconfig hands our thunderbird-autoconfig files to
// Thunderbird's readFromXML over Marionette and compares what it read.
func TestThunderbirdReadsAutoconfig(t *testing.T) {
	tb := tbtest.Binary(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	profile := t.TempDir()
	prefs := fmt.Sprintf("user_pref(\"marionette.port\", %d);\n", port)
	if err := os.WriteFile(filepath.Join(profile, "prefs.js"), []byte(prefs), 0o600); err != nil {
		t.Fatal(err)
	}
	p := startThunderbird(t, tb, profile, "--marionette", "--remote-allow-system-access")
	m := dialMarionette(t, p, port)
	defer m.conn.Close()
	if _, err := m.call("WebDriver:NewSession", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.call("Marionette:SetContext", map[string]any{"value": "chrome"}); err != nil {
		t.Fatal(err)
	}
	for _, fx := range []string{"generic", "gmail", "pop", "outlookcom", "hostile"} {
		t.Run(fx, func(t *testing.T) {
			a := load(t, fx)
			var b bytes.Buffer
			if err := Write(&b, ThunderbirdAutoconfig, a, Options{Lang: i18n.ES}); err != nil {
				t.Fatal(err)
			}
			raw, err := m.call("WebDriver:ExecuteScript", map[string]any{"script": readConfigScript, "args": []string{b.String()}})
			if err != nil {
				t.Fatal(err)
			}
			var res struct {
				Value struct {
					ID, DisplayName      string
					Incoming, Outgoing   tbServer
					IncomingAlternatives []tbServer
					OutgoingAlternatives int
				}
			}
			if err := json.Unmarshal(raw, &res); err != nil {
				t.Fatalf("%v: %s", err, raw)
			}
			got := res.Value
			pl, _ := prepare(a, needBoth, false)
			want := func(s tbServer, want tbServer, role string) {
				if s != want {
					t.Errorf("%s: Thunderbird read %+v, want %+v", role, s, want)
				}
			}
			in, out := *pl.in, *pl.out
			// Thunderbird expands %EMAILADDRESS% after reading the file.
			got.Incoming.Username = settings.Expand(got.Incoming.Username, pl.addr)
			got.Outgoing.Username = settings.Expand(got.Outgoing.Username, pl.addr)
			want(got.Incoming, tbServer{string(in.Protocol), in.Host, in.Port, tbSocket(in.Security), tbAuth(in), in.Username}, "incoming")
			want(got.Outgoing, tbServer{"smtp", out.Host, out.Port, tbSocket(out.Security), tbAuth(out), out.Username}, "outgoing")
			if got.ID != pl.addr.ASCIIDomain || got.OutgoingAlternatives != 0 || len(got.IncomingAlternatives) != len(pl.ins)-1 {
				t.Errorf("read %+v", got)
			}
		})
	}
}
