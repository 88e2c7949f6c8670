package check

import (
	"regexp"
	"strings"
)

// stage is where in a conversation a reply came: the same "5xx" means a
// refused password at AUTH and a refused sender at MAIL (providers.md §6).
type stage string

const (
	stageGreeting stage = "greeting"
	stageStartTLS stage = "starttls"
	stageCaps     stage = "capabilities"
	stageAuth     stage = "auth"
	stageMail     stage = "mail"
	stageRcpt     stage = "rcpt"
	stageData     stage = "data"
)

// rule is one row of the server-reply knowledge base (providers.md §6):
// data, matched in order, the first match wins, so provider-specific rows
// stand above generic ones.
type rule struct {
	id     string // the row's name in providers.md §6, for tests and docs
	proto  string // "smtp", "imap" or "pop3"
	stages []stage
	// re is matched, case-insensitively and multi-line, against the whole
	// reply (its lines joined by newlines, IMAP tags removed).
	re   *regexp.Regexp
	code Code
	// advice overrides the code's default advice (a translation key).
	advice string
	// hosts, when set, limits the rule to servers under these domains;
	// greeting, when set, to servers whose greeting matches.
	hosts    []string
	greeting *regexp.Regexp
}

func re(s string) *regexp.Regexp { return regexp.MustCompile(`(?im)` + s) }

var (
	atAuth = []stage{stageAuth}
	atSend = []stage{stageMail, stageRcpt, stageData}
)

// microsoftCloud are the host names of Microsoft's hosted mail: there a
// failed IMAP/POP login means passwords are off (Basic auth retired).
var microsoftCloud = []string{"outlook.office365.com", "office365.com", "outlook.com", "hotmail.com", "live.com"}

// knowledge is the reply knowledge base. Rows S*, I*, P* follow
// providers.md §6.1–6.3 in order; their sources are listed there.
var knowledge = []rule{
	// SMTP (§6.1)
	{id: "S1", proto: "smtp", re: re(`5\.7\.9 .*application-specific password required`), code: AuthAppPasswordRequired, advice: "check.kb.S1"},
	{id: "S2", proto: "smtp", re: re(`535[- ]5\.7\.8 .*username and password not accepted`), code: AuthFailed, advice: "check.kb.S2"},
	{id: "S3", proto: "smtp", re: re(`5\.7\.14 .*web ?browser|please log in with your web browser|weblogin ?required`), code: AuthWebLoginRequired},
	{id: "S4", proto: "smtp", re: re(`454[- ]4\.7\.0 .*too many login attempts`), code: AuthTooManyAttempts},
	{id: "S5", proto: "smtp", re: re(`5\.7\.139 .*smtpclientauthentication is disabled`), code: AuthServiceDisabled, advice: "check.kb.S5"},
	// S5b: Security Defaults or Conditional Access block password
	// sign-in for the whole organisation: "Authenticated SMTP" on the
	// mailbox does not help there, "Sign in with Microsoft" does.
	{id: "S5b", proto: "smtp", re: re(`5\.7\.139 .*(security defaults|did not meet the criteria)`), code: AuthServiceDisabled, advice: "check.kb.S5b"},
	{id: "S6", proto: "smtp", re: re(`5\.7\.139 .*basic authentication is disabled|5\.7\.30 .*basic authentication is not supported`), code: AuthOAuthRequired},
	{id: "S7", proto: "smtp", re: re(`535[- ]5\.7\.3 authentication unsuccessful`), code: AuthFailed, advice: "check.kb.S7"},
	{id: "S8", proto: "smtp", re: re(`535[- ]5\.7\.0 .*#auth005`), code: AuthFailed},
	{id: "S9", proto: "smtp", re: re(`504[- ]5\.7\.4|534[- ]5\.7\.9|mechanism is too weak|432[- ]4\.7\.12`), code: AuthMechanism},
	{id: "S10", proto: "smtp", re: re(`530[- ]5\.7\.0 .*starttls|538[- ]5\.7\.11|encryption required`), code: AuthMechanism, advice: "check.kb.S10"},
	{id: "S11", proto: "smtp", re: re(`5\.7\.57 .*not authenticated to send|530[- ]5\.7\.0 authentication required|relay access denied|unable to relay|not permitted to relay|relay not permitted|turn on smtp authentication|5\.7\.64`), code: SMTPRelayDenied},
	// S11b: a home connection's address on a blocklist (Spamhaus PBL
	// and the like) refused at the server's door: authenticated
	// submission on 587/465 is not subject to it (seed guides: "listas
	// negras", port 25).
	{id: "S11b", proto: "smtp", re: re(`blocked using |spamhaus\.org/(query|pbl|sbl)|listed (at|in|on|by) [a-z0-9.-]*(spamhaus|spamcop|sorbs|barracuda)`), code: SMTPRelayDenied, advice: "check.kb.S11b"},
	// S11c: Exim (cPanel, VestaCP/Hestia) refuses an unauthenticated
	// client's HELO name at MAIL: logging in is what lets it through.
	{id: "S11c", proto: "smtp", re: re(`access denied - invalid helo name`), code: SMTPRelayDenied},
	// S12a: Microsoft's "Send As" permission (Exchange Online and
	// on-premises), split from S12 to name the permission to ask for.
	{id: "S12a", proto: "smtp", re: re(`5\.7\.60|sendasdenied|5\.2\.252|permissions? to send as`), code: SMTPSenderRejected, advice: "check.kb.S12a"},
	{id: "S12", proto: "smtp", re: re(`not owned by user|must match your authenticated|5\.1\.0 .*sender (address rejected|denied)|553[- ]5\.1\.8`), code: SMTPSenderRejected},
	// S12b: From is not the account's own address (iCloud, Zoho, QQ).
	{id: "S12b", proto: "smtp", re: re(`from address is not one of your addresses|relaying disallowed as |mail from address must be same as authorization user`), code: SMTPSenderRejected},
	{id: "S13", proto: "smtp", re: re(`5\.4\.5 .*daily (user )?sending (limit|quota)|daily sending limit|4\.4\.2 .*submission rate`), code: SMTPRateLimited},
	// S13b: Exchange Online's 30 messages a minute / 10,000 recipients a
	// day; seen with 5.2.2 and 5.2.0.
	{id: "S13b", proto: "smtp", re: re(`5\.2\.[02] .*submission ?quota`), code: SMTPRateLimited, advice: "check.kb.S13b"},
	// S13c: cPanel/Exim's per-domain hourly cap on shared hosting.
	{id: "S13c", proto: "smtp", re: re(`exceeded the max (emails|defers and failures) per hour|messages per hour exceeded|sorry, too many emails`), code: SMTPRateLimited, advice: "check.kb.S13c"},
	// S13d/S14b: Outlook.com's outbound spam filter: "RefuseQuota" is
	// the daily limit; any other verdict (Suspend, HipNotify) holds the
	// account until it is verified on the web.
	{id: "S13d", proto: "smtp", re: re(`outboundspamexception.*refusequota`), code: SMTPRateLimited, advice: "check.kb.S13d"},
	{id: "S14b", proto: "smtp", re: re(`outboundspamexception`), code: SMTPMessageRejected, advice: "check.kb.S14b"},
	{id: "S14", proto: "smtp", re: re(`5\.1\.8 .*bad outbound sender|5\.7\.7(0\d|50)[^\d]`), code: SMTPMessageRejected, advice: "check.kb.S14"},
	{id: "S15", proto: "smtp", re: re(`554[- ]5\.7\.9 .*policy reasons`), code: SMTPMessageRejected, advice: "check.kb.S15"},
	// S16a: the test goes to the user's own address: a full mailbox
	// refuses it although sending itself works (Dovecot, Zimbra).
	{id: "S16a", proto: "smtp", stages: atSend, re: re(`mailbox (for user )?is full|mailbox full|over ?quota|[45]\.2\.2 .*quota exceeded`), code: SMTPMessageRejected, advice: "check.kb.S16a"},
	{id: "S16", proto: "smtp", stages: atSend, re: re(`5\.1\.1[^\d]|recipient address rejected`), code: SMTPMessageRejected, advice: "check.kb.S16"},
	{id: "S17", proto: "smtp", re: re(`421[- ]4\.7\.0 .*try again later|454[- ]4\.7\.0 .*(temporary authentication failure|tls not available)`), code: ServerUnavailable},
	{id: "S18", proto: "smtp", re: re(`535 incorrect authentication data`), code: AuthFailed},
	{id: "S19", proto: "smtp", stages: atAuth, re: re(`^535|5\.7\.8`), code: AuthFailed},
	// S20, the generic 4xx/5xx by stage, is smtpGeneric.

	// IMAP (§6.2)
	{id: "I1", proto: "imap", re: re(`\[ALERT\] application-specific password required`), code: AuthAppPasswordRequired, advice: "check.kb.S1"},
	{id: "I2", proto: "imap", re: re(`please log in via your web browser|\[WEBALERT |web login required`), code: AuthWebLoginRequired},
	{id: "I3", proto: "imap", re: re(`too many simultaneous connections`), code: ServerUnavailable, advice: "check.kb.I3"},
	{id: "I4", proto: "imap", re: re(`not enabled for imap use|imap access is disabled`), code: AuthServiceDisabled},
	{id: "I5", proto: "imap", re: re(`basic authentication is disabled`), code: AuthOAuthRequired},
	{id: "I6", proto: "imap", re: re(`invalid credentials or imap is disabled`), code: AuthFailed, advice: "check.kb.I6"},
	{id: "I7", proto: "imap", re: re(`\[AUTHENTICATIONFAILED\] invalid credentials \(failure\)`), code: AuthFailed},
	{id: "I8", proto: "imap", re: re(`\[AUTHENTICATIONFAILED\] login invalid credentials`), code: AuthFailed},
	{id: "I9", proto: "imap", stages: atAuth, re: re(`(login|authenticate) failed\.`), code: AuthOAuthRequired,
		hosts: microsoftCloud, greeting: re(`microsoft exchange`)},
	{id: "I10", proto: "imap", re: re(`\[AUTHORIZATIONFAILED\]`), code: AuthServiceDisabled},
	{id: "I11", proto: "imap", re: re(`\[EXPIRED\]`), code: AuthWebLoginRequired, advice: "check.kb.I11"},
	{id: "I12", proto: "imap", re: re(`\[PRIVACYREQUIRED\]|plaintext authentication (disallowed|not allowed)`), code: AuthMechanism, advice: "check.kb.I12"},
	{id: "I13", proto: "imap", re: re(`\[UNAVAILABLE\]`), code: ServerUnavailable},
	{id: "I14", proto: "imap", re: re(`\[CONTACTADMIN\]`), code: AuthServiceDisabled, advice: "check.kb.I14"},
	{id: "I15", proto: "imap", re: re(`\[AUTHENTICATIONFAILED\]|authentication failed`), code: AuthFailed},
	{id: "I16", proto: "imap", stages: atAuth, re: re(`^NO\b`), code: AuthFailed},
	{id: "I17", proto: "imap", stages: []stage{stageGreeting}, re: re(`^\* BYE`), code: ServerUnavailable},

	// POP3 (§6.3)
	{id: "P1", proto: "pop3", re: re(`-ERR \[AUTH\] application-specific password required`), code: AuthAppPasswordRequired, advice: "check.kb.S1"},
	{id: "P2", proto: "pop3", re: re(`not enabled for pop access|pop access is disabled`), code: AuthServiceDisabled, advice: "check.kb.P2"},
	{id: "P3", proto: "pop3", re: re(`-ERR \[AUTH\] plaintext authentication disallowed`), code: AuthMechanism, advice: "check.kb.P3"},
	{id: "P4", proto: "pop3", re: re(`-ERR \[AUTH\]`), code: AuthFailed},
	{id: "P5", proto: "pop3", re: re(`-ERR \[SYS/TEMP\]`), code: ServerUnavailable},
	{id: "P6", proto: "pop3", re: re(`-ERR \[SYS/PERM\]`), code: AuthServiceDisabled, advice: "check.kb.I14"},
	{id: "P7", proto: "pop3", re: re(`-ERR \[IN-USE\]`), code: ServerUnavailable, advice: "check.kb.P7"},
	{id: "P8", proto: "pop3", re: re(`-ERR \[LOGIN-DELAY\]`), code: AuthTooManyAttempts},
}

// replyContext is what a rule may depend on besides the reply itself.
type replyContext struct {
	proto    string
	stage    stage
	host     string
	greeting string
}

// lookup returns the first rule that matches reply, or nil.
func lookup(rc replyContext, reply string) *rule {
	for i := range knowledge {
		r := &knowledge[i]
		if r.proto != rc.proto || !r.re.MatchString(reply) {
			continue
		}
		if len(r.stages) > 0 && !hasStage(r.stages, rc.stage) {
			continue
		}
		if len(r.hosts) > 0 && !underAny(rc.host, r.hosts) {
			continue
		}
		if r.greeting != nil && !r.greeting.MatchString(rc.greeting) {
			continue
		}
		return r
	}
	return nil
}

func hasStage(list []stage, s stage) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func underAny(host string, domains []string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, d := range domains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// genericCode is the code for a reply no rule knows, by protocol, status
// and stage (row S20 and the IMAP/POP3 equivalents).
func genericCode(rc replyContext, reply string) Code {
	temporary := false
	switch rc.proto {
	case "smtp":
		temporary = strings.HasPrefix(reply, "4")
	case "imap":
		temporary = strings.Contains(strings.ToUpper(reply), "[UNAVAILABLE]")
	case "pop3":
		temporary = strings.Contains(strings.ToUpper(reply), "[SYS/TEMP]")
	}
	if temporary {
		// RFC 4954 §6: after a temporary failure at AUTH, do not ask for
		// a new password.
		return ServerUnavailable
	}
	switch rc.stage {
	case stageAuth:
		return AuthFailed
	case stageMail:
		return SMTPSenderRejected
	case stageRcpt, stageData:
		return SMTPMessageRejected
	case stageStartTLS:
		return StartTLSUnavailable
	case stageGreeting:
		return ServerUnavailable
	}
	return ServerProtocolError
}
