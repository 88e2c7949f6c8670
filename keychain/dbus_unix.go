//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package keychain

import (
	"errors"
	"os"
	"os/exec"
	"strconv"

	"github.com/godbus/dbus/v5"
)

// dbusName returns the D-Bus error name inside err, or "". godbus shows the
// error's message instead of its name, and the name is the stable part.
func dbusName(err error) string {
	var de dbus.Error
	if errors.As(err, &de) {
		return de.Name
	}
	var dp *dbus.Error
	if errors.As(err, &dp) && dp != nil {
		return dp.Name
	}
	return ""
}

// sessionBusMissing reports, without touching D-Bus, that there is certainly
// no session bus: no address in the environment, no per-user bus socket, and
// no dbus-launch to start one. godbus would fail too, but saying so up front
// keeps the answer instant and the reason exact.
func sessionBusMissing() bool {
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return false
	}
	if _, err := os.Stat("/run/user/" + strconv.Itoa(os.Getuid()) + "/bus"); err == nil {
		return false
	}
	_, err := exec.LookPath("dbus-launch")
	return err != nil
}
