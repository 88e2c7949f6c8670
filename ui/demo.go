package ui

import (
	"context"
	"sort"
	"sync"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// The demo (MAILSETUP_DEMO_STEP) opens the wizard at a given step for an
// address of the built-in table, for screenshots and for trying the app
// without an account. It never touches the network or the real keychain:
// the check is a scripted pass, saved passwords live in memory.

const (
	demoName    = "Ana García"
	demoAddress = "ana.garcia@gmail.com"
)

// demoEngine is the real engine with the network and keychain taken out.
type demoEngine struct {
	real Engine
	kc   *memoryKeychain
	// blocked shows a failure: port 465 "blocked by the network", with
	// 587 + STARTTLS offered as working settings.
	blocked bool
	// wrongPassword shows the servers refusing the password.
	wrongPassword bool
}

func newDemoEngine(real Engine, blocked bool) *demoEngine {
	return &demoEngine{real: real, kc: &memoryKeychain{saved: map[string]string{}}, blocked: blocked}
}

func (d *demoEngine) Lookup(addr settings.Address) (settings.Config, bool) {
	return d.real.Lookup(addr)
}

// Discover finds nothing, as online discovery does for a domain that
// publishes nothing: an address outside the table shows typing by hand.
func (d *demoEngine) Discover(ctx context.Context, addr settings.Address, progress func(Progress)) (settings.Config, error) {
	return settings.Config{}, errNothingFound
}

// Check reports every step passing, as a check of the built-in settings
// would; with blocked, SMTP on port 465 fails the way a firewall makes it.
func (d *demoEngine) Check(ctx context.Context, req CheckRequest, event func(StepEvent)) (CheckReport, error) {
	var rep CheckReport
	for i, srv := range req.Servers {
		if d.blocked && srv.Protocol == settings.SMTP && srv.Port == 465 {
			event(StepEvent{Server: i, Step: "resolve", State: StepOK})
			event(StepEvent{Server: i, Step: "connect", State: StepFailed})
			msg := i18n.Msg("check.code.net.timeout.message", "host", srv.Host, "port", "465")
			adv := i18n.Msg("check.code.net.timeout.advice")
			rep.Results = append(rep.Results, ServerResult{Server: srv, Diagnosis: &Diagnosis{
				Code: "net.timeout", Message: both(msg), Advice: both(adv),
				Suggestion: &settings.Server{Protocol: srv.Protocol, Host: srv.Host, Port: 587,
					Security: settings.STARTTLS, Username: srv.Username, Auth: srv.Auth},
			}})
			continue
		}
		refused := d.wrongPassword && req.Password != ""
		for _, step := range stepsFor(srv, req.SendTest) {
			state := StepOK
			if step == "auth" && req.Password == "" {
				state = StepSkipped
			}
			if step == "auth" && refused {
				state = StepFailed
			}
			event(StepEvent{Server: i, Step: step, State: state})
			if state == StepFailed {
				break
			}
		}
		if refused {
			rep.Results = append(rep.Results, ServerResult{Server: srv, Diagnosis: &Diagnosis{Code: "auth.failed",
				Message: both(i18n.Msg("check.code.auth.failed.message")), Advice: both(i18n.Msg("check.code.auth.failed.advice")),
				ServerReply: "NO [AUTHENTICATIONFAILED] Invalid credentials"}})
			continue
		}
		rep.Results = append(rep.Results, ServerResult{Server: srv, OK: true, AuthSkip: req.Password == ""})
	}
	return rep, nil
}

func (d *demoEngine) Keychain() Keychain { return d.kc }

func (d *demoEngine) Export(format Format, acct settings.Account, lang i18n.Lang) ([]byte, error) {
	return d.real.Export(format, acct, lang)
}

func (d *demoEngine) AddToThunderbird(acct settings.Account) (string, error) {
	return "", ErrNotAvailable
}

func (d *demoEngine) DomainHealth(ctx context.Context, domain string) (DomainReport, error) {
	return DomainReport{}, ErrNotAvailable
}

// memoryKeychain keeps passwords in memory only (demo and tests).
type memoryKeychain struct {
	mu    sync.Mutex
	saved map[string]string
	err   error // when set, the keychain is "unavailable" with this reason
}

func (m *memoryKeychain) Available() error { return m.err }

func (m *memoryKeychain) Set(email, password string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return m.err
	}
	m.saved[email] = password
	return nil
}

func (m *memoryKeychain) Get(email string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return "", m.err
	}
	pw, ok := m.saved[email]
	if !ok {
		return "", ErrNoPassword
	}
	return pw, nil
}

func (m *memoryKeychain) Delete(email string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return m.err
	}
	delete(m.saved, email)
	return nil
}

func (m *memoryKeychain) Saved() ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return nil, m.err
	}
	out := make([]string, 0, len(m.saved))
	for k := range m.saved {
		out = append(out, k)
	}
	sort.Strings(out)
	return out, nil
}

// showDemo walks the wizard to step n (1-5) with the demo account, the way
// a person would: through the steps' own handlers.
func (w *wizard) showDemo(n int) {
	w.address.name.SetText(demoName)
	w.address.email.SetText(demoAddress)
	if w.opts.DemoAddress != "" {
		w.address.email.SetText(w.opts.DemoAddress)
	}
	if n < 2 {
		return
	}
	w.address.onNext()
	if n < 3 || !w.settings.canGoNext() {
		return
	}
	w.settings.onNext()
	w.pass.entry.SetText("demo-app-password")
	if n < 4 {
		return
	}
	w.savePass = false
	if n == 4 {
		w.pass.onNext()
		return
	}
	// Step 5 shows the end of a passed check without running one.
	rep, _ := w.eng.Check(context.Background(), CheckRequest{Servers: w.checkServers(), Password: w.password}, func(StepEvent) {})
	w.report = &rep
	w.goTo(stepFinish)
}

// checkServers are the servers a check covers: the chosen incoming one and
// the first outgoing one.
func (w *wizard) checkServers() []settings.Server {
	in, _ := w.account.Config.FirstIncoming()
	out, _ := w.account.Config.FirstOutgoing()
	return []settings.Server{in, out}
}
