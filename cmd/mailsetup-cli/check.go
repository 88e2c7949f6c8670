package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mailsetup/mailsetup/check"
	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/keychain"
	"github.com/mailsetup/mailsetup/providers"
	"github.com/mailsetup/mailsetup/settings"
)

func init() {
	register(&command{
		name:    "check",
		usage:   "check EMAIL [--imap|--pop3|--smtp HOST:PORT:SEC] [--password-stdin|--keychain]",
		summary: "check.cli.summary",
		flags: func(fs *flag.FlagSet, o *cmdFlags) {
			o.MultiVar(fs, "imap", "IMAP server to check, HOST:PORT:SEC (SEC: tls, starttls, none)")
			o.MultiVar(fs, "pop3", "POP3 server to check, HOST:PORT:SEC")
			o.MultiVar(fs, "smtp", "SMTP server to check, HOST:PORT:SEC")
			o.StringVar(fs, "username", "", "login name (default: from detection, else the address)")
			o.BoolVar(fs, "password-stdin", "read the password from the first line of stdin")
			o.BoolVar(fs, "keychain", "use the password stored for EMAIL in the OS keychain")
			o.BoolVar(fs, "send-test", "after logging in to SMTP, send a short test message to EMAIL")
			o.BoolVar(fs, "no-fallback", "check exactly the given servers; no other ports or modes")
			o.BoolVar(fs, "allow-plaintext", "permit sending the password over an unencrypted connection")
		},
		run: runCheck,
	})
}

// runCheck implements `check EMAIL` (spec/cli.md): exit 0 when every
// checked server passed, 1 when any failed, 2 for bad input, 3 when
// --keychain finds no keychain.
func runCheck(c *cli, o *cmdFlags, args []string) int {
	if len(args) != 1 {
		return c.fail(exitBadInput, "%s", c.T("check.cli.usage"))
	}
	addr, code := c.parseAddress(args[0])
	if code != exitOK {
		return code
	}
	req := check.Request{
		Email: addr, Username: o.String("username"), SendTest: o.Bool("send-test"),
		NoFallback: o.Bool("no-fallback"), AllowPlaintext: o.Bool("allow-plaintext"), Lang: c.Lang,
	}
	if u := req.Username; !utf8.ValidString(u) || len(u) > maxUsername || strings.IndexFunc(u, unicode.IsControl) >= 0 {
		// A line break would end the protocol's command early: never sent.
		return c.fail(exitBadInput, "%s", c.T("check.cli.bad_username", "max", strconv.Itoa(maxUsername)))
	}
	for _, f := range []struct {
		flag  string
		proto settings.Protocol
	}{{"imap", settings.IMAP}, {"pop3", settings.POP3}, {"smtp", settings.SMTP}} {
		for _, v := range o.Strings(f.flag) {
			if v == "" {
				continue
			}
			srv, err := settings.ParseServerFlag(f.proto, v)
			if err != nil {
				return c.fail(exitBadInput, "--%s %v", f.flag, err)
			}
			req.Servers = append(req.Servers, srv)
		}
	}
	if len(req.Servers) > maxServerFlags {
		return c.fail(exitBadInput, "%s", c.T("clihelp.too_many_servers", "max", strconv.Itoa(maxServerFlags)))
	}
	if o.Bool("password-stdin") && o.Bool("keychain") {
		return c.fail(exitBadInput, "%s", c.T("check.cli.password_twice"))
	}
	if code := c.checkPassword(o, addr, &req); code != exitOK {
		return code
	}
	if req.SendTest && req.Password == "" {
		return c.fail(exitBadInput, "%s", c.T("check.cli.send_needs_password"))
	}
	nw, err := c.Network()
	if err != nil {
		return c.fail(exitBadInput, "%v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	if p, ok := providers.Lookup(addr.ASCIIDomain); ok {
		cfg := p.ConfigFor(addr)
		req.Provider = settings.DocumentProvider{ID: cfg.ProviderID, Name: cfg.ProviderName}
		req.Login = cfg.Login
		knownUsernames(cfg, req.Servers)
	}
	if len(req.Servers) == 0 {
		// Nothing to check: with --json, still one (empty) document.
		nothing := func() {
			if c.JSON {
				_ = c.writeJSON(check.Document{Email: addr.String(), Results: []check.ResultDocument{}})
			}
		}
		if code, closed := c.closedService(addr); closed {
			nothing()
			return code
		}
		cfg, found, said := c.findSettings(addr, false)
		if !found {
			nothing()
			if said {
				return exitFailed
			}
			return c.fail(exitFailed, "%s", c.T("check.cli.nothing_found", "email", addr.String()))
		}
		req.Provider = settings.DocumentProvider{ID: cfg.ProviderID, Name: cfg.ProviderName}
		req.Login = cfg.Login
		// Unverified settings (plain HTTP, MX, guesses) say so, on stderr.
		for _, w := range cfg.Warnings {
			fmt.Fprintln(c.Stderr, "mailsetup-cli: "+c.T("detect.warning", "warning", w.In(c.Lang)))
		}
		if s, ok := cfg.FirstIncoming(); ok {
			req.Servers = append(req.Servers, s)
		}
		if s, ok := cfg.FirstOutgoing(); ok {
			req.Servers = append(req.Servers, s)
		}
		if len(req.Servers) == 0 {
			return c.fail(exitFailed, "%s", c.T("check.cli.nothing_found", "email", addr.String()))
		}
	}

	rep := check.Run(ctx, req, check.Options{Network: nw})
	if c.JSON {
		if err := c.writeJSON(rep.Document(c.Lang)); err != nil {
			return c.fail(exitFailed, "%v", err)
		}
	} else {
		printReport(c.Stdout, c.Lang, rep.Document(c.Lang))
	}
	if !rep.OK {
		return exitFailed
	}
	return exitOK
}

// maxUsername bounds --username in bytes, as export bounds it.
const maxUsername = 320

// checkPassword fills req.Password from stdin or the keychain, if asked.
func (c *cli) checkPassword(o *cmdFlags, addr settings.Address, req *check.Request) int {
	switch {
	case o.Bool("password-stdin"):
		secret, code := c.readSecret(addr.String())
		if code != exitOK {
			return code
		}
		req.Password = string(secret)
		keychain.Wipe(secret)
	case o.Bool("keychain"):
		secret, err := keychainStore().Get(keychain.Account(addr.String()))
		if err != nil {
			if errors.Is(err, keychain.ErrNotFound) {
				return c.fail(exitFailed, "%s", c.T("check.cli.no_password_stored", "email", addr.String()))
			}
			if ue, ok := keychain.IsUnavailable(err); ok {
				// The same words as `password` says: the message names the
				// reason already, and the reason code is for scripts.
				return c.fail(exitNoStore, "%s [%s]", ue.Message(c.Lang), ue.Reason)
			}
			return c.fail(exitNoStore, "%s", c.T("check.cli.no_keychain", "reason", keychain.Describe(err, c.Lang)))
		}
		req.Password = string(secret)
		keychain.Wipe(secret)
	}
	return exitOK
}

// printReport writes the human form: one block per server, a line per
// step, and for a failure what is wrong, what to do and what works.
func printReport(w io.Writer, l i18n.Lang, d check.Document) {
	// Greetings, replies, alerts and certificate names come from the
	// server: a control character in them must not reach the terminal
	// (an escape sequence could rewrite what the user sees).
	say := func(s string) { fmt.Fprintln(w, printable(s)) }
	for i, r := range d.Results {
		if i > 0 {
			fmt.Fprintln(w)
		}
		say(i18n.T(l, "check.cli.server", "role", i18n.T(l, "check.cli.role."+string(r.Role)),
			"protocol", r.Protocol.Name(), "host", bracketIPv6(r.Host), "port", strconv.Itoa(r.Port),
			"security", r.Security.Name(l)))
		for _, st := range r.Steps {
			name := i18n.T(l, "check.step."+string(st.Step))
			key := "check.cli.step_ok"
			switch {
			case st.Skipped:
				say("  " + i18n.T(l, "check.cli.skipped", "step", name))
				continue
			case !st.OK:
				key = "check.cli.step_failed"
			}
			say("  " + i18n.T(l, key, "step", name, "ms", strconv.FormatInt(st.MS, 10), "detail", st.Detail))
		}
		for _, warning := range r.Warnings {
			say("  " + i18n.T(l, "check.cli.warning", "warning", warning))
		}
		if dg := r.Diagnosis; dg != nil {
			say("  " + dg.Message)
			say("  " + i18n.T(l, "check.cli.advice", "advice", dg.Advice))
			if dg.Alert != "" {
				say("  " + i18n.T(l, "check.cli.alert", "alert", dg.Alert))
			}
			if dg.ServerReply != "" {
				say("  " + i18n.T(l, "check.cli.server_reply", "reply", dg.ServerReply))
			}
			if s := dg.Suggestion; s != nil {
				say("  " + i18n.T(l, "check.cli.suggestion", "host", s.Host, "port", strconv.Itoa(s.Port),
					"security", s.Security.Name(l)))
			}
		} else {
			say("  " + i18n.T(l, "check.cli.passed"))
		}
	}
	fmt.Fprintln(w)
	if d.OK {
		say(i18n.T(l, "check.cli.ok"))
	} else {
		say(i18n.T(l, "check.cli.failed"))
	}
}

// bracketIPv6 writes an IPv6 literal in brackets, so that "{host}:{port}"
// reads [::1]:993 and not ::1:993, as the --imap flag itself takes it.
func bracketIPv6(host string) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}
