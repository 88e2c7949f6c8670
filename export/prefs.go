package export

import (
	"fmt"
	"io"
	"strconv"

	"github.com/mailsetup/mailsetup/settings"
)

// pref is one Gecko preference: a name and a string, int or bool value.
type pref struct {
	Name  string
	Value any // string, int or bool
}

// line renders the pref as a prefs.js / user.js statement.
func (p pref) line() string {
	var v string
	switch x := p.Value.(type) {
	case string:
		v = prefsString(x)
	case int:
		v = strconv.Itoa(x)
	case bool:
		v = strconv.FormatBool(x)
	default:
		panic(fmt.Sprintf("export: pref %s has type %T", p.Name, p.Value))
	}
	return "user_pref(" + prefsString(p.Name) + ", " + v + ");\n"
}

func writePrefs(w io.Writer, prefs []pref) error {
	for _, p := range prefs {
		if _, err := io.WriteString(w, p.line()); err != nil {
			return err
		}
	}
	return nil
}

// ProfileKeys are the keys one account occupies in a Thunderbird profile
// (mail.account.<Account>, mail.server.<Server>, mail.identity.<Identity>,
// mail.smtpserver.<SMTP>).
type ProfileKeys struct {
	Account, Server, Identity, SMTP string
}

// tbSocket maps security to socketType / try_ssl (formats.md §2.2; 1 was
// removed in Thunderbird 132 and is never written).
func tbSocket(s settings.Security) int {
	switch s {
	case settings.TLS:
		return 3
	case settings.STARTTLS:
		return 2
	}
	return 0
}

// tbAuth maps the server's preferred login method to authMethod
// (formats.md §2.2). Thunderbird signs in with OAuth2 by itself for the
// providers it knows, so the first method listed wins.
func tbAuth(s settings.Server) int {
	a := settings.AuthPassword
	if len(s.Auth) > 0 {
		a = s.Auth[0]
	}
	switch a {
	case settings.AuthNone:
		return 1
	case settings.AuthPasswordEncrypted:
		return 4
	case settings.AuthGSSAPI:
		return 5
	case settings.AuthNTLM:
		return 6
	case settings.AuthClientCert:
		return 7
	case settings.AuthOAuth2:
		return 10
	}
	return 3
}

// accountPrefs returns the prefs of one account under keys k, grouped by
// account, server, identity and outgoing server (formats.md §2.1). The
// account lists, defaults and lastKey are the caller's business: user.js
// and a profile merge set them differently.
func accountPrefs(p *plan, k ProfileKeys) []pref {
	in, out := *p.in, *p.out
	srv := "mail.server." + k.Server + "."
	prefs := []pref{
		{"mail.account." + k.Account + ".identities", k.Identity},
		{"mail.account." + k.Account + ".server", k.Server},
		{srv + "type", string(in.Protocol)},
		{srv + "hostname", in.Host},
		{srv + "port", in.Port},
		{srv + "socketType", tbSocket(in.Security)},
		{srv + "authMethod", tbAuth(in)},
		{srv + "userName", in.Username},
		{srv + "name", p.from()},
		{srv + "check_new_mail", true},
		{srv + "login_at_startup", true},
	}
	if in.Protocol == settings.POP3 {
		// The account wizard's POP defaults (accountConfig.sys.mjs).
		prefs = append(prefs,
			pref{srv + "leave_on_server", true},
			pref{srv + "num_days_to_leave_on_server", 14},
			pref{srv + "delete_by_age_from_server", true},
			pref{srv + "delete_mail_left_on_server", true},
			pref{srv + "download_on_biff", true},
		)
	}
	id := "mail.identity." + k.Identity + "."
	prefs = append(prefs,
		pref{id + "useremail", p.from()},
		pref{id + "fullName", p.name},
		pref{id + "smtpServer", k.SMTP},
		pref{id + "valid", true},
	)
	smtp := "mail.smtpserver." + k.SMTP + "."
	prefs = append(prefs,
		// Thunderbird 128 added .type; written always (formats.md §2.3).
		pref{smtp + "type", "smtp"},
		pref{smtp + "hostname", out.Host},
		pref{smtp + "port", out.Port},
		pref{smtp + "try_ssl", tbSocket(out.Security)},
		pref{smtp + "authMethod", tbAuth(out)},
		pref{smtp + "username", out.Username},
		pref{smtp + "description", p.providerName()},
	)
	return prefs
}
