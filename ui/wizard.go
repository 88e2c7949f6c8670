package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mailsetup/mailsetup/assets"
	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// step is one screen of the wizard. Each is a struct holding its widgets,
// with named handlers; the wizard owns the frame around it (header, Back,
// Next) and the account being built.
type step interface {
	// view returns the step's content; built once.
	view() fyne.CanvasObject
	// setTexts writes every text of the step in the wizard's language.
	setTexts()
	// shown is called each time the step becomes the current one.
	shown()
	// canGoNext reports whether Next is enabled.
	canGoNext() bool
	// nextText is the label of the Next button on this step.
	nextText() string
	// onNext runs when Next (or Enter) is pressed and canGoNext is true.
	onNext()
	// cancel stops work in progress (Esc); it reports whether there was any.
	cancel() bool
}

// Step numbers, from 0.
const (
	stepAddress = iota
	stepSettings
	stepPassword
	stepCheck
	stepFinish
	stepCount
)

// wizard is the main window: the account being set up and the five steps.
type wizard struct {
	app    fyne.App
	win    fyne.Window
	eng    Engine
	opts   Options
	lang   i18n.Lang
	bridge *bridge

	// What the person has told us so far; steps read and update it.
	account  settings.Account
	trusted  bool   // the person ticked "I trust these servers"
	password string // in memory only: never written to preferences or files
	savePass bool   // save the password in the keychain after a good check
	report   *CheckReport
	dialogs  []dialog.Dialog // open dialogs, the top one last

	address  *addressStep
	settings *settingsStep
	pass     *passwordStep
	check    *checkStep
	finish   *finishStep
	steps    []step
	current  int

	title      *widget.Label
	stepNames  []*widget.Label
	langSelect *widget.Select
	menuButton *iconButton
	body       *fyne.Container
	back, next *button
}

// newWizard builds the window and every step; it does not show it.
func newWizard(a fyne.App, eng Engine, opts Options) *wizard {
	w := &wizard{
		app:      a,
		eng:      eng,
		opts:     opts,
		lang:     opts.Lang,
		bridge:   newBridge(),
		savePass: true,
	}
	if w.lang == "" {
		w.lang = i18n.FromEnv()
		if saved, err := i18n.ParseLang(a.Preferences().String(prefLang)); err == nil {
			w.lang = saved
		}
	}
	followLanguage(w.lang)
	w.win = a.NewWindow(i18n.T(w.lang, "ui.app.title"))
	w.win.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w.address = newAddressStep(w)
	w.settings = newSettingsStep(w)
	w.pass = newPasswordStep(w)
	w.check = newCheckStep(w)
	w.finish = newFinishStep(w)
	w.steps = []step{w.address, w.settings, w.pass, w.check, w.finish}

	w.win.SetContent(w.frame())
	w.win.Resize(fyne.NewSize(880, 720))
	w.win.SetOnClosed(w.bridge.close)
	w.win.Canvas().SetOnTypedKey(w.onTypedKey)
	w.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierAlt}, func(fyne.Shortcut) { w.onBack() })
	w.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierAlt}, func(fyne.Shortcut) { w.onNext() })
	w.setTexts()
	w.goTo(stepAddress)
	return w
}

// frame is the window layout: header with the step list and the language
// switch, the current step in the middle, Back and Next at the bottom.
func (w *wizard) frame() fyne.CanvasObject {
	icon := canvas.NewImageFromResource(fyne.NewStaticResource("icon.png", assets.Icon))
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(40, 40))
	w.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.title.SizeName = theme.SizeNameSubHeadingText
	w.langSelect = widget.NewSelect([]string{"Español", "English"}, w.onLanguageChosen)
	w.menuButton = newIconButton(theme.MenuIcon(), w.onMenu)
	header := container.NewBorder(nil, nil,
		container.NewHBox(icon, w.title), container.NewHBox(w.langSelect, w.menuButton))

	steps := container.NewHBox()
	for i := 0; i < stepCount; i++ {
		l := widget.NewLabel("")
		w.stepNames = append(w.stepNames, l)
		steps.Add(l)
		if i < stepCount-1 {
			steps.Add(widget.NewLabelWithStyle("›", fyne.TextAlignCenter, fyne.TextStyle{}))
		}
	}

	w.back = newButton("", theme.NavigateBackIcon(), w.onBack)
	w.next = newButton("", theme.NavigateNextIcon(), w.onNext)
	w.next.IconPlacement = widget.ButtonIconTrailingText
	w.next.Importance = widget.HighImportance
	footer := container.NewBorder(nil, nil, w.back, w.next)

	// The minimum size keeps every step readable; smaller windows scroll.
	minimum := canvas.NewRectangle(color.Transparent)
	minimum.SetMinSize(fyne.NewSize(640, 420))
	w.body = container.NewStack()
	top := container.NewVBox(header, container.NewCenter(steps), widget.NewSeparator())
	bottom := container.NewVBox(widget.NewSeparator(), footer)
	// Objects in reading order, which is also the Tab order: header, step,
	// then Back and Next (container.NewBorder would put the middle first).
	return container.NewPadded(container.New(layout.NewBorderLayout(top, bottom, nil, nil),
		top, container.NewStack(minimum, w.body), bottom))
}

// goTo shows step i.
func (w *wizard) goTo(i int) {
	if i < 0 || i >= stepCount {
		return
	}
	w.current = i
	scroll := container.NewVScroll(container.NewPadded(w.steps[i].view()))
	w.body.Objects = []fyne.CanvasObject{scroll}
	w.body.Refresh()
	w.updateStepNames()
	w.steps[i].shown()
	w.updateNav()
}

// updateNav enables Back and Next for the current step; steps call it
// whenever what they would accept changes.
func (w *wizard) updateNav() {
	if w.current >= len(w.steps) || w.next == nil {
		return // still being built
	}
	s := w.steps[w.current]
	w.next.SetText(s.nextText())
	// A step may offer Next as the lesser choice (going on after a failed
	// check): then the way to fix things is the one that stands out.
	importance := widget.HighImportance
	if sec, ok := s.(interface{ nextSecondary() bool }); ok && sec.nextSecondary() {
		importance = widget.MediumImportance
	}
	if w.next.Importance != importance {
		w.next.Importance = importance
		w.next.Refresh()
	}
	if s.canGoNext() {
		w.next.Enable()
	} else {
		w.next.Disable()
	}
	if w.current == stepAddress {
		w.back.Hide()
	} else {
		w.back.Show()
	}
	if w.current == stepFinish {
		w.next.Hide()
	} else {
		w.next.Show()
	}
}

func (w *wizard) updateStepNames() {
	for i, l := range w.stepNames {
		l.SetText(i18n.T(w.lang, stepNameKeys[i]))
		switch {
		case i == w.current:
			l.Importance = widget.HighImportance
			l.TextStyle = fyne.TextStyle{Bold: true}
		case i < w.current:
			l.Importance = widget.MediumImportance
			l.TextStyle = fyne.TextStyle{}
		default:
			l.Importance = widget.LowImportance
			l.TextStyle = fyne.TextStyle{}
		}
		l.Refresh()
	}
}

var stepNameKeys = [stepCount]string{"ui.stepname.address", "ui.stepname.settings", "ui.stepname.password", "ui.stepname.check", "ui.stepname.finish"}

// onNext is the Next button, Enter on a step and Alt+Right.
func (w *wizard) onNext() {
	s := w.steps[w.current]
	if w.current == stepFinish || !s.canGoNext() {
		return
	}
	s.onNext()
}

// onBack is the Back button and Alt+Left. Work in progress on the step being
// left is cancelled: nothing keeps running behind the person's back.
func (w *wizard) onBack() {
	if w.current == stepAddress {
		return
	}
	w.steps[w.current].cancel()
	w.goTo(w.current - 1)
}

// onTypedKey handles keys that no focused widget took.
func (w *wizard) onTypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		w.onEscape()
	case fyne.KeyReturn, fyne.KeyEnter:
		if len(w.dialogs) == 0 { // a dialog's buttons answer it, never Next behind it
			w.onNext()
		}
	}
}

// onEscape closes the dialog on top or else cancels the work in progress
// on the current step, if any.
func (w *wizard) onEscape() {
	if !w.closeDialog() {
		w.steps[w.current].cancel()
	}
}

// onLanguageChosen is the language switch.
func (w *wizard) onLanguageChosen(choice string) {
	l := i18n.EN
	if choice == "Español" {
		l = i18n.ES
	}
	if l == w.lang {
		return
	}
	w.lang = l
	w.app.Preferences().SetString(prefLang, string(l))
	followLanguage(l)
	w.setTexts()
}

// setTexts writes every text of the window in the current language.
func (w *wizard) setTexts() {
	w.win.SetTitle(i18n.T(w.lang, "ui.app.title"))
	w.title.SetText(i18n.T(w.lang, "ui.app.heading"))
	if w.lang == i18n.ES {
		w.langSelect.SetSelected("Español")
	} else {
		w.langSelect.SetSelected("English")
	}
	w.back.SetText(i18n.T(w.lang, "ui.nav.back"))
	w.menuButton.label = i18n.T(w.lang, "ui.menu.label")
	for _, s := range w.steps {
		s.setTexts()
	}
	w.updateStepNames()
	w.updateNav()
}

// t translates key in the wizard's current language.
func (w *wizard) t(key string, args ...string) string { return i18n.T(w.lang, key, args...) }

// resetAfter forgets what later steps learned when an earlier answer
// changes: new settings or a new password mean a new check. (Trust is
// dropped only for settings from a new search: see useConfig.)
func (w *wizard) resetAfter(i int) {
	if i < stepCheck {
		w.report = nil
		w.check.reset()
	}
}
