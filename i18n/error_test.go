package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

type keyOnly struct{}

func (keyOnly) Error() string { return "invalid address: no_at" }
func (keyOnly) Key() string   { return "address.no_at" }

// An *Error keeps its message until the reader's language is known, also
// when wrapped; English is what Error() says, for logs.
func TestErrorDescribe(t *testing.T) {
	e := NewError("address.too_long")
	if e.Error() != T(EN, "address.too_long") || e.Error() == "address.too_long" {
		t.Errorf("Error() = %q", e.Error())
	}
	wrapped := fmt.Errorf("reading the form: %w", e)
	if got := Describe(wrapped, ES); got != T(ES, "address.too_long") || got == T(EN, "address.too_long") {
		t.Errorf("Describe(es) = %q", got)
	}
	if got := Describe(wrapped, EN); got != T(EN, "address.too_long") {
		t.Errorf("Describe(en) = %q", got)
	}
	// An error carrying only a key.
	if got := Describe(fmt.Errorf("x: %w", keyOnly{}), ES); got != T(ES, "address.no_at") {
		t.Errorf("key-only error in es = %q", got)
	}
	// Untranslated errors keep their own text; nil is empty.
	if got := Describe(fs.ErrNotExist, ES); got != fs.ErrNotExist.Error() {
		t.Errorf("plain error = %q", got)
	}
	if Describe(nil, ES) != "" {
		t.Error("Describe(nil) is not empty")
	}
	var target *Error
	if !errors.As(wrapped, &target) || target.Key != "address.too_long" {
		t.Error("errors.As does not find the *Error")
	}
}
