package ui

import (
	"context"
	"errors"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// maxPasswordLength bounds what is typed or pasted; real passwords are far shorter.
const maxPasswordLength = 1024

// passwordStep says what kind of password the provider wants, helps to get
// it, and takes it.
type passwordStep struct {
	w *wizard

	heading    *widget.Label
	kind       *widget.Label
	steps      *widget.Label
	enable     *widget.Label
	enableOpen *button
	appOpen    *button
	entryLabel *widget.Label
	entry      *entry
	show       *widget.Check
	save       *widget.Check
	keychain   *widget.Label
	saved      *widget.Label
	passBox    *fyne.Container
	content    fyne.CanvasObject

	keychainErr   error // nil: a keychain is there
	keychainKnown bool  // keychainErr has been asked for
	loadedFor     string
}

func newPasswordStep(w *wizard) *passwordStep {
	s := &passwordStep{w: w, heading: heading(), kind: paragraph(), steps: paragraph(),
		enable: paragraph(), entryLabel: bold(), keychain: paragraph(), saved: hint()}
	s.enableOpen = newButton("", theme.ComputerIcon(), s.onOpenEnablePage)
	s.appOpen = newButton("", theme.ComputerIcon(), s.onOpenAppPasswordPage)
	s.appOpen.Importance = widget.HighImportance
	s.entry = newPasswordEntry(w.onEscape)
	s.entry.OnChanged = s.onPasswordChanged
	s.entry.OnSubmitted = func(string) { w.onNext() }
	s.entry.Validator = s.validatePassword
	s.show = widget.NewCheck("", s.onShowChanged)
	s.save = widget.NewCheck("", s.onSaveChanged)
	s.save.SetChecked(true)
	s.keychain.Importance = widget.WarningImportance
	s.passBox = container.NewVBox(s.entryLabel, s.entry, s.show, s.save, s.keychain, s.saved)
	// The app password is what everyone needs, so its steps and button
	// come first and stand out; switching on IMAP, needed by a few
	// accounts only, follows as the lesser button.
	s.content = container.NewVBox(s.heading, s.kind,
		s.steps, container.NewHBox(s.appOpen),
		s.enable, container.NewHBox(s.enableOpen),
		widget.NewSeparator(), s.passBox)
	return s
}

func (s *passwordStep) view() fyne.CanvasObject { return s.content }

// reset forgets the password typed for another address.
func (s *passwordStep) reset() {
	s.entry.SetText("")
	s.w.password = ""
	s.saved.SetText("")
	s.loadedFor, s.keychainKnown = "", false
}

func (s *passwordStep) policy() settings.PasswordPolicy {
	p := s.w.account.Config.Login.Password
	if p == "" {
		return settings.PasswordAllowed
	}
	return p
}

func (s *passwordStep) oauthOnly() bool { return s.policy() == settings.PasswordOAuthOnly }

// shown asks, off the UI goroutine, whether a keychain exists and whether it
// already holds a password for this address.
func (s *passwordStep) shown() {
	w := s.w
	s.render()
	email := w.account.Address.String()
	if s.loadedFor == email && s.keychainKnown {
		w.win.Canvas().Focus(s.entry)
		return
	}
	s.loadedFor = email
	kc := w.eng.Keychain()
	w.bridge.run(func(ctx context.Context, ui uiFunc) {
		avail := kc.Available()
		pw := ""
		if avail == nil {
			pw, _ = kc.Get(email)
		}
		ui(func() { s.onKeychainAnswer(email, avail, pw) })
	})
	w.win.Canvas().Focus(s.entry)
}

func (s *passwordStep) onKeychainAnswer(email string, avail error, saved string) {
	if email != s.w.account.Address.String() {
		return
	}
	s.keychainErr, s.keychainKnown = avail, true
	if saved != "" && s.entry.Text == "" {
		s.entry.SetText(saved)
		s.saved.SetText(s.w.t("ui.password.from_keychain"))
	} else {
		s.saved.SetText("")
	}
	s.render()
}

func (s *passwordStep) setTexts() {
	w := s.w
	s.show.Text = w.t("ui.password.show")
	s.show.Refresh()
	s.save.Text = w.t("ui.password.save")
	s.save.Refresh()
	s.entry.SetPlaceHolder(w.t("ui.password.placeholder"))
	if s.saved.Text != "" {
		s.saved.SetText(w.t("ui.password.from_keychain"))
	}
	s.render()
}

// render writes every text that depends on the provider and the keychain.
func (s *passwordStep) render() {
	w := s.w
	cfg := w.account.Config
	name := providerName(cfg)
	login := cfg.Login
	switch s.policy() {
	case settings.PasswordOAuthOnly:
		s.heading.SetText(w.t("ui.password.oauth_heading"))
		s.kind.SetText(w.t("ui.password.oauth", "provider", name))
	case settings.PasswordAppPassword:
		s.heading.SetText(w.t("ui.password.app_heading"))
		s.kind.SetText(w.t("ui.password.app", "provider", name))
	default:
		s.heading.SetText(w.t("ui.password.heading"))
		s.kind.SetText(w.t("ui.password.normal", "provider", name))
	}
	s.enable.SetText(w.t("ui.password.enable_first", "provider", name))
	s.enableOpen.SetText(w.t("ui.password.enable_open", "provider", name))
	setShown(s.enable, login.EnableURL != "")
	setShown(s.enableOpen, login.EnableURL != "")

	app := s.policy() == settings.PasswordAppPassword
	s.steps.SetText(appPasswordSteps(w.lang, cfg))
	s.appOpen.SetText(w.t("ui.password.app_open", "provider", name))
	setShown(s.steps, app)
	setShown(s.appOpen, app && login.AppPasswordURL != "")

	setShown(s.passBox, !s.oauthOnly())
	if app {
		s.entryLabel.SetText(w.t("ui.password.app_label"))
	} else {
		s.entryLabel.SetText(w.t("ui.password.label"))
	}
	switch {
	case !s.keychainKnown:
		s.keychain.SetText("")
	case s.keychainErr != nil:
		s.save.SetChecked(false)
		s.save.Disable()
		s.keychain.SetText(w.t("ui.password.no_keychain", "reason", errorText(w.lang, s.keychainErr)))
	default:
		s.save.Enable()
		s.keychain.SetText("")
	}
	setShown(s.keychain, s.keychain.Text != "")
	setShown(s.saved, s.saved.Text != "")
	w.updateNav()
}

// appPasswordSteps are the provider's own steps when we have them, else
// the steps that hold for every provider.
func appPasswordSteps(l i18n.Lang, cfg settings.Config) string {
	key := "ui.password.app_steps." + cfg.ProviderID
	if cfg.ProviderID == "" || !i18n.Has(l, key) {
		key = "ui.password.app_steps"
	}
	return i18n.T(l, key, "provider", providerName(cfg))
}

func (s *passwordStep) validatePassword(text string) error {
	if len(text) > maxPasswordLength {
		return errors.New(s.w.t("ui.password.too_long"))
	}
	return nil
}

func (s *passwordStep) onPasswordChanged(text string) {
	s.w.password = text
	s.w.resetAfter(stepPassword)
	if s.saved.Text != "" {
		s.saved.SetText("")
		s.saved.Hide()
	}
	s.w.updateNav()
}

func (s *passwordStep) onShowChanged(on bool) {
	s.entry.Password = !on
	s.entry.Refresh()
}

func (s *passwordStep) onSaveChanged(on bool) { s.w.savePass = on }

func (s *passwordStep) onOpenAppPasswordPage() { s.w.openURL(s.w.account.Config.Login.AppPasswordURL) }

func (s *passwordStep) onOpenEnablePage() { s.w.openURL(s.w.account.Config.Login.EnableURL) }

func (s *passwordStep) canGoNext() bool {
	w := s.w
	if w.account.Config.Trust != settings.Verified && !w.trusted {
		return false // no password goes to servers nobody vouched for
	}
	if s.oauthOnly() {
		return true
	}
	return w.password != "" && s.validatePassword(w.password) == nil
}

func (s *passwordStep) nextText() string { return s.w.t("ui.password.next") }

func (s *passwordStep) onNext() {
	w := s.w
	if s.oauthOnly() {
		w.password = ""
	}
	w.savePass = s.save.Checked && s.keychainErr == nil && !s.oauthOnly()
	w.goTo(stepCheck)
}

func (s *passwordStep) cancel() bool { return false }

// openURL opens a provider's web page in the browser. Only web links are
// opened: a table entry can never make us run a program or open a file.
func (w *wizard) openURL(raw string) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		w.showError(w.t("ui.error.bad_link"))
		return
	}
	if err := w.open(u); err != nil {
		w.showError(w.t("ui.error.open_link", "url", raw))
	}
}
