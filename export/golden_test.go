package export

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/mailsetup/mailsetup/i18n"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

var goldenFixtures = []string{"generic", "gmail", "pop", "outlookcom"}

// streamFormats are the formats Write produces.
func streamFormats() []Format {
	var out []Format
	for _, f := range Formats() {
		if f != ThunderbirdProfile {
			out = append(out, f)
		}
	}
	return out
}

// TestGolden writes every format for every fixture in both languages and
// compares with testdata/golden (go test -run TestGolden -update rewrites).
func TestGolden(t *testing.T) {
	for _, fx := range goldenFixtures {
		for _, f := range streamFormats() {
			if refused[fx][f] != "" {
				continue // TestRereadEveryFormat checks the refusal
			}
			for _, l := range i18n.Langs {
				name := fx + "." + string(l) + "." + string(f) + Extension(f)
				t.Run(name, func(t *testing.T) {
					var b bytes.Buffer
					if err := Write(&b, f, fixture(t, fx), testOptions(l)); err != nil {
						t.Fatal(err)
					}
					path := filepath.Join("testdata", "golden", name)
					if *update {
						if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
							t.Fatal(err)
						}
						return
					}
					want, err := os.ReadFile(path)
					if err != nil {
						t.Fatalf("%v (run with -update to create it)", err)
					}
					if !bytes.Equal(b.Bytes(), want) {
						t.Errorf("%s differs from the golden file; got:\n%s", name, b.String())
					}
				})
			}
		}
	}
}
