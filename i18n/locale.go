package i18n

import (
	"os"
	"strings"
)

// FromEnv returns the user's language from the environment as POSIX defines
// it (LANGUAGE, then LC_ALL, LC_MESSAGES, LANG), then the operating system's
// own setting where it has one, English where none matches.
func FromEnv() Lang {
	return fromLookup(os.Getenv, systemLocales)
}

func fromLookup(getenv func(string) string, system func() []string) Lang {
	posix := ""
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			posix = s
			break
		}
	}
	// LANGUAGE is a colon list that wins, except under the C/POSIX locale (GNU gettext).
	if lang := getenv("LANGUAGE"); lang != "" && posix != "C" && posix != "POSIX" {
		for _, s := range strings.Split(lang, ":") {
			if l, ok := match(s); ok {
				return l
			}
		}
	}
	if posix != "" {
		if l, ok := match(posix); ok {
			return l
		}
		if posix != "C" && posix != "POSIX" && !strings.HasPrefix(posix, "C.") {
			return EN
		}
	}
	for _, s := range system() {
		if l, ok := match(s); ok {
			return l
		}
	}
	return EN
}
