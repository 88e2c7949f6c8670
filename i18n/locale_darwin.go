//go:build darwin

package i18n

import (
	"context"
	"os/exec"
	"strings"
	"time"
)

// systemLocales reads the macOS user locale ("es_ES") from the global defaults.
func systemLocales() []string {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "/usr/bin/defaults", "read", "-g", "AppleLocale").Output()
	if err != nil {
		return nil
	}
	return []string{strings.TrimSpace(string(out))}
}
