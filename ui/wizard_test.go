package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

func TestHappyPath(t *testing.T) {
	eng := newFakeEngine()
	h := newHarness(t, eng)
	w := h.w

	// Step 1: Next stays off until the address is valid.
	h.wantStep(stepAddress)
	if !w.next.Disabled() {
		t.Fatal("Next enabled with no address")
	}
	h.typeAddress("Ana García", "Ana.Garcia@GMAIL.com")

	// Step 2: the built-in table answers at once, verified.
	h.wantStep(stepSettings)
	s := w.settings
	if got := s.heading.Text; got != "We found the settings for Gmail" {
		t.Errorf("heading = %q", got)
	}
	if got := s.incoming.values[rowHost].Text; got != "imap.gmail.com" {
		t.Errorf("incoming host = %q", got)
	}
	if got := s.incoming.values[rowUser].Text; got != "Ana.Garcia@gmail.com" {
		t.Errorf("user name = %q (placeholders must be expanded, local part kept)", got)
	}
	if got := s.outgoing.values[rowSecurity].Text; got != "SSL/TLS" {
		t.Errorf("outgoing security = %q", got)
	}
	if !strings.Contains(s.source.Text, "mailsetup's own list") || s.trustCheck.Visible() {
		t.Errorf("source %q, trust box visible %v", s.source.Text, s.trustCheck.Visible())
	}
	test.Tap(s.outgoing.copies[rowHost])
	if got := w.app.Clipboard().Content(); got != "smtp.gmail.com" {
		t.Errorf("clipboard = %q", got)
	}
	h.next()

	// Step 3: Gmail wants an app password; the button opens Google's page.
	h.wantStep(stepPassword)
	p := w.pass
	if p.heading.Text != "You need an app password" || !p.appOpen.Visible() {
		t.Fatalf("password step: %q, button visible %v", p.heading.Text, p.appOpen.Visible())
	}
	if !strings.Contains(p.steps.Text, "16 letters") {
		t.Errorf("Gmail's own steps not shown: %q", p.steps.Text)
	}
	test.Tap(p.appOpen)
	if len(h.opened) != 1 || h.opened[0] != "https://myaccount.google.com/apppasswords" {
		t.Errorf("opened %v", h.opened)
	}
	if !w.next.Disabled() {
		t.Error("Next enabled without a password")
	}
	if !p.save.Checked || p.save.Disabled() {
		t.Error("save in keychain must be on by default when a keychain exists")
	}
	test.Type(p.entry, "abcd efgh ijkl mnop")
	p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter = Next
	h.settle()

	// Step 4: every line ticked, password saved only after the servers took it.
	h.wantStep(stepCheck)
	c := w.check
	for _, card := range c.cards {
		for _, l := range card.lines {
			if l.state != StepOK || !l.started {
				t.Errorf("%s %s: state %v started %v", card.server.Host, l.step, l.state, l.started)
			}
		}
	}
	req := eng.lastRequest(t)
	if req.Password != "abcd efgh ijkl mnop" || len(req.Servers) != 2 ||
		req.Servers[0].Host != "imap.gmail.com" || req.Servers[1].Host != "smtp.gmail.com" {
		t.Errorf("check request = %+v", req)
	}
	if c.summary.Text != "Everything works: the servers accepted your password." {
		t.Errorf("summary = %q", c.summary.Text)
	}
	if pw, _ := eng.kc.Get("Ana.Garcia@gmail.com"); pw != "abcd efgh ijkl mnop" {
		t.Errorf("keychain holds %q", pw)
	}
	if c.progress.Value != c.progress.Max || c.progress.Max == 0 {
		t.Errorf("progress %v of %v", c.progress.Value, c.progress.Max)
	}
	// Asking for a test message checks again, sending one.
	test.Tap(c.sendTest)
	h.settle()
	if req := eng.lastRequest(t); !req.SendTest || len(eng.requests) != 2 {
		t.Errorf("test message not asked for: %+v", req)
	}
	if l, ok := c.cards[1].byStep["send"]; !ok || l.state != StepOK {
		t.Error("no line for the test message")
	}
	h.next()

	// Step 5: save the Outlook file; it lands in the account's folder.
	h.wantStep(stepFinish)
	f := w.finish
	if f.heading.Text != "Your email is ready" {
		t.Errorf("finish heading = %q", f.heading.Text)
	}
	f.clients.SetSelected(f.clients.Options[clientOutlook])
	test.Tap(f.outSave)
	h.settle()
	data, err := os.ReadFile(filepath.Join(h.dir, "Ana.Garcia@gmail.com", "outlook.prf"))
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != "outlook-prf for Ana García <Ana.Garcia@gmail.com> in en\n" {
		t.Errorf("file = %q", data)
	}
	if strings.Contains(string(data), "abcd") {
		t.Error("the password went into an export")
	}
	if w.win.Canvas().Overlays().Top() == nil {
		t.Error("no dialog says where the file went")
	}

	// The printable sheet opens in the browser.
	f.clients.SetSelected(f.clients.Options[clientSheet])
	test.Tap(f.sheetOpen)
	h.settle()
	if last := h.opened[len(h.opened)-1]; !strings.HasPrefix(last, "file://") || !strings.HasSuffix(last, "settings.html") {
		t.Errorf("sheet opened as %q", last)
	}

	// Website: env and a snippet, with copy buttons.
	f.clients.SetSelected(f.clients.Options[clientWebsite])
	h.settle()
	if !strings.HasPrefix(f.env.Text, "env for") || !strings.HasPrefix(f.snippets.Text, "phpmailer for") {
		t.Errorf("website panel: %q / %q", f.env.Text, f.snippets.Text)
	}
	test.Tap(f.envCopy)
	if w.app.Clipboard().Content() != f.env.Text {
		t.Error("env not copied")
	}

	// Domain health on request.
	test.Tap(f.health.run)
	h.settle()
	if len(f.health.list.Objects) != 2 {
		t.Errorf("%d findings shown", len(f.health.list.Objects))
	}

	// The password is in the keychain only: not in the preferences file,
	// not in any file the wizard wrote.
	if rv, ok := w.app.Preferences().(interface{ ReadValues(func(map[string]any)) }); ok {
		rv.ReadValues(func(m map[string]any) {
			if len(m) == 0 {
				t.Error("no preferences kept: the check below proves nothing")
			}
			for k, v := range m {
				if strings.Contains(fmt.Sprint(v), "abcd efgh") {
					t.Errorf("preference %q holds the password", k)
				}
			}
		})
	} else {
		t.Errorf("cannot read the preferences of %T", w.app.Preferences())
	}
	_ = filepath.WalkDir(h.dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(path); strings.Contains(string(b), "abcd efgh") {
				t.Errorf("%s holds the password", path)
			}
		}
		return nil
	})
}

func TestAddressValidatedAsTyped(t *testing.T) {
	h := newHarness(t, newFakeEngine())
	s := h.w.address
	test.Type(s.email, "ana")
	if !h.w.next.Disabled() {
		t.Fatal("Next enabled for \"ana\"")
	}
	if err := s.email.Validate(); err == nil || err.Error() != i18n.T(i18n.EN, "address.no_at") {
		t.Errorf("validation error = %v", err)
	}
	s.email.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.wantStep(stepAddress)
	test.Type(s.email, "@example.es")
	if h.w.next.Disabled() {
		t.Fatal("Next disabled for a good address")
	}
	// A name with a control character is refused.
	s.name.SetText("Ana\x07")
	if !h.w.next.Disabled() {
		t.Error("Next enabled with a control character in the name")
	}
}

func TestLastAddressRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	h := newHarnessWithApp(t, a, newFakeEngine(), i18n.EN)
	h.typeAddress("Ana", "ana@gmail.com")
	h2 := newHarnessWithApp(t, a, newFakeEngine(), i18n.EN)
	if got := h2.w.address.email.Text; got != "ana@gmail.com" {
		t.Errorf("remembered address = %q", got)
	}
	if got := h2.w.address.name.Text; got != "Ana" {
		t.Errorf("remembered name = %q", got)
	}
}

func TestUnverifiedNeedsTrust(t *testing.T) {
	eng := newFakeEngine()
	eng.discover = func(ctx context.Context, addr settings.Address, progress func(Progress)) (settings.Config, error) {
		progress(Progress{Total: 3})
		progress(Progress{Done: 3, Total: 3, Source: settings.SourceAutoconfigHTTP})
		srv := func(p settings.Protocol, port int) settings.Server {
			return settings.Server{Protocol: p, Host: "mail.example.es", Port: port, Security: settings.TLS,
				Username: addr.String(), Auth: []settings.Auth{settings.AuthPassword}}
		}
		return settings.Config{ProviderName: "example.es", Incoming: []settings.Server{srv(settings.IMAP, 993)},
			Outgoing: []settings.Server{srv(settings.SMTP, 465)}, Source: settings.SourceAutoconfigHTTP,
			SourceURL: "http://autoconfig.example.es/mail/config-v1.1.xml", Trust: settings.Unverified}, nil
	}
	h := newHarness(t, eng)
	h.typeAddress("Ana", "ana@example.es")
	h.wantStep(stepSettings)
	s := h.w.settings
	if !strings.Contains(s.source.Text, "sent without encryption") {
		t.Errorf("source = %q", s.source.Text)
	}
	if !s.sourceURL.Visible() || s.sourceURL.Text != "Read from http://autoconfig.example.es/mail/config-v1.1.xml" {
		t.Errorf("source URL %v %q", s.sourceURL.Visible(), s.sourceURL.Text)
	}
	if !s.trustCheck.Visible() || !strings.HasPrefix(s.trustText.Text, "Not verified") {
		t.Fatalf("trust box visible %v, text %q", s.trustCheck.Visible(), s.trustText.Text)
	}
	if !h.w.next.Disabled() {
		t.Fatal("Next enabled for unverified settings before trusting them")
	}
	// Even reached by other means, the password step lets nothing through.
	h.w.goTo(stepPassword)
	test.Type(h.w.pass.entry, "secret")
	if !h.w.next.Disabled() {
		t.Fatal("a password could go to untrusted servers")
	}
	h.w.check.start()
	h.settle()
	if len(eng.requests) != 0 {
		t.Fatal("a check ran against untrusted servers")
	}
	h.w.goTo(stepSettings)
	test.Tap(s.trustCheck)
	if h.w.next.Disabled() {
		t.Fatal("Next still disabled after trusting")
	}
	h.next()
	h.next()
	h.wantStep(stepCheck)
	if req := eng.lastRequest(t); req.Password != "secret" {
		t.Errorf("password = %q", req.Password)
	}
}

func TestDiscoveryCancelled(t *testing.T) {
	eng := newFakeEngine()
	started := make(chan struct{})
	eng.discover = func(ctx context.Context, addr settings.Address, progress func(Progress)) (settings.Config, error) {
		progress(Progress{Total: 6})
		close(started)
		<-ctx.Done()
		return settings.Config{}, ctx.Err()
	}
	h := newHarness(t, eng)
	s := h.w.settings
	test.Type(h.w.address.email, "ana@example.org")
	h.w.address.email.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	<-started
	h.w.bridge.drain()
	if !s.busy.Visible() || !h.w.next.Disabled() {
		t.Fatal("no progress shown while searching")
	}
	if s.progressOf.Text != "0 of 6 places asked" {
		t.Errorf("progress text = %q", s.progressOf.Text)
	}
	test.Tap(s.stop)
	h.settle()
	if s.discovering || !s.retry.Visible() {
		t.Fatalf("after stop: discovering %v, retry visible %v", s.discovering, s.retry.Visible())
	}
	if s.status.Text != h.w.t("ui.settings.stopped") {
		t.Errorf("status = %q", s.status.Text)
	}
	// The usual names are offered for typing by hand.
	if s.inEdit.host.Text != "mail.example.org" || !s.advanced.Items[0].Open {
		t.Errorf("manual start: host %q, advanced open %v", s.inEdit.host.Text, s.advanced.Items[0].Open)
	}
}

// With no network, the search says to check the connection (not "ask your
// provider") and offers to search again.
func TestDiscoveryWithoutNetwork(t *testing.T) {
	eng := newFakeEngine()
	eng.discover = func(ctx context.Context, addr settings.Address, progress func(Progress)) (settings.Config, error) {
		return settings.Config{}, ErrNoNetwork
	}
	h := newHarness(t, eng)
	s := h.w.settings
	test.Type(h.w.address.email, "ana@example.org")
	h.w.address.email.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	if s.failure != "ui.settings.no_network" || !s.retry.Visible() {
		t.Fatalf("failure %q, retry visible %v", s.failure, s.retry.Visible())
	}
	if want := h.w.t("ui.settings.no_network", "domain", "example.org"); s.status.Text != want || strings.Contains(want, "{") {
		t.Errorf("status = %q, want %q", s.status.Text, want)
	}
}

func TestWrongPasswordShowsAdvice(t *testing.T) {
	eng := newFakeEngine()
	eng.check = func(ctx context.Context, req CheckRequest, event func(StepEvent)) (CheckReport, error) {
		event(StepEvent{Server: 0, Step: "resolve", State: StepOK})
		event(StepEvent{Server: 0, Step: "connect", State: StepOK})
		event(StepEvent{Server: 0, Step: "tls", State: StepOK})
		event(StepEvent{Server: 0, Step: "greeting", State: StepOK})
		event(StepEvent{Server: 0, Step: "capabilities", State: StepOK})
		event(StepEvent{Server: 0, Step: "auth", State: StepFailed})
		rep := CheckReport{Results: []ServerResult{{Server: req.Servers[0], Diagnosis: &Diagnosis{
			Code:        "auth.app_password_required",
			Message:     i18n.Text{ES: "Gmail no acepta tu contraseña normal.", EN: "Gmail does not accept your normal password."},
			Advice:      i18n.Text{ES: "Crea una contraseña de aplicación.", EN: "Create an app password."},
			ServerReply: "[ALERT] Application-specific password required",
		}}, {Server: req.Servers[1], OK: true}}}
		return rep, nil
	}
	h := newHarness(t, eng)
	h.typeAddress("Ana", "ana@gmail.com")
	h.next()
	test.Type(h.w.pass.entry, "my-normal-password")
	h.next()
	c := h.w.check
	card := c.cards[0]
	if !card.failure.Visible() {
		t.Fatal("failure not shown")
	}
	if card.message.Text != "Gmail does not accept your normal password." || card.advice.Text != "Create an app password." {
		t.Errorf("message %q advice %q", card.message.Text, card.advice.Text)
	}
	if !strings.Contains(card.reply.Text, "Application-specific password required") {
		t.Errorf("server reply = %q", card.reply.Text)
	}
	if card.useSuggest.Visible() {
		t.Error("suggestion button without a suggestion")
	}
	if card.byStep["auth"].state != StepFailed || card.byStep["auth"].spinner.Visible() {
		t.Error("auth line not marked failed")
	}
	// What went wrong and what to do sit at the top, in sight without
	// scrolling; the card keeps the message, not a second copy of the advice.
	if c.summary.Text != "Gmail does not accept your normal password." || !c.advice.Visible() ||
		c.advice.Text != "Create an app password." || h.w.next.Text != "Continue anyway" {
		t.Errorf("summary %q, advice %q (shown %v), next %q", c.summary.Text, c.advice.Text, c.advice.Visible(), h.w.next.Text)
	}
	if card.advice.Visible() || c.also.Visible() {
		t.Errorf("advice repeated in the card %v, other failure line %v", card.advice.Visible(), c.also.Visible())
	}
	if c.advice.Position().Y > c.servers.Position().Y {
		t.Error("the advice is below the server cards")
	}
	if _, err := h.eng.kc.Get("ana@gmail.com"); err == nil {
		t.Error("a rejected password was saved in the keychain")
	}
	// The diagnosis follows the language switch without checking again.
	h.w.langSelect.SetSelected("Español")
	if card.message.Text != "Gmail no acepta tu contraseña normal." || c.advice.Text != "Crea una contraseña de aplicación." {
		t.Errorf("message after switch = %q, advice %q", card.message.Text, c.advice.Text)
	}
	if len(eng.requests) != 1 {
		t.Errorf("%d checks ran", len(eng.requests))
	}
}

func TestApplySuggestion(t *testing.T) {
	eng := newFakeEngine()
	eng.check = func(ctx context.Context, req CheckRequest, event func(StepEvent)) (CheckReport, error) {
		out := req.Servers[1]
		if out.Port == 587 && out.Security == settings.STARTTLS {
			return passingCheck(ctx, req, event)
		}
		event(StepEvent{Server: 1, Step: "resolve", State: StepOK})
		event(StepEvent{Server: 1, Step: "connect", State: StepFailed})
		return CheckReport{Results: []ServerResult{{Server: req.Servers[0], OK: true}, {Server: out, Diagnosis: &Diagnosis{
			Code:       "net.timeout",
			Message:    i18n.Text{EN: "No answer from port 465.", ES: "El puerto 465 no responde."},
			Advice:     i18n.Text{EN: "Your network blocks it; port 587 works.", ES: "Tu red lo bloquea; el 587 funciona."},
			Suggestion: &settings.Server{Host: "smtp.gmail.com", Port: 587, Security: settings.STARTTLS},
		}}}}, nil
	}
	h := newHarness(t, eng)
	h.typeAddress("Ana", "ana@gmail.com")
	h.next()
	test.Type(h.w.pass.entry, "app-password")
	h.next()
	card := h.w.check.cards[1]
	if !card.useSuggest.Visible() || card.suggestion.Text != "These settings work: smtp.gmail.com, port 587, STARTTLS." {
		t.Fatalf("suggestion button %v %q", card.useSuggest.Visible(), card.suggestion.Text)
	}
	test.Tap(card.useSuggest)
	h.settle()
	req := eng.lastRequest(t)
	if len(eng.requests) != 2 || req.Servers[1].Port != 587 || req.Servers[1].Security != settings.STARTTLS {
		t.Fatalf("re-check request %+v (%d checks)", req.Servers, len(eng.requests))
	}
	if req.Servers[1].Username != "ana@gmail.com" {
		t.Errorf("user name lost: %q", req.Servers[1].Username)
	}
	if !h.w.report.OK() || h.w.next.Text != "Next" {
		t.Error("re-check did not pass")
	}
	// The settings step shows what is used now.
	if got := h.w.settings.outgoing.values[rowPort].Text; got != "587" {
		t.Errorf("settings step shows port %q", got)
	}
	// The STARTTLS plan has its own step list.
	if _, ok := h.w.check.cards[1].byStep["starttls"]; !ok {
		t.Error("no STARTTLS line after switching to STARTTLS")
	}
}

func TestCancelMidCheck(t *testing.T) {
	eng := newFakeEngine()
	started := make(chan struct{})
	var once bool
	eng.check = func(ctx context.Context, req CheckRequest, event func(StepEvent)) (CheckReport, error) {
		if once {
			return passingCheck(ctx, req, event)
		}
		once = true
		event(StepEvent{Server: 0, Step: "resolve", State: StepOK})
		close(started)
		<-ctx.Done()
		return CheckReport{}, ctx.Err()
	}
	h := newHarness(t, eng)
	h.typeAddress("Ana", "ana@gmail.com")
	h.next()
	test.Type(h.w.pass.entry, "app-password")
	test.Tap(h.w.next) // not h.next: the check does not end by itself
	<-started
	h.w.bridge.drain()
	c := h.w.check
	if !c.running || !c.stop.Visible() || !h.w.next.Disabled() {
		t.Fatal("check not shown as running")
	}
	if !c.cards[0].byStep["connect"].spinner.Visible() {
		t.Error("no spinner on the step under way")
	}
	// Esc cancels, wherever the focus is.
	h.w.win.Canvas().Unfocus()
	h.w.onTypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	h.settle()
	if c.running || !c.cancelled || !c.retry.Visible() {
		t.Fatalf("after Esc: running %v cancelled %v", c.running, c.cancelled)
	}
	if c.summary.Text != h.w.t("ui.check.cancelled") {
		t.Errorf("summary = %q", c.summary.Text)
	}
	if l := c.cards[0].byStep["connect"]; l.spinner.Visible() || l.content.Visible() {
		t.Error("a step that never ran is still shown after cancel")
	}
	if _, err := eng.kc.Get("ana@gmail.com"); err == nil {
		t.Error("password saved by a cancelled check")
	}
	test.Tap(c.retry)
	h.settle()
	if !h.w.report.OK() {
		t.Error("retry did not check again")
	}
}

func TestLanguageSwitch(t *testing.T) {
	h := newHarness(t, newFakeEngine())
	h.typeAddress("Ana", "ana@gmail.com")
	w := h.w
	w.langSelect.SetSelected("Español")
	if w.lang != i18n.ES {
		t.Fatal("language not switched")
	}
	checks := map[string]string{
		"title":         w.title.Text,
		"back":          w.back.Text,
		"next":          w.next.Text,
		"step name":     w.stepNames[stepSettings].Text,
		"heading":       w.settings.heading.Text,
		"source":        w.settings.source.Text,
		"advanced":      w.settings.advanced.Items[0].Title,
		"address label": w.address.form.Items[1].Text,
		"check retry":   w.check.retry.Text,
		"finish client": w.finish.clients.Options[clientSheet],
	}
	want := map[string]string{
		"title":         "Configura tu correo",
		"back":          "Atrás",
		"next":          "Siguiente",
		"step name":     "2. Configuración",
		"heading":       "Hemos encontrado la configuración de Gmail",
		"source":        "De dónde sale esta configuración: la lista de proveedores de mailsetup.",
		"advanced":      "Cambiar esta configuración (avanzado)",
		"address label": "Correo electrónico",
		"check retry":   "Comprobar de nuevo",
		"finish client": "El nuevo Outlook, la app de Gmail, un móvil o una tableta",
	}
	for k, got := range checks {
		if got != want[k] {
			t.Errorf("%s = %q, want %q", k, got, want[k])
		}
	}
	if w.win.Title() != "mailsetup: configura tu correo" {
		t.Errorf("window title = %q", w.win.Title())
	}
	if w.app.Preferences().String(prefLang) != "es" {
		t.Error("language choice not remembered")
	}
	// The choice of protocol keeps working in the new language.
	w.settings.protocol.SetSelected(w.t("ui.settings.pop_choice"))
	if in, _ := w.account.Config.FirstIncoming(); in.Protocol != settings.POP3 {
		t.Errorf("POP3 choice ignored after switching language: %v", in.Protocol)
	}
	if runtime.GOOS == "linux" {
		if got := lang.L("Copy"); got != "Copiar" {
			t.Errorf("Fyne's own texts stay in English: %q", got)
		}
	}
	w.langSelect.SetSelected("English")
	if runtime.GOOS == "linux" && lang.L("Copy") != "Copy" {
		t.Errorf("Fyne's own texts stay in Spanish: %q", lang.L("Copy"))
	}
	if w.settings.heading.Text != "We found the settings for Gmail" {
		t.Errorf("back to English: %q", w.settings.heading.Text)
	}
}

func TestOAuthOnlySkipsPassword(t *testing.T) {
	eng := newFakeEngine()
	cfg := gmailConfig()
	cfg.ProviderID, cfg.ProviderName = "hotmail.com", "Outlook.com"
	cfg.Login = settings.Login{Password: settings.PasswordOAuthOnly}
	eng.table["outlook.es"] = cfg
	h := newHarness(t, eng)
	h.typeAddress("Ana", "ana@outlook.es")
	h.next()
	p := h.w.pass
	if p.passBox.Visible() || !strings.Contains(p.kind.Text, "Sign in with Microsoft") {
		t.Fatalf("password box visible %v, text %q", p.passBox.Visible(), p.kind.Text)
	}
	h.next()
	if req := eng.lastRequest(t); req.Password != "" {
		t.Error("a password was sent for an OAuth-only provider")
	}
	h.next()
	if !h.w.finish.oauth.Visible() {
		t.Error("finish step does not explain the Microsoft sign-in")
	}
}

func TestNoKeychainIsSaidHonestly(t *testing.T) {
	eng := newFakeEngine()
	eng.kc.err = keychainUnavailable{}
	h := newHarness(t, eng)
	h.typeAddress("Ana", "ana@gmail.com")
	h.next()
	p := h.w.pass
	if p.save.Checked || !p.save.Disabled() || !p.keychain.Visible() {
		t.Fatalf("save %v disabled %v message %v", p.save.Checked, p.save.Disabled(), p.keychain.Visible())
	}
	if !strings.Contains(p.keychain.Text, "no keychain service is running") {
		t.Errorf("message = %q", p.keychain.Text)
	}
}

type keychainUnavailable struct{}

func (keychainUnavailable) Error() string { return "no secret service" }
func (keychainUnavailable) In(l i18n.Lang) string {
	if l == i18n.ES {
		return "no hay ningún servicio de llavero en marcha."
	}
	return "no keychain service is running."
}

func TestSavedPasswordsForget(t *testing.T) {
	eng := newFakeEngine()
	eng.kc.saved["ana@gmail.com"] = "x"
	eng.kc.saved["luis@example.es"] = "y"
	h := newHarness(t, eng)
	h.w.onSavedPasswords()
	h.settle()
	d := h.w.win.Canvas().Overlays().Top()
	if d == nil {
		t.Fatal("no dialog")
	}
	var forget []*button
	walk(t, d, func(o fyne.CanvasObject) {
		if b, ok := o.(*button); ok && b.Text == "Forget" {
			forget = append(forget, b)
		}
	})
	if len(forget) != 2 {
		t.Fatalf("%d Forget buttons", len(forget))
	}
	test.Tap(forget[0])
	var confirm *widget.Button // the dialog's own confirm button
	walk(t, h.w.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Forget" {
			confirm = b
		}
	})
	if confirm == nil {
		t.Fatal("no confirmation")
	}
	test.Tap(confirm)
	h.settle()
	if _, err := eng.kc.Get("ana@gmail.com"); err == nil {
		t.Error("password not forgotten")
	}
	if _, err := eng.kc.Get("luis@example.es"); err != nil {
		t.Error("the other password was forgotten too")
	}
}

// walk visits o and everything inside it.
func walk(t *testing.T, o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	f(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(t, c, f)
		}
	case fyne.Widget:
		r := test.TempWidgetRenderer(t, x)
		for _, c := range r.Objects() {
			walk(t, c, f)
		}
	}
}

func TestEveryTextTranslated(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range strings.Split(string(data), `"ui.`)[1:] {
			end := strings.IndexByte(part, '"')
			key := "ui." + part[:end]
			if strings.HasSuffix(key, ".") {
				continue // a prefix completed at run time
			}
			for _, l := range i18n.Langs {
				if !i18n.Has(l, key) {
					t.Errorf("%s: %q missing in %s", f, key, l)
				}
			}
		}
	}
	for _, step := range []string{"resolve", "connect", "tls", "greeting", "starttls", "capabilities", "auth", "send"} {
		if !i18n.Has(i18n.ES, "ui.check.step."+step) || !i18n.Has(i18n.EN, "ui.check.step."+step) {
			t.Errorf("step %s has no text", step)
		}
	}
	for _, src := range []settings.Source{settings.SourceBuiltin, settings.SourceAutoconfig, settings.SourceAutoconfigWellKnown,
		settings.SourceISPDB, settings.SourceMX, settings.SourceSRV, settings.SourceAutodiscover, settings.SourceAutoconfigHTTP, settings.SourceGuess} {
		if got := sourceText(i18n.ES, settings.Config{Source: src}); got == i18n.T(i18n.ES, "ui.source.other") {
			t.Errorf("source %s has no text", src)
		}
	}
}

func TestKeyboardOnly(t *testing.T) {
	eng := newFakeEngine()
	h := newHarness(t, eng)
	w := h.w
	c := w.win.Canvas()
	if c.Focused() != w.address.email {
		t.Fatalf("focus starts on %T, want the address field", c.Focused())
	}
	test.Type(w.address.email, "ana@gmail.com")
	// Tab leaves the address for Next; Enter on a focused button presses it.
	test.FocusNext(c)
	if c.Focused() != w.next {
		t.Fatalf("Tab from the address went to %T", c.Focused())
	}
	w.next.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	h.wantStep(stepSettings)
	// Enter with nothing focused is Next; Alt+Left is Back.
	c.Unfocus()
	w.onTypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.wantStep(stepPassword)
	if c.Focused() != w.pass.entry {
		t.Errorf("password step focus on %T", c.Focused())
	}
	w.onBack()
	h.wantStep(stepSettings)
	// Tab reaches every copy button.
	seen := map[fyne.Focusable]bool{}
	for i := 0; i < 60; i++ {
		test.FocusNext(c)
		seen[c.Focused()] = true
	}
	for _, b := range w.settings.incoming.copies {
		if !seen[b] {
			t.Error("a copy button cannot be reached with Tab")
		}
	}
}

func TestEditingAsksForTrust(t *testing.T) {
	h := newHarness(t, newFakeEngine())
	h.typeAddress("Ana", "ana@gmail.com")
	s := h.w.settings
	if h.w.next.Disabled() {
		t.Fatal("verified settings need no trust tick")
	}
	s.outEdit.port.SetText("587")
	s.outEdit.security.SetSelected("STARTTLS")
	out, _ := h.w.account.Config.FirstOutgoing()
	if out.Port != 587 || out.Security != settings.STARTTLS {
		t.Fatalf("edit not taken: %+v", out)
	}
	if !s.trustCheck.Visible() || !h.w.next.Disabled() || !strings.Contains(s.source.Text, "typed by you") {
		t.Fatalf("edited settings still shown as verified: %q", s.source.Text)
	}
	// A bad value keeps Next off and says why.
	s.inEdit.port.SetText("99999")
	test.Tap(s.trustCheck)
	if !h.w.next.Disabled() {
		t.Error("Next enabled with port 99999")
	}
	if err := s.inEdit.port.Validate(); err == nil || !strings.Contains(err.Error(), "65535") {
		t.Errorf("port error = %v", err)
	}
	s.inEdit.port.SetText("993")
	if h.w.next.Disabled() {
		t.Error("Next still disabled after fixing the port and trusting")
	}
}

func TestEmptyAddressNotScoldedUntilEnter(t *testing.T) {
	h := newHarness(t, newFakeEngine())
	s := h.w.address
	if err := s.email.Validate(); err != nil {
		t.Errorf("an untouched field shows %q", err)
	}
	if !h.w.next.Disabled() {
		t.Error("Next enabled with no address")
	}
	s.email.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if err := s.email.Validate(); err == nil || err.Error() != "Type your email address." {
		t.Errorf("after Enter: %v", err)
	}
}

func TestNewAddressForgetsPassword(t *testing.T) {
	eng := newFakeEngine()
	h := newHarness(t, eng)
	h.typeAddress("Ana", "ana@gmail.com")
	h.next()
	test.Type(h.w.pass.entry, "first-secret")
	h.w.goTo(stepAddress)
	h.typeAddress("Luis", "luis@gmail.com")
	h.next()
	if h.w.pass.entry.Text != "" || h.w.password != "" {
		t.Errorf("the password of another address was kept: %q", h.w.pass.entry.Text)
	}
	if !h.w.next.Disabled() {
		t.Error("Next enabled with no password")
	}
}

func TestEscClosesDialog(t *testing.T) {
	h := newHarness(t, newFakeEngine())
	c := h.w.win.Canvas()
	h.w.onAbout()
	if c.Overlays().Top() == nil {
		t.Fatal("no dialog")
	}
	c.Unfocus()
	h.w.onTypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if c.Overlays().Top() != nil || len(h.w.dialogs) != 0 {
		t.Error("Esc did not close the dialog")
	}
	// Nested: the confirmation closes first, then the list.
	h.w.onSavedPasswords()
	h.settle()
	h.w.confirm("t", "m", "yes", func() {})
	h.w.onEscape()
	if len(h.w.dialogs) != 1 {
		t.Fatalf("%d dialogs open after one Esc", len(h.w.dialogs))
	}
	h.w.onEscape()
	if len(h.w.dialogs) != 0 || c.Overlays().Top() != nil {
		t.Error("second Esc left a dialog open")
	}
}
