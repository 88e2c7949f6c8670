package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/mailsetup/mailsetup/settings"
)

// Preference keys. Preferences are a plain file: never a password here.
const (
	prefLang    = "lang"
	prefAddress = "last.address"
	prefName    = "last.name"
)

// maxNameLength bounds the display name; real names are far shorter.
const maxNameLength = 128

// addressStep asks for the person's name and email address.
type addressStep struct {
	w       *wizard
	heading *widget.Label
	intro   *widget.Label
	name    *entry
	email   *entry
	form    *widget.Form
	privacy *widget.Label
	needs   *widget.Label
	content fyne.CanvasObject
	// insist is set once the person pressed Enter: from then on an empty
	// field is an error too, not just a field not filled in yet.
	insist bool
}

func newAddressStep(w *wizard) *addressStep {
	s := &addressStep{w: w, heading: heading(), intro: paragraph(), privacy: hint(), needs: paragraph()}
	s.name = newEntry(w.onEscape)
	s.name.OnSubmitted = s.onSubmitted
	s.name.OnChanged = s.onChanged
	s.name.Validator = s.validateName
	s.email = newEntry(w.onEscape)
	s.email.Validator = s.validateEmail
	s.email.OnSubmitted = s.onSubmitted
	s.email.OnChanged = s.onChanged
	s.email.SetText(w.app.Preferences().String(prefAddress))
	s.name.SetText(w.app.Preferences().String(prefName))
	s.form = widget.NewForm(widget.NewFormItem("", s.name), widget.NewFormItem("", s.email))
	s.content = container.NewVBox(s.heading, s.intro, s.form, s.privacy, widget.NewSeparator(), s.needs)
	return s
}

func (s *addressStep) view() fyne.CanvasObject { return s.content }

func (s *addressStep) setTexts() {
	w := s.w
	s.heading.SetText(w.t("ui.address.heading"))
	s.intro.SetText(w.t("ui.address.intro"))
	s.form.Items[0].Text = w.t("ui.address.name")
	s.form.Items[0].HintText = w.t("ui.address.name_hint")
	s.form.Items[1].Text = w.t("ui.address.email")
	s.form.Items[1].HintText = w.t("ui.address.email_hint")
	s.name.SetPlaceHolder(w.t("ui.address.name_placeholder"))
	s.email.SetPlaceHolder(w.t("ui.address.email_placeholder"))
	s.privacy.SetText(w.t("ui.address.privacy"))
	s.needs.SetText(w.t("ui.address.needs"))
	// Messages of a shown validation error are in the old language: redo them.
	if s.email.Text != "" {
		s.email.Validate()
	}
	s.form.Refresh()
}

func (s *addressStep) shown() { s.w.win.Canvas().Focus(s.email) }

// validateEmail explains, in the person's language, what is wrong so far.
func (s *addressStep) validateEmail(text string) error {
	if text == "" && !s.insist {
		return nil // Next stays off (canGoNext), without scolding an untouched field
	}
	_, err := settings.ParseAddress(text)
	var ae *settings.AddressError
	if errors.As(err, &ae) {
		return errors.New(s.w.t(ae.Key()))
	}
	return err
}

func (s *addressStep) validateName(text string) error {
	if len(text) > maxNameLength {
		return errors.New(s.w.t("ui.address.name_too_long"))
	}
	for _, r := range text {
		if r < 0x20 || r == 0x7f {
			return errors.New(s.w.t("ui.address.name_invalid"))
		}
	}
	return nil
}

func (s *addressStep) canGoNext() bool {
	_, err := settings.ParseAddress(s.email.Text)
	return err == nil && s.validateName(s.name.Text) == nil
}

func (s *addressStep) nextText() string { return s.w.t("ui.nav.next") }

func (s *addressStep) onChanged(string) { s.w.updateNav() }

// onSubmitted is Enter in either field: go on when the address is good,
// else show why not right away.
func (s *addressStep) onSubmitted(string) {
	if !s.canGoNext() {
		s.insist = true
		s.email.AlwaysShowValidationError = true
		s.email.Validate()
		s.name.Validate()
		return
	}
	s.onNext()
}

func (s *addressStep) onNext() {
	w := s.w
	addr, err := settings.ParseAddress(s.email.Text)
	if err != nil {
		return
	}
	name := strings.TrimSpace(s.name.Text)
	w.app.Preferences().SetString(prefAddress, addr.String())
	w.app.Preferences().SetString(prefName, name)
	if addr != w.account.Address {
		w.account = settings.Account{Address: addr}
		w.resetAfter(stepAddress)
		w.settings.reset()
		w.pass.reset()
	}
	w.account.Name = name
	w.goTo(stepSettings)
}

func (s *addressStep) cancel() bool { return false }
