package i18n

import "errors"

// Error is an error a person reads: its text stays a Message, un-rendered,
// until the reader's language is known. Packages below the CLI and the GUI
// return it for input they refuse, so that the same refusal reaches each
// reader in their language. Error() renders English, for logs and for
// callers that do not know the language.
type Error struct {
	Message
}

// NewError returns an Error with the text of key, its {name} slots filled
// from args given as name, value pairs.
func NewError(key string, args ...string) *Error { return &Error{Msg(key, args...)} }

func (e *Error) Error() string { return e.In(EN) }

// Describe renders err for a reader of language l: the text of the first
// error in its chain that can say itself in a language (an In(Lang) string
// method, as *Error and the typed errors of other packages have), else of
// one that carries a translation key (a Key() string method, as
// settings.AddressError), else err's own text (an error no one translated,
// such as one from the operating system).
func Describe(err error, l Lang) string {
	if err == nil {
		return ""
	}
	var loc interface{ In(Lang) string }
	if errors.As(err, &loc) {
		return loc.In(l)
	}
	// Errors that carry only a key, such as settings.AddressError.
	var k interface{ Key() string }
	if errors.As(err, &k) && Has(l, k.Key()) {
		return T(l, k.Key())
	}
	return err.Error()
}
