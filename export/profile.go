package export

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mailsetup/mailsetup/internal/atomicfile"

	"github.com/mailsetup/mailsetup/settings"
)

// ProfileResult says what AddToProfile did.
type ProfileResult struct {
	Profile string      // the profile directory
	Backup  string      // the copy of prefs.js taken first ("" when there was none)
	Keys    ProfileKeys // the keys the new account got
}

// AccountKey is the new account's key, e.g. "account3".
func (r ProfileResult) AccountKey() string { return r.Keys.Account }

// AddToProfile adds account a to the Thunderbird profile in dir by editing
// its prefs.js (formats.md §2.4): it refuses while Thunderbird holds the
// profile's lock, keeps a backup of prefs.js, takes the next free account,
// server, identity and SMTP keys, merges the account and SMTP server lists,
// raises mail.account.lastKey, and keeps every other byte of the file.
// Errors are *Error; on any error nothing in dir has changed except,
// possibly, the backup copy.
func AddToProfile(dir string, a settings.Account, o Options) (ProfileResult, error) {
	res := ProfileResult{Profile: dir}
	p, err := prepare(a, needBoth, false)
	if err != nil {
		return res, err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return res, errorf(ReasonProfileNotFound, "path", dir)
	}
	unlock, err := lockProfile(dir)
	if err != nil {
		return res, err
	}
	defer unlock()

	if err := checkUserJS(dir); err != nil {
		return res, err
	}
	prefsPath := filepath.Join(dir, "prefs.js")
	data, mode, err := readBounded(prefsPath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return res, err
	}
	f, perr := parsePrefs(data)
	if perr != nil {
		return res, errorf(ReasonPrefsTooLarge, "path", prefsPath)
	}
	if f.open {
		return res, errorf(ReasonProfileBad, "path", prefsPath)
	}
	if key := findDuplicate(f, p); key != "" {
		return res, errorf(ReasonAccountExists, "address", p.from(), "key", key)
	}
	res.Keys = nextKeys(f)
	merged := mergePrefs(data, f, p, res.Keys)

	if data != nil {
		if res.Backup, err = backup(dir, data, mode, o.Now); err != nil {
			return res, err
		}
	}
	if err := atomicfile.Write(prefsPath, merged, mode); err != nil {
		return res, wrapIO(prefsPath, err)
	}
	return res, nil
}

// readBounded reads a prefs file of at most maxPrefsBytes and returns its
// permissions (0600 for a file that does not exist yet, as Thunderbird
// creates it).
func readBounded(path string) ([]byte, fs.FileMode, error) {
	fh, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, 0o600, err
		}
		return nil, 0, wrapIO(path, err)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, 0, wrapIO(path, err)
	}
	data, err := io.ReadAll(io.LimitReader(fh, maxPrefsBytes+1))
	if err != nil {
		return nil, 0, wrapIO(path, err)
	}
	if len(data) > maxPrefsBytes {
		return nil, 0, errorf(ReasonPrefsTooLarge, "path", path)
	}
	return data, st.Mode().Perm(), nil
}

// checkUserJS refuses a profile whose user.js sets the account or SMTP
// server lists: it would reset them at every start and hide the account we
// add (formats.md §2.4).
func checkUserJS(dir string) error {
	path := filepath.Join(dir, "user.js")
	data, _, err := readBounded(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	f, err := parsePrefs(data)
	if err != nil {
		return errorf(ReasonPrefsTooLarge, "path", path)
	}
	for _, name := range []string{"mail.accountmanager.accounts", "mail.smtpservers"} {
		if _, ok := f.get(name); ok {
			return errorf(ReasonUserJSOverrides, "path", path)
		}
	}
	return nil
}

// findDuplicate returns the key of an existing account with the same
// protocol, host and user name: Thunderbird itself refuses such a twin.
func findDuplicate(f *prefsFile, p *plan) string {
	for _, acct := range splitList(f.str("mail.accountmanager.accounts")) {
		srv := f.str("mail.account." + acct + ".server")
		if srv == "" {
			continue
		}
		b := "mail.server." + srv + "."
		if f.str(b+"type") == string(p.in.Protocol) &&
			strings.EqualFold(f.str(b+"hostname"), p.in.Host) &&
			f.str(b+"userName") == p.in.Username {
			return acct
		}
	}
	return ""
}

// nextKeys picks the first number above every key of each kind in use,
// whether listed, referenced or only present as a pref branch.
func nextKeys(f *prefsFile) ProfileKeys {
	high := map[string]int{}
	note := func(prefix, key string) {
		if n, err := strconv.Atoi(strings.TrimPrefix(key, prefix)); err == nil && strings.HasPrefix(key, prefix) && n > high[prefix] {
			high[prefix] = n
		}
	}
	if n, ok := f.int("mail.account.lastKey"); ok {
		note("account", "account"+strconv.Itoa(n))
	}
	for _, k := range splitList(f.str("mail.accountmanager.accounts")) {
		note("account", k)
	}
	for _, k := range splitList(f.str("mail.smtpservers")) {
		note("smtp", k)
	}
	for _, e := range f.entries {
		for _, b := range []struct{ branch, prefix string }{
			{"mail.account.", "account"}, {"mail.server.", "server"},
			{"mail.identity.", "id"}, {"mail.smtpserver.", "smtp"},
		} {
			if rest, ok := strings.CutPrefix(e.Name, b.branch); ok {
				key, _, _ := strings.Cut(rest, ".")
				note(b.prefix, key)
			}
		}
		if strings.HasSuffix(e.Name, ".identities") || strings.HasSuffix(e.Name, ".server") || strings.HasSuffix(e.Name, ".smtpServer") {
			s, _ := e.Value.(string)
			for _, k := range splitList(s) {
				note("server", k)
				note("id", k)
				note("smtp", k)
			}
		}
	}
	next := func(prefix string) string { return prefix + strconv.Itoa(high[prefix]+1) }
	return ProfileKeys{Account: next("account"), Server: next("server"), Identity: next("id"), SMTP: next("smtp")}
}

func splitList(s string) []string {
	var out []string
	for _, k := range strings.Split(s, ",") {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// mergePrefs returns data without the statements we replace, followed by
// our block: the account, the merged lists, lastKey and, where the profile
// has none, the defaults.
func mergePrefs(data []byte, f *prefsFile, p *plan, k ProfileKeys) []byte {
	accounts := splitList(f.str("mail.accountmanager.accounts"))
	// Our account goes before Local Folders (server type "none"), where the
	// account wizard puts new accounts.
	at := len(accounts)
	for i, acct := range accounts {
		if f.str("mail.server."+f.str("mail.account."+acct+".server")+".type") == "none" {
			at = i
			break
		}
	}
	accounts = append(accounts[:at], append([]string{k.Account}, accounts[at:]...)...)
	smtps := append(splitList(f.str("mail.smtpservers")), k.SMTP)

	last, _ := f.int("mail.account.lastKey")
	n, _ := strconv.Atoi(strings.TrimPrefix(k.Account, "account"))
	replace := []pref{
		{"mail.accountmanager.accounts", strings.Join(accounts, ",")},
		{"mail.smtpservers", strings.Join(smtps, ",")},
		{"mail.account.lastKey", max(last, n)},
	}
	if f.str("mail.accountmanager.defaultaccount") == "" {
		replace = append(replace, pref{"mail.accountmanager.defaultaccount", k.Account})
	}
	if f.str("mail.smtp.defaultserver") == "" {
		replace = append(replace, pref{"mail.smtp.defaultserver", k.SMTP})
	}

	drop := map[string]bool{}
	for _, r := range replace {
		drop[r.Name] = true
	}
	var spans [][2]int
	for _, e := range f.entries {
		if drop[e.Name] {
			spans = append(spans, [2]int{e.Start, e.End})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })

	var b bytes.Buffer
	pos := 0
	for _, s := range spans {
		b.Write(data[pos:s[0]])
		pos = s[1]
		// Take the line end with the statement, so no blank line is left.
		if pos < len(data) && data[pos] == '\r' {
			pos++
		}
		if pos < len(data) && data[pos] == '\n' {
			pos++
		}
	}
	b.Write(data[pos:])
	if b.Len() > 0 && !bytes.HasSuffix(b.Bytes(), []byte("\n")) {
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "// Added by mailsetup: %s\n", k.Account)
	_ = writePrefs(&b, accountPrefs(p, k))
	_ = writePrefs(&b, replace)
	return b.Bytes()
}

// backup copies prefs.js beside itself under a dated name that is never
// reused, so an earlier backup is never overwritten.
func backup(dir string, data []byte, mode fs.FileMode, now time.Time) (string, error) {
	if now.IsZero() {
		now = time.Now()
	}
	base := filepath.Join(dir, "prefs.js.mailsetup-"+now.UTC().Format("20060102-150405"))
	for i := 0; i < 100; i++ {
		path := base + ".bak"
		if i > 0 {
			path = fmt.Sprintf("%s-%d.bak", base, i)
		}
		fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", wrapIO(path, err)
		}
		_, err = fh.Write(data)
		if err == nil {
			err = fh.Sync()
		}
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return "", wrapIO(path, err)
		}
		return path, nil
	}
	return "", wrapIO(base, errors.New("too many backups"))
}
