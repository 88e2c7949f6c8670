package export

import (
	"embed"
	"html/template"
	"io"
	"strings"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// The printable settings sheet: one page a person with no context can
// follow (who, which servers, which password and where to make it, and the
// steps for new Outlook, Apple Mail and the Gmail app). It is the only way
// into the new Outlook, which imports nothing. html/template escapes every
// value and refuses non-http(s) links.

//go:embed templates/sheet.html
var templatesFS embed.FS

var sheetTemplate = template.Must(template.New("sheet.html").Funcs(template.FuncMap{
	// Replaced per call with the reader's language.
	"t": func(key string, args ...string) string { return key },
}).ParseFS(templatesFS, "templates/sheet.html"))

type sheetData struct {
	Lang, Name, Address, Provider string
	Brand                         string // whose "sign in with …" button to press
	Policy                        settings.PasswordPolicy
	AppPasswordURL, EnableURL     string
	Servers                       []sheetServer
	Warnings                      []string
	Guides                        []sheetGuide
	Notes, SendLimit, HelpURL     string
	Date                          string
	// OutgoingAuth: the outgoing server takes the password, so the sheet
	// says to tick "requires authentication", the option users miss.
	OutgoingAuth bool
}

type sheetServer struct {
	Role, Protocol, Host, Security, Username, Auth string
	Port                                           int
}

type sheetGuide struct {
	Title string
	Steps []string
}

func writeHTML(w io.Writer, p *plan, o Options) error {
	l := o.lang()
	t := func(key string, args ...string) string { return i18n.T(l, key, args...) }
	d := sheetData{
		Lang:           string(l),
		Name:           p.name,
		Address:        p.from(),
		Provider:       p.providerName(),
		Brand:          signInBrand(p),
		Policy:         p.cfg.Login.Password,
		AppPasswordURL: p.cfg.Login.AppPasswordURL,
		EnableURL:      p.cfg.Login.EnableURL,
		Notes:          p.cfg.Notes.In(l),
		SendLimit:      p.cfg.SendLimit.In(l),
		HelpURL:        p.cfg.HelpURL,
	}
	if !o.Now.IsZero() {
		d.Date = o.Now.Format("2006-01-02")
	}
	oauth := d.Policy == settings.PasswordOAuthOnly
	if p.out != nil && !oauth {
		a := passwordAuth(*p.out)
		d.OutgoingAuth = a != "" && a != settings.AuthNone
	}
	for _, s := range []*settings.Server{p.in, p.out} {
		if s == nil {
			continue
		}
		proto := s.Protocol.Name()
		role := "export.html.role.incoming"
		if !s.IsIncoming() {
			role = "export.html.role.outgoing"
		}
		d.Servers = append(d.Servers, sheetServer{
			Role:     t(role, "protocol", proto),
			Protocol: proto,
			Host:     s.Host,
			Port:     s.Port,
			Security: s.Security.Name(l),
			Username: s.Username,
			Auth:     t("export.auth." + string(firstAuth(*s, oauth))),
		})
		if s.OnlyOAuth() {
			oauth = true
		}
	}
	if p.cfg.Trust == settings.Unverified {
		d.Warnings = append(d.Warnings, t("export.warn.unverified"))
	}
	d.Warnings = append(d.Warnings, i18n.Tr(l, p.cfg.Warnings)...)
	if p.out != nil {
		for _, w := range smtpWarnings(p, l) {
			// The password box already says passwords do not work.
			if d.Policy != settings.PasswordOAuthOnly || w != t("export.warn.smtp_oauth_only", "host", p.out.Host) {
				d.Warnings = append(d.Warnings, w)
			}
		}
	}
	if p.in != nil && p.in.Security == settings.None {
		d.Warnings = append(d.Warnings, t("export.warn.plaintext", "host", p.in.Host))
	}
	d.Guides = guides(p, t, oauth)
	tmpl, err := sheetTemplate.Clone()
	if err != nil {
		return err
	}
	tmpl.Funcs(template.FuncMap{"t": t})
	return tmpl.Execute(w, d)
}

// firstAuth is the method shown on the sheet: OAuth2 where the person must
// sign in with the provider, else the password method.
func firstAuth(s settings.Server, oauth bool) settings.Auth {
	if oauth && s.HasAuth(settings.AuthOAuth2) {
		return settings.AuthOAuth2
	}
	if a := passwordAuth(s); a != "" {
		return a
	}
	return settings.AuthOAuth2
}

// guides returns the step-by-step for new Outlook, Apple Mail and the
// Gmail app: the "sign in with the provider" path where passwords do not
// work, the manual one otherwise.
func guides(p *plan, t func(string, ...string) string, oauth bool) []sheetGuide {
	proto := settings.IMAP.Name()
	if p.in != nil && p.in.Protocol == settings.POP3 {
		proto = settings.POP3.Name()
	}
	brand := signInBrand(p)
	// The entries of Apple Mail's and the Gmail app's provider lists.
	apple := map[string]string{"Microsoft": "Outlook.com", "Yahoo": "Yahoo!"}[brand]
	gmail := map[string]string{"Microsoft": "Outlook, Hotmail & Live"}[brand]
	if apple == "" {
		apple = brand
	}
	if gmail == "" {
		gmail = brand
	}
	args := []string{"address", p.from(), "provider", brand, "protocol", proto, "apple", apple, "gmailapp", gmail}
	steps := func(keys ...string) []string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = t(k, args...)
		}
		return out
	}
	if oauth {
		return []sheetGuide{
			{t("export.html.guide.outlook"), steps("export.html.outlook.1", "export.html.outlook.2", "export.html.outlook.oauth")},
			{t("export.html.guide.apple"), steps("export.html.apple.oauth", "export.html.apple.oauth2")},
			{t("export.html.guide.gmail"), steps("export.html.gmail.oauth", "export.html.gmail.oauth2")},
		}
	}
	g := []sheetGuide{
		{t("export.html.guide.outlook"), steps("export.html.outlook.1", "export.html.outlook.2", "export.html.outlook.3", "export.html.outlook.4")},
		{t("export.html.guide.apple"), steps("export.html.apple.1", "export.html.apple.2", "export.html.apple.3", "export.html.apple.4")},
		{t("export.html.guide.gmail"), steps("export.html.gmail.1", "export.html.gmail.2", "export.html.gmail.3", "export.html.gmail.4")},
	}
	// Where the provider also offers "sign in with …" (Gmail, Yahoo), the
	// apps may go that way by themselves: say that this is fine too.
	if p.in != nil && p.in.HasAuth(settings.AuthOAuth2) {
		g[0].Steps = append(g[0].Steps, t("export.html.oauth_too", args...))
		g[2].Steps = append(g[2].Steps, t("export.html.oauth_too", args...))
	}
	return g
}

// signInBrand names the button people press to sign in with their
// provider: "Microsoft", "Google", "Yahoo" or "AOL" for the providers whose
// OAuth the mail apps know, else the provider's name.
func signInBrand(p *plan) string {
	var hosts []string
	for _, s := range []*settings.Server{p.in, p.out} {
		if s != nil {
			hosts = append(hosts, s.Host)
		}
	}
	for _, h := range hosts {
		switch {
		case strings.HasSuffix(h, ".office365.com") || strings.HasSuffix(h, ".outlook.com") || strings.HasSuffix(h, ".hotmail.com"):
			return "Microsoft"
		case strings.HasSuffix(h, ".gmail.com") || strings.HasSuffix(h, ".google.com") || strings.HasSuffix(h, ".googlemail.com"):
			return "Google"
		case strings.HasSuffix(h, ".yahoo.com"):
			return "Yahoo"
		case strings.HasSuffix(h, ".aol.com"):
			return "AOL"
		}
	}
	return p.providerName()
}
