package ui

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/mailsetup/mailsetup/settings"
)

// serverEdit is the "Advanced" form for one server: host, port, encryption
// and user name, each checked as typed.
type serverEdit struct {
	w        *wizard
	host     *entry
	port     *entry
	security *widget.Select
	user     *entry
	form     *widget.Form
	filling  bool // set while the fields are filled from the settings
	onEdited func(settings.Server)
	server   settings.Server
}

var securities = []settings.Security{settings.TLS, settings.STARTTLS, settings.None}

func newServerEdit(w *wizard, onEdited func(settings.Server)) *serverEdit {
	e := &serverEdit{w: w, onEdited: onEdited}
	e.host = newEntry(w.onEscape)
	e.host.Validator = e.validateHost
	e.host.OnChanged = e.onChanged
	e.port = newEntry(w.onEscape)
	e.port.Validator = e.validatePort
	e.port.OnChanged = e.onChanged
	e.user = newEntry(w.onEscape)
	e.user.Validator = e.validateUser
	e.user.OnChanged = e.onChanged
	e.security = widget.NewSelect(nil, func(string) { e.onSecurityChosen() })
	e.form = widget.NewForm(
		widget.NewFormItem("", e.host), widget.NewFormItem("", e.port),
		widget.NewFormItem("", e.security), widget.NewFormItem("", e.user))
	return e
}

func (e *serverEdit) setTexts() {
	w := e.w
	for i, key := range serverRowKeys {
		e.form.Items[i].Text = w.t(key)
	}
	e.filling = true
	names := make([]string, len(securities))
	for i, s := range securities {
		names[i] = s.Name(w.lang)
	}
	e.security.Options = names
	e.security.PlaceHolder = w.t("ui.select.placeholder")
	e.security.SetSelected(e.server.Security.Name(w.lang))
	e.filling = false
	e.form.Refresh()
}

// set fills the fields from s.
func (e *serverEdit) set(s settings.Server) {
	e.server = s
	e.filling = true
	defer func() { e.filling = false }()
	e.host.SetText(s.Host)
	if s.Port > 0 {
		e.port.SetText(strconv.Itoa(s.Port))
	} else {
		e.port.SetText("")
	}
	e.user.SetText(s.Username)
	e.security.SetSelected(s.Security.Name(e.w.lang))
}

func (e *serverEdit) validateHost(text string) error {
	if settings.ValidHost(strings.TrimSuffix(strings.ToLower(strings.TrimSpace(text)), ".")) != nil {
		return errors.New(e.w.t("ui.edit.bad_host"))
	}
	return nil
}

func (e *serverEdit) validatePort(text string) error {
	p, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || p < 1 || p > 65535 {
		return errors.New(e.w.t("ui.edit.bad_port"))
	}
	return nil
}

func (e *serverEdit) validateUser(text string) error {
	if strings.TrimSpace(text) == "" || len(text) > 320 {
		return errors.New(e.w.t("ui.edit.bad_user"))
	}
	return nil
}

// onSecurityChosen proposes the standard port of the new mode when the port
// was the standard one of the old mode: people rarely know the pairs.
func (e *serverEdit) onSecurityChosen() {
	if e.filling {
		return
	}
	sec := e.chosenSecurity()
	if p, err := strconv.Atoi(e.port.Text); err == nil && p == settings.DefaultPort(e.server.Protocol, e.server.Security) {
		e.filling = true
		e.port.SetText(strconv.Itoa(settings.DefaultPort(e.server.Protocol, sec)))
		e.filling = false
	}
	e.onChanged("")
}

func (e *serverEdit) chosenSecurity() settings.Security {
	for _, s := range securities {
		if s.Name(e.w.lang) == e.security.Selected {
			return s
		}
	}
	return e.server.Security
}

// onChanged takes the fields into the settings once they are all valid.
func (e *serverEdit) onChanged(string) {
	if e.filling {
		return
	}
	if e.validateHost(e.host.Text) != nil || e.validatePort(e.port.Text) != nil || e.validateUser(e.user.Text) != nil {
		e.w.updateNav()
		return
	}
	s := e.server
	s.Host = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(e.host.Text)), ".")
	s.Port, _ = strconv.Atoi(strings.TrimSpace(e.port.Text))
	s.Security = e.chosenSecurity()
	s.Username = strings.TrimSpace(e.user.Text)
	if len(s.Auth) == 0 {
		s.Auth = []settings.Auth{settings.AuthPassword}
	}
	e.server = s
	e.onEdited(s)
}

// valid reports whether every field holds a usable value.
func (e *serverEdit) valid() bool {
	return e.validateHost(e.host.Text) == nil && e.validatePort(e.port.Text) == nil && e.validateUser(e.user.Text) == nil
}
