// Command mailsetup is the desktop assistant that sets up a mail account step
// by step. The window and its screens live in package ui.
package main

import (
	"fyne.io/fyne/v2/app"

	"github.com/mailsetup/mailsetup/ui"
)

func main() {
	a := app.NewWithID(ui.AppID)
	ui.Run(a, ui.OptionsFromEnv())
}
