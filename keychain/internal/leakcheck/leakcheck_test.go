package leakcheck

import (
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The search must find the secret wherever and however a careless writer
// would put it, or the keyring tests prove nothing.
func TestFindOnDiskFindsEveryForm(t *testing.T) {
	secret := []byte("leak-me-7f3a")
	root := t.TempDir()
	files := map[string][]byte{
		"plain.txt":          append([]byte("x=1\npassword="), secret...),
		"deep/a/b/c/hex.cfg": []byte(hex.EncodeToString(secret)),
		"b64.json":           []byte(`{"p":"` + base64.StdEncoding.EncodeToString(secret) + `"}`),
		"clean.txt":          []byte("nothing here"),
	}
	for name, data := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	found, err := FindOnDisk(secret, root, filepath.Join(root, "missing-root-is-fine"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range found {
		found[i], _ = filepath.Rel(root, found[i])
	}
	slices.Sort(found)
	want := []string{"b64.json", filepath.FromSlash("deep/a/b/c/hex.cfg"), "plain.txt"}
	if !slices.Equal(found, want) {
		t.Fatalf("found %v, want %v", found, want)
	}
}
