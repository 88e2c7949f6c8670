// Package export writes an account's settings in the formats that mail
// clients, websites and scripts read: Thunderbird (autoconfig XML, user.js,
// an existing profile), classic Outlook (PRF), Autodiscover POX, Apple
// .mobileconfig, JSON, .env, code snippets and a printable HTML sheet.
//
// Every writer takes the same input (a settings.Account: display name,
// address and settings) and never writes a password: every target asks the
// user for it. Exact keys, enums and client quirks follow
// shared/reference/formats.md; each writer cites the section it implements.
package export

import (
	"crypto/rand"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// Format names one export target (spec/cli.md, export --format).
type Format string

// Formats of the spec, then the additions.
const (
	ThunderbirdAutoconfig Format = "thunderbird-autoconfig"
	ThunderbirdUserJS     Format = "thunderbird-userjs"
	ThunderbirdProfile    Format = "thunderbird-profile"
	OutlookPRF            Format = "outlook-prf"
	OutlookAutodiscover   Format = "outlook-autodiscover"
	AppleMobileconfig     Format = "apple-mobileconfig"
	JSON                  Format = "json"
	Env                   Format = "env"
	HTML                  Format = "html"
	PHPMailer             Format = "phpmailer"
	WPMailSMTP            Format = "wp-mail-smtp"
	PythonSMTPLib         Format = "python-smtplib"
	Nodemailer            Format = "nodemailer"
)

// Options are the choices a writer needs besides the account.
type Options struct {
	// Lang is the language of comments, instructions and the HTML sheet.
	Lang i18n.Lang
	// Rand supplies the randomness of UUIDs (apple-mobileconfig); nil means
	// crypto/rand. Tests pass a fixed stream to get stable golden files.
	Rand io.Reader
	// Now dates the HTML sheet and names prefs.js backups; zero means the
	// current time for backups and no date on the sheet.
	Now time.Time
}

func (o Options) lang() i18n.Lang {
	if o.Lang == "" {
		return i18n.EN
	}
	return o.Lang
}

func (o Options) rand() io.Reader {
	if o.Rand == nil {
		return rand.Reader
	}
	return o.Rand
}

// writer renders one format from a prepared plan.
type writer struct {
	// needs says which servers the format cannot do without.
	needs needs
	// password is true for formats whose clients cannot sign in with OAuth
	// (Outlook PRF, Autodiscover, Apple): an OAuth-only server is refused.
	password bool
	write    func(w io.Writer, p *plan, o Options) error
	// ext is the usual file name extension, for the CLI and the GUI.
	ext string
}

type needs int

const (
	needAny      needs = iota // at least one server
	needBoth                  // an incoming and an outgoing server
	needOutgoing              // an outgoing server
	needNothing               // the settings as they are (json)
)

var writers = map[Format]writer{
	ThunderbirdAutoconfig: {needs: needBoth, write: writeAutoconfig, ext: ".xml"},
	ThunderbirdUserJS:     {needs: needBoth, write: writeUserJS, ext: ".js"},
	OutlookPRF:            {needs: needBoth, password: true, write: writePRF, ext: ".prf"},
	OutlookAutodiscover:   {needs: needBoth, password: true, write: writeAutodiscover, ext: ".xml"},
	AppleMobileconfig:     {needs: needBoth, password: true, write: writeMobileconfig, ext: ".mobileconfig"},
	JSON:                  {needs: needNothing, write: writeJSON, ext: ".json"},
	Env:                   {needs: needOutgoing, write: writeEnv, ext: ".env"},
	HTML:                  {needs: needAny, write: writeHTML, ext: ".html"},
	PHPMailer:             {needs: needOutgoing, write: writePHPMailer, ext: ".php"},
	WPMailSMTP:            {needs: needOutgoing, write: writeWPMailSMTP, ext: ".php"},
	PythonSMTPLib:         {needs: needOutgoing, write: writePython, ext: ".py"},
	Nodemailer:            {needs: needOutgoing, write: writeNodemailer, ext: ".js"},
}

// Formats lists every format name, sorted; thunderbird-profile included
// (it is written with AddToProfile, not Write).
func Formats() []Format {
	out := []Format{ThunderbirdProfile}
	for f := range writers {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// FormatNames returns Formats joined by ", " for messages.
func FormatNames() string {
	names := make([]string, 0, len(writers)+1)
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// ParseFormat checks a format name.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	if _, ok := writers[f]; ok || f == ThunderbirdProfile {
		return f, nil
	}
	return "", &Error{Reason: ReasonUnknownFormat, Args: []string{"format", s, "formats", FormatNames()}}
}

// Extension returns the usual file name extension of f (".xml"), or "".
func Extension(f Format) string { return writers[f].ext }

// Write writes account a in format f to w. thunderbird-profile is not a
// stream: use AddToProfile. Errors are *Error.
func Write(w io.Writer, f Format, a settings.Account, o Options) error {
	wr, ok := writers[f]
	if !ok {
		if f == ThunderbirdProfile {
			return &Error{Reason: ReasonProfileNotStream}
		}
		return &Error{Reason: ReasonUnknownFormat, Args: []string{"format", string(f), "formats", FormatNames()}}
	}
	p, err := prepare(a, wr.needs, wr.password)
	if err != nil {
		return err
	}
	return wr.write(w, p, o)
}

// Error is a refusal with a translatable reason. Reason is stable and is
// also the key suffix ("export.error.<reason>").
type Error struct {
	Reason string
	Args   []string // name, value pairs for the message's {slots}
}

// Reasons a writer refuses.
const (
	ReasonUnknownFormat    = "unknown_format"
	ReasonProfileNotStream = "profile_not_stream"
	ReasonNoIncoming       = "no_incoming"
	ReasonNoOutgoing       = "no_outgoing"
	ReasonNoServer         = "no_server"
	ReasonOAuthOnly        = "oauth_only"
	ReasonBadName          = "bad_name"
	ReasonBadServer        = "bad_server"
	ReasonBadUsername      = "bad_username"
	ReasonBadAddress       = "bad_address"
	ReasonNonASCII         = "non_ascii"
	ReasonProfileLocked    = "profile_locked"
	ReasonProfileNotFound  = "profile_not_found"
	ReasonProfileAmbiguous = "profile_ambiguous"
	ReasonProfileBad       = "profile_bad"
	ReasonPrefsTooLarge    = "prefs_too_large"
	ReasonAccountExists    = "account_exists"
	ReasonUserJSOverrides  = "userjs_overrides"
	ReasonProfileIO        = "profile_io"
)

func (e *Error) Error() string { return i18n.T(i18n.EN, e.Key(), e.Args...) }

// Key is the translation key of the reason.
func (e *Error) Key() string { return "export.error." + e.Reason }

// Message keeps the error translatable.
func (e *Error) Message() i18n.Message { return i18n.Msg(e.Key(), e.Args...) }

// In renders the error in language l.
func (e *Error) In(l i18n.Lang) string { return i18n.T(l, e.Key(), e.Args...) }

func errorf(reason string, args ...string) *Error { return &Error{Reason: reason, Args: args} }

// wrapIO turns a file system error into an *Error that names the path but
// never quotes file contents.
func wrapIO(path string, err error) *Error {
	return errorf(ReasonProfileIO, "path", path, "error", fmt.Sprint(err))
}
