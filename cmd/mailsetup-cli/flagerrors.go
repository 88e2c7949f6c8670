package main

import (
	"regexp"
	"strconv"

	"github.com/mailsetup/mailsetup/i18n"
)

// The shapes of the errors the standard flag package returns (Go's
// flag.FlagSet.parseOne). They are English; flagError turns each into a
// translated line that says what was wrong and what is expected.
var (
	flagUnknown   = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	flagNoValue   = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
	flagBadValue  = regexp.MustCompile(`^invalid value ("(?:[^"\\]|\\.)*") for flag -+([^:]*): `)
	flagBadBool   = regexp.MustCompile(`^invalid boolean value ("(?:[^"\\]|\\.)*") for -+([^:]*): `)
	flagBadSyntax = regexp.MustCompile(`^bad flag syntax: (.*)$`)
)

// flagError translates an error of flag.FlagSet.Parse for command cmd into an
// *i18n.Error (cli.flag.* keys). An error of an unknown shape is kept as it is.
func flagError(cmd string, err error) error {
	msg := err.Error()
	if m := flagUnknown.FindStringSubmatch(msg); m != nil {
		return i18n.NewError("cli.flag.unknown", "flag", printableName(m[1]), "command", cmd)
	}
	if m := flagNoValue.FindStringSubmatch(msg); m != nil {
		return i18n.NewError("cli.flag.needs_value", "flag", printableName(m[1]), "command", cmd)
	}
	if m := flagBadBool.FindStringSubmatch(msg); m != nil {
		return i18n.NewError("cli.flag.bad_bool", "flag", m[2], "value", m[1])
	}
	if m := flagBadValue.FindStringSubmatch(msg); m != nil {
		if m[2] == "timeout" {
			return i18n.NewError("cli.bad_timeout", "value", m[1])
		}
		return i18n.NewError("cli.flag.bad_value", "flag", m[2], "value", m[1], "command", cmd)
	}
	if m := flagBadSyntax.FindStringSubmatch(msg); m != nil {
		return i18n.NewError("cli.flag.bad_syntax", "arg", strconv.Quote(m[1]))
	}
	return err
}

// printableName returns a flag name as typed, or Go-quoted when it holds
// characters that would break the one line of the error.
func printableName(s string) string {
	if q := strconv.Quote(s); q[1:len(q)-1] != s {
		return q
	}
	return s
}
