package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"

	"github.com/mailsetup/mailsetup/check/domain"
	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// `domain DOMAIN|EMAIL` (spec/cli.md): the mail DNS of a domain, each finding
// with a status and plain advice. Exit 0 when nothing is an error, 1 when
// something is, 2 for bad input.
func init() {
	register(&command{
		name:    "domain",
		usage:   "domain DOMAIN|EMAIL [--selector NAME]",
		summary: "domain.cli.summary",
		flags: func(fs *flag.FlagSet, o *cmdFlags) {
			o.MultiVar(fs, "selector", "one more DKIM selector to look for (repeatable)")
		},
		run: runDomain,
	})
}

func runDomain(c *cli, o *cmdFlags, args []string) int {
	switch {
	case len(args) == 0 || strings.TrimSpace(args[0]) == "":
		return c.fail(exitBadInput, "%s", c.T("domain.cli.missing"))
	case len(args) > 1:
		return c.fail(exitBadInput, "%s", c.T("domain.cli.too_many"))
	}
	ascii, unicode, err := domain.Parse(args[0])
	if err != nil {
		reason := err.Error()
		var ae *settings.AddressError
		switch {
		case !strings.Contains(args[0], "@"):
			// The address.* texts speak of "the part after the @".
			reason = c.T("domain.cli.not_a_domain", "domain", printable(shorten(strings.TrimSpace(args[0]), 64)))
		case errors.As(err, &ae):
			reason = c.T(ae.Key())
		}
		return c.fail(exitBadInput, "%s", c.T("domain.cli.bad_input", "reason", reason))
	}
	extra := o.Strings("selector")
	if len(extra) > maxExtraSelectors {
		return c.fail(exitBadInput, "%s", c.T("domain.cli.too_many_selectors", "max", strconv.Itoa(maxExtraSelectors)))
	}
	selectors := slices.Clone(domain.DefaultSelectors)
	for _, s := range extra {
		if !domain.ValidSelector(s) {
			return c.fail(exitBadInput, "%s", c.T("domain.cli.bad_selector", "selector", printable(shorten(s, 64))))
		}
		if s = strings.ToLower(s); !slices.Contains(selectors, s) {
			selectors = append(selectors, s)
		}
	}
	n, err := c.Network()
	if err != nil {
		return c.fail(exitBadInput, "%v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opts := domain.OptionsFor(n)
	opts.Selectors = selectors
	rep := domain.Run(ctx, ascii, opts)
	if c.JSON {
		if err := c.writeJSON(rep.In(c.Lang)); err != nil {
			return c.fail(exitFailed, "%v", err)
		}
	} else {
		writeDomainReport(c.Stdout, c.Lang, unicode, rep)
	}
	if !rep.OK {
		return exitFailed
	}
	return exitOK
}

// maxExtraSelectors bounds --selector: each one is one more DNS question.
const maxExtraSelectors = 20

// maxRecordShown bounds a record in human output (DKIM keys run to hundreds
// of characters); --json always carries the whole record.
const maxRecordShown = 120

// statusMark is the sign before each finding, readable without colour.
var statusMark = map[domain.Status]string{domain.OK: "✓", domain.Warning: "!", domain.Error: "✗"}

// writeDomainReport prints the report for people: a title, one block per
// finding (mark, check, status, message, record, advice, further problems)
// and a summary line.
func writeDomainReport(w io.Writer, l i18n.Lang, unicodeDomain string, rep domain.Report) {
	t := func(key string, args ...string) string { return i18n.T(l, key, args...) }
	fmt.Fprintln(w, t("domain.cli.title", "domain", unicodeDomain))
	for _, f := range rep.Findings {
		rf := f.In(l)
		fmt.Fprintln(w)
		fmt.Fprintf(w, "%s %s: %s\n", statusMark[f.Status], domain.CheckLabel(f.Check).In(l), t("domain.status."+string(f.Status)))
		fmt.Fprintf(w, "  %s\n", rf.Message)
		if rf.Record != "" {
			for _, rec := range strings.Split(rf.Record, "\n") {
				fmt.Fprintf(w, "  %s\n", t("domain.cli.record", "record", printable(shorten(rec, maxRecordShown))))
			}
		}
		if rf.Advice != "" {
			fmt.Fprintf(w, "  %s\n", t("domain.cli.advice", "advice", rf.Advice))
		}
		for _, n := range rf.More {
			fmt.Fprintf(w, "  %s %s\n", statusMark[n.Status], t("domain.cli.also", "message", n.Message))
			if n.Advice != "" {
				fmt.Fprintf(w, "    %s\n", t("domain.cli.advice", "advice", n.Advice))
			}
		}
	}
	fmt.Fprintln(w)
	errs, warns := strconv.Itoa(rep.Count(domain.Error)), strconv.Itoa(rep.Count(domain.Warning))
	if nothingAnswered(rep) {
		// Not "no problems found": nothing could be looked at.
		fmt.Fprintln(w, t("domain.cli.total_unanswered"))
		return
	}
	if rep.OK {
		fmt.Fprintln(w, t("domain.cli.total_ok", "warnings", warns))
	} else {
		fmt.Fprintln(w, t("domain.cli.total", "errors", errs, "warnings", warns))
	}
}

// nothingAnswered reports whether DNS answered none of the checks: every
// finding carries the issue "unanswered".
func nothingAnswered(rep domain.Report) bool {
	for _, f := range rep.Findings {
		issues, _ := f.Detail["issues"].([]string)
		if !slices.Contains(issues, "unanswered") {
			return false
		}
	}
	return len(rep.Findings) > 0
}

// printable replaces control characters, so that text from the command line
// or the network cannot break the one-line error or the layout.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return '?'
		}
		return r
	}, s)
}

// shorten cuts s to at most n characters (not bytes), marking the cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
