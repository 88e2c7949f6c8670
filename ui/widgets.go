package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// entry is a widget.Entry that hands Esc to the wizard (a focused entry
// otherwise swallows it), so Esc cancels work from anywhere.
type entry struct {
	widget.Entry
	onEscape func()
}

func newEntry(onEscape func()) *entry {
	e := &entry{onEscape: onEscape}
	e.ExtendBaseWidget(e)
	return e
}

func newPasswordEntry(onEscape func()) *entry {
	e := newEntry(onEscape)
	e.Password = true
	return e
}

// TypedKey passes Esc to the wizard and every other key to the entry.
func (e *entry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(ev)
}

// iconButton is a button showing only an icon that still tells screen
// readers what it does, which would otherwise hear the icon's name
// ("content copy", "menu").
type iconButton struct {
	button
	label string
}

func newIconButton(icon fyne.Resource, onTapped func()) *iconButton {
	b := &iconButton{}
	b.Icon = icon
	b.OnTapped = onTapped
	b.ExtendBaseWidget(b)
	return b
}

// AccessibilityLabel says what the button does.
func (b *iconButton) AccessibilityLabel() string { return b.label }

// copyButton copies a value; its label names the value.
type copyButton = iconButton

func newCopyButton(onTapped func()) *copyButton {
	b := newIconButton(theme.ContentCopyIcon(), onTapped)
	b.Importance = widget.LowImportance
	return b
}

// paragraph is a wrapping label for sentences.
func paragraph() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	return l
}

// hint is a wrapping label in small print, for help under a field or a
// panel. (LowImportance would grey it out to the colour of disabled text,
// too faint to read for many people.)
func hint() *widget.Label {
	l := paragraph()
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// heading is a bold label for the title of a step or a section.
func heading() *widget.Label {
	l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	l.Wrapping = fyne.TextWrapWord
	return l
}

// bold is a bold label.
func bold() *widget.Label {
	l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}

// card groups related widgets under a title, like a panel on paper.
func card(title *widget.Label, content ...fyne.CanvasObject) fyne.CanvasObject {
	items := append([]fyne.CanvasObject{title}, content...)
	return widget.NewCard("", "", container.NewVBox(items...))
}

// setShown shows or hides o.
func setShown(o fyne.CanvasObject, shown bool) {
	if shown {
		o.Show()
	} else {
		o.Hide()
	}
}

// button is a widget.Button that Enter presses too, not only Space: people
// who move with Tab expect Enter to do what the focused button says.
type button struct {
	widget.Button
}

func newButton(text string, icon fyne.Resource, onTapped func()) *button {
	b := &button{}
	b.Text, b.Icon, b.OnTapped = text, icon, onTapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter or Space.
func (b *button) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
		b.Tapped(nil)
		return
	}
	b.Button.TypedKey(ev)
}
