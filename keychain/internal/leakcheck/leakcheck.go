// Package leakcheck proves a secret reached no file: tests of the keychain and
// of the CLI search a whole HOME and temporary directory with it.
package leakcheck

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// maxScan bounds how much of one file FindOnDisk reads.
const maxScan = 256 << 20

// FindOnDisk walks every regular file under roots and returns the paths of
// those that contain secret in plain bytes, in hex, or in base64 (the forms a
// careless fallback would write). It proves a password reached no file;
// symbolic links are not followed, unreadable entries are reported as
// errors rather than skipped silently.
func FindOnDisk(secret []byte, roots ...string) (found []string, err error) {
	needles := [][]byte{
		secret,
		[]byte(hex.EncodeToString(secret)),
		[]byte(base64.StdEncoding.EncodeToString(secret)),
	}
	for _, root := range roots {
		werr := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) {
					return nil // removed while walking: a finished temp file
				}
				return err
			}
			if !d.Type().IsRegular() {
				return nil
			}
			f, err := os.Open(path)
			if os.IsNotExist(err) {
				return nil
			}
			if err != nil {
				return err
			}
			data, err := io.ReadAll(io.LimitReader(f, maxScan))
			f.Close()
			if err != nil {
				return err
			}
			for _, n := range needles {
				if bytes.Contains(data, n) {
					found = append(found, path)
					break
				}
			}
			return nil
		})
		if werr != nil {
			return found, werr
		}
	}
	return found, nil
}
