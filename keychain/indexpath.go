package keychain

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// IndexFileName is the name of the saved-passwords list in the app's storage.
const IndexFileName = "saved-passwords.json"

// AppIndexPath returns where the app keeps its saved-passwords list: in the
// app's Fyne storage root, <config>/fyne/<appID>, computed as
// fyne.io/fyne/v2/app does on desktops (os.UserConfigDir on Linux and BSD,
// ~/Library/Preferences on macOS, %USERPROFILE%\AppData\Roaming on Windows).
// mailsetup-cli uses it so that a password saved in a terminal shows up in
// the app's list, and one forgotten there disappears from it.
func AppIndexPath(appID string) (string, error) {
	if appID == "" {
		return "", errors.New("keychain: empty app ID")
	}
	var root string
	switch runtime.GOOS {
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		root = filepath.Join(home, "Library", "Preferences")
	case "windows":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		root = filepath.Join(home, "AppData", "Roaming")
	default:
		dir, err := os.UserConfigDir()
		if err != nil {
			return "", err
		}
		root = dir
	}
	return filepath.Join(root, "fyne", appID, IndexFileName), nil
}
