//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package export

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// lockProfile takes the profile lock the way Thunderbird does on Unix
// (nsProfileLock): a live "lock" symlink means the profile is in use, and
// so does a POSIX lock held on ".parentlock". We then hold that fcntl lock
// ourselves while prefs.js changes, so a Thunderbird starting meanwhile
// finds the profile busy instead of reading half an edit. A stale symlink
// left by a crash (its process is gone) is ignored, as Thunderbird does.
func lockProfile(dir string) (unlock func(), err error) {
	if target, err := os.Readlink(filepath.Join(dir, "lock")); err == nil && symlinkLockLive(target) {
		return nil, errorf(ReasonProfileLocked, "path", dir)
	}
	path := filepath.Join(dir, ".parentlock")
	_, statErr := os.Lstat(path)
	created := errors.Is(statErr, fs.ErrNotExist)
	fh, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, wrapIO(path, err)
	}
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0, Start: 0, Len: 0}
	if err := unix.FcntlFlock(fh.Fd(), unix.F_SETLK, &lk); err != nil {
		fh.Close()
		if created {
			os.Remove(path)
		}
		if errors.Is(err, unix.EAGAIN) || errors.Is(err, unix.EACCES) {
			return nil, errorf(ReasonProfileLocked, "path", dir)
		}
		return nil, wrapIO(path, err)
	}
	return func() {
		lk.Type = unix.F_UNLCK
		_ = unix.FcntlFlock(fh.Fd(), unix.F_SETLK, &lk)
		fh.Close()
		if created {
			os.Remove(path)
		}
	}, nil
}

// processAlive reports whether pid names a running process (EPERM: it
// exists but belongs to someone else).
func processAlive(pid int) bool {
	err := unix.Kill(pid, 0)
	return err == nil || errors.Is(err, unix.EPERM)
}
