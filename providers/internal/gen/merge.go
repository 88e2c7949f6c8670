package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/providers/autoconfig"
	"github.com/mailsetup/mailsetup/settings"
)

// entry is one provider of the table being built.
type entry struct {
	ID, Name   string
	Domains    []string
	MXSuffixes []string
	Parents    []string // TenantParents
	Config     settings.Config
	Unverified bool
	Sources    []string // comment lines for the table
}

// readISPDB parses every *.xml of dir; an entry's ID is its file name
// without ".xml" (unique, unlike the files' own ids). A domain claimed by two
// files stays with the first by file name; notes lists what was dropped.
func readISPDB(dir string) (entries []*entry, notes []string, err error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil {
		return nil, nil, err
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("no *.xml files in %s", dir)
	}
	sort.Strings(files)
	owner := map[string]string{}
	for _, name := range files {
		fh, err := os.Open(name)
		if err != nil {
			return nil, nil, err
		}
		f, err := autoconfig.Parse(fh)
		fh.Close()
		base := filepath.Base(name)
		if err != nil {
			notes = append(notes, fmt.Sprintf("%s skipped: %v", base, err))
			continue
		}
		e := &entry{ID: strings.TrimSuffix(base, ".xml"), Name: f.DisplayName, Config: f.Config, Sources: []string{"ISPDB " + base}}
		for _, d := range f.Domains {
			if prev, taken := owner[d]; taken {
				notes = append(notes, fmt.Sprintf("%s: domain %s already belongs to %s", base, d, prev))
				continue
			}
			owner[d] = e.ID
			e.Domains = append(e.Domains, d)
		}
		entries = append(entries, e)
	}
	return entries, notes, nil
}

// merge applies the overlay to the ISPDB entries and returns the table,
// sorted by ID, checked for consistency.
func merge(entries []*entry, o *overlayFile) ([]*entry, error) {
	byID := map[string]*entry{}
	for _, e := range entries {
		byID[e.ID] = e
	}
	overlays := map[string]*overlayEntry{}
	for i := range o.Providers {
		oe := &o.Providers[i]
		if oe.Extends != "" {
			base, ok := overlays[oe.Extends]
			if !ok {
				return nil, fmt.Errorf("overlay %s extends %q, which is not an earlier overlay entry", oe.ID, oe.Extends)
			}
			inherit(oe, base)
		}
		overlays[oe.ID] = oe
		e, ok := byID[oe.ID]
		if !ok {
			e = &entry{ID: oe.ID}
			byID[oe.ID] = e
			entries = append(entries, e)
		}
		if err := apply(e, oe, byID, entries); err != nil {
			return nil, fmt.Errorf("overlay %s: %v", oe.ID, err)
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].ID < entries[j].ID })
	if err := check(entries); err != nil {
		return nil, err
	}
	for _, c := range o.Closed {
		for _, d := range c.Domains {
			for _, e := range entries {
				if slices.Contains(e.Domains, d) {
					return nil, fmt.Errorf("closed domain %s is still a domain of %s", d, e.ID)
				}
			}
		}
	}
	return entries, nil
}

func inherit(oe, base *overlayEntry) {
	if oe.Login.Password == "" {
		oe.Login.Password = base.Login.Password
	}
	if oe.Login.AppPasswordURL == "" {
		oe.Login.AppPasswordURL = base.Login.AppPasswordURL
	}
	if oe.Login.EnableURL == "" {
		oe.Login.EnableURL = base.Login.EnableURL
	}
	if oe.Notes.IsZero() {
		oe.Notes = base.Notes
	}
	if oe.SendLimit.IsZero() {
		oe.SendLimit = base.SendLimit
	}
	if oe.HelpURL == "" {
		oe.HelpURL = base.HelpURL
	}
}

func apply(e *entry, oe *overlayEntry, byID map[string]*entry, all []*entry) error {
	e.Sources = append(e.Sources, "overlay: "+oe.Source)
	if oe.Name != "" {
		e.Name = oe.Name
	}
	c := &e.Config
	if oe.ServersFrom != "" {
		from, ok := byID[oe.ServersFrom]
		if !ok {
			return fmt.Errorf("servers_from %q: no such provider", oe.ServersFrom)
		}
		cp := from.Config.Clone()
		c.Incoming, c.Outgoing = cp.Incoming, cp.Outgoing
	}
	if oe.Incoming != nil {
		c.Incoming = oe.Incoming
	}
	if oe.Outgoing != nil {
		c.Outgoing = oe.Outgoing
	}
	if oe.Login.Password != "" {
		c.Login.Password = oe.Login.Password
	}
	if oe.Login.AppPasswordURL != "" {
		c.Login.AppPasswordURL = oe.Login.AppPasswordURL
	}
	if oe.Login.EnableURL != "" {
		c.Login.EnableURL = oe.Login.EnableURL
	}
	if !oe.Notes.IsZero() {
		c.Notes = oe.Notes
	}
	if !oe.SendLimit.IsZero() {
		c.SendLimit = oe.SendLimit
	}
	if oe.HelpURL != "" {
		c.HelpURL = oe.HelpURL
	}
	e.Unverified = oe.Unverified
	for _, d := range oe.Domains {
		for _, other := range all {
			other.Domains = without(other.Domains, d)
		}
		e.Domains = append(e.Domains, d)
	}
	e.MXSuffixes = append(e.MXSuffixes, oe.MXSuffixes...)
	e.Parents = append(e.Parents, oe.TenantParents...)
	return nil
}

func without(list []string, s string) []string {
	out := list[:0:0]
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// check makes sure the table is usable: every provider has a name, servers
// and a login policy, every domain and MX suffix belongs to one provider.
func check(entries []*entry) error {
	domains, suffixes, parents := map[string]string{}, map[string]string{}, map[string]string{}
	for _, e := range entries {
		if e.Name == "" {
			e.Name = e.ID
		}
		c := &e.Config
		if len(c.Incoming) == 0 && len(c.Outgoing) == 0 {
			return fmt.Errorf("provider %s has no servers", e.ID)
		}
		if c.Login.Password == "" {
			c.Login.Password = settings.PasswordAllowed
		}
		for _, d := range e.Domains {
			if prev, dup := domains[d]; dup {
				return fmt.Errorf("domain %s belongs to both %s and %s", d, prev, e.ID)
			}
			domains[d] = e.ID
		}
		for _, s := range e.MXSuffixes {
			if prev, dup := suffixes[s]; dup {
				return fmt.Errorf("mx suffix %s belongs to both %s and %s", s, prev, e.ID)
			}
			suffixes[s] = e.ID
		}
		for _, s := range e.Parents {
			if prev, dup := parents[s]; dup {
				return fmt.Errorf("tenant parent %s belongs to both %s and %s", s, prev, e.ID)
			}
			parents[s] = e.ID
		}
		for _, t := range []i18n.Text{c.Notes, c.SendLimit} {
			if (t.ES == "") != (t.EN == "") {
				return fmt.Errorf("provider %s: a text lacks a language", e.ID)
			}
		}
	}
	return nil
}
