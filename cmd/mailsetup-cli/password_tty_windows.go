package main

import (
	"io"
	"os"

	"golang.org/x/sys/windows"
)

// noEcho turns console echo off when r is a console, so a typed password is
// not shown; restore turns it back on.
func noEcho(r io.Reader) (restore func(), ok bool) {
	f, isFile := r.(*os.File)
	if !isFile {
		return nil, false
	}
	h := windows.Handle(f.Fd())
	var old uint32
	if err := windows.GetConsoleMode(h, &old); err != nil {
		return nil, false // not a console
	}
	mode := old&^windows.ENABLE_ECHO_INPUT | windows.ENABLE_LINE_INPUT | windows.ENABLE_PROCESSED_INPUT
	if err := windows.SetConsoleMode(h, mode); err != nil {
		return nil, false
	}
	return func() { _ = windows.SetConsoleMode(h, old) }, true
}
