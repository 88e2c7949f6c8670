package check

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// diagnoseReply explains a server's refusal by the knowledge base, then by
// its status and the stage it came at.
func diagnoseReply(s *session, rc replyContext, reply string) *failure {
	rc.host = s.srv.Host
	rc.greeting = strings.Join(s.greeting, "\n")
	// Scrub the password before the reply is trimmed: a cut at 512
	// characters could otherwise leave a piece of it that no longer
	// matches as a whole (redact runs again on the stored texts).
	reply = redact(reply, s.req)
	f := &failure{Reply: trimReply(reply), Alert: alertText(reply)}
	if r := lookup(rc, reply); r != nil {
		f.Code, f.AdviceKey = r.code, r.advice
	} else {
		f.Code = genericCode(rc, reply)
	}
	f.Detail = i18n.Msg("check.detail.server_said", "reply", f.Reply)
	return f
}

var alertRE = regexp.MustCompile(`(?i)\[ALERT\]\s*(.*)`)

// alertText returns the text of an IMAP [ALERT] (RFC 3501 §7.1), which
// must be shown to the user.
func alertText(reply string) string {
	for _, line := range strings.Split(reply, "\n") {
		if m := alertRE.FindStringSubmatch(line); m != nil {
			return strings.TrimSpace(m[1])
		}
	}
	return ""
}

// looksLikeAppPassword reports whether a password has the shape of the app
// passwords Google, Yahoo/AOL and Apple generate: 16 lower-case letters,
// shown in groups of four (providers.md §3). A hint only.
func looksLikeAppPassword(p string) bool {
	p = strings.NewReplacer(" ", "", "-", "").Replace(p)
	if len(p) != 16 {
		return false
	}
	for _, c := range p {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// refine applies the provider's login policy to a rejected password
// (spec/cli.md): an oauth-only provider answers "wrong password" to every
// password, and an app-password provider to an ordinary one.
func refine(code Code, req *Request) Code {
	if code != AuthFailed {
		return code
	}
	switch req.Login.Password {
	case settings.PasswordOAuthOnly:
		return AuthOAuthRequired
	case settings.PasswordAppPassword:
		if !looksLikeAppPassword(req.Password) {
			return AuthAppPasswordRequired
		}
	}
	return code
}

// buildDiagnosis turns a failure into what the user reads.
func buildDiagnosis(req *Request, srv settings.Server, f *failure, sug *Suggestion) *Diagnosis {
	code := refine(f.Code, req)
	args := []string{
		"host", srv.Host,
		"port", strconv.Itoa(srv.Port),
		"provider", req.Provider.Name,
		"app_password_url", req.Login.AppPasswordURL,
		"enable_url", req.Login.EnableURL,
		"suggested_host", "",
		"suggested_port", "",
		"security", "",
		"issuer", f.Issuer,
	}
	set := func(name, value string) {
		for i := 0; i+1 < len(args); i += 2 {
			if args[i] == name {
				args[i+1] = value
			}
		}
	}
	if sug != nil {
		set("suggested_host", sug.Host)
		set("suggested_port", strconv.Itoa(sug.Port))
		// The message stays un-rendered until the reader's language is
		// known, but a suggestion is always encrypted (fallback.go), and
		// "SSL/TLS" and "STARTTLS" are the same words in every language
		// (settings tests make sure).
		set("security", sug.Security.Name(i18n.EN))
	}
	adviceKey := "check.code." + string(code) + ".advice"
	if f.AdviceKey != "" && code == f.Code {
		adviceKey = f.AdviceKey
	}
	if blockedPort25(code, srv) {
		adviceKey = "check.advice.port25"
	}
	if sug != nil && !adviceCovers(code, srv, *sug) {
		adviceKey = "check.advice.use_suggestion"
	}
	d := &Diagnosis{
		Code:        code,
		Message:     message("check.code."+string(code)+".message", args),
		Advice:      message(adviceKey, args),
		ServerReply: f.Reply,
		Suggestion:  sug,
	}
	d.Alert = f.Alert
	return d
}

// blockedPort25 reports whether an SMTP server on port 25 could not be
// reached: port 25 is for mail between servers (RFC 6409 §1), and many
// Internet providers block it for their customers, so the fix is the
// submission port, whatever the firewall advice says.
func blockedPort25(code Code, srv settings.Server) bool {
	return srv.Protocol == settings.SMTP && srv.Port == 25 && (code == NetTimeout || code == NetRefused)
}

// adviceCovers reports whether the code's own advice already says what the
// suggestion says (switch the TLS mode; use the certificate's name).
func adviceCovers(code Code, srv settings.Server, s Suggestion) bool {
	samePort := s.Port == srv.Port
	switch code {
	case TLSWrongModePlain:
		return samePort && s.Host == srv.Host && s.Security == settings.STARTTLS
	case TLSWrongModeTLS:
		return samePort && s.Host == srv.Host && s.Security == settings.TLS
	case TLSCertNameMismatch:
		return samePort && s.Host != srv.Host && s.Security == srv.Security
	}
	return false
}

// message picks key, or its "_generic" twin when a slot the text needs has
// no value (no provider name, no app-password page known).
func message(key string, args []string) i18n.Message {
	text := i18n.T(i18n.EN, key)
	for i := 0; i+1 < len(args); i += 2 {
		if args[i+1] == "" && strings.Contains(text, "{"+args[i]+"}") && i18n.Has(i18n.EN, key+"_generic") {
			return i18n.Msg(key+"_generic", args...)
		}
	}
	return i18n.Msg(key, args...)
}
