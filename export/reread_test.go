package export

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"howett.net/plist"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// Readers that parse each format back, in Go, the way its consumer would,
// and check the rules of formats.md. They return the first problem found.
// The same readers serve the golden tests, the hostile-input tests and the
// fuzzers.

// expect is what an output must say, from the plan the writer saw.
type expect struct {
	p    *plan
	lang i18n.Lang
}

func reread(f Format, out []byte, e expect) error {
	if !utf8.Valid(out) {
		return fmt.Errorf("output is not UTF-8")
	}
	switch f {
	case ThunderbirdAutoconfig:
		return rereadAutoconfig(out, e)
	case ThunderbirdUserJS:
		return rereadUserJS(out, e)
	case OutlookPRF:
		return rereadPRF(out, e)
	case OutlookAutodiscover:
		return rereadAutodiscover(out, e)
	case AppleMobileconfig:
		return rereadMobileconfig(out, e)
	case JSON:
		return rereadJSON(out, e)
	case Env:
		return rereadEnv(out, e)
	case HTML:
		return rereadHTML(out, e)
	case PHPMailer, WPMailSMTP:
		return rereadPHP(out, e)
	case PythonSMTPLib:
		return rereadLiterals(out, e, `"(?:[^"\\]|\\.)*"`, unquotePython)
	case Nodemailer:
		return rereadLiterals(out, e, `"(?:[^"\\]|\\.)*"`, unquoteJSON)
	}
	return fmt.Errorf("no reader for %s", f)
}

func rereadAutoconfig(out []byte, e expect) error {
	if bytes.HasPrefix(out, []byte("\xef\xbb\xbf")) {
		return fmt.Errorf("BOM")
	}
	if bytes.Contains(out, []byte("<password")) {
		return fmt.Errorf("a password element")
	}
	var c acClientConfig
	if err := xml.Unmarshal(out, &c); err != nil {
		return err
	}
	p := c.Provider
	if c.Version != "1.1" || p.ID != e.p.addr.ASCIIDomain || len(p.Domains) != 1 || p.Domains[0] != e.p.addr.ASCIIDomain {
		return fmt.Errorf("header: %+v", c)
	}
	if utf8.RuneCountInString(p.DisplayName) > 60 || utf8.RuneCountInString(p.ShortName) > 20 {
		return fmt.Errorf("names too long")
	}
	seen := map[string]bool{}
	for i, s := range append(append([]acServer{}, p.Incoming...), p.Outgoing...) {
		if seen[s.Type] {
			return fmt.Errorf("two %s servers", s.Type)
		}
		seen[s.Type] = true
		if s.Hostname == "" || s.Port < 1 || s.Port > 65535 || s.Username == "" || len(s.Authentication) == 0 {
			return fmt.Errorf("server %d incomplete: %+v", i, s)
		}
		switch s.SocketType {
		case "SSL", "STARTTLS":
		case "plain":
			// Only when no secure server of the type exists.
			if secureExists(e.p.cfg, settings.Protocol(s.Type)) {
				return fmt.Errorf("plain %s although a secure one exists", s.Type)
			}
		default:
			return fmt.Errorf("socketType %q", s.SocketType)
		}
	}
	if len(p.Outgoing) != 1 || p.Outgoing[0].Type != "smtp" || settings.Expand(p.Outgoing[0].Username, e.p.addr) != e.p.out.Username {
		return fmt.Errorf("outgoing: %+v", p.Outgoing)
	}
	if len(p.Incoming) == 0 || p.Incoming[0].Type != string(e.p.in.Protocol) || settings.Expand(p.Incoming[0].Username, e.p.addr) != e.p.in.Username {
		return fmt.Errorf("incoming: %+v", p.Incoming)
	}
	return nil
}

func secureExists(c settings.Config, p settings.Protocol) bool {
	for _, s := range append(append([]settings.Server{}, c.Incoming...), c.Outgoing...) {
		if s.Protocol == p && s.Security != settings.None {
			return true
		}
	}
	return false
}

// checkTBPrefs applies formats.md §7's rules to a parsed prefs file: every
// listed account has a typed server, enums are in range, identities point
// at existing SMTP servers of type smtp, and nothing is a password.
func checkTBPrefs(f *prefsFile) error {
	if f.errors > 0 {
		return fmt.Errorf("%d malformed statements", f.errors)
	}
	for _, e := range f.entries {
		if strings.Contains(strings.ToLower(e.Name), "password") {
			return fmt.Errorf("pref %s", e.Name)
		}
	}
	smtps := map[string]bool{}
	for _, k := range splitList(f.str("mail.smtpservers")) {
		smtps[k] = true
		b := "mail.smtpserver." + k + "."
		if t := f.str(b + "type"); t != "smtp" && t != "" {
			return fmt.Errorf("%s type %q", k, t)
		}
		if n, ok := f.int(b + "try_ssl"); ok && n != 0 && n != 2 && n != 3 {
			return fmt.Errorf("%s try_ssl %d", k, n)
		}
	}
	accounts := splitList(f.str("mail.accountmanager.accounts"))
	if len(accounts) == 0 {
		return fmt.Errorf("no accounts")
	}
	for _, a := range accounts {
		srv := f.str("mail.account." + a + ".server")
		b := "mail.server." + srv + "."
		typ := f.str(b + "type")
		if srv == "" || typ == "" {
			return fmt.Errorf("%s has no server", a)
		}
		if typ == "none" {
			continue
		}
		if n, _ := f.int(b + "socketType"); n != 0 && n != 2 && n != 3 {
			return fmt.Errorf("%s socketType %d", srv, n)
		}
		if n, _ := f.int(b + "authMethod"); n < 1 || n > 10 {
			return fmt.Errorf("%s authMethod %d", srv, n)
		}
		for _, id := range splitList(f.str("mail.account." + a + ".identities")) {
			if s := f.str("mail.identity." + id + ".smtpServer"); s != "" && !smtps[s] {
				return fmt.Errorf("%s points at missing %s", id, s)
			}
		}
	}
	return nil
}

// tbAccount finds the account whose identity sends as address and returns
// its server and outgoing-server pref prefixes.
func tbAccount(f *prefsFile, address string) (server, smtp, identity string, ok bool) {
	for _, a := range splitList(f.str("mail.accountmanager.accounts")) {
		for _, id := range splitList(f.str("mail.account." + a + ".identities")) {
			if f.str("mail.identity."+id+".useremail") == address {
				return "mail.server." + f.str("mail.account."+a+".server") + ".",
					"mail.smtpserver." + f.str("mail.identity."+id+".smtpServer") + ".",
					"mail.identity." + id + ".", true
			}
		}
	}
	return "", "", "", false
}

// checkTBAccount checks that the prefs hold e's account exactly.
func checkTBAccount(f *prefsFile, e expect) error {
	srv, smtp, id, ok := tbAccount(f, e.p.from())
	if !ok {
		return fmt.Errorf("no identity for %s", e.p.from())
	}
	in, out := *e.p.in, *e.p.out
	want := map[string]any{
		srv + "type": string(in.Protocol), srv + "hostname": in.Host, srv + "port": in.Port,
		srv + "socketType": tbSocket(in.Security), srv + "authMethod": tbAuth(in), srv + "userName": in.Username,
		id + "fullName": e.p.name, id + "useremail": e.p.from(),
		smtp + "type": "smtp", smtp + "hostname": out.Host, smtp + "port": out.Port,
		smtp + "try_ssl": tbSocket(out.Security), smtp + "authMethod": tbAuth(out), smtp + "username": out.Username,
	}
	for k, v := range want {
		got, _ := f.get(k)
		if !reflect.DeepEqual(got, v) {
			return fmt.Errorf("%s = %#v, want %#v", k, got, v)
		}
	}
	return nil
}

func rereadUserJS(out []byte, e expect) error {
	f, err := parsePrefs(out)
	if err != nil {
		return err
	}
	if err := checkTBPrefs(f); err != nil {
		return err
	}
	return checkTBAccount(f, e)
}

// iniFile is a PRF read back: sections in order, keys per section.
type iniFile struct {
	order    []string
	sections map[string]map[string]string
}

func readPRF(out []byte) (*iniFile, error) {
	if bytes.HasPrefix(out, []byte("\xef\xbb\xbf")) {
		return nil, fmt.Errorf("BOM")
	}
	for i, c := range out {
		if c >= 0x80 || c == 0 {
			return nil, fmt.Errorf("byte %#x at %d is not ASCII", c, i)
		}
		if c == '\n' && (i == 0 || out[i-1] != '\r') {
			return nil, fmt.Errorf("LF without CR at %d", i)
		}
		if c == '\r' && (i+1 >= len(out) || out[i+1] != '\n') {
			return nil, fmt.Errorf("CR without LF at %d", i)
		}
	}
	ini := &iniFile{sections: map[string]map[string]string{}}
	cur := ""
	for _, line := range strings.Split(strings.TrimSuffix(string(out), "\r\n"), "\r\n") {
		switch {
		case line == "" || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			cur = line[1 : len(line)-1]
			if _, dup := ini.sections[cur]; dup {
				return nil, fmt.Errorf("section %s twice", cur)
			}
			ini.order = append(ini.order, cur)
			ini.sections[cur] = map[string]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || cur == "" {
				return nil, fmt.Errorf("stray line %q", line)
			}
			if _, dup := ini.sections[cur][k]; dup {
				return nil, fmt.Errorf("%s: key %s twice", cur, k)
			}
			ini.sections[cur][k] = v
		}
	}
	return ini, nil
}

var prfInt = regexp.MustCompile(`^(0x[0-9A-Fa-f]+|[0-9]+)$`)

func rereadPRF(out []byte, e expect) error {
	ini, err := readPRF(out)
	if err != nil {
		return err
	}
	for _, s := range []string{"General", "Service List", "Internet Account List", "Account1", "Unicode Personal Folders", "Outlook Address Book", "I_Mail", "IMAP_I_Mail"} {
		if _, ok := ini.sections[s]; !ok {
			return fmt.Errorf("section [%s] missing", s)
		}
	}
	// Sections 6 and 7 are fixed maps: byte-identical to our copies.
	for _, block := range []string{prfSection6, prfSection7} {
		if !bytes.Contains(out, []byte(strings.ReplaceAll(block, "\n", "\r\n"))) {
			return fmt.Errorf("fixed section changed")
		}
	}
	acct := ini.sections["Account1"]
	mapName := ini.sections["Internet Account List"]["Account1"]
	types := ini.sections[mapName]
	if types == nil {
		return fmt.Errorf("account map %q missing", mapName)
	}
	for k, v := range acct {
		if k == "UniqueService" {
			continue
		}
		t, ok := types[k]
		if !ok {
			return fmt.Errorf("[Account1] %s is not in [%s]", k, mapName)
		}
		if strings.HasPrefix(t, "PT_LONG") && !prfInt.MatchString(v) {
			return fmt.Errorf("%s=%q is not a number", k, v)
		}
	}
	pfx := "IMAP"
	if e.p.in.Protocol == settings.POP3 {
		pfx = "POP3"
	}
	in := e.p.preferTLS(*e.p.in)
	if acct[pfx+"Server"] != in.Host || acct[pfx+"UserName"] != in.Username || acct[pfx+"Port"] != itoa(in.Port) {
		return fmt.Errorf("incoming server: %v", acct)
	}
	if acct["EmailAddress"] != e.p.addr.Local+"@"+e.p.addr.ASCIIDomain || acct["DisplayName"] == "" {
		return fmt.Errorf("identity: %v", acct)
	}
	return nil
}

func rereadAutodiscover(out []byte, e expect) error {
	var d adAutodiscover
	if err := xml.Unmarshal(out, &d); err != nil {
		return err
	}
	a := d.Response.Account
	if a.AccountType != "email" || a.Action != "settings" || len(a.Protocols) < 2 {
		return fmt.Errorf("account: %+v", a)
	}
	if d.Response.User.DisplayName != e.p.name {
		return fmt.Errorf("display name %q", d.Response.User.DisplayName)
	}
	for _, p := range a.Protocols {
		switch p.Type {
		case "IMAP", "POP3", "SMTP":
		default:
			return fmt.Errorf("type %q", p.Type)
		}
		for _, v := range []string{p.SPA, p.SSL, p.DomainRequired, p.AuthRequired} {
			if v != "on" && v != "off" {
				return fmt.Errorf("on/off value %q", v)
			}
		}
		if p.Encryption != "SSL" && p.Encryption != "TLS" && p.Encryption != "None" {
			return fmt.Errorf("encryption %q", p.Encryption)
		}
		if p.Server == "" || p.LoginName == "" {
			return fmt.Errorf("protocol incomplete: %+v", p)
		}
	}
	last := a.Protocols[len(a.Protocols)-1]
	if last.Type != "SMTP" || last.LoginName != e.p.out.Username || last.Server != e.p.out.Host {
		return fmt.Errorf("smtp: %+v", last)
	}
	return nil
}

var uuidRE = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)

func rereadMobileconfig(out []byte, e expect) error {
	var top map[string]any
	if _, err := plist.Unmarshal(out, &top); err != nil {
		return err
	}
	need := func(m map[string]any, key string, kind reflect.Kind) error {
		v, ok := m[key]
		if !ok {
			return fmt.Errorf("key %s missing", key)
		}
		if k := reflect.TypeOf(v).Kind(); k != kind && !(kind == reflect.Int && k == reflect.Uint64) {
			return fmt.Errorf("key %s is %T", key, v)
		}
		return nil
	}
	for k, kind := range map[string]reflect.Kind{"PayloadType": reflect.String, "PayloadVersion": reflect.Int,
		"PayloadIdentifier": reflect.String, "PayloadUUID": reflect.String, "PayloadContent": reflect.Slice} {
		if err := need(top, k, kind); err != nil {
			return err
		}
	}
	content := top["PayloadContent"].([]any)
	if len(content) != 1 || top["PayloadType"] != "Configuration" {
		return fmt.Errorf("top level: %v", top)
	}
	mail, ok := content[0].(map[string]any)
	if !ok {
		return fmt.Errorf("payload is %T", content[0])
	}
	for k, kind := range map[string]reflect.Kind{"PayloadType": reflect.String, "PayloadVersion": reflect.Int,
		"PayloadIdentifier": reflect.String, "PayloadUUID": reflect.String, "EmailAccountType": reflect.String,
		"IncomingMailServerHostName": reflect.String, "IncomingMailServerAuthentication": reflect.String,
		"IncomingMailServerPortNumber": reflect.Int, "IncomingMailServerUseSSL": reflect.Bool,
		"OutgoingMailServerHostName": reflect.String, "OutgoingMailServerAuthentication": reflect.String,
		"OutgoingMailServerPortNumber": reflect.Int, "OutgoingMailServerUseSSL": reflect.Bool,
		"OutgoingPasswordSameAsIncomingPassword": reflect.Bool} {
		if err := need(mail, k, kind); err != nil {
			return err
		}
	}
	for k := range mail {
		if strings.HasSuffix(k, "Password") && k != "OutgoingPasswordSameAsIncomingPassword" {
			return fmt.Errorf("password key %s", k)
		}
		if !appleMailKeys[k] && !strings.HasPrefix(k, "Payload") {
			return fmt.Errorf("key %s is not in com.apple.mail.managed", k)
		}
	}
	if mail["PayloadType"] != "com.apple.mail.managed" {
		return fmt.Errorf("payload type %v", mail["PayloadType"])
	}
	if t := mail["EmailAccountType"]; t != "EmailTypeIMAP" && t != "EmailTypePOP" {
		return fmt.Errorf("account type %v", t)
	}
	for _, k := range []string{"IncomingMailServerAuthentication", "OutgoingMailServerAuthentication"} {
		switch mail[k] {
		case "EmailAuthNone", "EmailAuthPassword", "EmailAuthCRAMMD5", "EmailAuthNTLM", "EmailAuthHTTPMD5":
		default:
			return fmt.Errorf("%s = %v", k, mail[k])
		}
	}
	u1, u2 := top["PayloadUUID"].(string), mail["PayloadUUID"].(string)
	if !uuidRE.MatchString(u1) || !uuidRE.MatchString(u2) || u1 == u2 {
		return fmt.Errorf("UUIDs %q %q", u1, u2)
	}
	if top["PayloadIdentifier"] == mail["PayloadIdentifier"] {
		return fmt.Errorf("identifiers are the same")
	}
	name, _ := mail["EmailAccountName"].(string)
	if name != e.p.name || mail["EmailAddress"] != e.p.from() || mail["IncomingMailServerUsername"] != e.p.preferTLS(*e.p.in).Username {
		return fmt.Errorf("identity: %q %v", name, mail["EmailAddress"])
	}
	return nil
}

func rereadJSON(out []byte, e expect) error {
	var got settings.Document
	if err := json.Unmarshal(out, &got); err != nil {
		return err
	}
	want := settings.NewDocument(e.p.addr, e.p.raw, e.lang)
	// Round-trip the expectation too, so nil and empty compare alike.
	b, _ := json.Marshal(want)
	var w settings.Document
	_ = json.Unmarshal(b, &w)
	if !reflect.DeepEqual(got, w) {
		return fmt.Errorf("json differs from the detect document")
	}
	return nil
}

// shellWords decodes the values our env writer produces, as sh would: bare
// words, '…' and "…" with \\ \" \$ \` escapes. Tests check it against a
// real sh.
func shellWord(s string) (string, error) {
	switch {
	case s == "":
		return "", nil
	case s[0] == '\'':
		if len(s) < 2 || s[len(s)-1] != '\'' || strings.Contains(s[1:len(s)-1], "'") {
			return "", fmt.Errorf("bad single quotes: %s", s)
		}
		return s[1 : len(s)-1], nil
	case s[0] == '"':
		var b strings.Builder
		body := s[1:]
		for i := 0; i < len(body); i++ {
			c := body[i]
			switch {
			case c == '\\' && i+1 < len(body) && strings.IndexByte("\\\"$`", body[i+1]) >= 0:
				b.WriteByte(body[i+1])
				i++
			case c == '"':
				if i != len(body)-1 {
					return "", fmt.Errorf("text after the closing quote: %s", s)
				}
				return b.String(), nil
			case c == '$' || c == '`' || c == '\\':
				return "", fmt.Errorf("unescaped %c: %s", c, s)
			default:
				b.WriteByte(c)
			}
		}
		return "", fmt.Errorf("unterminated: %s", s)
	}
	for _, r := range s {
		if !shellSafe(r) {
			return "", fmt.Errorf("bare word with %q", r)
		}
	}
	return s, nil
}

// readEnv decodes an env file into its variables.
func readEnv(out []byte) (map[string]string, error) {
	vars := map[string]string{}
	for _, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || !regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`).MatchString(k) {
			return nil, fmt.Errorf("bad line %q", line)
		}
		w, err := shellWord(v)
		if err != nil {
			return nil, err
		}
		vars[k] = w
	}
	return vars, nil
}

func envWant(e expect) map[string]string {
	want := map[string]string{
		"SMTP_HOST": e.p.out.Host, "SMTP_PORT": itoa(e.p.out.Port), "SMTP_SECURITY": string(e.p.out.Security),
		"SMTP_USER": e.p.out.Username, "SMTP_PASS": "", "SMTP_FROM": e.p.from(), "SMTP_FROM_NAME": e.p.name,
	}
	if in := e.p.in; in != nil {
		pfx := strings.ToUpper(string(in.Protocol))
		want[pfx+"_HOST"], want[pfx+"_PORT"] = in.Host, itoa(in.Port)
		want[pfx+"_SECURITY"], want[pfx+"_USER"] = string(in.Security), in.Username
	}
	return want
}

func rereadEnv(out []byte, e expect) error {
	vars, err := readEnv(out)
	if err != nil {
		return err
	}
	if want := envWant(e); !reflect.DeepEqual(vars, want) {
		return fmt.Errorf("env = %v, want %v", vars, want)
	}
	return nil
}

func rereadHTML(out []byte, e expect) error {
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		return err
	}
	var text strings.Builder
	var bad error
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "iframe", "object", "img":
				bad = fmt.Errorf("<%s> element", n.Data)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					bad = fmt.Errorf("event attribute %s", a.Key)
				}
				if a.Key == "href" && !strings.HasPrefix(a.Val, "https://") && !strings.HasPrefix(a.Val, "http://") && a.Val != "#ZgotmplZ" {
					bad = fmt.Errorf("link %q", a.Val)
				}
			}
		}
		if n.Type == html.TextNode && (n.Parent == nil || n.Parent.Data != "style") {
			text.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if bad != nil {
		return bad
	}
	for _, s := range []string{e.p.name, e.p.from()} {
		if !strings.Contains(text.String(), s) {
			return fmt.Errorf("sheet text lacks %q", s)
		}
	}
	for _, s := range []*settings.Server{e.p.in, e.p.out} {
		if s != nil && (!strings.Contains(text.String(), s.Host) || !strings.Contains(text.String(), s.Username)) {
			return fmt.Errorf("sheet text lacks server %s", s.Host)
		}
	}
	return nil
}

// rereadPHP decodes every single-quoted PHP literal and checks that the
// code outside them is only what we write (no injected statement), and
// that the user's values come back intact.
func rereadPHP(out []byte, e expect) error {
	var lits []string
	var code strings.Builder
	s := string(out)
	for i := 0; i < len(s); i++ {
		if strings.HasPrefix(s[i:], "//") || s[i] == '#' {
			// A PHP line comment ends at the line end or at ?>, which
			// would drop back to HTML: it must not occur.
			end := strings.IndexByte(s[i:], '\n')
			if end < 0 {
				end = len(s) - i
			}
			if strings.Contains(s[i:i+end], "?>") {
				return fmt.Errorf("?> inside a comment: %q", s[i:i+end])
			}
			i += end - 1
			continue
		}
		if s[i] != '\'' {
			code.WriteByte(s[i])
			continue
		}
		var b strings.Builder
		j := i + 1
		for ; j < len(s) && s[j] != '\''; j++ {
			if s[j] == '\\' && j+1 < len(s) && (s[j+1] == '\\' || s[j+1] == '\'') {
				j++
			}
			b.WriteByte(s[j])
		}
		if j >= len(s) {
			return fmt.Errorf("unterminated PHP string")
		}
		lits = append(lits, b.String())
		code.WriteString("''")
		i = j
	}
	if strings.Contains(code.String(), "?>") {
		return fmt.Errorf("PHP close tag outside strings")
	}
	return containsAll(lits, e)
}

// rereadLiterals finds the double-quoted literals of a Python or JS
// snippet, decodes them and checks the user's values.
func rereadLiterals(out []byte, e expect, pattern string, unquote func(string) (string, error)) error {
	var lits []string
	var code strings.Builder
	for _, line := range strings.Split(string(out), "\n") {
		if t := strings.TrimSpace(line); !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, "//") {
			code.WriteString(line + "\n")
		}
	}
	for _, m := range regexp.MustCompile(pattern).FindAllString(code.String(), -1) {
		v, err := unquote(m)
		if err != nil {
			return fmt.Errorf("%s: %v", m, err)
		}
		lits = append(lits, v)
	}
	return containsAll(lits, e)
}

func containsAll(lits []string, e expect) error {
	have := map[string]bool{}
	for _, l := range lits {
		have[l] = true
	}
	for _, want := range []string{e.p.out.Host, e.p.from()} {
		if !have[want] {
			return fmt.Errorf("literal %q missing from %q", want, lits)
		}
	}
	if e.p.name != "" && !have[e.p.name] {
		return fmt.Errorf("name %q missing from %q", e.p.name, lits)
	}
	return nil
}

func unquoteJSON(s string) (string, error) {
	var v string
	err := json.Unmarshal([]byte(s), &v)
	return v, err
}

// unquotePython decodes the escapes Go's strconv.Quote emits, which Python
// reads the same way; a real python3 checks this in TestSnippetsRun.
func unquotePython(s string) (string, error) {
	var v string
	_, err := fmt.Sscanf(s, "%q", &v)
	return v, err
}

// appleMailKeys are the payload keys of com.apple.mail.managed that carry
// no secret, from apple/device-management mdm/profiles/
// com.apple.mail.managed.yaml (MIT). A key outside this set (such as the
// MailAccountType or IncomingMailServerPort seen in the wild) is ignored
// by Apple's devices.
var appleMailKeys = map[string]bool{
	"EmailAccountDescription": true, "EmailAccountName": true, "EmailAccountType": true, "EmailAddress": true,
	"IncomingMailServerAuthentication": true, "IncomingMailServerHostName": true, "IncomingMailServerPortNumber": true,
	"IncomingMailServerUseSSL": true, "IncomingMailServerUsername": true, "IncomingMailServerIMAPPathPrefix": true,
	"OutgoingPasswordSameAsIncomingPassword": true, "OutgoingMailServerAuthentication": true,
	"OutgoingMailServerHostName": true, "OutgoingMailServerPortNumber": true, "OutgoingMailServerUseSSL": true,
	"OutgoingMailServerUsername": true, "PreventMove": true, "PreventAppSheet": true, "SMIMEEnabled": true,
	"disableMailRecentsSyncing": true, "allowMailDrop": true,
}
