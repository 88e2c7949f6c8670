//go:build !((dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd)

package keychain

// dbusName: no D-Bus on this platform.
func dbusName(error) string { return "" }

// sessionBusMissing: the keychain here does not use a session bus.
func sessionBusMissing() bool { return false }
