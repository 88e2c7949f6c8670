// Command mailsetup-cli finds, checks and exports mail account settings from
// the command line. It runs the same engine as the mailsetup app; its
// commands, flags, JSON and exit codes are the public contract of
// shared/spec/cli.md.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
