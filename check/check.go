// Package check connects to mail servers and logs in, step by step, and
// explains any failure in plain words: resolve → connect → tls → greeting →
// starttls → capabilities → auth → send (spec/cli.md, "check").
//
// Every server of a Request is checked concurrently; each finished step is
// streamed to Options.OnEvent so a window can show progress live; when a
// step fails, other ports and TLS modes are tried in parallel and one that
// works becomes a Suggestion, never applied silently.
//
// The password is only ever written to an encrypted connection (unless the
// caller explicitly allows plaintext) and never appears in a Report: server
// replies are scrubbed of it before they are stored.
package check

import (
	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// StepName names one stage of a check (spec/cli.md, steps[].step).
type StepName string

// Steps, in the order they can run.
const (
	StepResolve      StepName = "resolve"
	StepConnect      StepName = "connect"
	StepTLS          StepName = "tls"
	StepGreeting     StepName = "greeting"
	StepStartTLS     StepName = "starttls"
	StepCapabilities StepName = "capabilities"
	StepAuth         StepName = "auth"
	StepSend         StepName = "send"
)

// Role says whether a server receives or sends mail.
type Role string

// Roles.
const (
	Incoming Role = "incoming"
	Outgoing Role = "outgoing"
)

// RoleOf returns the role of a server by its protocol.
func RoleOf(s settings.Server) Role {
	if s.IsIncoming() {
		return Incoming
	}
	return Outgoing
}

// Request says what to check.
type Request struct {
	// Email is the account's address: the default user name and the
	// recipient and sender of the test message.
	Email settings.Address
	// Servers are checked concurrently, each on its own.
	Servers []settings.Server
	// Username overrides every server's user name when not empty; a server
	// without one uses the address.
	Username string
	// Password is used for the auth step; empty skips it.
	Password string
	// SendTest sends a short message to Email through each SMTP server after
	// logging in (needs a password).
	SendTest bool
	// NoFallback checks exactly the given servers, no other port or mode.
	NoFallback bool
	// AllowPlaintext permits sending the password over an unencrypted
	// connection. Off by default and in the GUI.
	AllowPlaintext bool
	// Provider and Login refine diagnoses of a rejected password (a 535 at an
	// app-password provider means "make an app password").
	Provider settings.DocumentProvider
	Login    settings.Login
	// Lang is the language of the test message.
	Lang i18n.Lang
}

// Step is one finished stage of a server's check.
type Step struct {
	Name StepName
	OK   bool
	// MS is how long the step took, in milliseconds.
	MS int64
	// Detail says what the step found, for a person (an address, a
	// certificate problem); zero when there is nothing to add.
	Detail i18n.Message
	// Skipped is true for an auth step that did not run for lack of a password.
	Skipped bool
}

// Suggestion is a server setting that was found to work.
type Suggestion struct {
	Host     string            `json:"host"`
	Port     int               `json:"port"`
	Security settings.Security `json:"security"`
}

// Diagnosis explains a failed check.
type Diagnosis struct {
	Code Code
	// Message says what is wrong; Advice what to do. Both are rendered in
	// the reader's language when the Report is shown.
	Message, Advice i18n.Message
	// ServerReply holds the server's own words (trimmed, at most 512
	// characters, never the password).
	ServerReply string
	// Suggestion is a verified working alternative, if one was found.
	Suggestion *Suggestion
	// Alert is an IMAP [ALERT] or similar text the server wants shown
	// (RFC 3501 §7.1); it is part of ServerReply too.
	Alert string
}

// Result is the outcome of checking one server.
type Result struct {
	Server settings.Server
	Role   Role
	OK     bool
	Steps  []Step
	// Diagnosis is nil when the check passed.
	Diagnosis *Diagnosis
	// Warnings are findings that did not fail the check (an antivirus
	// certificate, a full mailbox).
	Warnings []i18n.Message
}

// Report is the outcome of a whole Request.
type Report struct {
	Email   settings.Address
	OK      bool
	Results []Result
}

// Event is what a running check streams: one finished step of one server
// (Step set), or the end of a server's check (Done set, with its Result).
type Event struct {
	// Index is the position of the server in Request.Servers.
	Index  int
	Server settings.Server
	Step   *Step
	Done   bool
	Result *Result
}
