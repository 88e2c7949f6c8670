package ui

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/mailsetup/mailsetup/i18n"
)

// Fyne's ready-made dialogs (ShowError, ShowInformation, ShowConfirm) label
// their buttons through fyne/lang, which follows the OS and not the
// language chosen in the app. These wrappers build the same dialogs with
// our own texts.

// showDialog shows d and keeps it on the wizard's stack of open dialogs, so
// that Esc closes the top one (Fyne's dialogs take no keys themselves).
func (w *wizard) showDialog(d dialog.Dialog) {
	w.dialogs = append(w.dialogs, d)
	d.SetOnClosed(func() {
		for i, x := range w.dialogs {
			if x == d {
				w.dialogs = append(w.dialogs[:i], w.dialogs[i+1:]...)
				break
			}
		}
	})
	d.Show()
}

// closeDialog closes the dialog on top, if any, and reports whether there was one.
func (w *wizard) closeDialog() bool {
	if len(w.dialogs) == 0 {
		return false
	}
	w.dialogs[len(w.dialogs)-1].Hide()
	return true
}

// showError shows a message with an OK button.
func (w *wizard) showError(message string) {
	w.showMessage(w.t("ui.dialog.error_title"), message)
}

// showMessage shows a titled message with an OK button.
func (w *wizard) showMessage(title, message string) {
	l := paragraph()
	l.SetText(message)
	w.showDialog(dialog.NewCustom(title, w.t("ui.dialog.ok"), wide(l), w.win))
}

// confirm asks a yes/no question with our own button texts.
func (w *wizard) confirm(title, message, yes string, onYes func()) {
	l := paragraph()
	l.SetText(message)
	d := dialog.NewCustomConfirm(title, yes, w.t("ui.dialog.cancel"), wide(l), func(ok bool) {
		if ok {
			onYes()
		}
	}, w.win)
	w.showDialog(d)
}

// wide shows a long message in a dialog. A wrapping label inside a dialog
// has no width to wrap to, so the text is broken into lines here.
func wide(o *widget.Label) fyne.CanvasObject {
	o.Wrapping = fyne.TextWrapOff
	o.SetText(wrapText(o.Text, 64))
	return o
}

// wrapText breaks text into lines of at most width runes at spaces; it keeps
// existing line breaks.
func wrapText(text string, width int) string {
	var out strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			out.WriteByte('\n')
		}
		n := 0
		for j, word := range strings.Fields(line) {
			wl := utf8.RuneCountInString(word)
			if j > 0 {
				if n+1+wl > width {
					out.WriteByte('\n')
					n = 0
				} else {
					out.WriteByte(' ')
					n++
				}
			}
			out.WriteString(word)
			n += wl
		}
	}
	return out.String()
}

// localized is an error that can say itself in a language.
type localized interface{ In(i18n.Lang) string }

// errorText renders an engine error for a person: known errors get their
// own sentence, others a general one with the detail.
func errorText(l i18n.Lang, err error) string {
	var loc localized
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.Canceled):
		return i18n.T(l, "ui.error.cancelled")
	case errors.Is(err, context.DeadlineExceeded):
		return i18n.T(l, "ui.error.timeout")
	case errors.Is(err, ErrNoNetwork):
		return i18n.T(l, "ui.error.no_network")
	case errors.Is(err, ErrNotAvailable):
		return i18n.T(l, "ui.error.unavailable")
	case errors.As(err, &loc):
		return loc.In(l)
	}
	return i18n.T(l, "ui.error.generic", "detail", err.Error())
}
