// Command mailsetup-cli finds, checks and exports mail account settings from
// the command line. It runs the same engine as the mailsetup app; its
// commands, flags, JSON and exit codes are the public contract of
// shared/spec/cli.md.
package main

import (
	"os"
	"runtime/debug"
)

func main() {
	// run recovers a panic in its own goroutine; one in any other would
	// print goroutine stacks, which the spec forbids ("no stack traces,
	// ever"). GOTRACEBACK=all in the environment still shows them to a
	// developer: SetTraceback cannot go below it.
	debug.SetTraceback("none")
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
