package keychain

import (
	"errors"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/i18n"
)

func langOf(s string) i18n.Lang { return i18n.Lang(s) }

func TestEveryReasonHasPlainMessages(t *testing.T) {
	if err := i18n.Check(); err != nil {
		t.Fatal(err)
	}
	seen := map[string]Reason{}
	for _, r := range Reasons {
		key := "keychain.unavailable." + string(r)
		for _, l := range i18n.Langs {
			if !i18n.Has(l, key) {
				t.Errorf("%s: no %s text", key, l)
			}
		}
		es := (&UnavailableError{Reason: r}).Message(i18n.ES)
		en := (&UnavailableError{Reason: r}).Message(i18n.EN)
		if es == en {
			t.Errorf("%s: Spanish and English are the same: %q", r, es)
		}
		if strings.Contains(en, "{") || strings.Contains(es, "{") {
			t.Errorf("%s: unfilled slot: %q / %q", r, en, es)
		}
		if other, dup := seen[en]; dup {
			t.Errorf("%s and %s share a message; the user can't tell them apart", r, other)
		}
		seen[en] = r
	}
	if !strings.Contains((&UnavailableError{Reason: ReasonTooLarge}).Message(i18n.EN), "2048") {
		t.Error("too_large message does not state the limit")
	}
}

func TestDescribe(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{ErrNotFound, "keychain.not_found"},
		{ErrEmptySecret, "keychain.empty_secret"},
		{ErrInvalidAccount, "keychain.invalid_account"},
		{&UnavailableError{Reason: ReasonLocked}, "keychain.unavailable.locked"},
		{errors.New("anything else"), "keychain.unavailable.failed"},
	} {
		for _, l := range i18n.Langs {
			if got, want := Describe(c.err, l), i18n.T(l, c.want); got != want || got == c.want {
				t.Errorf("Describe(%v, %s) = %q, want %q", c.err, l, got, want)
			}
		}
	}
	if Describe(nil, i18n.EN) != "" {
		t.Error("Describe(nil) should be empty")
	}
}
