package check

import (
	"errors"
	"fmt"
	"testing"

	"github.com/mailsetup/mailsetup/i18n"
)

// A translated error keeps its own message as a step detail, so that it is
// said in the reader's language; any other error keeps its text.
func TestDetailErr(t *testing.T) {
	m := detailErr(fmt.Errorf("resolver: %w", i18n.NewError("resolve.system.none")))
	if m.Key != "resolve.system.none" || m.In(i18n.ES) == m.In(i18n.EN) {
		t.Errorf("translated error became %+v", m)
	}
	m = detailErr(errors.New("tls: handshake failure"))
	if m.Key != "check.detail.error" || m.In(i18n.ES) != "tls: handshake failure" {
		t.Errorf("plain error became %+v (%q)", m, m.In(i18n.ES))
	}
}
