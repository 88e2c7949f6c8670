package settings

import "github.com/mailsetup/mailsetup/i18n"

// Document is the JSON document of `mailsetup-cli detect` (spec/cli.md), which
// the `json` export writes too. Fields after Warnings are additions.
type Document struct {
	Email     string           `json:"email"`
	Domain    string           `json:"domain"`
	Provider  DocumentProvider `json:"provider"`
	Source    Source           `json:"source"`
	SourceURL string           `json:"source_url"`
	Trust     Trust            `json:"trust"`
	Incoming  []Server         `json:"incoming"`
	Outgoing  []Server         `json:"outgoing"`
	Login     Login            `json:"login"`
	Warnings  []string         `json:"warnings"`
	Notes     string           `json:"notes,omitempty"`
	SendLimit string           `json:"send_limit,omitempty"`
	HelpURL   string           `json:"help_url,omitempty"`
}

// DocumentProvider names the provider in a Document.
type DocumentProvider struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// NewDocument renders c for addr in language l. Lists are never null.
func NewDocument(addr Address, c Config, l i18n.Lang) Document {
	d := Document{
		Email:     addr.String(),
		Domain:    addr.ASCIIDomain,
		Provider:  DocumentProvider{ID: c.ProviderID, Name: c.ProviderName},
		Source:    c.Source,
		SourceURL: c.SourceURL,
		Trust:     c.Trust,
		Incoming:  nonNil(c.Incoming),
		Outgoing:  nonNil(c.Outgoing),
		Login:     c.Login,
		Warnings:  i18n.Tr(l, c.Warnings),
		Notes:     c.Notes.In(l),
		SendLimit: c.SendLimit.In(l),
		HelpURL:   c.HelpURL,
	}
	for _, list := range [][]Server{d.Incoming, d.Outgoing} {
		for i := range list {
			if list[i].Auth == nil {
				list[i].Auth = []Auth{}
			}
		}
	}
	return d
}

func nonNil(s []Server) []Server {
	out := cloneServers(s)
	if out == nil {
		return []Server{}
	}
	return out
}
