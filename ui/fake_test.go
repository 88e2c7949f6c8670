package ui

import (
	"context"
	"net/url"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// fakeEngine is an in-process Engine whose answers each test scripts.
type fakeEngine struct {
	mu       sync.Mutex
	table    map[string]settings.Config // Lookup, by ASCII domain
	discover func(ctx context.Context, addr settings.Address, progress func(Progress)) (settings.Config, error)
	check    func(ctx context.Context, req CheckRequest, event func(StepEvent)) (CheckReport, error)
	kc       *memoryKeychain
	lookup   func(addr settings.Address) (settings.Config, bool)                        // replaces table when set
	export   func(format Format, acct settings.Account, lang i18n.Lang) ([]byte, error) // replaces the echo when set
	requests []CheckRequest
	exported []Format
}

func newFakeEngine() *fakeEngine {
	return &fakeEngine{
		table: map[string]settings.Config{"gmail.com": gmailConfig()},
		kc:    &memoryKeychain{saved: map[string]string{}},
		check: passingCheck,
	}
}

func (f *fakeEngine) Lookup(addr settings.Address) (settings.Config, bool) {
	if f.lookup != nil {
		return f.lookup(addr)
	}
	c, ok := f.table[addr.ASCIIDomain]
	return c.Clone(), ok
}

func (f *fakeEngine) Discover(ctx context.Context, addr settings.Address, progress func(Progress)) (settings.Config, error) {
	if f.discover == nil {
		return settings.Config{}, ErrNotAvailable
	}
	return f.discover(ctx, addr, progress)
}

func (f *fakeEngine) Check(ctx context.Context, req CheckRequest, event func(StepEvent)) (CheckReport, error) {
	f.mu.Lock()
	f.requests = append(f.requests, req)
	check := f.check
	f.mu.Unlock()
	return check(ctx, req, event)
}

func (f *fakeEngine) lastRequest(t *testing.T) CheckRequest {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.requests) == 0 {
		t.Fatal("no check ran")
	}
	return f.requests[len(f.requests)-1]
}

func (f *fakeEngine) Keychain() Keychain { return f.kc }

func (f *fakeEngine) Export(format Format, acct settings.Account, lang i18n.Lang) ([]byte, error) {
	f.mu.Lock()
	f.exported = append(f.exported, format)
	f.mu.Unlock()
	if f.export != nil {
		return f.export(format, acct, lang)
	}
	return []byte(string(format) + " for " + acct.Name + " <" + acct.Address.String() + "> in " + string(lang) + "\n"), nil
}

func (f *fakeEngine) AddToThunderbird(acct settings.Account) (string, error) {
	return "", ErrNotAvailable
}

func (f *fakeEngine) DomainHealth(ctx context.Context, domain string) (DomainReport, error) {
	return DomainReport{Domain: domain, Findings: []Finding{
		{Check: "spf", Label: i18n.Text{ES: "Remitentes autorizados (SPF)", EN: "Authorised senders (SPF)"},
			Status: "ok", Message: i18n.Text{ES: "SPF correcto.", EN: "SPF is fine."}},
		{Check: "dmarc", Status: "warning", Message: i18n.Text{ES: "Falta DMARC.", EN: "DMARC is missing."},
			Advice: i18n.Text{ES: "Publica un registro DMARC.", EN: "Publish a DMARC record."}},
	}}, nil
}

// passingCheck reports every planned step passing.
func passingCheck(ctx context.Context, req CheckRequest, event func(StepEvent)) (CheckReport, error) {
	var rep CheckReport
	for i, srv := range req.Servers {
		for _, step := range stepsFor(srv, req.SendTest) {
			event(StepEvent{Server: i, Step: step, State: StepOK})
		}
		rep.Results = append(rep.Results, ServerResult{Server: srv, OK: true})
	}
	return rep, nil
}

func gmailConfig() settings.Config {
	auth := []settings.Auth{settings.AuthOAuth2, settings.AuthPassword}
	return settings.Config{
		ProviderID:   "googlemail.com",
		ProviderName: "Gmail",
		Incoming: []settings.Server{
			{Protocol: settings.IMAP, Host: "imap.gmail.com", Port: 993, Security: settings.TLS, Username: "%EMAILADDRESS%", Auth: auth},
			{Protocol: settings.POP3, Host: "pop.gmail.com", Port: 995, Security: settings.TLS, Username: "%EMAILADDRESS%", Auth: auth},
		},
		Outgoing: []settings.Server{
			{Protocol: settings.SMTP, Host: "smtp.gmail.com", Port: 465, Security: settings.TLS, Username: "%EMAILADDRESS%", Auth: auth},
		},
		Login:  settings.Login{Password: settings.PasswordAppPassword, AppPasswordURL: "https://myaccount.google.com/apppasswords"},
		Source: settings.SourceBuiltin,
		Trust:  settings.Verified,
	}
}

// harness is a wizard on Fyne's test driver with a fake engine.
type harness struct {
	t      *testing.T
	w      *wizard
	eng    *fakeEngine
	opened []string
	dir    string
}

func newHarness(t *testing.T, eng *fakeEngine) *harness {
	t.Helper()
	return newHarnessWithApp(t, test.NewTempApp(t), eng, i18n.EN)
}

func newHarnessWithApp(t *testing.T, a fyne.App, eng *fakeEngine, lang i18n.Lang) *harness {
	t.Helper()
	h := &harness{t: t, eng: eng, dir: t.TempDir()}
	var mu sync.Mutex
	h.w = newWizard(a, eng, Options{Lang: lang, SaveDir: h.dir, openURL: func(u *url.URL) error {
		mu.Lock()
		defer mu.Unlock()
		h.opened = append(h.opened, u.String())
		return nil
	}})
	h.w.bridge.queue = make(chan func(), 4096)
	h.w.win.Show()
	t.Cleanup(func() {
		h.w.bridge.close()
		h.w.bridge.wait()
		h.w.win.Close()
	})
	return h
}

// settle waits until every piece of background work has reported back.
func (h *harness) settle() { h.w.bridge.settle() }

// typeAddress fills in step 1 and presses Enter in the address field.
func (h *harness) typeAddress(name, email string) {
	h.t.Helper()
	s := h.w.address
	s.name.SetText("")
	s.email.SetText("")
	test.Type(s.name, name)
	test.Type(s.email, email)
	s.email.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
}

// next presses the Next button, which must be enabled.
func (h *harness) next() {
	h.t.Helper()
	if h.w.next.Disabled() || h.w.next.Hidden {
		h.t.Fatalf("Next is not available on step %d", h.w.current+1)
	}
	test.Tap(h.w.next)
	h.settle()
}

func (h *harness) wantStep(i int) {
	h.t.Helper()
	if h.w.current != i {
		h.t.Fatalf("on step %d, want step %d", h.w.current+1, i+1)
	}
}
