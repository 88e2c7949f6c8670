package export

import (
	"encoding/json"
	"io"

	"github.com/mailsetup/mailsetup/settings"
)

// writeJSON writes the detect document (spec/cli.md) exactly as
// `mailsetup-cli detect --json` prints it: the settings as given, indented
// by two spaces, no HTML escaping.
func writeJSON(w io.Writer, p *plan, o Options) error {
	return EncodeJSON(w, settings.NewDocument(p.addr, p.raw, o.lang()))
}

// EncodeJSON is the one JSON encoding of the CLI's documents, shared so
// that `export --format json` and `detect --json` stay byte-identical.
func EncodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
