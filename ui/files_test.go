package ui

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestSafeFileName(t *testing.T) {
	for in, want := range map[string]string{
		"ana@example.es":         "ana@example.es",
		"ana/../../x@example.es": "ana_.._.._x@example.es",
		`a\b@example.es`:         "a_b@example.es",
		"..":                     "account",
		"josé@españa.es":         "josé@españa.es",
		"a:b*c?@x.es":            "a_b_c_@x.es",
	} {
		got := safeFileName(in)
		if got != want {
			t.Errorf("safeFileName(%q) = %q, want %q", in, got, want)
		}
		if filepath.Base(got) != got || got == "." || got == ".." {
			t.Errorf("safeFileName(%q) = %q is not one plain path element", in, got)
		}
	}
}

func TestWrapText(t *testing.T) {
	text := "one two three four five six seven eight nine ten\nshort"
	got := wrapText(text, 14)
	for _, line := range strings.Split(got, "\n") {
		if len(line) > 14 {
			t.Errorf("line %q longer than 14", line)
		}
	}
	if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(text), " ") {
		t.Errorf("words changed: %q", got)
	}
	if !strings.HasSuffix(got, "\nshort") {
		t.Errorf("kept line break lost: %q", got)
	}
	// A word longer than the width stays whole rather than being cut.
	if got := wrapText("supercalifragilistic", 5); got != "supercalifragilistic" {
		t.Errorf("long word = %q", got)
	}
}
