package main

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// printSettings writes detect's human output: who the provider is and where
// the settings come from, a table of the servers, then which password to
// use, what to switch on first, notes and limits, each a whole sentence in
// the user's language; then the warnings, on stderr.
func (c *cli) printSettings(addr settings.Address, cfg settings.Config) {
	w := c.Stdout
	name := cfg.ProviderName
	if name == "" {
		name = addr.Domain
	}
	fmt.Fprintln(w, c.T("detect.title", "provider", name, "email", addr.String()))
	fmt.Fprintln(w, c.T("detect.origin", "source", c.T("detect.source."+string(cfg.Source)), "trust", c.T("detect.trust."+string(cfg.Trust))))
	if cfg.SourceURL != "" {
		fmt.Fprintln(w, c.T("detect.origin_url", "url", cfg.SourceURL))
	}
	fmt.Fprintln(w)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join([]string{c.T("detect.col.role"), c.T("detect.col.protocol"), c.T("detect.col.host"),
		c.T("detect.col.port"), c.T("detect.col.security"), c.T("detect.col.username")}, "\t"))
	for _, s := range append(append([]settings.Server(nil), cfg.Incoming...), cfg.Outgoing...) {
		role := "detect.role.outgoing"
		if s.IsIncoming() {
			role = "detect.role.incoming"
		}
		fmt.Fprintln(tw, strings.Join([]string{c.T(role), s.Protocol.Name(), s.Host,
			strconv.Itoa(s.Port), s.Security.Name(c.Lang), s.Username}, "\t"))
	}
	tw.Flush()
	if len(cfg.Incoming) > 1 || len(cfg.Outgoing) > 1 {
		fmt.Fprintln(w, c.T("detect.first_is_best"))
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, c.passwordAdvice(name, cfg.Login))
	if cfg.Login.EnableURL != "" {
		fmt.Fprintln(w, c.T("detect.enable", "url", cfg.Login.EnableURL))
	}
	if t := cfg.Notes.In(c.Lang); t != "" {
		fmt.Fprintln(w, c.T("detect.notes", "text", t))
	}
	if t := cfg.SendLimit.In(c.Lang); t != "" {
		fmt.Fprintln(w, c.T("detect.send_limit", "text", t))
	}
	if cfg.HelpURL != "" {
		fmt.Fprintln(w, c.T("detect.help", "url", cfg.HelpURL))
	}
	// Warnings go to stderr (spec/cli.md: stdout holds only the result), one
	// line each, as check says those of its detection; --json carries them
	// in the document.
	for _, s := range i18n.Tr(c.Lang, cfg.Warnings) {
		fmt.Fprintln(c.Stderr, "mailsetup-cli: "+c.T("detect.warning", "warning", s))
	}
}

// passwordAdvice says in plain words which password the mail app wants.
func (c *cli) passwordAdvice(provider string, l settings.Login) string {
	switch l.Password {
	case settings.PasswordOAuthOnly:
		return c.T("detect.password.oauth_only", "provider", provider)
	case settings.PasswordAppPassword:
		if l.AppPasswordURL != "" {
			return c.T("detect.password.app_password_url", "provider", provider, "url", l.AppPasswordURL)
		}
		return c.T("detect.password.app_password", "provider", provider)
	case settings.PasswordAllowed:
		if l.AppPasswordURL != "" {
			return c.T("detect.password.allowed_app_url", "url", l.AppPasswordURL)
		}
		return c.T("detect.password.allowed")
	}
	return c.T("detect.password.unknown")
}
