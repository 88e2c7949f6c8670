package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// bothFail fails both servers at sign-in, each with its own message.
func bothFail(ctx context.Context, req CheckRequest, event func(StepEvent)) (CheckReport, error) {
	var rep CheckReport
	for i, srv := range req.Servers {
		for _, step := range stepsFor(srv, false) {
			state := StepOK
			if step == "auth" {
				state = StepFailed
			}
			event(StepEvent{Server: i, Step: step, State: state})
		}
		msg := i18n.Text{ES: "Entrante rechaza.", EN: "Incoming refuses."}
		if i == 1 {
			msg = i18n.Text{ES: "Saliente rechaza.", EN: "Outgoing refuses."}
		}
		rep.Results = append(rep.Results, ServerResult{Server: srv, Diagnosis: &Diagnosis{Code: "auth.failed",
			Message: msg, Advice: i18n.Text{ES: "Revisa la contraseña.", EN: "Check the password."}}})
	}
	return rep, nil
}

// absoluteBottom is where o ends on the window's canvas.
func absoluteBottom(o fyne.CanvasObject) float32 {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Y + o.Size().Height
}

// At the window's usual size, a failed check says what failed and what to
// do above the fold, not at the end of the card below it.
func TestFailureReadWithoutScrolling(t *testing.T) {
	eng := newFakeEngine()
	eng.check = bothFail
	h := newHarness(t, eng)
	h.w.win.Resize(fyne.NewSize(880, 720))
	h.typeAddress("Ana", "ana@gmail.com")
	h.next()
	test.Type(h.w.pass.entry, "wrong")
	h.next()
	c := h.w.check
	if c.summary.Text != "Incoming refuses." || c.advice.Text != "Check the password." {
		t.Fatalf("top says %q / %q", c.summary.Text, c.advice.Text)
	}
	if !c.also.Visible() || c.also.Text != h.w.t("ui.check.also_failed") {
		t.Errorf("second, different failure not pointed to: %q (shown %v)", c.also.Text, c.also.Visible())
	}
	footer := fyne.CurrentApp().Driver().AbsolutePositionForObject(h.w.next).Y
	for _, o := range []fyne.CanvasObject{c.summary, c.advice, c.fixPass} {
		if b := absoluteBottom(o); b <= 0 || b > footer {
			t.Errorf("%T ends at %v, below the fold at %v", o, b, footer)
		}
	}
	// A good check afterwards leaves no old advice behind.
	eng.check = passingCheck
	test.Tap(c.retry)
	h.settle()
	if c.advice.Visible() || c.also.Visible() || c.summary.Text != h.w.t("ui.check.ok") {
		t.Errorf("after a good check: summary %q, advice shown %v, also shown %v", c.summary.Text, c.advice.Visible(), c.also.Visible())
	}
}

// A port the checker found blocked points to the settings that work.
func TestFailureWithSuggestionPointsToIt(t *testing.T) {
	eng := newFakeEngine()
	eng.check = func(ctx context.Context, req CheckRequest, event func(StepEvent)) (CheckReport, error) {
		sg := req.Servers[1]
		sg.Port, sg.Security = 587, settings.STARTTLS
		return CheckReport{Results: []ServerResult{{Server: req.Servers[0], OK: true}, {Server: req.Servers[1], Diagnosis: &Diagnosis{
			Code: "net.timeout", Message: i18n.Text{ES: "No contesta.", EN: "No answer."},
			Advice: i18n.Text{ES: "Prueba otro puerto.", EN: "Try another port."}, Suggestion: &sg}}}}, nil
	}
	h := newHarness(t, eng)
	h.typeAddress("Ana", "ana@gmail.com")
	h.next()
	test.Type(h.w.pass.entry, "pw")
	h.next()
	c := h.w.check
	if c.summary.Text != "No answer." || c.also.Text != h.w.t("ui.check.see_suggestion") || !c.cards[1].useSuggest.Visible() {
		t.Errorf("summary %q, also %q, use button %v", c.summary.Text, c.also.Text, c.cards[1].useSuggest.Visible())
	}
}

// Gmail's two buttons say what each page is for; the app password, which
// everyone needs, is the one that stands out and comes first.
func TestGmailPasswordButtonsSayWhatFor(t *testing.T) {
	eng := newFakeEngine()
	cfg := gmailConfig()
	cfg.Login.EnableURL = "https://mail.google.com/mail/u/0/#settings/fwdandpop"
	eng.table["gmail.com"] = cfg
	h := newHarnessWithApp(t, test.NewTempApp(t), eng, i18n.ES)
	h.typeAddress("Ana", "ana@gmail.com")
	h.next()
	p := h.w.pass
	if p.appOpen.Text != "Crear la contraseña de aplicación" || p.enableOpen.Text != "Activar IMAP en Gmail" {
		t.Errorf("buttons %q and %q", p.appOpen.Text, p.enableOpen.Text)
	}
	if !p.appOpen.Visible() || !p.enableOpen.Visible() {
		t.Fatal("a button is hidden")
	}
	if p.appOpen.Importance != widget.HighImportance || p.enableOpen.Importance == widget.HighImportance {
		t.Errorf("importance: app password %v, IMAP %v", p.appOpen.Importance, p.enableOpen.Importance)
	}
	d := fyne.CurrentApp().Driver()
	if d.AbsolutePositionForObject(p.appOpen).Y >= d.AbsolutePositionForObject(p.enableOpen).Y {
		t.Error("the IMAP button comes before the app password one")
	}
	test.Tap(p.appOpen)
	test.Tap(p.enableOpen)
	if len(h.opened) != 2 || h.opened[0] != cfg.Login.AppPasswordURL || h.opened[1] != cfg.Login.EnableURL {
		t.Errorf("opened %q", h.opened)
	}
}

// Settings reviewed after a failure: a change there, or a new password,
// checks again on arrival; nothing changed keeps the result and the
// "check again" button.
func TestReviewedSettingsCheckAgain(t *testing.T) {
	eng := newFakeEngine()
	eng.check = failingCheck("net.refused")
	h := newHarness(t, eng)
	h.typeAddress("Ana", "ana@gmail.com")
	h.next()
	test.Type(h.w.pass.entry, "pw")
	h.next()
	c := h.w.check

	// Nothing changed: the result holds.
	test.Tap(c.fixSettings)
	h.settle()
	h.next()
	h.next()
	h.wantStep(stepCheck)
	if len(eng.requests) != 1 || h.w.report == nil || h.w.report.OK() || !c.retry.Visible() {
		t.Fatalf("unchanged: %d checks, report %v, retry shown %v", len(eng.requests), h.w.report, c.retry.Visible())
	}

	// A changed port: checked again with it, and the old failure is gone.
	eng.check = passingCheck
	test.Tap(c.fixSettings)
	h.settle()
	s := h.w.settings
	s.inEdit.port.SetText("")
	test.Type(s.inEdit.port, "143")
	test.Tap(s.trustCheck)
	h.next()
	h.next()
	h.wantStep(stepCheck)
	if len(eng.requests) != 2 || eng.lastRequest(t).Servers[0].Port != 143 {
		t.Fatalf("changed settings: %d checks, port %d", len(eng.requests), eng.lastRequest(t).Servers[0].Port)
	}
	if h.w.report == nil || !h.w.report.OK() || c.heading.Text != h.w.t("ui.check.heading_ok") || c.advice.Visible() {
		t.Errorf("stale result shown: heading %q, advice shown %v", c.heading.Text, c.advice.Visible())
	}

	// A new password, typed after going back: checked again too.
	h.w.onBack()
	h.wantStep(stepPassword)
	test.Type(h.w.pass.entry, "2")
	h.next()
	if len(eng.requests) != 3 || eng.lastRequest(t).Password != "pw2" {
		t.Fatalf("new password: %d checks", len(eng.requests))
	}

	// A result that no longer matches the account, however it came to be,
	// is never shown as current.
	h.w.onBack()
	h.w.account.Config.Outgoing[0].Port = 587
	h.next()
	if len(eng.requests) != 4 || eng.lastRequest(t).Servers[1].Port != 587 {
		t.Errorf("changed behind the steps' back: %d checks", len(eng.requests))
	}
}

// For a domain of one's own, choosing "website or CRM" shows the domain
// panel folded, above the code, with a one-line summary of how it is.
func TestDomainHealthAboveTheCode(t *testing.T) {
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
	f := h.w.finish
	p := f.health
	f.clients.SetSelected(f.clients.Options[clientWebsite])
	h.settle()
	if len(f.healthWeb.Objects) != 1 || len(f.healthEnd.Objects) != 0 {
		t.Fatal("the domain panel is not in the website's panel")
	}
	d := fyne.CurrentApp().Driver()
	if d.AbsolutePositionForObject(p.content).Y >= d.AbsolutePositionForObject(f.env).Y {
		t.Error("the domain panel is under the code")
	}
	if p.fold.Items[0].Open {
		t.Error("the domain panel is open by default")
	}
	if got := p.fold.Items[0].Title; got != "Health of example.org (for whoever runs your domain)" {
		t.Errorf("title before checking = %q", got)
	}
	p.fold.Open(0)
	test.Tap(p.run)
	h.settle()
	if got := p.fold.Items[0].Title; got != "Health of example.org: one thing to look at" {
		t.Errorf("summary after checking = %q", got)
	}
	// Other programs: back under their (short) panel.
	f.clients.SetSelected(f.clients.Options[clientThunderbird])
	if len(f.healthEnd.Objects) != 1 || len(f.healthWeb.Objects) != 0 || !p.content.Visible() {
		t.Error("the domain panel did not move back under the panel")
	}
}
