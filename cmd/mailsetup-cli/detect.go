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
	if note, ok := providers.Closed(addr.ASCIIDomain); ok {
		// A shut-down service (terra.es): say so rather than search.
		return c.fail(exitFailed, "%s", note.In(c.Lang))
	}
	offline := o.Bool("offline")
	cfg, found := c.findSettings(addr, offline)
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
// table, then online discovery (detect_online.go).
func (c *cli) findSettings(addr settings.Address, offline bool) (settings.Config, bool) {
	if p, ok := providers.Lookup(addr.ASCIIDomain); ok {
		return p.ConfigFor(addr), true
	}
	if offline {
		return settings.Config{}, false
	}
	return c.discover(addr)
}
