package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// serverView shows one server as a small table, each value with a copy
// button, for people who type the settings into their program by hand.
type serverView struct {
	w        *wizard
	title    *widget.Label
	captions [4]*widget.Label
	values   [4]*widget.Label
	copies   [4]*copyButton
	server   settings.Server
	content  fyne.CanvasObject
}

// The rows of a serverView.
const (
	rowHost = iota
	rowPort
	rowSecurity
	rowUser
)

var serverRowKeys = [4]string{"ui.server.host", "ui.server.port", "ui.server.security", "ui.server.username"}

func newServerView(w *wizard) *serverView {
	v := &serverView{w: w, title: bold()}
	grid := container.New(layout.NewFormLayout())
	for i := range v.values {
		i := i
		v.captions[i] = widget.NewLabel("")
		v.values[i] = widget.NewLabel("")
		v.values[i].Selectable = true
		v.values[i].Truncation = fyne.TextTruncateEllipsis
		v.copies[i] = newCopyButton(func() { v.onCopy(i) })
		grid.Add(v.captions[i])
		grid.Add(container.NewBorder(nil, nil, nil, v.copies[i], v.values[i]))
	}
	v.content = widget.NewCard("", "", container.NewVBox(v.title, grid))
	return v
}

// set shows s under the given title key.
func (v *serverView) set(titleKey string, s settings.Server) {
	v.server = s
	w := v.w
	v.title.SetText(w.t(titleKey, "protocol", s.Protocol.Name()))
	vals := v.texts(w.lang)
	for i := range v.values {
		v.captions[i].SetText(w.t(serverRowKeys[i]))
		v.values[i].SetText(vals[i])
		v.copies[i].label = w.t("ui.copy.what", "what", w.t(serverRowKeys[i]))
		if vals[i] == "" {
			v.copies[i].Disable()
		} else {
			v.copies[i].Enable()
		}
	}
}

func (v *serverView) texts(l i18n.Lang) [4]string {
	s := v.server
	port := ""
	if s.Port > 0 {
		port = strconv.Itoa(s.Port)
	}
	return [4]string{s.Host, port, s.Security.Name(l), s.Username}
}

// onCopy copies one value; the security row copies the word mail programs
// use (SSL/TLS, STARTTLS), which Security.Name shows too.
func (v *serverView) onCopy(row int) {
	text := v.texts(v.w.lang)[row]
	v.w.app.Clipboard().SetContent(text)
	v.w.settings.showCopied(text)
}
