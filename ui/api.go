package ui

import (
	"context"
	"errors"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// Engine is everything the wizard asks of the rest of mailsetup. The real
// app uses NewEngine (engine.go), an adapter over providers, check, keychain
// and export; tests use an in-process fake. Every method may block on the
// network or the OS and is called off the UI goroutine, except Lookup, which
// is a map access.
type Engine interface {
	// Lookup returns the built-in table's settings for addr, offline.
	Lookup(addr settings.Address) (settings.Config, bool)
	// Discover looks for settings online. progress may be called from any
	// goroutine, any number of times, until Discover returns.
	Discover(ctx context.Context, addr settings.Address, progress func(Progress)) (settings.Config, error)
	// Check connects to the servers of req and logs in. event may be called
	// from any goroutine until Check returns.
	Check(ctx context.Context, req CheckRequest, event func(StepEvent)) (CheckReport, error)
	// Keychain is the OS password store.
	Keychain() Keychain
	// Export renders the account in one of the formats of spec/cli.md.
	Export(format Format, acct settings.Account, lang i18n.Lang) ([]byte, error)
	// AddToThunderbird adds the account to the default Thunderbird profile and
	// returns that profile's folder.
	AddToThunderbird(acct settings.Account) (string, error)
	// DomainHealth checks the mail DNS of a domain.
	DomainHealth(ctx context.Context, domain string) (DomainReport, error)
}

// Keychain stores passwords in the OS keychain, keyed by address, and keeps
// the list of addresses saved from this app.
type Keychain interface {
	// Available returns nil when a keychain can be used, else the reason.
	Available() error
	Set(email, password string) error
	Get(email string) (string, error)
	Delete(email string) error
	// Saved lists the addresses whose passwords this app saved.
	Saved() ([]string, error)
}

// ErrNotAvailable is returned by engine parts this version does not have.
var ErrNotAvailable = errors.New("not available in this version")

// ErrNoNetwork is returned by Discover when DNS never answered: the person
// must check the connection rather than ask the provider.
var ErrNoNetwork = errors.New("DNS did not answer")

// ErrNoPassword is returned by Keychain.Get when nothing is saved.
var ErrNoPassword = errors.New("no saved password")

// Progress reports how far discovery has got.
type Progress struct {
	Done, Total int             // sources answered (or failed) out of those asked
	Source      settings.Source // the source that just answered, if any
}

// Format names an export format (spec/cli.md, export --format).
type Format string

// Export formats the wizard offers.
const (
	FormatThunderbirdUserJS Format = "thunderbird-userjs"
	FormatOutlookPRF        Format = "outlook-prf"
	FormatAppleMobileconfig Format = "apple-mobileconfig"
	FormatHTML              Format = "html"
	FormatEnv               Format = "env"
	FormatPHPMailer         Format = "phpmailer"
	FormatWPMailSMTP        Format = "wp-mail-smtp"
	FormatPython            Format = "python-smtplib"
	FormatNodemailer        Format = "nodemailer"
)

// snippetFormats are the code snippets offered for websites and CRMs, with
// the names people know them by.
var snippetFormats = []struct {
	Format Format
	Name   string
}{
	{FormatPHPMailer, "PHPMailer"},
	{FormatWPMailSMTP, "WP Mail SMTP (WordPress)"},
	{FormatPython, "Python smtplib"},
	{FormatNodemailer, "Nodemailer (Node.js)"},
}

// CheckRequest says what to check.
type CheckRequest struct {
	Account  settings.Account
	Servers  []settings.Server // incoming first, then outgoing
	Password string            // empty: every step up to auth, auth skipped
	SendTest bool              // send a test message to the address itself
	Lang     i18n.Lang         // language of the test message
}

// StepState is where one step of a server check stands.
type StepState int

// Step states.
const (
	StepRunning StepState = iota
	StepOK
	StepFailed
	StepSkipped
)

// StepEvent is one change of one step: Server indexes CheckRequest.Servers,
// Step is a step name of spec/cli.md (resolve, connect, tls, ...).
type StepEvent struct {
	Server int
	Step   string
	State  StepState
	Detail string
}

// CheckReport is the outcome of a check, one result per server.
type CheckReport struct {
	Results []ServerResult
}

// OK reports whether every server passed.
func (r CheckReport) OK() bool {
	if len(r.Results) == 0 {
		return false
	}
	for _, res := range r.Results {
		if !res.OK {
			return false
		}
	}
	return true
}

// ServerResult is the outcome for one server.
type ServerResult struct {
	Server    settings.Server
	OK        bool
	AuthSkip  bool // no password was given, so auth did not run
	Diagnosis *Diagnosis
}

// Diagnosis explains a failure (spec/cli.md, diagnosis), in both languages so
// that switching language re-renders it without checking again.
type Diagnosis struct {
	Code        string
	Message     i18n.Text
	Advice      i18n.Text
	ServerReply string
	Suggestion  *settings.Server // settings that were found to work
}

// DomainReport is the health of a domain's mail DNS.
type DomainReport struct {
	Domain   string
	Findings []Finding
}

// Finding is one line of a DomainReport.
type Finding struct {
	Check   string    // mx, spf, dmarc, dkim, mta-sts, tls-rpt, blocklist
	Label   i18n.Text // what Check is, in plain words ("Authorised senders (SPF)")
	Status  string    // ok, warning, error
	Message i18n.Text
	Advice  i18n.Text
}
