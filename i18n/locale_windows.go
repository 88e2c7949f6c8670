//go:build windows

package i18n

import "golang.org/x/sys/windows"

// systemLocales asks Windows for the user's preferred UI languages ("es-ES").
func systemLocales() []string {
	langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil {
		return nil
	}
	return langs
}
