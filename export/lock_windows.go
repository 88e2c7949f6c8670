//go:build windows

package export

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// errSharingViolation is ERROR_SHARING_VIOLATION.
const errSharingViolation syscall.Errno = 32

// lockProfile checks the Windows profile lock: a running Thunderbird keeps
// "parent.lock" open without sharing, so opening it fails with a sharing
// violation. We keep our handle open while prefs.js changes; a Thunderbird
// starting meanwhile cannot take the file exclusively and finds the profile
// busy. A parent.lock left by a crash opens fine and is ignored.
func lockProfile(dir string) (unlock func(), err error) {
	path := filepath.Join(dir, "parent.lock")
	fh, err := os.OpenFile(path, os.O_RDWR, 0)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return func() {}, nil
	case errors.Is(err, errSharingViolation):
		return nil, errorf(ReasonProfileLocked, "path", dir)
	case err != nil:
		return nil, wrapIO(path, err)
	}
	return func() { fh.Close() }, nil
}

func processAlive(pid int) bool { return true }
