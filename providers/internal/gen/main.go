// Command gen writes the built-in provider table, providers/table_gen.go,
// from Thunderbird's ISPDB (a folder of config-v1.1 XML files) and our
// curated overlay (providers/overlay.json), which wins. Run it through
// "go generate ./providers" from the repository root.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

func main() {
	ispdb := flag.String("ispdb", "../../shared/ispdb", "folder of ISPDB *.xml files")
	overlay := flag.String("overlay", "overlay.json", "curated overlay")
	out := flag.String("out", "table_gen.go", "file to write")
	commit := flag.String("commit", "", "ISPDB source commit (default: read from the folder's README.md)")
	date := flag.String("date", "", "ISPDB commit date, YYYY-MM-DD (default: read from README.md)")
	verbose := flag.Bool("v", false, "print what was skipped")
	flag.Parse()
	if st, err := os.Stat(*ispdb); err != nil || !st.IsDir() {
		fmt.Fprintf(os.Stderr, "gen: the ISPDB snapshot is not at %s: put Thunderbird's ispdb/ folder there (https://github.com/thunderbird/autoconfig) or pass -ispdb DIR\n", *ispdb)
		os.Exit(1)
	}
	src, err := readSource(*ispdb)
	if *commit != "" {
		src.Commit, err = *commit, nil
	}
	if *date != "" {
		src.Date = *date
	}
	if err == nil {
		var code []byte
		var notes []string
		code, notes, err = generate(*ispdb, *overlay, src)
		if *verbose {
			for _, n := range notes {
				fmt.Fprintln(os.Stderr, "gen:", n)
			}
		}
		if err == nil {
			err = writeIfChanged(*out, code)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// generate returns the table's source and notes on what ISPDB content was
// left out.
func generate(ispdbDir, overlayPath string, src source) ([]byte, []string, error) {
	o, err := readOverlay(overlayPath)
	if err != nil {
		return nil, nil, err
	}
	entries, notes, err := readISPDB(ispdbDir)
	if err != nil {
		return nil, nil, err
	}
	entries, err = merge(entries, o)
	if err != nil {
		return nil, nil, err
	}
	code, err := emit(entries, o.Closed, src)
	return code, notes, err
}

var (
	commitRE = regexp.MustCompile("commit\\s+`?([0-9a-f]{40})`?")
	dateRE   = regexp.MustCompile(`\((\d{4}-\d{2}-\d{2})\)`)
)

// readSource finds the snapshot's commit and date in dir/README.md.
func readSource(dir string) (source, error) {
	data, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		return source{}, fmt.Errorf("cannot tell the ISPDB commit (give -commit): %v", err)
	}
	m := commitRE.FindSubmatch(data)
	if m == nil {
		return source{}, fmt.Errorf("%s/README.md names no 40-digit commit (give -commit)", dir)
	}
	s := source{Commit: string(m[1])}
	if d := dateRE.FindSubmatch(data[bytes.Index(data, m[1]):]); d != nil {
		s.Date = string(d[1])
	}
	return s, nil
}

func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
