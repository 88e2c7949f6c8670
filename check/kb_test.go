package check

import (
	"net"
	"net/netip"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// kbSample is a real server reply (providers.md §6 and its sources) and
// what it must be diagnosed as.
type kbSample struct {
	rule     string // the knowledge-base row it must hit; "" = no row (generic)
	proto    settings.Protocol
	stage    stage
	reply    []string // as the server sends it; "TAG" is the IMAP tag
	code     Code
	policy   settings.PasswordPolicy
	password string
	host     string
	greeting string
}

var kbSamples = []kbSample{
	// SMTP: Google
	{rule: "S1", proto: settings.SMTP, stage: stageAuth, code: AuthAppPasswordRequired, reply: []string{
		"534-5.7.9 Application-specific password required. Learn more at",
		"534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor d2-20020a05"}},
	{rule: "S2", proto: settings.SMTP, stage: stageAuth, code: AuthAppPasswordRequired, policy: settings.PasswordAppPassword, password: "my normal passw0rd", reply: []string{
		"535-5.7.8 Username and Password not accepted. For more information, go to",
		"535 5.7.8  https://support.google.com/mail/?p=BadCredentials l12sm1234567wmq.1 - gsmtp"}},
	{rule: "S2", proto: settings.SMTP, stage: stageAuth, code: AuthFailed, policy: settings.PasswordAppPassword, password: "abcd efgh ijkl mnop", reply: []string{
		"535-5.7.8 Username and Password not accepted. For more information, go to",
		"535 5.7.8  https://support.google.com/mail/?p=BadCredentials l12sm1234567wmq.1 - gsmtp"}},
	{rule: "S3", proto: settings.SMTP, stage: stageAuth, code: AuthWebLoginRequired, reply: []string{
		"534-5.7.14 <https://accounts.google.com/signin/continue?sarp=1&scc=1> Please log in via your web browser and",
		"534-5.7.14 then try again.",
		"534 5.7.14  Learn more at https://support.google.com/mail/answer/78754 - gsmtp"}},
	{rule: "S4", proto: settings.SMTP, stage: stageAuth, code: AuthTooManyAttempts, reply: []string{"454 4.7.0 Too many login attempts, please try again later. - gsmtp"}},
	// SMTP: Microsoft
	{rule: "S5", proto: settings.SMTP, stage: stageAuth, code: AuthServiceDisabled, reply: []string{"535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [MW4PR03CA0031.namprd03.prod.outlook.com]"}},
	{rule: "S5", proto: settings.SMTP, stage: stageAuth, code: AuthServiceDisabled, reply: []string{"535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information. [AM0PR10CA0012.EURPRD10.PROD.OUTLOOK.COM]"}},
	{rule: "S5b", proto: settings.SMTP, stage: stageAuth, code: AuthServiceDisabled, reply: []string{"535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy. Contact your administrator."}},
	{rule: "S5b", proto: settings.SMTP, stage: stageAuth, code: AuthServiceDisabled, reply: []string{"535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully. Contact your administrator."}},
	{rule: "S6", proto: settings.SMTP, stage: stageAuth, code: AuthOAuthRequired, reply: []string{"535 5.7.139 Authentication unsuccessful, basic authentication is disabled. [BN9PR03CA0123.namprd03.prod.outlook.com]"}},
	{rule: "S6", proto: settings.SMTP, stage: stageAuth, code: AuthOAuthRequired, reply: []string{"550 5.7.30 Basic authentication is not supported for Client Submission."}},
	{rule: "S7", proto: settings.SMTP, stage: stageAuth, code: AuthFailed, reply: []string{"535 5.7.3 Authentication unsuccessful [SN4PR0601CA0012.namprd06.prod.outlook.com]"}},
	{rule: "S7", proto: settings.SMTP, stage: stageAuth, code: AuthOAuthRequired, policy: settings.PasswordOAuthOnly, reply: []string{"535 5.7.3 Authentication unsuccessful [SN4PR0601CA0012.namprd06.prod.outlook.com]"}},
	// SMTP: Yahoo/AOL
	{rule: "S8", proto: settings.SMTP, stage: stageAuth, code: AuthFailed, reply: []string{"535 5.7.0 (#AUTH005) Too many bad auth attempts."}},
	{rule: "S8", proto: settings.SMTP, stage: stageAuth, code: AuthAppPasswordRequired, policy: settings.PasswordAppPassword, password: "Ordinary-Pass1", reply: []string{"535 5.7.0 (#AUTH005) Too many bad auth attempts."}},
	// SMTP: mechanisms and encryption
	{rule: "S9", proto: settings.SMTP, stage: stageAuth, code: AuthMechanism, reply: []string{"504 5.7.4 Unrecognized authentication type [AM0PR02CA0001.eurprd02.prod.outlook.com]"}},
	{rule: "S9", proto: settings.SMTP, stage: stageAuth, code: AuthMechanism, reply: []string{"534 5.7.9 Authentication mechanism is too weak"}},
	{rule: "S9", proto: settings.SMTP, stage: stageAuth, code: AuthMechanism, reply: []string{"432 4.7.12 A password transition is needed"}},
	{rule: "S10", proto: settings.SMTP, stage: stageAuth, code: AuthMechanism, reply: []string{"530 5.7.0 Must issue a STARTTLS command first."}},
	{rule: "S10", proto: settings.SMTP, stage: stageAuth, code: AuthMechanism, reply: []string{"538 5.7.11 Encryption required for requested authentication mechanism"}},
	// SMTP: sending
	{rule: "S11", proto: settings.SMTP, stage: stageMail, code: SMTPRelayDenied, reply: []string{"530 5.7.0 Authentication required"}},
	{rule: "S11", proto: settings.SMTP, stage: stageRcpt, code: SMTPRelayDenied, reply: []string{"554 5.7.1 <ana@example.test>: Relay access denied"}},
	{rule: "S11", proto: settings.SMTP, stage: stageMail, code: SMTPRelayDenied, reply: []string{"530 5.7.57 Client not authenticated to send mail. [DB6PR07CA0001.eurprd07.prod.outlook.com]"}},
	{rule: "S11", proto: settings.SMTP, stage: stageRcpt, code: SMTPRelayDenied, reply: []string{"550 5.7.64 TenantAttribution; Relay Access Denied"}},
	{rule: "S11", proto: settings.SMTP, stage: stageRcpt, code: SMTPRelayDenied, reply: []string{"550 relay not permitted, authentication required (#5.7.1)"}},
	{rule: "S11", proto: settings.SMTP, stage: stageRcpt, code: SMTPRelayDenied, reply: []string{
		"550-Please turn on SMTP Authentication in your mail client. host.example.test",
		"550-[203.0.113.7]:51234 is not permitted to relay through this server without",
		"550 authentication."}},
	{rule: "S11b", proto: settings.SMTP, stage: stageRcpt, code: SMTPRelayDenied, reply: []string{"554 5.7.1 Service unavailable; Client host [203.0.113.7] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.7"}},
	{rule: "S11b", proto: settings.SMTP, stage: stageGreeting, code: SMTPRelayDenied, reply: []string{"554 Your access to this mail system from 203.0.113.7 has been rejected due to the sending MTA's poor reputation. If you believe that this failure is in error, please contact the intended recipient via alternate means. https://www.spamhaus.org/pbl/query/PBL1234567"}},
	{rule: "S11c", proto: settings.SMTP, stage: stageMail, code: SMTPRelayDenied, reply: []string{"550 Access denied - Invalid HELO name (See RFC2821 4.1.3)"}},
	{rule: "S11c", proto: settings.SMTP, stage: stageMail, code: SMTPRelayDenied, reply: []string{"550 Access denied - Invalid HELO name (See RFC2821 4.1.1.1)"}},
	{rule: "S12b", proto: settings.SMTP, stage: stageData, code: SMTPSenderRejected, reply: []string{"550 5.7.0 From address is not one of your addresses."}},
	{rule: "S12b", proto: settings.SMTP, stage: stageData, code: SMTPSenderRejected, reply: []string{"553 Relaying disallowed as hello@example.test"}},
	{rule: "S12b", proto: settings.SMTP, stage: stageMail, code: SMTPSenderRejected, reply: []string{"501 mail from address must be same as authorization user"}},
	{rule: "S12a", proto: settings.SMTP, stage: stageMail, code: SMTPSenderRejected, reply: []string{"550 5.7.60 SMTP; Client does not have permissions to send as this sender"}},
	{rule: "S12a", proto: settings.SMTP, stage: stageData, code: SMTPSenderRejected, reply: []string{"554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message Cannot submit message."}},
	{rule: "S12a", proto: settings.SMTP, stage: stageData, code: SMTPSenderRejected, reply: []string{"550 5.7.1 Client does not have permissions to send as this sender"}},
	{rule: "S12", proto: settings.SMTP, stage: stageRcpt, code: SMTPSenderRejected, reply: []string{"553 5.7.1 <ana@example.test>: Sender address rejected: not owned by user ana@example.test"}},
	{rule: "S12", proto: settings.SMTP, stage: stageMail, code: SMTPSenderRejected, reply: []string{"550 Your FROM address ( ana@example.test ) must match your authenticated email user ( info@example.test ). Treating this as a spoofed email."}},
	{rule: "S12", proto: settings.SMTP, stage: stageMail, code: SMTPSenderRejected, reply: []string{"553 5.1.8 <ana@example.test>: Sender address rejected: Domain not found"}},
	{rule: "S13", proto: settings.SMTP, stage: stageData, code: SMTPRateLimited, reply: []string{"550-5.4.5 Daily user sending limit exceeded. For more information on Gmail", "550 5.4.5 sending limits go to https://support.google.com/a/answer/166852"}},
	{rule: "S13", proto: settings.SMTP, stage: stageMail, code: SMTPRateLimited, reply: []string{"452 4.4.2 Message submission rate for this client has exceeded the configured limit"}},
	{rule: "S13", proto: settings.SMTP, stage: stageData, code: SMTPRateLimited, reply: []string{"550-5.4.5 Daily user sending quota exceeded. For more information on Gmail", "550 5.4.5 sending limits go to https://support.google.com/mail/?p=ReachedSendingLimit"}},
	{rule: "S13", proto: settings.SMTP, stage: stageData, code: SMTPRateLimited, reply: []string{"550 5.4.5 Daily sending quota exceeded. https://support.google.com/a/answer/166852"}},
	{rule: "S13b", proto: settings.SMTP, stage: stageData, code: SMTPRateLimited, reply: []string{"554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message due to a permanent exception with message Cannot submit message."}},
	{rule: "S13c", proto: settings.SMTP, stage: stageData, code: SMTPRateLimited, reply: []string{"550 Domain example.test has exceeded the max emails per hour (100/100 (100%)) allowed.  Message discarded."}},
	{rule: "S13c", proto: settings.SMTP, stage: stageRcpt, code: SMTPRateLimited, reply: []string{"550 Domain example.test has exceeded the max defers and failures per hour (5/5 (100%)) allowed.  Message discarded."}},
	{rule: "S13c", proto: settings.SMTP, stage: stageData, code: SMTPRateLimited, reply: []string{"451 Domain example.test has exceeded the max emails per hour (123/100 (123%)) allowed.  Message will be reattempted later"}},
	{rule: "S13c", proto: settings.SMTP, stage: stageData, code: SMTPRateLimited, reply: []string{"450 4.7.1 <END-OF-MESSAGE>: End-of-data rejected: Number messages per hour exceeded. Error:RATE_MSG"}},
	{rule: "S13c", proto: settings.SMTP, stage: stageData, code: SMTPRateLimited, reply: []string{"554 sorry, too many emails (#5.7.1)"}},
	{rule: "S14b", proto: settings.SMTP, stage: stageData, code: SMTPMessageRejected, reply: []string{"554 5.2.0 STOREDRV.Submission.Exception:OutboundSpamException; Failed to process message due to a permanent exception with message WASCL UserAction verdict is not None. Actual verdict is HipNotify, ShowTierUpgrade. OutboundSpamException: WASCL UserAction verdict is not None. Actual verdict is HipNotify, ShowTierUpgrade. [Hostname=TY2PR06MB3117.apcprd06.prod.outlook.com]"}},
	{rule: "S13d", proto: settings.SMTP, stage: stageData, code: SMTPRateLimited, reply: []string{"554 5.2.0 STOREDRV.Submission.Exception:OutboundSpamException; Failed to process message due to a permanent exception with message WASCL UserAction verdict is not None. Actual verdict is RefuseQuota, ShowTierUpgrade. OutboundSpamException: WASCL UserAction verdict is not None. Actual verdict is RefuseQuota, ShowTierUpgrade."}},
	{rule: "S14b", proto: settings.SMTP, stage: stageData, code: SMTPMessageRejected, reply: []string{"554 5.2.0 STOREDRV.Submission.Exception:OutboundSpamException; Failed to process message due to a permanent exception with message WASCL UserAction verdict is not None. Actual verdict is Suspend, ShowTierUpgrade. OutboundSpamException: WASCL UserAction verdict is not None. Actual verdict is Suspend, ShowTierUpgrade."}},
	{rule: "S13b", proto: settings.SMTP, stage: stageData, code: SMTPRateLimited, reply: []string{"554 5.2.2 mailbox full; STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message"}},
	{rule: "S14", proto: settings.SMTP, stage: stageMail, code: SMTPMessageRejected, reply: []string{"550 5.1.8 Access denied, bad outbound sender AS(42004)"}},
	{rule: "S14", proto: settings.SMTP, stage: stageData, code: SMTPMessageRejected, reply: []string{"550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP."}},
	{rule: "S15", proto: settings.SMTP, stage: stageData, code: SMTPMessageRejected, reply: []string{"554 5.7.9 Message not accepted for policy reasons.  See https://help.yahoo.com/kb/postmaster/SLN7253.html"}},
	{rule: "S16a", proto: settings.SMTP, stage: stageData, code: SMTPMessageRejected, reply: []string{"552 5.2.2 <ana@example.test> Quota exceeded (mailbox for user is full)"}},
	{rule: "S16a", proto: settings.SMTP, stage: stageRcpt, code: SMTPMessageRejected, reply: []string{"452 4.2.2 Over quota"}},
	{rule: "S16", proto: settings.SMTP, stage: stageRcpt, code: SMTPMessageRejected, reply: []string{"550 5.1.1 <ana@example.test>: Recipient address rejected: User unknown in virtual mailbox table"}},
	{rule: "S17", proto: settings.SMTP, stage: stageAuth, code: ServerUnavailable, reply: []string{"454 4.7.0 Temporary authentication failure"}},
	{rule: "S17", proto: settings.SMTP, stage: stageStartTLS, code: ServerUnavailable, reply: []string{"454 4.7.0 TLS not available due to local problem"}},
	{rule: "S17", proto: settings.SMTP, stage: stageGreeting, code: ServerUnavailable, reply: []string{"421 4.7.0 Try again later, closing connection. (EHLO) - gsmtp"}},
	{rule: "S18", proto: settings.SMTP, stage: stageAuth, code: AuthFailed, reply: []string{"535 Incorrect authentication data"}},
	{rule: "S19", proto: settings.SMTP, stage: stageAuth, code: AuthFailed, reply: []string{"535 5.7.8 Error: authentication failed: authentication failure"}},
	{rule: "S19", proto: settings.SMTP, stage: stageAuth, code: AuthFailed, reply: []string{"535 5.7.8 bad user/pass (4jkGZ3lxN1)"}},
	// SMTP: generic (S20)
	{proto: settings.SMTP, stage: stageMail, code: ServerUnavailable, reply: []string{"451 4.3.0 Temporary lookup failure"}},
	{proto: settings.SMTP, stage: stageMail, code: SMTPSenderRejected, reply: []string{"550 5.7.1 Not allowed"}},
	{proto: settings.SMTP, stage: stageData, code: SMTPMessageRejected, reply: []string{"554 5.6.0 Message refused"}},
	{proto: settings.SMTP, stage: stageAuth, code: AuthFailed, reply: []string{"500 5.5.1 Nope"}},
	{proto: settings.SMTP, stage: stageStartTLS, code: StartTLSUnavailable, reply: []string{"502 5.5.1 Not now"}},

	// IMAP
	{rule: "I1", proto: settings.IMAP, stage: stageAuth, code: AuthAppPasswordRequired, reply: []string{"TAG NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)"}},
	{rule: "I2", proto: settings.IMAP, stage: stageAuth, code: AuthWebLoginRequired, reply: []string{"TAG NO [WEBALERT https://accounts.google.com/signin/continue?sarp=1] Web login required."}},
	{rule: "I2", proto: settings.IMAP, stage: stageAuth, code: AuthWebLoginRequired, reply: []string{"TAG NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)"}},
	{rule: "I3", proto: settings.IMAP, stage: stageAuth, code: ServerUnavailable, reply: []string{"TAG NO [ALERT] Too many simultaneous connections. (Failure)"}},
	{rule: "I4", proto: settings.IMAP, stage: stageAuth, code: AuthServiceDisabled, reply: []string{"TAG NO [ALERT] Your account is not enabled for IMAP use. Please visit your Gmail settings page and enable your account for IMAP access. (Failure)"}},
	{rule: "I5", proto: settings.IMAP, stage: stageAuth, code: AuthOAuthRequired, reply: []string{"TAG NO Basic authentication is disabled."}},
	{rule: "I6", proto: settings.IMAP, stage: stageAuth, code: AuthFailed, reply: []string{"TAG NO [AUTHENTICATIONFAILED] INVALID credentials or IMAP is disabled"}},
	{rule: "I7", proto: settings.IMAP, stage: stageAuth, code: AuthFailed, reply: []string{"TAG NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)"}},
	{rule: "I7", proto: settings.IMAP, stage: stageAuth, code: AuthAppPasswordRequired, policy: settings.PasswordAppPassword, password: "Hunter2!", reply: []string{"TAG NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)"}},
	{rule: "I8", proto: settings.IMAP, stage: stageAuth, code: AuthFailed, reply: []string{"TAG NO [AUTHENTICATIONFAILED] LOGIN Invalid credentials"}},
	{rule: "I9", proto: settings.IMAP, stage: stageAuth, code: AuthOAuthRequired, host: "outlook.office365.com", greeting: "* OK The Microsoft Exchange IMAP4 service is ready. [TQBBADMAUABSADAA]", reply: []string{"TAG NO AUTHENTICATE failed."}},
	{rule: "I16", proto: settings.IMAP, stage: stageAuth, code: AuthFailed, greeting: "* OK The Microsoft Exchange IMAP4 service is ready.", reply: []string{"TAG NO LOGIN failed."}},
	{rule: "I10", proto: settings.IMAP, stage: stageAuth, code: AuthServiceDisabled, reply: []string{"TAG NO [AUTHORIZATIONFAILED] Access to this mailbox is not allowed"}},
	{rule: "I11", proto: settings.IMAP, stage: stageAuth, code: AuthWebLoginRequired, reply: []string{"TAG NO [EXPIRED] Password has expired"}},
	{rule: "I12", proto: settings.IMAP, stage: stageAuth, code: AuthMechanism, reply: []string{
		"* BAD [ALERT] Plaintext authentication not allowed without SSL/TLS, but your client did it anyway. If anyone was listening, the password was exposed.",
		"TAG NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections."}},
	{rule: "I13", proto: settings.IMAP, stage: stageAuth, code: ServerUnavailable, reply: []string{"TAG NO [UNAVAILABLE] Temporary authentication failure. [mail:2026-11-22 10:00:00]"}},
	{rule: "I14", proto: settings.IMAP, stage: stageAuth, code: AuthServiceDisabled, reply: []string{"TAG NO [CONTACTADMIN] Your account is locked"}},
	{rule: "I15", proto: settings.IMAP, stage: stageAuth, code: AuthFailed, reply: []string{"TAG NO [AUTHENTICATIONFAILED] Authentication failed."}},
	{rule: "I15", proto: settings.IMAP, stage: stageAuth, code: AuthOAuthRequired, policy: settings.PasswordOAuthOnly, reply: []string{"TAG NO [AUTHENTICATIONFAILED] Authentication failed."}},
	{rule: "I16", proto: settings.IMAP, stage: stageAuth, code: AuthFailed, reply: []string{"TAG NO Login failed"}},
	{rule: "I17", proto: settings.IMAP, stage: stageGreeting, code: ServerUnavailable, reply: []string{"* BYE Too many connections, try again later"}},

	// POP3
	{rule: "P1", proto: settings.POP3, stage: stageAuth, code: AuthAppPasswordRequired, reply: []string{"-ERR [AUTH] Application-specific password required: https://support.google.com/accounts/answer/185833"}},
	{rule: "P2", proto: settings.POP3, stage: stageAuth, code: AuthServiceDisabled, reply: []string{"-ERR [SYS/PERM] Your account is not enabled for POP access. Please visit your Gmail settings page and enable your account for POP access."}},
	{rule: "P3", proto: settings.POP3, stage: stageAuth, code: AuthMechanism, reply: []string{"-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections."}},
	{rule: "P4", proto: settings.POP3, stage: stageAuth, code: AuthFailed, reply: []string{"-ERR [AUTH] Authentication failed."}},
	{rule: "P5", proto: settings.POP3, stage: stageAuth, code: ServerUnavailable, reply: []string{"-ERR [SYS/TEMP] Temporary authentication failure"}},
	{rule: "P6", proto: settings.POP3, stage: stageAuth, code: AuthServiceDisabled, reply: []string{"-ERR [SYS/PERM] Account disabled"}},
	{rule: "P7", proto: settings.POP3, stage: stageAuth, code: ServerUnavailable, reply: []string{"-ERR [IN-USE] Mailbox is locked by another POP3 session"}},
	{rule: "P8", proto: settings.POP3, stage: stageAuth, code: AuthTooManyAttempts, reply: []string{"-ERR [LOGIN-DELAY] Wait a little before logging in again"}},
	{proto: settings.POP3, stage: stageAuth, code: AuthFailed, reply: []string{"CLOSE"}},          // P9
	{proto: settings.POP3, stage: stageAuth, code: AuthFailed, reply: []string{"-ERR Bad login"}}, // generic
	{proto: settings.IMAP, stage: stageAuth, code: AuthFailed, reply: []string{"CLOSE"}},
	{proto: settings.SMTP, stage: stageAuth, code: AuthFailed, reply: []string{"CLOSE"}},
}

// TestKnowledgeBase runs every sample through a real check against a fake
// that answers it, and makes sure it hits its row: every row of the
// knowledge base is exercised at least once.
func TestKnowledgeBase(t *testing.T) {
	e := newEnv(t)
	e.res.hosts["outlook.office365.com"] = []netip.Addr{loopback}
	hit := map[string]bool{}
	for _, k := range kbSamples {
		name := k.rule + " " + string(k.proto) + " " + string(k.stage) + " " + k.reply[0]
		t.Run(name, func(t *testing.T) {
			host := testHost
			if k.host != "" {
				host = k.host
			}
			cfg := e.pki.serverConfig(t, host)
			var h func(net.Conn)
			sendTest := false
			switch k.proto {
			case settings.SMTP:
				sc := smtpScript{tls: cfg, implicit: true, ext: []string{"AUTH PLAIN LOGIN"}}
				switch k.stage {
				case stageAuth:
					sc.auth = k.reply
				case stageMail:
					sc.mail, sendTest = k.reply, true
				case stageRcpt:
					sc.rcpt, sendTest = k.reply, true
				case stageData:
					sc.data, sendTest = k.reply, true
				case stageGreeting:
					sc.greeting = k.reply
				case stageStartTLS:
					sc.implicit, sc.starttlsReply = false, k.reply[0]
				}
				h = sc.handle
			case settings.IMAP:
				sc := imapScript{tls: cfg, implicit: true, login: k.reply, greeting: k.greeting}
				if k.stage == stageGreeting {
					sc.greeting = k.reply[0]
				}
				h = sc.handle
			case settings.POP3:
				h = pop3Script{tls: cfg, implicit: true, auth: k.reply}.handle
			}
			sec := settings.TLS
			if k.stage == stageStartTLS {
				sec = settings.STARTTLS
			}
			srv := e.at(k.proto, sec, 1, serve(t, h))
			srv.Host = host
			pw := k.password
			if pw == "" {
				pw = "Secret-Pa55"
			}
			r := e.one(srv, func(r *Request) {
				r.Password, r.SendTest, r.NoFallback = pw, sendTest, true
				r.Login.Password = k.policy
				r.Login.AppPasswordURL = "https://example.test/apppasswords"
				r.Provider.Name = "Example Mail"
			})
			wantCode(t, r, k.code)
			d := r.Diagnosis
			for _, l := range []i18n.Lang{i18n.ES, i18n.EN} {
				for _, text := range []string{d.Message.In(l), d.Advice.In(l)} {
					if text == "" || strings.Contains(text, "{") || strings.HasPrefix(text, "check.") {
						t.Fatalf("%s: bad text %q", l, text)
					}
				}
			}
			if k.reply[0] != "CLOSE" && d.ServerReply == "" {
				t.Fatal("the server's words are missing")
			}
			if k.rule == "" {
				return
			}
			reply := strings.ReplaceAll(strings.Join(k.reply, "\n"), "TAG ", "")
			rc := replyContext{proto: string(k.proto), stage: k.stage, host: host, greeting: k.greeting}
			if got := lookup(rc, reply); got == nil || got.id != k.rule {
				t.Fatalf("reply hit %v, want row %s", got, k.rule)
			}
			// The row's own advice reaches the user, unless the login
			// policy turned the code into another one.
			if got := lookup(rc, reply); got.advice != "" && r.Diagnosis.Code == got.code && r.Diagnosis.Suggestion == nil {
				if key := strings.TrimSuffix(d.Advice.Key, "_generic"); key != got.advice {
					t.Fatalf("advice %s, want the row's %s", d.Advice.Key, got.advice)
				}
			}
			hit[k.rule] = true
		})
	}
	for _, r := range knowledge {
		if !hit[r.id] {
			t.Errorf("knowledge-base row %s has no sample", r.id)
		}
	}
}

// The IMAP [ALERT] text is kept for the user (RFC 3501 §7.1).
func TestIMAPAlertShown(t *testing.T) {
	e := newEnv(t)
	srv := e.at(settings.IMAP, settings.TLS, 993, serve(t, imapScript{tls: e.tlsConfig(), implicit: true, login: []string{
		"* OK [ALERT] Your mailbox will be closed on 1 December",
		"TAG NO [AUTHENTICATIONFAILED] Authentication failed."}}.handle))
	r := e.one(srv, func(r *Request) { r.Password = "x"; r.NoFallback = true })
	wantCode(t, r, AuthFailed)
	if r.Diagnosis.Alert != "Your mailbox will be closed on 1 December" {
		t.Fatalf("alert %q", r.Diagnosis.Alert)
	}
	if !strings.Contains(r.Diagnosis.ServerReply, "[ALERT]") || !strings.Contains(r.Diagnosis.ServerReply, "NO [AUTHENTICATIONFAILED]") {
		t.Fatalf("reply %q", r.Diagnosis.ServerReply)
	}
}
