package ui

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/mailsetup/mailsetup/internal/atomicfile"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// Exports are saved without a file dialog: Fyne's file dialog speaks the
// OS language, not the one chosen here, and a folder named after the
// address in Documents is easier to find again than a path chosen in a
// hurry. The saved dialog says where the file is and opens the folder.

// fileNames are the names the exports get inside the account's folder.
var fileNames = map[Format]string{
	FormatThunderbirdUserJS: "user.js",
	FormatOutlookPRF:        "outlook.prf",
	FormatAppleMobileconfig: "apple-mail.mobileconfig",
	FormatHTML:              "settings.html",
	FormatEnv:               "website.env",
}

// exportDir is the folder the account's files go to.
func (w *wizard) exportDir() (string, error) {
	base := w.opts.SaveDir
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		base = home
		for _, d := range []string{"Documents", "Documentos"} {
			if fi, err := os.Stat(filepath.Join(home, d)); err == nil && fi.IsDir() {
				base = filepath.Join(home, d)
				break
			}
		}
		base = filepath.Join(base, "mailsetup")
	}
	return filepath.Join(base, safeFileName(w.account.Address.String())), nil
}

// safeFileName keeps the characters that are safe in a file name on every
// system; an address may hold '/' or '\' in its local part.
func safeFileName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '@', r == '.', r == '-', r == '_', r == '+':
			b.WriteRune(r)
		case r > 0x7f:
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	name := strings.Trim(b.String(), ".")
	if name == "" {
		name = "account"
	}
	return name
}

// saveExport renders format off the UI goroutine, writes it and reports the
// path (or the error) to then.
func (w *wizard) saveExport(format Format, then func(path string, err error)) {
	acct, lang := w.accountForExport(), w.lang
	dir, err := w.exportDir()
	if err != nil {
		then("", err)
		return
	}
	w.bridge.run(func(ctx context.Context, ui uiFunc) {
		path, err := writeExport(w.eng, format, acct, lang, dir)
		ui(func() { then(path, err) })
	})
}

func writeExport(eng Engine, format Format, acct settings.Account, lang i18n.Lang, dir string) (string, error) {
	data, err := eng.Export(format, acct, lang)
	if err != nil {
		return "", err
	}
	name, ok := fileNames[format]
	if !ok {
		return "", errors.New("unknown format " + string(format))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	// Written beside, synced, then renamed: a crash never leaves half a file.
	if err := atomicfile.Write(path, data, 0o644); err != nil {
		return "", err
	}
	return path, nil
}

// showSaved tells where a file went, with a copy button and a button that
// opens its folder.
func (w *wizard) showSaved(path string, extra string) {
	where := paragraph()
	where.SetText(w.t("ui.saved.where"))
	pathLabel := widget.NewLabel(path)
	pathLabel.Selectable = true
	pathLabel.TextStyle.Monospace = true
	cp := newCopyButton(func() { w.app.Clipboard().SetContent(path) })
	cp.label = w.t("ui.copy.what", "what", w.t("ui.saved.path"))
	open := newButton(w.t("ui.saved.open_folder"), theme.FolderOpenIcon(), func() {
		w.openLocal(filepath.Dir(path))
	})
	content := container.NewVBox(where, container.NewBorder(nil, nil, nil, cp, pathLabel))
	if extra != "" {
		l := widget.NewLabel("")
		l.SetText(extra)
		content.Add(wide(l))
	}
	content.Add(container.NewHBox(open))
	w.showDialog(dialog.NewCustom(w.t("ui.saved.title"), w.t("ui.dialog.ok"), content, w.win))
}

// openLocal opens a local file or folder with the desktop's own program.
func (w *wizard) openLocal(path string) {
	u := &url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	if err := w.open(u); err != nil {
		w.showError(w.t("ui.error.open_link", "url", path))
	}
}

// open opens u through the app (tests replace it).
func (w *wizard) open(u *url.URL) error {
	if w.opts.openURL != nil {
		return w.opts.openURL(u)
	}
	return w.app.OpenURL(u)
}

// accountForExport is the account as exports see it: without a name, the
// part of the address before the @ stands in.
func (w *wizard) accountForExport() settings.Account {
	acct := w.account
	acct.Config = w.account.Config.Clone()
	if acct.Config.Source == sourceStart {
		acct.Config.Source = sourceManual // the person checked and kept the guess
	}
	if strings.TrimSpace(acct.Name) == "" {
		acct.Name = acct.Address.Local
	}
	return acct
}
