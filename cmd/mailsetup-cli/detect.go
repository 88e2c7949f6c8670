package main

import (
	"flag"

	"github.com/mailsetup/mailsetup/providers"
	"github.com/mailsetup/mailsetup/settings"
)

func init() {
	register(&command{
		name:    "detect",
		usage:   "detect EMAIL [--offline]",
		summary: "detect.summary",
		flags: func(fs *flag.FlagSet, o *cmdFlags) {
			o.BoolVar(fs, "offline", "use the built-in provider table only, no network at all")
		},
		run: runDetect,
	})
}

// runDetect implements `detect EMAIL` (spec/cli.md): exit 0 with the
// settings (human text, or the JSON document with --json), 1 when nothing
// was found, 2 for bad input.
func runDetect(c *cli, o *cmdFlags, args []string) int {
	if len(args) != 1 {
		return c.fail(exitBadInput, "%s", c.T("detect.usage"))
	}
	addr, code := c.parseAddress(args[0])
	if code != exitOK {
		return code
	}
	if code, closed := c.closedService(addr); closed {
		return code
	}
	offline := o.Bool("offline")
	cfg, found, said := c.findSettings(addr, offline)
	if said {
		return exitFailed
	}
	if !found {
		key := "detect.not_found"
		if offline {
			key = "detect.not_found_offline"
		}
		return c.fail(exitFailed, "%s", c.T(key, "domain", addr.Domain))
	}
	if c.JSON {
		if err := c.writeJSON(settings.NewDocument(addr, cfg, c.Lang)); err != nil {
			return c.fail(exitFailed, "%v", err)
		}
		return exitOK
	}
	c.printSettings(addr, cfg)
	return exitOK
}

// findSettings is the one place where detect gets settings: the built-in
// table, then online discovery (detect_online.go). said reports that
// nothing was found and the reason is already on stderr.
func (c *cli) findSettings(addr settings.Address, offline bool) (cfg settings.Config, found, said bool) {
	if p, ok := providers.Lookup(addr.ASCIIDomain); ok {
		return p.ConfigFor(addr), true, false
	}
	if offline {
		return settings.Config{}, false, false
	}
	return c.discover(addr)
}

// closedService says on stderr that the provider of addr has shut down its
// mail service (terra.es), rather than search for settings that cannot
// work, and returns exitFailed and true; false for any other address.
// detect, and check and export when they detect, share it.
func (c *cli) closedService(addr settings.Address) (int, bool) {
	note, ok := providers.Closed(addr.ASCIIDomain)
	if !ok {
		return exitOK, false
	}
	return c.fail(exitFailed, "%s", note.In(c.Lang)), true
}

// knownUsernames gives servers typed by hand (--imap, --pop3, --smtp) the
// login name the built-in table knows for the provider of the address
// (spec/cli.md: --username defaults to detection's, else the address): that
// of the provider's server of the same protocol, else of its first server.
// Some providers want only the part before the @.
func knownUsernames(known settings.Config, servers []settings.Server) {
	for i := range servers {
		if servers[i].Username != "" {
			continue
		}
		s, ok := known.Preferred(servers[i].Protocol)
		if !ok {
			s, ok = known.FirstIncoming()
		}
		if !ok {
			s, ok = known.FirstOutgoing()
		}
		if ok {
			servers[i].Username = s.Username
		}
	}
}
