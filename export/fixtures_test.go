package export

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// Accounts the tests export. Hosts are reserved example names; nothing
// here is ever dialled.
func fixture(t testing.TB, name string) settings.Account {
	t.Helper()
	switch name {
	case "generic":
		return account(t, "Ana Pérez", "ana@example.es", settings.Config{
			ProviderID: "example.es", ProviderName: "Example Hosting",
			Incoming: []settings.Server{
				srv(settings.IMAP, "imap.example.es", 993, settings.TLS, "%EMAILADDRESS%"),
				srv(settings.IMAP, "imap.example.es", 143, settings.STARTTLS, "%EMAILADDRESS%"),
				srv(settings.POP3, "pop.example.es", 995, settings.TLS, "%EMAILADDRESS%"),
			},
			Outgoing: []settings.Server{
				srv(settings.SMTP, "smtp.example.es", 587, settings.STARTTLS, "%EMAILADDRESS%"),
				srv(settings.SMTP, "smtp.example.es", 465, settings.TLS, "%EMAILADDRESS%"),
			},
			Login:   settings.Login{Password: settings.PasswordAllowed},
			Notes:   i18n.Text{ES: "Usa la contraseña del buzón, no la del panel.", EN: "Use the mailbox password, not the control panel one."},
			HelpURL: "https://help.example.es/correo",
			Source:  settings.SourceAutoconfig, Trust: settings.Verified,
		})
	case "gmail":
		both := []settings.Auth{settings.AuthOAuth2, settings.AuthPassword}
		in := srv(settings.IMAP, "imap.gmail.com", 993, settings.TLS, "%EMAILADDRESS%")
		in.Auth = both
		out := srv(settings.SMTP, "smtp.gmail.com", 465, settings.TLS, "%EMAILADDRESS%")
		out.Auth = both
		return account(t, "Luis Ortega", "luis.ortega@gmail.com", settings.Config{
			ProviderID: "googlemail.com", ProviderName: "Google Mail",
			Incoming: []settings.Server{in}, Outgoing: []settings.Server{out},
			Login: settings.Login{Password: settings.PasswordAppPassword,
				AppPasswordURL: "https://myaccount.google.com/apppasswords"},
			SendLimit: i18n.Text{ES: "500 destinatarios al día.", EN: "500 recipients a day."},
			Source:    settings.SourceBuiltin, Trust: settings.Verified,
		})
	case "pop":
		return account(t, "José Muñoz", "jose@correo.example", settings.Config{
			ProviderName: "",
			Incoming:     []settings.Server{srv(settings.POP3, "pop.correo.example", 995, settings.TLS, "jose")},
			Outgoing:     []settings.Server{srv(settings.SMTP, "smtp.correo.example", 587, settings.STARTTLS, "jose")},
			Login:        settings.Login{Password: settings.PasswordAllowed, EnableURL: "https://correo.example/ajustes/pop"},
			Source:       settings.SourceGuess, Trust: settings.Unverified,
		})
	case "outlookcom":
		in := srv(settings.IMAP, "outlook.office365.com", 993, settings.TLS, "%EMAILADDRESS%")
		in.Auth = []settings.Auth{settings.AuthOAuth2}
		out := srv(settings.SMTP, "smtp-mail.outlook.com", 587, settings.STARTTLS, "%EMAILADDRESS%")
		out.Auth = []settings.Auth{settings.AuthOAuth2}
		return account(t, "Marta Gil", "marta@hotmail.es", settings.Config{
			ProviderID: "hotmail.com", ProviderName: "Outlook.com",
			Incoming: []settings.Server{in}, Outgoing: []settings.Server{out},
			Login:  settings.Login{Password: settings.PasswordOAuthOnly},
			Source: settings.SourceBuiltin, Trust: settings.Verified,
		})
	case "m365":
		in := srv(settings.IMAP, "outlook.office365.com", 993, settings.TLS, "%EMAILADDRESS%")
		in.Auth = []settings.Auth{settings.AuthOAuth2}
		out := srv(settings.SMTP, "smtp.office365.com", 587, settings.STARTTLS, "%EMAILADDRESS%")
		out.Auth = []settings.Auth{settings.AuthOAuth2, settings.AuthPassword}
		return account(t, "Oficina", "info@empresa.example", settings.Config{
			ProviderID: "office365.com", ProviderName: "Microsoft 365",
			Incoming: []settings.Server{in}, Outgoing: []settings.Server{out},
			Login:  settings.Login{Password: settings.PasswordOAuthOnly},
			Source: settings.SourceMX, Trust: settings.Unverified,
		})
	}
	t.Fatalf("no fixture %q", name)
	return settings.Account{}
}

func srv(p settings.Protocol, host string, port int, sec settings.Security, user string) settings.Server {
	return settings.Server{Protocol: p, Host: host, Port: port, Security: sec, Username: user, Auth: []settings.Auth{settings.AuthPassword}}
}

func account(t testing.TB, name, address string, c settings.Config) settings.Account {
	t.Helper()
	a, err := settings.ParseAddress(address)
	if err != nil {
		t.Fatal(err)
	}
	return settings.Account{Name: name, Address: a, Config: c}
}

// testOptions gives stable UUIDs and dates for golden files.
func testOptions(l i18n.Lang) Options {
	return Options{Lang: l, Rand: rand.NewChaCha8([32]byte{1, 2, 3}), Now: time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC)}
}
