package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// maxSavedShown bounds the saved passwords listed.
const maxSavedShown = 100

// onMenu opens the app menu under its button.
func (w *wizard) onMenu() {
	menu := fyne.NewMenu("",
		fyne.NewMenuItem(w.t("ui.menu.saved"), w.onSavedPasswords),
		fyne.NewMenuItem(w.t("ui.menu.restart"), w.onStartAgain),
		fyne.NewMenuItem(w.t("ui.menu.about"), w.onAbout),
	)
	c := w.win.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(w.menuButton)
	pos = pos.Add(fyne.NewPos(0, w.menuButton.Size().Height))
	widget.ShowPopUpMenuAtPosition(menu, c, pos)
}

// onStartAgain goes back to the first step, keeping the address typed.
func (w *wizard) onStartAgain() {
	w.steps[w.current].cancel()
	w.goTo(stepAddress)
}

func (w *wizard) onAbout() {
	version := w.app.Metadata().Version
	if version == "" {
		version = "(dev)" // built without FyneApp.toml beside it
	}
	w.showMessage(w.t("ui.about.title"), w.t("ui.about.text", "version", version))
}

// savedDialog lists the passwords this app saved and forgets them on request.
type savedDialog struct {
	w      *wizard
	list   *fyne.Container
	status *widget.Label
	dlg    dialog.Dialog
}

// onSavedPasswords opens the list of saved passwords; the keychain is asked
// off the UI goroutine, since it may prompt or hang.
func (w *wizard) onSavedPasswords() {
	d := &savedDialog{w: w, list: container.NewVBox(), status: paragraph()}
	d.status.SetText(w.t("ui.saved_pw.loading"))
	intro := paragraph()
	intro.SetText(w.t("ui.saved_pw.intro"))
	content := container.NewVBox(wide(intro), d.status, d.list)
	d.dlg = dialog.NewCustom(w.t("ui.saved_pw.title"), w.t("ui.dialog.close"), content, w.win)
	d.dlg.Resize(fyne.NewSize(520, 360))
	w.showDialog(d.dlg)
	d.load()
}

func (d *savedDialog) load() {
	w := d.w
	kc := w.eng.Keychain()
	w.bridge.run(func(ctx context.Context, ui uiFunc) {
		avail := kc.Available()
		var saved []string
		err := avail
		if err == nil {
			saved, err = kc.Saved()
		}
		ui(func() { d.onLoaded(saved, err) })
	})
}

func (d *savedDialog) onLoaded(saved []string, err error) {
	w := d.w
	d.list.Objects = nil
	switch {
	case err != nil:
		d.status.SetText(w.t("ui.saved_pw.error", "reason", errorText(w.lang, err)))
	case len(saved) == 0:
		d.status.SetText(w.t("ui.saved_pw.none"))
	default:
		d.status.SetText("")
	}
	setShown(d.status, d.status.Text != "")
	for i, email := range saved {
		if i == maxSavedShown {
			break
		}
		email := email
		forget := newButton(w.t("ui.saved_pw.forget"), theme.DeleteIcon(), func() { d.onForget(email) })
		forget.Importance = widget.DangerImportance
		d.list.Add(container.NewBorder(nil, nil, nil, forget, widget.NewLabel(email)))
	}
	d.list.Refresh()
}

// onForget asks first: forgetting cannot be undone.
func (d *savedDialog) onForget(email string) {
	w := d.w
	w.confirm(w.t("ui.saved_pw.forget_title"), w.t("ui.saved_pw.forget_question", "email", email),
		w.t("ui.saved_pw.forget"), func() {
			kc := w.eng.Keychain()
			w.bridge.run(func(ctx context.Context, ui uiFunc) {
				err := kc.Delete(email)
				ui(func() {
					if err != nil {
						w.showError(w.t("ui.saved_pw.forget_failed", "reason", errorText(w.lang, err)))
					}
					d.load()
				})
			})
		})
}
