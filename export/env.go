package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// writeEnv writes variables for websites, CRMs and scripts (spec/cli.md
// env; formats.md §6): SMTP_* and then IMAP_* or POP3_*. Values are quoted
// for sh, so `set -a; . ./mail.env` works; the password line is empty.
func writeEnv(w io.Writer, p *plan, o Options) error {
	l := o.lang()
	ew := &envWriter{w: w}
	ew.comment(i18n.T(l, "export.env.title", "address", p.from()))
	ew.comment(i18n.T(l, "export.env.load"))
	for _, warn := range scriptNotes(p, l) {
		ew.comment(warn)
	}
	ew.blank()
	ew.server("SMTP", *p.out)
	ew.comment(i18n.T(l, "export.env.password"))
	ew.set("SMTP_PASS", "")
	ew.comment(i18n.T(l, "export.env.from"))
	ew.set("SMTP_FROM", p.from())
	ew.set("SMTP_FROM_NAME", p.name)
	if p.in != nil {
		ew.blank()
		ew.server(strings.ToUpper(string(p.in.Protocol)), *p.in)
	}
	return ew.err
}

type envWriter struct {
	w   io.Writer
	err error
}

func (ew *envWriter) printf(format string, args ...any) {
	if ew.err == nil {
		_, ew.err = fmt.Fprintf(ew.w, format, args...)
	}
}

func (ew *envWriter) comment(s string) { ew.printf("# %s\n", oneLine(s)) }
func (ew *envWriter) blank()           { ew.printf("\n") }
func (ew *envWriter) set(k, v string) {
	if v == "" {
		ew.printf("%s=\n", k) // empty, as .env readers expect
		return
	}
	ew.printf("%s=%s\n", k, shellQuote(v))
}

func (ew *envWriter) server(prefix string, s settings.Server) {
	ew.set(prefix+"_HOST", s.Host)
	ew.set(prefix+"_PORT", itoa(s.Port))
	ew.printf("# tls | starttls | none\n")
	ew.set(prefix+"_SECURITY", string(s.Security))
	ew.set(prefix+"_USER", s.Username)
}

// oneLine keeps a comment on one line whatever the text holds.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), " ")
}

// smtpWarnings are the sentences every website/script export carries about
// the chosen SMTP server: OAuth-only servers and Microsoft 365's password
// switch-off at the end of 2026 (providers.md §1.1), plain text and port 25.
func smtpWarnings(p *plan, l i18n.Lang) []string {
	var out []string
	if passwordAuth(*p.out) == "" {
		out = append(out, i18n.T(l, "export.warn.smtp_oauth_only", "host", p.out.Host))
	}
	if p.isMicrosoft365SMTP() {
		out = append(out, i18n.T(l, "export.warn.m365_smtp"))
	}
	if p.out.Security == settings.None {
		out = append(out, i18n.T(l, "export.warn.plaintext", "host", p.out.Host))
	}
	if p.out.Port == 25 {
		// Port 25 is for mail between servers (RFC 6409 §1); home
		// connections and many web and cloud hosts block it outbound.
		out = append(out, i18n.T(l, "export.warn.port25"))
	}
	return out
}

// scriptNotes are smtpWarnings plus the provider's sending limits: websites
// and CRMs run into a mailbox's limits first, so the files that set up
// their sending say them (the html sheet has its own line for the limits).
func scriptNotes(p *plan, l i18n.Lang) []string {
	out := smtpWarnings(p, l)
	if limit := strings.TrimSpace(p.cfg.SendLimit.In(l)); limit != "" {
		out = append(out, i18n.T(l, "export.warn.send_limit", "provider", p.providerName(), "limit", limit))
	}
	return out
}
