package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/resolve"
)

// Exit codes (spec/cli.md).
const (
	exitOK       = 0
	exitFailed   = 1 // nothing found, a check failed, no keychain entry
	exitBadInput = 2
	exitNoStore  = 3 // no keychain available
)

// command is one subcommand. Each lives in its own file and registers itself.
type command struct {
	name    string
	usage   string // the line shown in help, after "mailsetup-cli "
	summary string // i18n key of a one-line description
	// flags adds the command's own flags to fs; may be nil.
	flags func(fs *flag.FlagSet, o *cmdFlags)
	run   func(c *cli, o *cmdFlags, args []string) int
}

// cmdFlags holds every command-specific flag value; a command reads its own.
type cmdFlags struct {
	values map[string]any
}

func (o *cmdFlags) Bool(name string) bool     { v, _ := o.values[name].(*bool); return v != nil && *v }
func (o *cmdFlags) String(name string) string { v, _ := o.values[name].(*string); return deref(v) }
func (o *cmdFlags) Strings(name string) []string {
	v, _ := o.values[name].(*multiFlag)
	if v == nil {
		return nil
	}
	return *v
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// BoolVar, StringVar and MultiVar declare command flags.
func (o *cmdFlags) BoolVar(fs *flag.FlagSet, name, usage string) {
	o.values[name] = fs.Bool(name, false, usage)
}

// StringVar declares a string flag.
func (o *cmdFlags) StringVar(fs *flag.FlagSet, name, def, usage string) {
	o.values[name] = fs.String(name, def, usage)
}

// MultiVar declares a flag that may be repeated.
func (o *cmdFlags) MultiVar(fs *flag.FlagSet, name, usage string) {
	m := &multiFlag{}
	fs.Var(m, name, usage)
	o.values[name] = m
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// cli is one invocation: the global flags and the streams.
type cli struct {
	JSON      bool
	Lang      i18n.Lang
	DNSServer string
	CAFile    string
	Timeout   time.Duration

	Stdin          io.Reader
	Stdout, Stderr io.Writer

	network *resolve.Network
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	c := &cli{Stdin: stdin, Stdout: stdout, Stderr: stderr, Lang: langFromArgs(args), Timeout: 10 * time.Second}
	defer func() {
		// A panic is a bug; still, the user gets one line, never a stack trace.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "mailsetup-cli: %s\n", c.T("cli.internal_error", "error", fmt.Sprint(r)))
			code = 70
		}
	}()
	if len(args) == 0 {
		// Not a request for help: the help goes with the error, on stderr.
		c.printHelp(stderr)
		return exitBadInput
	}
	args = commandFirst(args)
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		for _, a := range args[1:] {
			if commands[a] != nil {
				args = []string{a, "--help"} // help CMD = CMD --help
			}
		}
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		c.printHelp(stdout)
		return exitOK
	}
	if args[0] == "--version" || args[0] == "version" {
		fmt.Fprintln(stdout, "mailsetup-cli", Version)
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "mailsetup-cli: %s\n", c.T("cli.unknown_command", "command", strconv.Quote(args[0]), "commands", strings.Join(commandNames(), ", ")))
		return exitBadInput
	}
	o := &cmdFlags{values: map[string]any{}}
	positional, err := c.parse(cmd, o, args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintf(stderr, "mailsetup-cli %s: %s\n", cmd.name, i18n.Describe(err, c.Lang))
		return exitBadInput
	}
	return cmd.run(c, o, positional)
}

// parse reads global and command flags; flags may stand before or after the
// positional arguments.
func (c *cli) parse(cmd *command, o *cmdFlags, args []string) ([]string, error) {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&c.JSON, "json", false, "one JSON document on stdout")
	lang := fs.String("lang", "", "es or en")
	dnsDefault := os.Getenv("MAILSETUP_DNS_SERVER")
	fs.StringVar(&c.DNSServer, "dns-server", dnsDefault, "send every DNS query to HOST:PORT")
	fs.StringVar(&c.CAFile, "ca-file", os.Getenv("MAILSETUP_CA_FILE"), "extra trusted PEM certificates")
	fs.DurationVar(&c.Timeout, "timeout", 10*time.Second, "limit for one network operation")
	if cmd.flags != nil {
		cmd.flags(fs, o)
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.printCommandHelp(cmd, fs)
				return nil, err
			}
			return nil, flagError(cmd.name, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			positional = append(positional, args[1:]...)
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	if *lang != "" {
		l, err := i18n.ParseLang(*lang)
		if err != nil {
			return nil, i18n.NewError("cli.bad_lang", "value", strconv.Quote(*lang))
		}
		c.Lang = l
	}
	if c.Timeout <= 0 || c.Timeout > 10*time.Minute {
		return nil, i18n.NewError("cli.bad_timeout", "value", strconv.Quote(c.Timeout.String()))
	}
	if c.DNSServer != "" {
		if _, err := resolve.ParseServer(c.DNSServer); err != nil {
			return nil, c.fromEnv(fs, "dns-server", err)
		}
	}
	if c.CAFile != "" {
		if _, err := resolve.LoadRoots(c.CAFile); err != nil {
			return nil, c.fromEnv(fs, "ca-file", err)
		}
	}
	return positional, nil
}

// langFromArgs finds --lang before the flags are parsed, so that help and
// flag errors already speak the chosen language.
func langFromArgs(args []string) i18n.Lang {
	for i, a := range args {
		v, ok := "", false
		switch {
		case a == "--lang" || a == "-lang":
			if i+1 < len(args) {
				v, ok = args[i+1], true
			}
		case strings.HasPrefix(a, "--lang="), strings.HasPrefix(a, "-lang="):
			_, v, ok = strings.Cut(a, "=")
		}
		if ok {
			if l, err := i18n.ParseLang(v); err == nil {
				return l
			}
		}
	}
	return i18n.FromEnv()
}

// Network returns the resolver, dialer and roots built from the global flags.
func (c *cli) Network() (*resolve.Network, error) {
	if c.network != nil {
		return c.network, nil
	}
	n, err := resolve.NewNetwork(resolve.NetworkOptions{DNSServer: c.DNSServer, CAFile: c.CAFile, Timeout: c.Timeout})
	if err != nil {
		return nil, err
	}
	c.network = n
	return n, nil
}

// T translates a key into the chosen language.
func (c *cli) T(key string, args ...string) string { return i18n.T(c.Lang, key, args...) }

// writeJSON writes one indented JSON document to stdout.
func (c *cli) writeJSON(v any) error {
	enc := json.NewEncoder(c.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// fail prints one line on stderr and returns code. An error among args is
// shown in the user's language (i18n.Describe).
func (c *cli) fail(code int, format string, args ...any) int {
	for i, a := range args {
		if err, ok := a.(error); ok {
			args[i] = i18n.Describe(err, c.Lang)
		}
	}
	fmt.Fprintf(c.Stderr, "mailsetup-cli: "+format+"\n", args...)
	return code
}

func commandNames() []string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (c *cli) printHelp(w io.Writer) {
	fmt.Fprintln(w, c.T("cli.help.intro"))
	fmt.Fprintln(w)
	for _, n := range commandNames() {
		cmd := commands[n]
		fmt.Fprintf(w, "  mailsetup-cli %s\n      %s\n", cmd.usage, c.T(cmd.summary))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, c.T("cli.help.global"))
	fmt.Fprintln(w, c.T("clihelp.more"))
}

// Version is set at build time with -ldflags "-X main.Version=...".
var Version = "0.1.0"
