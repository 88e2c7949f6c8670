//go:build look

package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// TestLook renders the less common screens (both languages) into
// MAILSETUP_LOOK_DIR for a person to look at, with Fyne's software painter
// (quicker than the real app under Xvfb, for every state the fake engine can
// script): MAILSETUP_LOOK_DIR=/tmp/look go test -tags 'ci look' -run TestLook ./ui
func TestLook(t *testing.T) {
	dir := os.Getenv("MAILSETUP_LOOK_DIR")
	if dir == "" {
		t.Skip("MAILSETUP_LOOK_DIR not set")
	}
	real := NewEngine(filepath.Join(t.TempDir(), "index.json"))
	for _, l := range []i18n.Lang{i18n.ES, i18n.EN} {
		shot := func(h *harness, name string) {
			h.settle()
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s-%s: %v", name, l, r)
					walk(t, h.w.win.Content(), func(o fyne.CanvasObject) {
						if o.Visible() && (o.Size().Width < 0 || o.Size().Height < 0) {
							t.Logf("negative: %T %v", o, o.Size())
						}
					})
				}
			}()
			h.w.win.Resize(fyne.NewSize(881, 721))
			h.w.win.Resize(fyne.NewSize(880, 720))
			img := h.w.win.Canvas().Capture()
			f, err := os.Create(filepath.Join(dir, name+"-"+string(l)+".png"))
			if err != nil {
				t.Fatal(err)
			}
			if err := png.Encode(f, img); err != nil {
				t.Error(err)
			}
			f.Close()
		}
		start := func(eng *fakeEngine) *harness {
			a := test.NewTempApp(t)
			a.Settings().SetTheme(theme.LightTheme())
			eng.table = nil
			h := newHarnessWithApp(t, a, eng, l)
			return h
		}
		lookupReal := func(eng *fakeEngine) {
			eng.lookup = real.Lookup
			eng.export = real.Export
		}
		// 1. OAuth only.
		{
			eng := newFakeEngine()
			lookupReal(eng)
			h := start(eng)
			h.typeAddress("Ana García", "ana@outlook.es")
			h.next()
			shot(h, "oauth-password")
			h.next()
			h.next()
			shot(h, "oauth-finish")
		}
		// 2. Unverified (MX).
		{
			eng := newFakeEngine()
			eng.discover = func(ctx context.Context, addr settings.Address, p func(Progress)) (settings.Config, error) {
				c := manualConfig(addr)
				c.Source, c.ProviderName = settings.SourceMX, addr.Domain
				c.Incoming[0].Host, c.Outgoing[0].Host = "mx.servidor-correo.net", "mx.servidor-correo.net"
				return c, nil
			}
			h := start(eng)
			h.typeAddress("Ana García", "ana@panaderia-garcia.es")
			shot(h, "unverified")
		}
		// 3 and 4. Nothing found, no network.
		for name, e := range map[string]error{"notfound": errNothingFound, "nonetwork": ErrNoNetwork} {
			e := e
			eng := newFakeEngine()
			eng.discover = func(ctx context.Context, addr settings.Address, p func(Progress)) (settings.Config, error) {
				return settings.Config{}, e
			}
			h := start(eng)
			h.typeAddress("Ana García", "ana@panaderia-garcia.es")
			shot(h, name)
		}
		// 5. No keychain.
		{
			eng := newFakeEngine()
			lookupReal(eng)
			eng.kc.err = keychainUnavailable{}
			h := start(eng)
			h.typeAddress("Ana García", "ana@gmail.com")
			h.next()
			shot(h, "nokeychain")
		}
		// 6. Wrong password; Gmail app password.
		for _, c := range []struct{ name, email, code string }{
			{"wrongpw", "ana@telefonica.net", "auth.failed"},
			{"apppw", "ana@gmail.com", "auth.app_password_required"},
		} {
			c := c
			eng := newFakeEngine()
			lookupReal(eng)
			eng.check = func(ctx context.Context, req CheckRequest, event func(StepEvent)) (CheckReport, error) {
				for _, st := range []string{"resolve", "connect", "tls", "greeting", "capabilities"} {
					event(StepEvent{Server: 0, Step: st, State: StepOK})
				}
				event(StepEvent{Server: 0, Step: "auth", State: StepFailed})
				msg := i18n.Msg("check.code."+c.code+".message", "provider", "Gmail")
				adv := i18n.Msg("check.code."+c.code+".advice", "app_password_url", "https://myaccount.google.com/apppasswords")
				reply := "535 5.7.8 Username and Password not accepted"
				if c.code != "auth.failed" {
					reply = "534-5.7.9 Application-specific password required"
				}
				for _, st := range stepsFor(req.Servers[1], false) {
					state := StepOK
					if st == "auth" {
						state = StepFailed
					}
					event(StepEvent{Server: 1, Step: st, State: state})
				}
				return CheckReport{Results: []ServerResult{
					{Server: req.Servers[0], Diagnosis: &Diagnosis{Code: c.code, Message: both(msg), Advice: both(adv), ServerReply: reply}},
					{Server: req.Servers[1], Diagnosis: &Diagnosis{Code: c.code, Message: both(msg), Advice: both(adv), ServerReply: reply}},
				}}, nil
			}
			h := start(eng)
			h.typeAddress("Ana García", c.email)
			if !h.w.settings.canGoNext() {
				h.w.settings.trustCheck.SetChecked(true)
			}
			h.next()
			test.Type(h.w.pass.entry, "mi-contraseña")
			h.next()
			shot(h, c.name)
		}
		// 7. Saved passwords.
		{
			eng := newFakeEngine()
			lookupReal(eng)
			eng.kc.saved["ana.garcia@gmail.com"] = "x"
			eng.kc.saved["ana@panaderia-garcia.es"] = "y"
			h := start(eng)
			h.w.onSavedPasswords()
			shot(h, "saved")
		}
		// 7b. Saved passwords without a keychain.
		{
			eng := newFakeEngine()
			eng.kc.err = keychainUnavailable{}
			h := start(eng)
			h.w.onSavedPasswords()
			shot(h, "saved-nokeychain")
		}
		// 4b. No network at the check.
		{
			eng := newFakeEngine()
			lookupReal(eng)
			eng.check = func(ctx context.Context, req CheckRequest, event func(StepEvent)) (CheckReport, error) {
				return CheckReport{}, ErrNoNetwork
			}
			h := start(eng)
			h.typeAddress("Ana García", "ana@gmail.com")
			h.next()
			test.Type(h.w.pass.entry, "x")
			h.next()
			shot(h, "check-nonetwork")
		}
		// 8. Website and domain health.
		{
			eng := newFakeEngine()
			lookupReal(eng)
			eng.discover = func(ctx context.Context, addr settings.Address, p func(Progress)) (settings.Config, error) {
				c := manualConfig(addr)
				c.Source, c.Trust, c.ProviderName = settings.SourceAutoconfig, settings.Verified, "Panadería García"
				return c, nil
			}
			h := start(eng)
			h.typeAddress("Ana García", "ana@panaderia-garcia.es")
			h.next()
			test.Type(h.w.pass.entry, "secreto")
			h.next()
			h.next()
			h.w.finish.clients.SetSelected(h.w.finish.clients.Options[clientWebsite])
			shot(h, "website")
			h.w.finish.health.fold.Open(0)
			test.Tap(h.w.finish.health.run)
			h.settle()
			sc := h.w.body.Objects[0].(*container.Scroll)
			sc.Offset.Y = fyne.CurrentApp().Driver().AbsolutePositionForObject(h.w.finish.health.content).Y - 120
			sc.Refresh()
			shot(h, "health")
		}
	}
}
