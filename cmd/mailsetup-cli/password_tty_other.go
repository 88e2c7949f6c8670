//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package main

import "io"

// noEcho: no terminal control here; passwords come from pipes.
func noEcho(io.Reader) (func(), bool) { return nil, false }
