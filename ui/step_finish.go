package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mailsetup/mailsetup/settings"
)

// The mail programs the finish step hands the settings to.
const (
	clientThunderbird = iota
	clientOutlook
	clientSheet
	clientApple
	clientWebsite
	clientCount
)

var clientKeys = [clientCount]string{"ui.finish.client.thunderbird", "ui.finish.client.outlook",
	"ui.finish.client.sheet", "ui.finish.client.apple", "ui.finish.client.website"}

// finishStep hands the settings to the person's mail program.
type finishStep struct {
	w *wizard

	heading *widget.Label
	intro   *widget.Label
	oauth   *widget.Label
	clients *widget.RadioGroup
	chosen  int
	panels  [clientCount]*fyne.Container
	panel   *fyne.Container

	tbText, outText, sheetText, appleText, webText *widget.Label
	webOAuth                                       *widget.Label
	tbNow, tbFile, outSave, sheetOpen, appleSave   *button
	envLabel, snipLabel, env, snippets             *widget.Label
	envCopy, snipCopy                              *copyButton
	snippetKind                                    *widget.Select
	webLoadedFor                                   string

	health *healthPanel
	// The domain panel sits above the code in the website's panel (under
	// a long snippet nobody would find it) and under the others' panels.
	healthWeb, healthEnd *fyne.Container
	content              fyne.CanvasObject
}

func newFinishStep(w *wizard) *finishStep {
	s := &finishStep{w: w, heading: heading(), intro: paragraph(), oauth: paragraph(), chosen: -1}
	s.oauth.Importance = widget.WarningImportance
	s.clients = widget.NewRadioGroup(nil, s.onClientChosen)

	s.tbText = paragraph()
	s.tbNow = newButton("", theme.MailComposeIcon(), s.onAddToThunderbird)
	s.tbNow.Importance = widget.HighImportance
	s.tbFile = newButton("", theme.DocumentSaveIcon(), s.onSaveThunderbirdFile)
	s.panels[clientThunderbird] = container.NewVBox(s.tbText, buttons(s.tbNow, s.tbFile))

	s.outText = paragraph()
	s.outSave = newButton("", theme.DocumentSaveIcon(), s.onSaveOutlook)
	s.outSave.Importance = widget.HighImportance
	s.panels[clientOutlook] = container.NewVBox(s.outText, buttons(s.outSave))

	s.sheetText = paragraph()
	s.sheetOpen = newButton("", theme.DocumentPrintIcon(), s.onOpenSheet)
	s.sheetOpen.Importance = widget.HighImportance
	s.panels[clientSheet] = container.NewVBox(s.sheetText, buttons(s.sheetOpen))

	s.appleText = paragraph()
	s.appleSave = newButton("", theme.DocumentSaveIcon(), s.onSaveApple)
	s.appleSave.Importance = widget.HighImportance
	s.panels[clientApple] = container.NewVBox(s.appleText, buttons(s.appleSave))

	s.webText, s.envLabel, s.snipLabel = paragraph(), bold(), bold()
	s.webOAuth = paragraph()
	s.webOAuth.Importance = widget.WarningImportance
	s.env, s.snippets = code(), code()
	s.envCopy = newCopyButton(func() { s.onCopyCode(s.env) })
	s.snipCopy = newCopyButton(func() { s.onCopyCode(s.snippets) })
	names := make([]string, len(snippetFormats))
	for i, f := range snippetFormats {
		names[i] = f.Name
	}
	s.snippetKind = widget.NewSelect(names, func(string) { s.onSnippetChosen() })
	s.snippetKind.Selected = names[0]
	s.healthWeb, s.healthEnd = container.NewVBox(), container.NewVBox()
	s.panels[clientWebsite] = container.NewVBox(s.webText, s.webOAuth, s.healthWeb,
		container.NewBorder(nil, nil, nil, s.envCopy, s.envLabel), s.env,
		container.NewBorder(nil, nil, s.snipLabel, s.snipCopy, s.snippetKind), s.snippets)

	s.panel = container.NewStack()
	for _, p := range s.panels {
		p.Hide()
		s.panel.Add(p)
	}
	s.health = newHealthPanel(w)
	// The panel goes under the list, as wide as the window: the website's
	// settings and code need the width to read without lines broken mid-word.
	s.content = container.NewVBox(s.heading, s.intro, s.oauth,
		s.clients, widget.NewCard("", "", s.panel),
		s.healthEnd)
	s.placeHealth()
	return s
}

// buttons stacks a panel's buttons, left-aligned, each as wide as its text.
func buttons(bs ...*button) fyne.CanvasObject {
	box := container.NewVBox()
	for _, b := range bs {
		box.Add(container.NewHBox(b))
	}
	return box
}

// code is a selectable monospace label for text to copy into a program.
func code() *widget.Label {
	l := widget.NewLabel("")
	l.TextStyle.Monospace = true
	l.Selectable = true
	l.Wrapping = fyne.TextWrapBreak
	return l
}

func (s *finishStep) view() fyne.CanvasObject { return s.content }

func (s *finishStep) shown() {
	s.render()
	if s.chosen < 0 {
		s.clients.SetSelected(s.clients.Options[clientThunderbird])
	}
}

func (s *finishStep) setTexts() {
	w := s.w
	options := make([]string, clientCount)
	for i, k := range clientKeys {
		options[i] = w.t(k)
	}
	s.clients.Options = options
	if s.chosen >= 0 {
		s.clients.Selected = options[s.chosen]
	}
	s.clients.Refresh()
	s.tbNow.SetText(w.t("ui.finish.tb.now"))
	s.tbFile.SetText(w.t("ui.finish.tb.file"))
	s.outSave.SetText(w.t("ui.finish.outlook.save"))
	s.sheetOpen.SetText(w.t("ui.finish.sheet.open"))
	s.appleSave.SetText(w.t("ui.finish.apple.save"))
	s.envLabel.SetText(w.t("ui.finish.web.env"))
	s.snipLabel.SetText(w.t("ui.finish.web.snippets"))
	s.envCopy.label = w.t("ui.copy.what", "what", s.envLabel.Text)
	s.snipCopy.label = w.t("ui.copy.what", "what", s.snipLabel.Text)
	s.health.setTexts()
	s.render()
	if s.chosen == clientWebsite {
		s.webLoadedFor = "" // the snippets carry comments in the language
		s.loadWebsite()
	}
}

// render writes the texts that depend on the check and the provider.
func (s *finishStep) render() {
	w := s.w
	name := providerName(w.account.Config)
	if w.report != nil && w.report.OK() {
		s.heading.SetText(w.t("ui.finish.heading_ok"))
	} else {
		s.heading.SetText(w.t("ui.finish.heading_unchecked"))
	}
	s.intro.SetText(w.t("ui.finish.intro"))
	s.oauth.SetText(w.t("ui.finish.oauth", "provider", name))
	setShown(s.oauth, w.account.Config.Login.Password == settings.PasswordOAuthOnly)
	if w.account.Config.Login.Password == settings.PasswordOAuthOnly {
		s.tbText.SetText(w.t("ui.finish.tb.text_oauth", "provider", name))
	} else {
		s.tbText.SetText(w.t("ui.finish.tb.text"))
	}
	s.outText.SetText(w.t("ui.finish.outlook.text"))
	s.sheetText.SetText(w.t("ui.finish.sheet.text"))
	s.appleText.SetText(w.t("ui.finish.apple.text"))
	s.webText.SetText(w.t("ui.finish.web.text"))
	s.webOAuth.SetText(w.t("ui.finish.web.oauth", "provider", name))
	setShown(s.webOAuth, w.account.Config.Login.Password == settings.PasswordOAuthOnly)
	s.health.render()
	// A provider's own domain (gmail.com) is not the person's to fix: the
	// panel is for domains of their own, hosted anywhere.
	_, providerDomain := w.eng.Lookup(w.account.Address)
	setShown(s.health.content, !providerDomain)
}

func (s *finishStep) onClientChosen(choice string) {
	s.chosen = -1
	for i, o := range s.clients.Options {
		if o == choice {
			s.chosen = i
		}
	}
	for i, p := range s.panels {
		setShown(p, i == s.chosen)
	}
	s.placeHealth()
	if s.chosen == clientWebsite {
		s.loadWebsite()
	}
}

// placeHealth moves the domain panel to where the chosen program's panel
// leaves it in sight.
func (s *finishStep) placeHealth() {
	in, out := s.healthEnd, s.healthWeb
	if s.chosen == clientWebsite {
		in, out = s.healthWeb, s.healthEnd
	}
	if len(in.Objects) == 1 {
		return
	}
	out.Objects = nil
	in.Objects = []fyne.CanvasObject{s.health.content}
	out.Refresh()
	in.Refresh()
}

func (s *finishStep) onAddToThunderbird() {
	w := s.w
	acct := w.accountForExport()
	s.tbNow.Disable()
	w.bridge.run(func(ctx context.Context, ui uiFunc) {
		profile, err := w.eng.AddToThunderbird(acct)
		ui(func() {
			s.tbNow.Enable()
			if err != nil {
				w.showError(w.t("ui.finish.tb.failed", "reason", errorText(w.lang, err)))
				return
			}
			w.showMessage(w.t("ui.finish.tb.done_title"), w.t("ui.finish.tb.done", "profile", profile))
		})
	})
}

func (s *finishStep) onSaveThunderbirdFile() {
	s.save(FormatThunderbirdUserJS, "ui.finish.tb.file_steps")
}

func (s *finishStep) onSaveOutlook() { s.save(FormatOutlookPRF, "ui.finish.outlook.steps") }

func (s *finishStep) onSaveApple() { s.save(FormatAppleMobileconfig, "ui.finish.apple.steps") }

// save writes one export and says where it went and what to do with it.
func (s *finishStep) save(format Format, stepsKey string) {
	w := s.w
	w.saveExport(format, func(path string, err error) {
		if err != nil {
			w.showError(w.t("ui.finish.save_failed", "reason", errorText(w.lang, err)))
			return
		}
		w.showSaved(path, w.t(stepsKey, "path", path))
	})
}

// onOpenSheet writes the printable sheet and opens it in the browser.
func (s *finishStep) onOpenSheet() {
	w := s.w
	w.saveExport(FormatHTML, func(path string, err error) {
		if err != nil {
			w.showError(w.t("ui.finish.save_failed", "reason", errorText(w.lang, err)))
			return
		}
		w.openLocal(path)
	})
}

// loadWebsite renders the env and snippet exports for display.
func (s *finishStep) loadWebsite() {
	w := s.w
	key := w.account.Address.String() + "|" + string(w.lang) + "|" + s.snippetKind.Selected
	if s.webLoadedFor == key {
		return
	}
	s.webLoadedFor = key
	acct, lang := w.accountForExport(), w.lang
	format := snippetFormats[0].Format
	for _, f := range snippetFormats {
		if f.Name == s.snippetKind.Selected {
			format = f.Format
		}
	}
	w.bridge.run(func(ctx context.Context, ui uiFunc) {
		env, envErr := w.eng.Export(FormatEnv, acct, lang)
		snip, snipErr := w.eng.Export(format, acct, lang)
		ui(func() {
			s.showCode(s.env, s.envCopy, env, envErr)
			s.showCode(s.snippets, s.snipCopy, snip, snipErr)
		})
	})
}

func (s *finishStep) onSnippetChosen() {
	if s.chosen == clientWebsite {
		s.loadWebsite()
	}
}

func (s *finishStep) showCode(l *widget.Label, cp *copyButton, data []byte, err error) {
	if err != nil {
		l.TextStyle.Monospace = false
		l.SetText(errorText(s.w.lang, err))
		cp.Disable()
		return
	}
	l.TextStyle.Monospace = true
	l.SetText(string(data))
	cp.Enable()
}

func (s *finishStep) onCopyCode(l *widget.Label) {
	s.w.app.Clipboard().SetContent(l.Text)
}

func (s *finishStep) canGoNext() bool  { return false }
func (s *finishStep) nextText() string { return "" }
func (s *finishStep) onNext()          {}
func (s *finishStep) cancel() bool     { return s.health.cancel() }
