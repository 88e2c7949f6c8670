package export

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/i18n"
)

// BenchmarkWrite times every format for one account; compare formats by
// their ratio to json within one run.
func BenchmarkWrite(b *testing.B) {
	a := fixture(b, "generic")
	for _, f := range streamFormats() {
		b.Run(string(f), func(b *testing.B) {
			o := Options{Lang: i18n.ES}
			for b.Loop() {
				if err := Write(io.Discard, f, a, o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAddToProfile merges an account into a prefs.js of a heavily
// used profile (~5,000 prefs, ~400 KiB), backup and atomic rename included.
func BenchmarkAddToProfile(b *testing.B) {
	var big strings.Builder
	base, _ := os.ReadFile(filepath.Join("testdata", "profile", "prefs.js"))
	big.Write(base)
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&big, "user_pref(\"extensions.some.addon.setting%d\", \"value with some length %d\");\n", i, i)
	}
	a := fixture(b, "generic")
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "prefs.js"), []byte(big.String()), 0o600); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := AddToProfile(dir, a, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
