package ui

import (
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/mailsetup/mailsetup/i18n"
)

// followLanguage makes Fyne's own texts (an entry's Cut/Copy/Paste menu)
// follow the language chosen in the app. Fyne 2.8 has no SetLocale: it
// reads the locale list again whenever translations are added, and on
// Unix that list starts with LANGUAGE. Windows and macOS ask the OS
// instead, so there Fyne's few texts keep the system's language; every
// text of our own follows the choice everywhere.
func followLanguage(l i18n.Lang) {
	if err := os.Setenv("LANGUAGE", string(l)); err != nil {
		return
	}
	// An empty table for a language Fyne already has changes no text; it
	// only makes Fyne choose its language again.
	if err := lang.AddTranslationsForLocale([]byte("{}"), fyne.Locale(l)); err != nil {
		fyne.LogError("re-reading the locale", err)
	}
}
