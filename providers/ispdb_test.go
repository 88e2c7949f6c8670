package providers

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/providers/autoconfig"
)

// ispdbDir is the ISPDB snapshot next to the repository, present in the
// project's own checkout and CI, absent from a user's clone.
const ispdbDir = "../../shared/ispdb"

// overriddenServers lists the ISPDB providers whose servers overlay.json
// replaces on purpose. Anything else that differs from ISPDB is a bug.
var overriddenServers = map[string]string{
	"office365.com": "SMTP accepts a password until Microsoft's December 2026 switch-off (providers.md §1.1); ISPDB lists OAuth2 only",
}

// overriddenDomains lists ISPDB domains the overlay gives to another
// provider on purpose; they keep the same servers.
var overriddenDomains = map[string]string{
	"jazztel.es": "sources conflict (providers.md §2.1): its own entry, Gmail's servers, marked unverified",
}

// Every domain of every ISPDB file resolves to that file's servers.
func TestISPDBDomainsResolve(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(ispdbDir, "*.xml"))
	if len(files) == 0 {
		t.Skipf("%s not found: the ISPDB snapshot sits next to the repository only in the project's own checkout, so the table cannot be re-checked here", ispdbDir)
	}
	checked := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := autoconfig.ParseBytes(data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		id := strings.TrimSuffix(filepath.Base(name), ".xml")
		for _, d := range f.Domains {
			p, ok := Lookup(d)
			if _, moved := overriddenDomains[d]; moved {
				if !ok || p.ID == id || !reflect.DeepEqual(p.Config.Incoming, f.Config.Incoming) {
					t.Errorf("%s: override no longer holds (%s, ok %v)", d, p.ID, ok)
				}
				continue
			}
			if !ok {
				t.Errorf("%s (%s): not in the table", d, id)
				continue
			}
			if p.ID != id {
				t.Errorf("%s: belongs to %s, ISPDB says %s", d, p.ID, id)
			}
			if _, ok := overriddenServers[p.ID]; ok {
				continue
			}
			if !reflect.DeepEqual(p.Config.Incoming, f.Config.Incoming) || !reflect.DeepEqual(p.Config.Outgoing, f.Config.Outgoing) {
				t.Errorf("%s: servers differ from ISPDB %s\n table %+v %+v\n ispdb %+v %+v", d, id, p.Config.Incoming, p.Config.Outgoing, f.Config.Incoming, f.Config.Outgoing)
			}
			checked++
		}
	}
	// The overrides must still be overrides: if ISPDB catches up, drop them.
	for id, why := range overriddenServers {
		p, ok := ByID(id)
		data, err := os.ReadFile(filepath.Join(ispdbDir, id+".xml"))
		if !ok || err != nil {
			t.Errorf("override %s (%s): provider or file gone", id, why)
			continue
		}
		f, _ := autoconfig.ParseBytes(data)
		if reflect.DeepEqual(p.Config.Incoming, f.Config.Incoming) && reflect.DeepEqual(p.Config.Outgoing, f.Config.Outgoing) {
			t.Errorf("override %s no longer differs from ISPDB; remove it from overriddenServers", id)
		}
	}
	t.Logf("%d ISPDB domains resolve to their files' servers", checked)
	if checked < 900 {
		t.Errorf("only %d domains checked", checked)
	}
}
