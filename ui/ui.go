// Package ui is the Fyne wizard. It is the only package that imports Fyne.
package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// AppID is the reverse-DNS application ID (FyneApp.toml).
const AppID = "es.mailsetup.app"

// Run opens the main window and blocks until it closes.
func Run(a fyne.App) {
	w := a.NewWindow("mailsetup")
	w.SetContent(widget.NewLabel("mailsetup"))
	w.ShowAndRun()
}
