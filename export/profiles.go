package export

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

const maxProfilesINI = 1 << 20

// ProfileRoots lists where Thunderbird keeps profiles.ini on this system
// (formats.md §2.5): the native location first, then Snap and Flatpak, and
// an XDG location nobody has confirmed yet.
func ProfileRoots() []string {
	home, _ := os.UserHomeDir()
	return profileRoots(runtime.GOOS, home, os.Getenv("APPDATA"), os.Getenv("XDG_CONFIG_HOME"))
}

func profileRoots(goos, home, appData, xdg string) []string {
	switch goos {
	case "windows":
		if appData == "" {
			return nil
		}
		return []string{filepath.Join(appData, "Thunderbird")}
	case "darwin":
		return []string{filepath.Join(home, "Library", "Thunderbird")}
	}
	if xdg == "" {
		xdg = filepath.Join(home, ".config")
	}
	return []string{
		filepath.Join(home, ".thunderbird"),
		filepath.Join(home, "snap", "thunderbird", "common", ".thunderbird"),
		filepath.Join(home, ".var", "app", "org.mozilla.Thunderbird", ".thunderbird"),
		filepath.Join(home, ".var", "app", "net.thunderbird.Thunderbird", ".thunderbird"),
		filepath.Join(xdg, "thunderbird"),
	}
}

// DefaultProfile returns the default profile directory found through the
// profiles.ini of the given roots. More than one installation or root with
// profiles is ambiguous: the caller asks the user (--profile).
func DefaultProfile(roots []string) (string, error) {
	var found []string
	for _, root := range roots {
		data, err := readSmall(filepath.Join(root, "profiles.ini"), maxProfilesINI)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", wrapIO(filepath.Join(root, "profiles.ini"), err)
		}
		dir, err := profileFromINI(data, root)
		if err != nil {
			return "", err
		}
		found = append(found, dir)
	}
	switch len(found) {
	case 0:
		return "", errorf(ReasonProfileNotFound, "path", strings.Join(roots, ", "))
	case 1:
		return found[0], nil
	}
	return "", errorf(ReasonProfileAmbiguous, "profiles", strings.Join(found, ", "))
}

type iniSection struct {
	name string
	keys map[string]string
}

// parseINI reads the simple INI of profiles.ini: [sections], key=value
// lines, no inline comments. Lines starting with ; or # are skipped. A line
// longer than 64 KiB is an error: reading on past it could pick another
// profile than Thunderbird does.
func parseINI(data []byte) ([]iniSection, error) {
	var out []iniSection
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for sc.Scan() {
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		switch {
		case line == "" || line[0] == ';' || line[0] == '#':
		case line[0] == '[' && strings.HasSuffix(line, "]"):
			out = append(out, iniSection{name: line[1 : len(line)-1], keys: map[string]string{}})
		case len(out) > 0:
			if k, v, ok := strings.Cut(line, "="); ok {
				out[len(out)-1].keys[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	return out, sc.Err()
}

// profileFromINI applies the rule of formats.md §2.5: one [Install…]
// section → its Default; several that disagree → ambiguous; none → the
// [ProfileN] with Default=1, or the only profile.
func profileFromINI(data []byte, root string) (string, error) {
	if len(data) > maxProfilesINI {
		return "", errorf(ReasonProfileBad, "path", filepath.Join(root, "profiles.ini"))
	}
	sections, err := parseINI(data)
	if err != nil {
		return "", errorf(ReasonProfileBad, "path", filepath.Join(root, "profiles.ini"))
	}
	resolve := func(path string, relative bool) string {
		if relative || !filepath.IsAbs(filepath.FromSlash(path)) {
			return filepath.Join(root, filepath.FromSlash(path))
		}
		return filepath.FromSlash(path)
	}
	relative := map[string]bool{} // Path → IsRelative, to resolve Install defaults
	var profiles, defaults []string
	for _, s := range sections {
		if strings.HasPrefix(s.name, "Profile") && s.keys["Path"] != "" {
			rel := s.keys["IsRelative"] != "0"
			relative[s.keys["Path"]] = rel
			profiles = append(profiles, resolve(s.keys["Path"], rel))
			if s.keys["Default"] == "1" {
				defaults = append(defaults, resolve(s.keys["Path"], rel))
			}
		}
	}
	installs := map[string]bool{}
	for _, s := range sections {
		if strings.HasPrefix(s.name, "Install") && s.keys["Default"] != "" {
			p := s.keys["Default"]
			rel, known := relative[p]
			installs[resolve(p, !known || rel)] = true
		}
	}
	switch {
	case len(installs) == 1:
		for p := range installs {
			return p, nil
		}
	case len(installs) > 1:
		list := make([]string, 0, len(installs))
		for p := range installs {
			list = append(list, p)
		}
		sort.Strings(list)
		return "", errorf(ReasonProfileAmbiguous, "profiles", strings.Join(list, ", "))
	case len(defaults) == 1:
		return defaults[0], nil
	case len(profiles) == 1:
		return profiles[0], nil
	case len(profiles) > 1:
		return "", errorf(ReasonProfileAmbiguous, "profiles", strings.Join(profiles, ", "))
	}
	return "", errorf(ReasonProfileNotFound, "path", filepath.Join(root, "profiles.ini"))
}

// readSmall reads at most limit+1 bytes of path: enough to tell a file
// that is too large without reading all of it.
func readSmall(path string, limit int64) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return io.ReadAll(io.LimitReader(fh, limit+1))
}
