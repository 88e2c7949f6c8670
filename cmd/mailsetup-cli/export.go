package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/mailsetup/mailsetup/internal/atomicfile"

	"github.com/mailsetup/mailsetup/export"
	"github.com/mailsetup/mailsetup/providers"
	"github.com/mailsetup/mailsetup/settings"
)

func init() {
	register(&command{
		name:    "export",
		usage:   "export EMAIL --format FORMAT [--out FILE]",
		summary: "export.cli.summary",
		flags: func(fs *flag.FlagSet, o *cmdFlags) {
			o.StringVar(fs, "format", "", "one of: "+export.FormatNames())
			o.StringVar(fs, "out", "", "write to FILE instead of stdout (an existing FILE is replaced)")
			o.StringVar(fs, "name", "", "display name, e.g. \"Ana Pérez\"")
			o.BoolVar(fs, "offline", "built-in provider table only, no network")
			o.MultiVar(fs, "imap", "IMAP server HOST:PORT:SEC (SEC: tls, starttls, none)")
			o.MultiVar(fs, "pop3", "POP3 server HOST:PORT:SEC")
			o.MultiVar(fs, "smtp", "SMTP server HOST:PORT:SEC")
			o.StringVar(fs, "username", "", "login name (default: from detection, else the address)")
			o.StringVar(fs, "profile", "", "thunderbird-profile: the profile folder (default: the default profile)")
		},
		run: runExport,
	})
}

// runExport implements `export EMAIL --format FORMAT` (spec/cli.md). The
// settings come from the server flags when any is given, else from
// detection, the same as detect (--offline: the built-in table only). --out replaces an existing
// file atomically: naming the file is the user's explicit choice. Exit 0
// written, 1 nothing found / profile locked / write failed, 2 bad input.
func runExport(c *cli, o *cmdFlags, args []string) int {
	if len(args) != 1 {
		return c.fail(exitBadInput, "%s", c.T("export.cli.usage"))
	}
	if o.String("format") == "" {
		return c.fail(exitBadInput, "%s", c.T("export.cli.no_format", "formats", export.FormatNames()))
	}
	format, err := export.ParseFormat(o.String("format"))
	if err != nil {
		return c.exportFailed(err)
	}
	addr, code := c.parseAddress(args[0])
	if code != exitOK {
		return code
	}
	profile, out := o.String("profile"), o.String("out")
	if profile != "" && format != export.ThunderbirdProfile {
		return c.fail(exitBadInput, "%s", c.T("export.cli.profile_needs_format"))
	}
	if out != "" && format == export.ThunderbirdProfile {
		return c.fail(exitBadInput, "%s", c.T("export.cli.out_with_profile"))
	}
	if out != "" {
		// Bad flag values, said before any work and in plain words rather
		// than as the error of a temporary file's rename.
		if fi, err := os.Stat(out); err == nil && fi.IsDir() {
			return c.fail(exitBadInput, "%s", c.T("export.cli.out_is_folder", "path", out))
		}
		if fi, err := os.Stat(filepath.Dir(out)); err != nil || !fi.IsDir() {
			return c.fail(exitBadInput, "%s", c.T("export.cli.out_no_folder", "path", out, "folder", filepath.Dir(out)))
		}
	}
	cfg, code := c.exportSettings(o, addr)
	if code != exitOK {
		return code
	}
	acct := settings.Account{Name: o.String("name"), Address: addr, Config: cfg}
	opts := export.Options{Lang: c.Lang, Now: time.Now()} // dates the sheet and the prefs.js backup

	if format == export.ThunderbirdProfile {
		return c.exportProfile(profile, acct, opts)
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, format, acct, opts); err != nil {
		return c.exportFailed(err)
	}
	if out == "" {
		if _, err := c.Stdout.Write(buf.Bytes()); err != nil {
			return c.fail(exitFailed, "%v", err)
		}
		return exitOK
	}
	if err := atomicfile.Write(out, buf.Bytes(), 0o644); err != nil {
		return c.fail(exitFailed, "%s", c.T("export.error.profile_io", "path", out, "error", err.Error()))
	}
	if c.JSON {
		c.writeJSON(struct {
			Email  string `json:"email"`
			Format string `json:"format"`
			Out    string `json:"out"`
		}{addr.String(), string(format), out})
	}
	return exitOK
}

// exportSettings returns the settings to export: from --imap/--pop3/--smtp
// when any is given, else from detection (findSettings, shared with
// detect). --username overrides the login name either way.
func (c *cli) exportSettings(o *cmdFlags, addr settings.Address) (settings.Config, int) {
	var cfg settings.Config
	flags := []struct {
		name  string
		proto settings.Protocol
	}{{"imap", settings.IMAP}, {"pop3", settings.POP3}, {"smtp", settings.SMTP}}
	manual := false
	for _, f := range flags {
		for _, v := range o.Strings(f.name) {
			if v == "" {
				continue
			}
			manual = true
			s, err := settings.ParseServerFlag(f.proto, v)
			if err != nil {
				return cfg, c.fail(exitBadInput, "--%s %v", f.name, err)
			}
			if f.proto == settings.SMTP {
				cfg.Outgoing = append(cfg.Outgoing, s)
			} else {
				cfg.Incoming = append(cfg.Incoming, s)
			}
		}
	}
	if len(cfg.Incoming)+len(cfg.Outgoing) > maxServerFlags {
		return cfg, c.fail(exitBadInput, "%s", c.T("clihelp.too_many_servers", "max", strconv.Itoa(maxServerFlags)))
	}
	switch {
	case manual:
		cfg.Source, cfg.Trust = "manual", settings.Verified
		// The provider's login facts (app password page, OAuth only) still
		// hold when the user typed its servers by hand.
		if p, ok := providers.Lookup(addr.ASCIIDomain); ok {
			known := p.ConfigFor(addr)
			cfg.ProviderID, cfg.ProviderName = known.ProviderID, known.ProviderName
			cfg.Login, cfg.Notes, cfg.SendLimit, cfg.HelpURL = known.Login, known.Notes, known.SendLimit, known.HelpURL
			knownUsernames(known, cfg.Incoming)
			knownUsernames(known, cfg.Outgoing)
		} else {
			// As discovery names an unknown provider: after its domain, and
			// the mailbox password works (login.password is never empty).
			cfg.ProviderID, cfg.ProviderName = addr.ASCIIDomain, addr.Domain
			cfg.Login.Password = settings.PasswordAllowed
		}
	default:
		// The same path as detect: detect --json and export --format json
		// print the same document.
		if code, closed := c.closedService(addr); closed {
			return cfg, code
		}
		found, ok, said := c.findSettings(addr, o.Bool("offline"))
		if said {
			return cfg, exitFailed
		}
		if !ok {
			return cfg, c.fail(exitFailed, "%s", c.T("export.cli.not_found", "address", addr.String()))
		}
		cfg = found
	}
	if u := o.String("username"); u != "" {
		for _, list := range [][]settings.Server{cfg.Incoming, cfg.Outgoing} {
			for i := range list {
				list[i].Username = u
			}
		}
	}
	return cfg, exitOK
}

// exportProfile adds the account to a Thunderbird profile.
func (c *cli) exportProfile(dir string, acct settings.Account, opts export.Options) int {
	if dir == "" {
		var err error
		if dir, err = export.DefaultProfile(export.ProfileRoots()); err != nil {
			return c.exportFailed(err)
		}
	}
	res, err := export.AddToProfile(dir, acct, opts)
	if err != nil {
		return c.exportFailed(err)
	}
	if c.JSON {
		c.writeJSON(struct {
			Email   string `json:"email"`
			Profile string `json:"profile"`
			Account string `json:"account"`
			Backup  string `json:"backup"`
		}{acct.Address.String(), res.Profile, res.AccountKey(), res.Backup})
		return exitOK
	}
	if res.Backup == "" {
		fmt.Fprintln(c.Stdout, c.T("export.cli.profile_done_nobackup", "address", acct.Address.String(), "profile", res.Profile, "key", res.AccountKey()))
	} else {
		fmt.Fprintln(c.Stdout, c.T("export.cli.profile_done", "address", acct.Address.String(), "profile", res.Profile, "key", res.AccountKey(), "backup", res.Backup))
	}
	return exitOK
}

// exportFailed prints an export error in the user's language: bad input
// (unknown format, invalid name or server, a server missing) exits 2,
// everything else (profile locked or missing, a format that cannot hold
// these settings, a file that cannot be written) exits 1.
func (c *cli) exportFailed(err error) int {
	var e *export.Error
	if !errors.As(err, &e) {
		return c.fail(exitFailed, "%v", err)
	}
	code := exitFailed
	switch e.Reason {
	case export.ReasonUnknownFormat, export.ReasonBadName, export.ReasonBadServer, export.ReasonBadUsername,
		export.ReasonBadAddress, export.ReasonNoIncoming, export.ReasonNoOutgoing, export.ReasonNoServer:
		code = exitBadInput
	}
	return c.fail(code, "%s", e.In(c.Lang))
}
