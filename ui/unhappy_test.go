package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// failingCheck fails server 0 with code (and no suggestion), server 1 passes.
func failingCheck(code string) func(ctx context.Context, req CheckRequest, event func(StepEvent)) (CheckReport, error) {
	return func(ctx context.Context, req CheckRequest, event func(StepEvent)) (CheckReport, error) {
		event(StepEvent{Server: 0, Step: "resolve", State: StepOK})
		event(StepEvent{Server: 0, Step: "connect", State: StepFailed})
		return CheckReport{Results: []ServerResult{{Server: req.Servers[0], Diagnosis: &Diagnosis{
			Code: code, Message: i18n.Text{ES: "Falla.", EN: "It fails."}, Advice: i18n.Text{ES: "Haz algo.", EN: "Do something."},
		}}, {Server: req.Servers[1], OK: true}}}, nil
	}
}

// A refused password offers, beside the summary, to type another one, and
// going on anyway is no longer the button that stands out.
func TestRefusedPasswordOffersToTypeAnother(t *testing.T) {
	eng := newFakeEngine()
	eng.check = failingCheck("auth.failed")
	h := newHarness(t, eng)
	h.typeAddress("Ana", "ana@gmail.com")
	h.next()
	test.Type(h.w.pass.entry, "wrong-password")
	h.next()
	c := h.w.check
	if c.heading.Text != "Something did not work" {
		t.Errorf("heading = %q", c.heading.Text)
	}
	if !c.fixPass.Visible() || c.fixSettings.Visible() {
		t.Fatalf("fix password %v, fix settings %v", c.fixPass.Visible(), c.fixSettings.Visible())
	}
	if h.w.next.Importance != widget.MediumImportance || h.w.next.Disabled() {
		t.Errorf("Continue anyway: importance %v, disabled %v", h.w.next.Importance, h.w.next.Disabled())
	}
	test.Tap(c.fixPass)
	h.settle()
	h.wantStep(stepPassword)
	if h.w.pass.entry.Text != "" || h.w.password != "" || !h.w.next.Disabled() {
		t.Fatalf("password field %q kept, Next disabled %v", h.w.pass.entry.Text, h.w.next.Disabled())
	}
	if h.w.next.Importance != widget.HighImportance {
		t.Error("Next on the password step lost its emphasis")
	}
	test.Type(h.w.pass.entry, "right-password")
	eng.check = passingCheck
	h.next()
	if len(eng.requests) != 2 || eng.lastRequest(t).Password != "right-password" {
		t.Fatalf("%d checks, last with another password: %v", len(eng.requests), eng.lastRequest(t).Password != "wrong-password")
	}
	if c.heading.Text != "Your settings work" || c.fixPass.Visible() || h.w.next.Importance != widget.HighImportance {
		t.Errorf("after a good check: heading %q, fix shown %v", c.heading.Text, c.fixPass.Visible())
	}
}

// A server that cannot be reached, with no working settings to offer,
// sends the person to the settings; a provider that wants its own sign-in
// asks for neither fix.
func TestUnreachableServerOffersSettings(t *testing.T) {
	eng := newFakeEngine()
	eng.check = failingCheck("net.refused")
	h := newHarness(t, eng)
	h.typeAddress("Ana", "ana@gmail.com")
	h.next()
	test.Type(h.w.pass.entry, "pw")
	h.next()
	c := h.w.check
	if c.fixPass.Visible() || !c.fixSettings.Visible() || c.fixSettings.Text != "Review the settings" {
		t.Fatalf("fix password %v, fix settings %v %q", c.fixPass.Visible(), c.fixSettings.Visible(), c.fixSettings.Text)
	}
	test.Tap(c.fixSettings)
	h.settle()
	h.wantStep(stepSettings)
	if h.w.settings.inEdit.host.Text != "imap.gmail.com" {
		t.Errorf("settings lost on the way back: %q", h.w.settings.inEdit.host.Text)
	}

	eng.check = failingCheck("auth.oauth_required")
	h.next()
	h.next()
	test.Tap(c.retry) // unchanged settings keep the last check: ask for a new one
	h.settle()
	if c.fixPass.Visible() || c.fixSettings.Visible() {
		t.Errorf("oauth_required: fix password %v, fix settings %v", c.fixPass.Visible(), c.fixSettings.Visible())
	}
}

// When nothing is found, the names offered are called a guess, not
// settings the person typed; once edited they are the person's own.
func TestNothingFoundOffersAGuess(t *testing.T) {
	eng := newFakeEngine()
	eng.discover = func(ctx context.Context, addr settings.Address, progress func(Progress)) (settings.Config, error) {
		return settings.Config{}, errNothingFound
	}
	h := newHarness(t, eng)
	s := h.w.settings
	test.Type(h.w.address.email, "ana@example.org")
	h.w.address.email.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	if !strings.Contains(s.source.Text, "a first guess") || s.trustText.Text != h.w.t("ui.trust.starting_point") {
		t.Fatalf("source %q, trust %q", s.source.Text, s.trustText.Text)
	}
	if !s.retry.Visible() || !s.trustCheck.Visible() || !h.w.next.Disabled() {
		t.Fatalf("retry %v, trust box %v, Next disabled %v", s.retry.Visible(), s.trustCheck.Visible(), h.w.next.Disabled())
	}
	if got := s.advanced.Items[0].Title; got != "Change these settings" || !strings.Contains(s.status.Text, got) {
		t.Errorf("the form is %q, the text sends to it as %q", got, s.status.Text)
	}
	if acct := h.w.accountForExport(); acct.Config.Source != sourceManual {
		t.Errorf("export source = %q", acct.Config.Source)
	}
	s.inEdit.host.SetText("imap.example.org")
	if !strings.Contains(s.source.Text, "typed by you") {
		t.Errorf("after an edit: %q", s.source.Text)
	}
	// Spanish reads the same way.
	h.w.langSelect.SetSelected("Español")
	if !strings.Contains(s.trustText.Text, "marca la casilla") {
		t.Errorf("es trust = %q", s.trustText.Text)
	}
	if got := s.advanced.Items[0].Title; !strings.Contains(s.status.Text, "«"+got+"»") {
		t.Errorf("es: the form is %q, the text sends to it as %q", got, s.status.Text)
	}
}

// For an OAuth-only provider the Thunderbird panel promises a sign-in
// window, not a password prompt.
func TestOAuthOnlyThunderbirdText(t *testing.T) {
	eng := newFakeEngine()
	cfg := gmailConfig()
	cfg.ProviderID, cfg.ProviderName = "hotmail.com", "Outlook.com"
	cfg.Login = settings.Login{Password: settings.PasswordOAuthOnly}
	eng.table["outlook.es"] = cfg
	h := newHarness(t, eng)
	h.typeAddress("Ana", "ana@outlook.es")
	h.next()
	h.next()
	h.next()
	f := h.w.finish
	f.clients.SetSelected(f.clients.Options[clientWebsite])
	if !f.webOAuth.Visible() {
		t.Error("no warning that a website cannot sign in with Outlook.com")
	}
	f.clients.SetSelected(f.clients.Options[clientThunderbird])
	if !strings.Contains(f.tbText.Text, "sign in with Outlook.com") || strings.Contains(f.tbText.Text, "password") {
		t.Errorf("Thunderbird text = %q", f.tbText.Text)
	}
	// A website cannot sign in that way: said before the settings.
	f.clients.SetSelected(f.clients.Options[clientWebsite])
	if !f.webOAuth.Visible() || !strings.Contains(f.webOAuth.Text, "Outlook.com does not let a website") {
		t.Errorf("website warning %v %q", f.webOAuth.Visible(), f.webOAuth.Text)
	}
}

// The demo's refused password (MAILSETUP_DEMO_BLOCKED=password) reads like
// a real one: the sign-in line fails with the checker's advice.
func TestDemoWrongPassword(t *testing.T) {
	d := newDemoEngine(newFakeEngine(), false)
	d.wrongPassword = true
	srv := gmailConfig().Incoming[0]
	var failed []string
	rep, err := d.Check(context.Background(), CheckRequest{Servers: []settings.Server{srv}, Password: "x"}, func(ev StepEvent) {
		if ev.State == StepFailed {
			failed = append(failed, ev.Step)
		}
	})
	if err != nil || rep.OK() || len(failed) != 1 || failed[0] != "auth" {
		t.Fatalf("err %v, ok %v, failed steps %v", err, rep.OK(), failed)
	}
	if d := rep.Results[0].Diagnosis; d == nil || d.Code != "auth.failed" || d.Advice.In(i18n.ES) == "" {
		t.Fatalf("diagnosis %+v", rep.Results[0].Diagnosis)
	}
	if _, err := d.Discover(context.Background(), settings.Address{}, nil); err != errNothingFound {
		t.Errorf("demo discovery: %v", err)
	}
}

// No name server to ask is "no network" for the person, in their language,
// at the search and wherever an error is shown.
func TestNoNameServerIsNoNetwork(t *testing.T) {
	eng := &engine{}
	eng.netOnce.Do(func() { eng.netErr = i18n.NewError("resolve.system.none") })
	addr, _ := settings.ParseAddress("ana@example.org")
	_, err := eng.Discover(context.Background(), addr, func(Progress) {})
	if !errors.Is(err, ErrNoNetwork) {
		t.Fatalf("err = %v, want ErrNoNetwork", err)
	}
	for _, l := range []i18n.Lang{i18n.ES, i18n.EN} {
		text := errorText(l, err)
		if text != i18n.T(l, "ui.error.no_network") || strings.Contains(text, "DNS did not answer") {
			t.Errorf("%s: %q", l, text)
		}
	}
}

// The domain panel shows for a domain of the person's own, names each check
// in plain words and gives the advice in full-size text.
func TestDomainHealthPanel(t *testing.T) {
	eng := newFakeEngine()
	eng.discover = func(ctx context.Context, addr settings.Address, progress func(Progress)) (settings.Config, error) {
		c := manualConfig(addr)
		c.Source, c.Trust = settings.SourceAutoconfig, settings.Verified
		return c, nil
	}
	h := newHarness(t, eng)
	h.typeAddress("Ana", "ana@example.org")
	h.next()
	test.Type(h.w.pass.entry, "pw")
	h.next()
	h.next()
	p := h.w.finish.health
	if !p.content.Visible() {
		t.Fatal("no domain panel for a domain of one's own")
	}
	test.Tap(p.run)
	h.settle()
	if len(p.list.Objects) != 2 {
		t.Fatalf("%d findings shown", len(p.list.Objects))
	}
	var texts []string
	walk(t, p.list, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
			if l.SizeName == theme.SizeNameCaptionText {
				t.Errorf("%q is in small print (%s)", l.Text, l.SizeName)
			}
		}
	})
	want := []string{"Authorised senders (SPF): SPF is fine.", "DMARC: DMARC is missing.", "Publish a DMARC record."}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("lines = %q, want %q", texts, want)
	}
	// A provider's domain is not the person's to fix.
	h.w.onStartAgain()
	h.typeAddress("Ana", "ana@gmail.com")
	h.next()
	test.Type(h.w.pass.entry, "pw")
	h.next()
	h.next()
	if h.w.finish.health.content.Visible() {
		t.Error("domain panel shown for gmail.com")
	}
	h.w.finish.clients.SetSelected(h.w.finish.clients.Options[clientWebsite])
	if h.w.finish.webOAuth.Visible() {
		t.Error("the OAuth warning shown for Gmail, which takes app passwords")
	}
}
