package export

import (
	"io"

	"github.com/mailsetup/mailsetup/i18n"
)

// firstKeys are the keys of the only account in a fresh profile.
var firstKeys = ProfileKeys{Account: "account1", Server: "server1", Identity: "id1", SMTP: "smtp1"}

// writeUserJS writes a user.js that creates the account at Thunderbird's
// next start (formats.md §2.4). user.js is re-applied at every start and
// sets the account list, so it is one-shot and for fresh profiles only;
// the comments at the top say so in the user's language.
func writeUserJS(w io.Writer, p *plan, o Options) error {
	l := o.lang()
	for _, key := range []string{"export.userjs.title", "export.userjs.step1", "export.userjs.step2", "export.userjs.step3", "export.userjs.password"} {
		if _, err := io.WriteString(w, "// "+i18n.T(l, key)+"\n"); err != nil {
			return err
		}
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return err
	}
	prefs := accountPrefs(p, firstKeys)
	prefs = append(prefs,
		pref{"mail.smtpservers", firstKeys.SMTP},
		pref{"mail.smtp.defaultserver", firstKeys.SMTP},
		pref{"mail.accountmanager.accounts", firstKeys.Account},
		pref{"mail.accountmanager.defaultaccount", firstKeys.Account},
		pref{"mail.account.lastKey", 1},
	)
	return writePrefs(w, prefs)
}
