// Package assets embeds what the app ships besides code: the icon and the
// translations (one file per area and language: translations/<area>.<lang>.json).
package assets

import (
	"embed"
	_ "embed"
)

// Translations holds translations/<area>.<lang>.json, flat maps of key to text.
//
//go:embed translations/*.json
var Translations embed.FS

// Icon is the application icon (PNG, 512×512).
//
//go:embed icon.png
var Icon []byte

// AppID is the app's reverse-DNS ID (FyneApp.toml [Details] ID). Fyne keeps
// the app's preferences and storage under it; mailsetup-cli finds the
// saved-passwords list there.
const AppID = "es.mailsetup.app"
