package autoconfig

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mailsetup/mailsetup/settings"
)

// FuzzParse checks that no input makes Parse panic, and that whatever it
// accepts holds only valid, bounded values. Seeds: testdata/fuzz/FuzzParse
// and testdata/*.xml.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.xml")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := ParseBytes(data)
		if err != nil {
			if file != nil {
				t.Fatal("file and error together")
			}
			return
		}
		c := file.Config
		if len(c.Incoming)+len(c.Outgoing) == 0 || len(c.Incoming) > MaxServers || len(c.Outgoing) > MaxServers {
			t.Fatalf("server counts %d/%d", len(c.Incoming), len(c.Outgoing))
		}
		if len(file.Domains) > MaxDomains || len(file.DisplayName) > MaxTextLength {
			t.Fatal("bounds not kept")
		}
		for _, list := range [][]settings.Server{c.Incoming, c.Outgoing} {
			for _, s := range list {
				if s.Port < 1 || s.Port > 65535 || !settings.ValidProtocol(s.Protocol) || !settings.ValidSecurity(s.Security) || len(s.Auth) == 0 {
					t.Fatalf("invalid server %+v", s)
				}
				for _, a := range s.Auth {
					if !settings.ValidAuth(a) {
						t.Fatalf("invalid auth %q", a)
					}
				}
				host := settings.Expand(s.Host, settings.Address{Local: "a", Domain: "example.com", ASCIIDomain: "example.com"})
				if settings.ValidHost(host) != nil {
					t.Fatalf("invalid host %q", s.Host)
				}
			}
		}
	})
}
