package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// hostileName holds every character some format treats specially.
const hostileName = `Zoë "Z" O'Brien \ $HOME ` + "`id`" + ` <b>&amp; ?> */ -- %EMAILADDRESS% ''' ;rm`

func hostile(t testing.TB) settings.Account {
	a := fixture(t, "generic")
	a.Name = hostileName
	addr, err := settings.ParseAddress(`o'bri"en\x$@españa.example`)
	if err != nil {
		t.Fatal(err)
	}
	a.Address = addr
	a.Config.Incoming[0].Username = `dom\user "x" 'y' $z`
	return a
}

var allFixtures = []string{"generic", "gmail", "pop", "outlookcom", "m365", "hostile"}

func load(t testing.TB, name string) settings.Account {
	if name == "hostile" {
		return hostile(t)
	}
	return fixture(t, name)
}

// refused lists the exports a fixture cannot have, and why.
var refused = map[string]map[Format]string{
	"outlookcom": {OutlookPRF: ReasonOAuthOnly, OutlookAutodiscover: ReasonOAuthOnly, AppleMobileconfig: ReasonOAuthOnly},
	"m365":       {OutlookPRF: ReasonOAuthOnly, OutlookAutodiscover: ReasonOAuthOnly, AppleMobileconfig: ReasonOAuthOnly},
	"hostile":    {OutlookPRF: ReasonNonASCII},
}

// TestRereadEveryFormat writes every format for every fixture, hostile
// names included, in both languages, and parses each output back the way
// its consumer would.
func TestRereadEveryFormat(t *testing.T) {
	for _, fx := range allFixtures {
		for _, f := range streamFormats() {
			for _, l := range i18n.Langs {
				t.Run(fx+"/"+string(f)+"/"+string(l), func(t *testing.T) {
					a := load(t, fx)
					var b bytes.Buffer
					err := Write(&b, f, a, testOptions(l))
					if why := refused[fx][f]; why != "" {
						var e *Error
						if !errors.As(err, &e) || e.Reason != why {
							t.Fatalf("err = %v, want refusal %s", err, why)
						}
						if b.Len() != 0 {
							t.Fatalf("refusal wrote %d bytes", b.Len())
						}
						return
					}
					if err != nil {
						t.Fatal(err)
					}
					wr := writers[f]
					p, err := prepare(a, wr.needs, wr.password)
					if err != nil {
						t.Fatal(err)
					}
					if err := reread(f, b.Bytes(), expect{p: p, lang: l}); err != nil {
						t.Fatalf("%v\n%s", err, b.String())
					}
				})
			}
		}
	}
}

// TestJSONEqualsDetect: the json export is byte for byte what detect
// --json prints for the same settings.
func TestJSONEqualsDetect(t *testing.T) {
	a := fixture(t, "gmail")
	var got, want bytes.Buffer
	if err := Write(&got, JSON, a, Options{Lang: i18n.ES}); err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(settings.NewDocument(a.Address, a.Config, i18n.ES)); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Fatalf("json export:\n%s\ndetect document:\n%s", got.String(), want.String())
	}
}

func TestRefusals(t *testing.T) {
	noIn := fixture(t, "generic")
	noIn.Config.Incoming = nil
	noOut := fixture(t, "generic")
	noOut.Config.Outgoing = nil
	badName := fixture(t, "generic")
	badName.Name = "Ana\nuser_pref(\"x\", 1);"
	badHost := fixture(t, "generic")
	badHost.Config.Outgoing[0].Host = "smtp.example.es\"><x"
	badPort := fixture(t, "generic")
	badPort.Config.Incoming[0].Port = 70000
	badUser := fixture(t, "generic")
	badUser.Config.Incoming[0].Username = "a\rb"
	for _, tc := range []struct {
		name   string
		a      settings.Account
		f      Format
		reason string
	}{
		{"no incoming", noIn, ThunderbirdUserJS, ReasonNoIncoming},
		{"no outgoing", noOut, Env, ReasonNoOutgoing},
		{"name with line break", badName, ThunderbirdUserJS, ReasonBadName},
		{"host with markup", badHost, HTML, ReasonBadServer},
		{"port out of range", badPort, JSON, ReasonBadServer},
		{"user name with CR", badUser, Env, ReasonBadUsername},
		{"oauth-only in PRF", fixture(t, "outlookcom"), OutlookPRF, ReasonOAuthOnly},
		{"profile is not a stream", fixture(t, "generic"), ThunderbirdProfile, ReasonProfileNotStream},
		{"unknown format", fixture(t, "generic"), Format("eudora"), ReasonUnknownFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			err := Write(&b, tc.f, tc.a, Options{Lang: i18n.ES})
			var e *Error
			if !errors.As(err, &e) || e.Reason != tc.reason {
				t.Fatalf("err = %v, want %s", err, tc.reason)
			}
			for _, l := range i18n.Langs {
				if msg := e.In(l); msg == e.Key() || strings.Contains(msg, "{") {
					t.Errorf("%s message %q is untranslated or has an unfilled slot", l, msg)
				}
			}
		})
	}
	// Outlook.com's servers still reach the formats that can sign in.
	var b bytes.Buffer
	if err := Write(&b, ThunderbirdUserJS, fixture(t, "outlookcom"), Options{}); err != nil || !bytes.Contains(b.Bytes(), []byte(`authMethod", 10)`)) {
		t.Fatalf("outlook.com user.js: %v\n%s", err, b.String())
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats() {
		if got, err := ParseFormat(" " + strings.ToUpper(string(f)) + " "); err != nil || got != f {
			t.Errorf("ParseFormat(%s) = %s, %v", f, got, err)
		}
	}
	if _, err := ParseFormat("prf"); err == nil || !strings.Contains(err.Error(), "outlook-prf") {
		t.Errorf("unknown format error should list the formats: %v", err)
	}
}

// TestTranslations: every export key exists in both languages with the
// same slots, and no text can break out of the comment it is written into
// (a line break, PHP's ?>, a C comment end).
func TestTranslations(t *testing.T) {
	if err := i18n.Check(); err != nil {
		t.Fatal(err)
	}
	slots := func(s string) []string {
		var out []string
		for _, part := range strings.Split(s, "{")[1:] {
			name, _, _ := strings.Cut(part, "}")
			out = append(out, name)
		}
		return out
	}
	n := 0
	for _, k := range i18n.Keys(i18n.EN) {
		if !strings.HasPrefix(k, "export.") {
			continue
		}
		n++
		es, en := i18n.T(i18n.ES, k), i18n.T(i18n.EN, k)
		if !i18n.Has(i18n.ES, k) {
			t.Errorf("%s missing in Spanish", k)
		}
		if !reflect.DeepEqual(slots(es), slots(en)) {
			t.Errorf("%s: slots differ: %q vs %q", k, es, en)
		}
		for _, s := range []string{es, en} {
			if strings.ContainsAny(s, "\r\n") || strings.Contains(s, "?>") || strings.Contains(s, "*/") {
				t.Errorf("%s: %q could end a comment", k, s)
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d export keys", n)
	}
}

// TestEnvSourcedBySh sources each env export in an empty environment with
// the real sh and compares every variable.
func TestEnvSourcedBySh(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh on this system")
	}
	for _, fx := range allFixtures {
		t.Run(fx, func(t *testing.T) {
			a := load(t, fx)
			var b bytes.Buffer
			if err := Write(&b, Env, a, testOptions(i18n.ES)); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "mail.env")
			if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(sh, "-n", path).CombinedOutput(); err != nil {
				t.Fatalf("sh -n: %v %s", err, out)
			}
			p, _ := prepare(a, needOutgoing, false)
			want := envWant(expect{p: p})
			var names []string
			for k := range want {
				names = append(names, k)
			}
			script := `. "$1"; shift; for v; do eval "printf '%s\0' \"\${$v-UNSET}\""; done`
			cmd := exec.Command("env", append([]string{"-i", sh, "-c", script, "sh", path}, names...)...)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("sourcing: %v", err)
			}
			got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
			for i, k := range names {
				if got[i] != want[k] {
					t.Errorf("%s = %q, want %q", k, got[i], want[k])
				}
			}
			// Our Go reader agrees with sh (the fuzzer relies on it).
			if vars, err := readEnv(b.Bytes()); err != nil || !reflect.DeepEqual(vars, want) {
				t.Errorf("readEnv = %v, %v", vars, err)
			}
		})
	}
}

// TestSnippetsRun parses the Python snippet with python3 and runs the
// nodemailer one with node against a stand-in nodemailer module that
// records what it was given, so the values are checked as the language
// reads them. The password comes from SMTP_PASS only.
func TestSnippetsRun(t *testing.T) {
	for _, fx := range []string{"generic", "pop", "hostile"} {
		a := load(t, fx)
		p, _ := prepare(a, needOutgoing, false)
		t.Run("python/"+fx, func(t *testing.T) {
			py := tool(t, "python3")
			var b bytes.Buffer
			if err := Write(&b, PythonSMTPLib, a, Options{Lang: i18n.ES}); err != nil {
				t.Fatal(err)
			}
			prog := `import ast, json, sys
tree = ast.parse(sys.stdin.read())
vals = {}
for node in tree.body:
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
        try:
            vals[node.targets[0].id] = ast.literal_eval(node.value)
        except ValueError:
            pass
print(json.dumps(vals))`
			cmd := exec.Command(py, "-c", prog)
			cmd.Stdin = &b
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("python3: %v %s", err, out)
			}
			var vals map[string]any
			if err := json.Unmarshal(out, &vals); err != nil {
				t.Fatal(err)
			}
			want := map[string]any{"SMTP_HOST": p.out.Host, "SMTP_PORT": float64(p.out.Port), "SMTP_USER": p.out.Username,
				"SMTP_FROM": p.from(), "SMTP_FROM_NAME": p.name}
			if !reflect.DeepEqual(vals, want) {
				t.Fatalf("python reads %v, want %v", vals, want)
			}
		})
		t.Run("node/"+fx, func(t *testing.T) {
			node := tool(t, "node")
			dir := t.TempDir()
			mod := filepath.Join(dir, "node_modules", "nodemailer")
			if err := os.MkdirAll(mod, 0o755); err != nil {
				t.Fatal(err)
			}
			fake := `exports.createTransport = (opts) => ({ sendMail: (msg) => {
  process.stdout.write(JSON.stringify({opts, msg}));
  return Promise.resolve({messageId: "x"});
}});`
			if err := os.WriteFile(filepath.Join(mod, "index.js"), []byte(fake), 0o644); err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := Write(&b, Nodemailer, a, Options{Lang: i18n.EN}); err != nil {
				t.Fatal(err)
			}
			script := filepath.Join(dir, "send.js")
			if err := os.WriteFile(script, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(node, script)
			cmd.Dir = dir
			cmd.Env = []string{"SMTP_PASS=from-the-environment", "PATH=" + os.Getenv("PATH")}
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("node: %v", err)
			}
			var got struct {
				Opts struct {
					Host   string
					Port   int
					Secure bool
					Auth   struct{ User, Pass string }
				}
				Msg struct {
					From struct{ Name, Address string }
					To   string
				}
			}
			if err := json.Unmarshal(out[:bytes.LastIndexByte(out, '}')+1], &got); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			o := got.Opts
			if o.Host != p.out.Host || o.Port != p.out.Port || o.Secure != (p.out.Security == settings.TLS) ||
				o.Auth.User != p.out.Username || o.Auth.Pass != "from-the-environment" ||
				got.Msg.From.Name != p.name || got.Msg.From.Address != p.from() {
				t.Fatalf("nodemailer got %+v", got)
			}
		})
	}
}

// TestNoPasswordAnywhere: no output carries a password value. Structured
// checks live in the readers; here, every snippet takes it from the
// environment and the env file leaves it empty.
func TestNoPasswordAnywhere(t *testing.T) {
	wantRef := map[Format]string{
		PHPMailer: "getenv('SMTP_PASS')", WPMailSMTP: "getenv( 'SMTP_PASS' )",
		PythonSMTPLib: `os.environ["SMTP_PASS"]`, Nodemailer: "process.env.SMTP_PASS", Env: "\nSMTP_PASS=\n",
	}
	for f, ref := range wantRef {
		var b bytes.Buffer
		if err := Write(&b, f, fixture(t, "generic"), Options{}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), ref) {
			t.Errorf("%s: password should come from %q:\n%s", f, ref, b.String())
		}
	}
}

// TestMicrosoft365Warning: every website/script export for an Exchange
// Online SMTP server says that password SMTP ends by default in December
// 2026 (providers.md §1.1); other providers get no such line.
func TestMicrosoft365Warning(t *testing.T) {
	warning := i18n.T(i18n.ES, "export.warn.m365_smtp")
	for _, f := range []Format{Env, PHPMailer, WPMailSMTP, PythonSMTPLib, Nodemailer, HTML} {
		for fx, want := range map[string]bool{"m365": true, "generic": false} {
			var b bytes.Buffer
			if err := Write(&b, f, fixture(t, fx), Options{Lang: i18n.ES}); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(b.String(), warning) || strings.Contains(b.String(), strings.ReplaceAll(warning, "?>", "? >")); got != want {
				t.Errorf("%s/%s: warning present = %v", f, fx, got)
			}
		}
	}
}

// TestScriptNotes: the files that set up a website's or CRM's sending say
// the provider's sending limits, and warn about port 25 (blocked on home
// connections and many web hosts); the html sheet warns about port 25 too
// but has its own line for the limits.
func TestScriptNotes(t *testing.T) {
	gmail := fixture(t, "gmail")
	limit := i18n.T(i18n.ES, "export.warn.send_limit", "provider", "Google Mail", "limit", "500 destinatarios al día.")
	port25 := fixture(t, "generic")
	port25.Config.Outgoing = []settings.Server{srv(settings.SMTP, "smtp.example.es", 25, settings.STARTTLS, "%EMAILADDRESS%")}
	warn25 := i18n.T(i18n.ES, "export.warn.port25")
	for _, f := range []Format{Env, PHPMailer, WPMailSMTP, PythonSMTPLib, Nodemailer, HTML} {
		cases := []struct {
			acct settings.Account
			text string
			want bool
		}{
			{gmail, limit, f != HTML},
			{fixture(t, "generic"), limit, false},
			{port25, warn25, true},
			{fixture(t, "generic"), warn25, false},
		}
		for i, c := range cases {
			var b bytes.Buffer
			if err := Write(&b, f, c.acct, Options{Lang: i18n.ES}); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(b.String(), html.EscapeString(c.text)) || strings.Contains(b.String(), c.text); got != c.want {
				t.Errorf("%s case %d: %q present = %v", f, i, c.text, got)
			}
		}
	}
}

// TestSheetOutgoingAuth: the printable sheet tells a password user to tick
// "requires authentication" for the outgoing server, and not an OAuth one.
func TestSheetOutgoingAuth(t *testing.T) {
	for _, l := range i18n.Langs {
		tick := html.EscapeString(i18n.T(l, "export.html.outgoing_auth"))
		for fx, want := range map[string]bool{"gmail": true, "generic": true, "outlookcom": false, "m365": false} {
			var b bytes.Buffer
			if err := Write(&b, HTML, fixture(t, fx), Options{Lang: l}); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(b.String(), tick); got != want {
				t.Errorf("%s/%s: outgoing-auth line present = %v", l, fx, got)
			}
			if !strings.Contains(b.String(), html.EscapeString(i18n.T(l, "export.html.security_names"))) {
				t.Errorf("%s/%s: no line on the encryption's other names", l, fx)
			}
		}
	}
}

// TestAutoconfigPlaceholderInUserName: a user name that still holds a
// placeholder after expansion cannot be written (clients would expand it
// again); the address itself is written as %EMAILADDRESS%.
func TestAutoconfigPlaceholderInUserName(t *testing.T) {
	a := fixture(t, "generic")
	addr, err := settings.ParseAddress("x%EMAILDOMAIN%@example.es")
	if err != nil {
		t.Fatal(err)
	}
	a.Address = addr
	a.Config.Incoming[0].Username = "%EMAILLOCALPART%"
	var b bytes.Buffer
	err = Write(&b, ThunderbirdAutoconfig, a, Options{})
	var e *Error
	if !errors.As(err, &e) || e.Reason != ReasonBadUsername {
		t.Fatalf("err = %v", err)
	}
	b.Reset()
	if err := Write(&b, ThunderbirdAutoconfig, fixture(t, "generic"), Options{}); err != nil || !strings.Contains(b.String(), "<username>%EMAILADDRESS%</username>") {
		t.Fatalf("%v\n%s", err, b.String())
	}
}

// tool finds a program the snippet tests run the snippets with. In make
// test (MAILSETUP_REQUIRE_PEERS=1) a missing one fails the test:
// scripts/deps.sh test installs python3 and nodejs.
func tool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("MAILSETUP_REQUIRE_PEERS") == "1" {
			t.Fatalf("%s is not installed (scripts/deps.sh test installs it)", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return path
}
