package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// overlayFile is providers/overlay.json: our curated facts, which win over
// ISPDB. It is hand-edited, so it is read strictly (unknown fields are errors).
type overlayFile struct {
	Comment   []string       `json:"_comment"`
	Providers []overlayEntry `json:"providers"`
	Closed    []closedEntry  `json:"closed"`
}

// closedEntry names domains whose mail service has shut down: detect says
// so instead of searching.
type closedEntry struct {
	Domains []string  `json:"domains"`
	Source  string    `json:"source"`
	Notes   i18n.Text `json:"notes"`
}

// overlayEntry changes the ISPDB provider with the same ID, or adds one.
type overlayEntry struct {
	ID string `json:"id"`
	// Source says where the facts come from (providers.md section, vendor
	// page); it becomes a comment in the table.
	Source string `json:"source"`
	// Extends copies login, notes, send_limit and help_url from an earlier
	// overlay entry, for fields this entry leaves empty.
	Extends string `json:"extends"`
	Name    string `json:"name"`
	// Domains are added to this provider, taken away from any other.
	Domains    []string `json:"domains"`
	MXSuffixes []string `json:"mx_suffixes"`
	// TenantParents: every subdomain of these is a customer's mail domain.
	TenantParents []string `json:"tenant_parents"`
	// ServersFrom copies the servers of another provider; Incoming and
	// Outgoing, when given, replace the servers.
	ServersFrom string            `json:"servers_from"`
	Incoming    []settings.Server `json:"incoming"`
	Outgoing    []settings.Server `json:"outgoing"`
	Login       settings.Login    `json:"login"`
	Notes       i18n.Text         `json:"notes"`
	SendLimit   i18n.Text         `json:"send_limit"`
	HelpURL     string            `json:"help_url"`
	Unverified  bool              `json:"unverified"`
}

func readOverlay(path string) (*overlayFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var o overlayFile
	if err := dec.Decode(&o); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	seen := map[string]bool{}
	for i := range o.Providers {
		e := &o.Providers[i]
		if err := e.check(); err != nil {
			return nil, fmt.Errorf("%s: provider %d (%q): %v", path, i+1, e.ID, err)
		}
		if seen[e.ID] {
			return nil, fmt.Errorf("%s: provider %q listed twice", path, e.ID)
		}
		seen[e.ID] = true
	}
	for i, c := range o.Closed {
		if c.Source == "" || c.Notes.ES == "" || c.Notes.EN == "" || len(c.Domains) == 0 {
			return nil, fmt.Errorf("%s: closed entry %d needs domains, source and notes in both languages", path, i+1)
		}
		for _, d := range c.Domains {
			if _, err := domain(d); err != nil {
				return nil, fmt.Errorf("%s: closed domain %q: %v", path, d, err)
			}
		}
	}
	return &o, nil
}

func (e *overlayEntry) check() error {
	if e.ID == "" || strings.TrimSpace(e.ID) != e.ID || strings.ContainsAny(e.ID, " /\\") {
		return fmt.Errorf("id must be a short name without spaces")
	}
	if e.Source == "" {
		return fmt.Errorf("source is required: say where the facts come from")
	}
	for i, d := range e.Domains {
		ascii, err := domain(d)
		if err != nil {
			return fmt.Errorf("domain %q: %v", d, err)
		}
		e.Domains[i] = ascii
	}
	for i, d := range e.MXSuffixes {
		ascii, err := domain(d)
		if err != nil {
			return fmt.Errorf("mx suffix %q: %v", d, err)
		}
		e.MXSuffixes[i] = ascii
	}
	for _, d := range e.TenantParents {
		if _, err := domain(d); err != nil {
			return fmt.Errorf("tenant parent %q: %v", d, err)
		}
	}
	for _, list := range [][]settings.Server{e.Incoming, e.Outgoing} {
		for _, s := range list {
			if err := checkServer(s); err != nil {
				return err
			}
		}
	}
	for _, s := range e.Incoming {
		if !s.IsIncoming() {
			return fmt.Errorf("incoming server %s is %s", s.Host, s.Protocol)
		}
	}
	for _, s := range e.Outgoing {
		if s.Protocol != settings.SMTP {
			return fmt.Errorf("outgoing server %s is %s", s.Host, s.Protocol)
		}
	}
	switch e.Login.Password {
	case "", settings.PasswordAllowed, settings.PasswordAppPassword, settings.PasswordOAuthOnly:
	default:
		return fmt.Errorf("login.password %q: use allowed, app-password or oauth-only", e.Login.Password)
	}
	for _, u := range []string{e.Login.AppPasswordURL, e.Login.EnableURL, e.HelpURL} {
		if u == "" {
			continue
		}
		if p, err := url.Parse(u); err != nil || p.Scheme != "https" || p.Host == "" {
			return fmt.Errorf("%q: links must be absolute https URLs", u)
		}
	}
	for _, t := range []i18n.Text{e.Notes, e.SendLimit} {
		if (t.ES == "") != (t.EN == "") {
			return fmt.Errorf("%q/%q: a text needs both Spanish and English", t.ES, t.EN)
		}
	}
	return nil
}

func domain(d string) (string, error) {
	_, ascii, err := settings.NormaliseDomain(d)
	if err != nil {
		return "", err
	}
	if ascii != d {
		return "", fmt.Errorf("write it in lower-case A-label form: %q", ascii)
	}
	return ascii, nil
}

func checkServer(s settings.Server) error {
	if !settings.ValidProtocol(s.Protocol) || !settings.ValidSecurity(s.Security) {
		return fmt.Errorf("server %s: protocol %q / security %q", s.Host, s.Protocol, s.Security)
	}
	if err := settings.ValidHost(strings.ReplaceAll(s.Host, settings.PlaceholderDomain, "example.com")); err != nil || s.Host != strings.ToLower(s.Host) && !strings.Contains(s.Host, "%") {
		return fmt.Errorf("server host %q is not a valid lower-case host name", s.Host)
	}
	if s.Port < 1 || s.Port > 65535 {
		return fmt.Errorf("server %s: port %d", s.Host, s.Port)
	}
	if s.Username == "" || len(s.Auth) == 0 {
		return fmt.Errorf("server %s: username and auth are required", s.Host)
	}
	for _, a := range s.Auth {
		if !settings.ValidAuth(a) {
			return fmt.Errorf("server %s: auth %q", s.Host, a)
		}
	}
	return nil
}
