package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/mailsetup/mailsetup/export"
	"github.com/mailsetup/mailsetup/i18n"
)

// maxServerFlags bounds how many --imap, --pop3 and --smtp check and export
// take together: each may be repeated (several servers, in order of
// preference), and each is one more connection.
const maxServerFlags = 10

// globalFlags are the flags every command takes (spec/cli.md "Global
// flags"); help lists them after the command's own.
var globalFlags = map[string]bool{"json": true, "lang": true, "dns-server": true, "ca-file": true, "timeout": true}

// flagArg names the value a flag takes, as help shows it ("--imap
// HOST:PORT:SEC"); the names are translated (clihelp.arg.*) where they are
// words. Boolean flags take none.
var flagArg = map[string]string{
	"lang": "es|en", "dns-server": "clihelp.arg.hostport", "ca-file": "clihelp.arg.file",
	"timeout": "clihelp.arg.duration", "imap": "clihelp.arg.server", "pop3": "clihelp.arg.server",
	"smtp": "clihelp.arg.server", "username": "clihelp.arg.name", "format": "clihelp.arg.format",
	"out": "clihelp.arg.file", "name": "clihelp.arg.fullname", "profile": "clihelp.arg.dir",
	"selector": "clihelp.arg.name",
}

// printCommandHelp writes `mailsetup-cli CMD --help` on stdout: the usage,
// what the command does (and how, for some), its own options, the global
// options, an example and the exit codes, all in the user's language. The
// descriptions come from clihelp.CMD.FLAG (a command's own flag) or
// clihelp.flag.FLAG (shared), and fall back to the English text the flag
// was declared with.
func (c *cli) printCommandHelp(cmd *command, fs *flag.FlagSet) {
	w := c.Stdout
	fmt.Fprintf(w, "%s: mailsetup-cli %s\n  %s\n", c.T("clihelp.usage"), cmd.usage, c.T(cmd.summary))
	if key := "clihelp." + cmd.name + ".more"; i18n.Has(c.Lang, key) {
		fmt.Fprintf(w, "  %s\n", c.T(key))
	}
	var own, global []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) {
		if globalFlags[f.Name] {
			global = append(global, f)
		} else {
			own = append(own, f)
		}
	})
	if len(own) > 0 {
		fmt.Fprintf(w, "\n%s\n", c.T("clihelp.options"))
		c.writeFlags(w, cmd.name, own)
	}
	fmt.Fprintf(w, "\n%s\n", c.T("clihelp.global"))
	c.writeFlags(w, cmd.name, global)
	if key := "clihelp." + cmd.name + ".example"; i18n.Has(c.Lang, key) {
		fmt.Fprintf(w, "\n%s\n  %s\n", c.T("clihelp.example"), c.T(key))
	}
	fmt.Fprintf(w, "\n%s\n", c.T("clihelp."+cmd.name+".exit"))
}

// writeFlags writes one aligned line per flag: "--name ARG   description".
func (c *cli) writeFlags(w io.Writer, cmdName string, flags []*flag.Flag) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, f := range flags {
		left := "--" + f.Name
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
			arg := flagArg[f.Name]
			if strings.HasPrefix(arg, "clihelp.") {
				arg = c.T(arg)
			}
			if arg == "" {
				arg = strings.ToUpper(f.Name)
			}
			left += " " + arg
		}
		fmt.Fprintf(tw, "  %s\t%s\n", left, c.flagUsage(cmdName, f))
	}
	tw.Flush()
}

// flagUsage is the translated description of flag f of command cmdName.
func (c *cli) flagUsage(cmdName string, f *flag.Flag) string {
	for _, key := range []string{"clihelp." + cmdName + "." + f.Name, "clihelp.flag." + f.Name} {
		if i18n.Has(c.Lang, key) {
			return c.T(key, "formats", export.FormatNames())
		}
	}
	return f.Usage
}

// commandFirst moves the command's name to the front when global flags
// were put before it (`mailsetup-cli --json detect ana@x.es`): the spec
// wants them after the name, but flags are read anywhere, so this spelling
// works too rather than failing as an unknown command "--json". "help"
// counts as a name, so that `--lang es help check` is help in Spanish.
func commandFirst(args []string) []string {
	if len(args) == 0 || !strings.HasPrefix(args[0], "-") || args[0] == "--version" {
		return args
	}
	for i, a := range args {
		if a == "--" {
			break
		}
		if commands[a] != nil || a == "help" {
			return append(append([]string{a}, args[:i]...), args[i+1:]...)
		}
	}
	return args
}
