package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/mailsetup/mailsetup/check"
	"github.com/mailsetup/mailsetup/check/domain"
	"github.com/mailsetup/mailsetup/export"
	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/keychain"
	"github.com/mailsetup/mailsetup/providers"
	"github.com/mailsetup/mailsetup/resolve"
	"github.com/mailsetup/mailsetup/settings"
)

// networkTimeout limits one network operation, as the CLI's default --timeout.
const networkTimeout = 10 * time.Second

// guiKeychainTimeout bounds one keychain call from the app.
const guiKeychainTimeout = 60 * time.Second

// engine is the Engine of the real app: a thin adapter over providers,
// check, keychain and export. It is the only file of ui that knows those
// packages' types.
type engine struct {
	netOnce sync.Once
	net     *resolve.Network
	netErr  error
	store   keychain.Store
	index   *keychain.Index
	ispdb   string // "" = the public ISPDB; tests serve their own
}

// NewEngine returns the real engine. indexPath is the file listing the
// addresses whose passwords were saved (addresses only, never a password).
func NewEngine(indexPath string) Engine {
	// A person may be typing into the system's unlock window: give the
	// keychain longer than the command line's default before giving up.
	return &engine{store: keychain.New(guiKeychainTimeout), index: keychain.OpenIndex(indexPath)}
}

// network builds the system resolver and dialer once, when first needed
// (tests set e.net beforehand).
func (e *engine) network() (*resolve.Network, error) {
	e.netOnce.Do(func() {
		if e.net == nil {
			e.net, e.netErr = resolve.NewNetwork(resolve.NetworkOptions{Timeout: networkTimeout})
		}
	})
	return e.net, e.netErr
}

func (e *engine) Lookup(addr settings.Address) (settings.Config, bool) {
	p, ok := providers.Lookup(addr.ASCIIDomain)
	if !ok {
		return settings.Config{}, false
	}
	return p.ConfigFor(addr), true
}

func (e *engine) Discover(ctx context.Context, addr settings.Address, progress func(Progress)) (settings.Config, error) {
	n, err := e.network()
	if err != nil {
		// No name server to ask (no resolv.conf, nothing in it): for the
		// person that is no network, not "nothing found".
		return settings.Config{}, fmt.Errorf("%w: %w", ErrNoNetwork, err)
	}
	var p Progress
	cfg, err := providers.Discover(ctx, addr, providers.DiscoverOptions{
		Network:  n,
		ISPDBURL: e.ispdb,
		Progress: func(ev providers.Event) {
			switch ev.Kind {
			case providers.EventStarted:
				p.Total++
			case providers.EventFound, providers.EventFailed:
				p.Done++
				p.Source = ev.Source
			default:
				return
			}
			progress(p)
		},
	})
	switch {
	case errors.Is(err, providers.ErrNoDNS):
		err = ErrNoNetwork
	case errors.Is(err, providers.ErrNotFound):
		err = errNothingFound
	}
	return cfg, err
}

// errNothingFound is discovery's "no source knew this domain".
var errNothingFound = errors.New("nothing found")

func (e *engine) Check(ctx context.Context, req CheckRequest, event func(StepEvent)) (CheckReport, error) {
	n, err := e.network()
	if err != nil {
		return CheckReport{}, err
	}
	cfg := req.Account.Config
	rep := check.Run(ctx, check.Request{
		Email:    req.Account.Address,
		Servers:  req.Servers,
		Password: req.Password,
		SendTest: req.SendTest,
		Provider: settings.DocumentProvider{ID: cfg.ProviderID, Name: cfg.ProviderName},
		Login:    cfg.Login,
		Lang:     req.Lang,
	}, check.Options{Network: n, OnEvent: func(ev check.Event) {
		if ev.Step != nil {
			event(StepEvent{Server: ev.Index, Step: string(ev.Step.Name), State: stepState(*ev.Step)})
		}
	}})
	if err := ctx.Err(); err != nil {
		return CheckReport{}, err
	}
	out := CheckReport{}
	for _, r := range rep.Results {
		out.Results = append(out.Results, serverResult(r))
	}
	return out, nil
}

func stepState(st check.Step) StepState {
	switch {
	case st.Skipped:
		return StepSkipped
	case st.OK:
		return StepOK
	}
	return StepFailed
}

func serverResult(r check.Result) ServerResult {
	out := ServerResult{Server: r.Server, OK: r.OK}
	for _, st := range r.Steps {
		if st.Name == check.StepAuth && st.Skipped {
			out.AuthSkip = true
		}
	}
	if d := r.Diagnosis; d != nil {
		out.Diagnosis = &Diagnosis{
			Code:        string(d.Code),
			Message:     both(d.Message),
			Advice:      both(d.Advice),
			ServerReply: d.ServerReply,
		}
		if sg := d.Suggestion; sg != nil {
			s := r.Server
			s.Host, s.Port, s.Security = sg.Host, sg.Port, sg.Security
			out.Diagnosis.Suggestion = &s
		}
	}
	return out
}

func (e *engine) Keychain() Keychain { return (*engineKeychain)(e) }

func (e *engine) Export(format Format, acct settings.Account, lang i18n.Lang) ([]byte, error) {
	var buf bytes.Buffer
	if err := export.Write(&buf, export.Format(format), acct, export.Options{Lang: lang}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (e *engine) AddToThunderbird(acct settings.Account) (string, error) {
	dir, err := export.DefaultProfile(export.ProfileRoots())
	if err != nil {
		return "", err
	}
	res, err := export.AddToProfile(dir, acct, export.Options{})
	if err != nil {
		return "", err
	}
	return res.Profile, nil
}

func (e *engine) DomainHealth(ctx context.Context, name string) (DomainReport, error) {
	n, err := e.network()
	if err != nil {
		return DomainReport{}, err
	}
	rep := domain.Run(ctx, name, domain.OptionsFor(n))
	out := DomainReport{Domain: rep.Domain}
	for _, f := range rep.Findings {
		out.Findings = append(out.Findings, Finding{
			Check:   f.Check,
			Label:   both(domain.CheckLabel(f.Check)),
			Status:  string(f.Status),
			Message: both(f.Message),
			Advice:  both(f.Advice),
		})
	}
	return out, nil
}

// both renders a message in every language, so the screen can switch
// language without asking again.
func both(m i18n.Message) i18n.Text {
	if m.Key == "" {
		return i18n.Text{}
	}
	return i18n.Text{ES: m.In(i18n.ES), EN: m.In(i18n.EN)}
}

// engineKeychain is the Keychain face of engine: the OS store plus the
// index of saved addresses.
type engineKeychain engine

// probeAccount is asked for to learn whether a keychain answers at all.
const probeAccount = "keychain-probe@mailsetup.invalid"

func (k *engineKeychain) Available() error {
	// Only "cannot use the keychain" counts: not found is the usual answer.
	if _, err := k.store.Get(probeAccount); err != nil {
		if _, ok := keychain.IsUnavailable(err); ok {
			return keychainError{err}
		}
	}
	return nil
}

func (k *engineKeychain) Set(email, password string) error {
	secret := []byte(password)
	defer keychain.Wipe(secret)
	if err := k.store.Set(email, secret); err != nil {
		return keychainError{err}
	}
	if err := k.index.Add(email); err != nil {
		return keychainError{err}
	}
	return nil
}

func (k *engineKeychain) Get(email string) (string, error) {
	secret, err := k.store.Get(email)
	if errors.Is(err, keychain.ErrNotFound) {
		return "", ErrNoPassword
	}
	if err != nil {
		return "", keychainError{err}
	}
	defer keychain.Wipe(secret)
	return string(secret), nil
}

func (k *engineKeychain) Delete(email string) error {
	err := k.store.Delete(email)
	if err != nil && !errors.Is(err, keychain.ErrNotFound) {
		return keychainError{err}
	}
	if err := k.index.Remove(email); err != nil {
		return keychainError{err}
	}
	return nil
}

// Saved lists the addresses with a saved password, first dropping those whose
// secret is gone from the keychain (removed by another tool). Prune keeps
// entries when the keychain cannot be asked, so nothing is lost on a bad day.
func (k *engineKeychain) Saved() ([]string, error) {
	if _, err := k.index.Prune(k.store); err != nil {
		if _, unavailable := keychain.IsUnavailable(err); unavailable {
			return nil, keychainError{err}
		}
	}
	return k.index.List(), nil
}

// keychainError says a keychain error in the person's language.
type keychainError struct{ err error }

func (e keychainError) Error() string         { return e.err.Error() }
func (e keychainError) Unwrap() error         { return e.err }
func (e keychainError) In(l i18n.Lang) string { return keychain.Describe(e.err, l) }
