package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"unicode/utf8"

	"github.com/mailsetup/mailsetup/assets"
	"github.com/mailsetup/mailsetup/keychain"
)

// keychainStore is the system keychain as every command uses it (password,
// check --keychain); each call waits at most keychain.DefaultTimeout. Tests
// swap it for a fake; they must not run in parallel.
var keychainStore = keychain.Default

// savedIndexPath is the app's saved-passwords list (addresses only), which
// `password set` and `delete` keep up to date so the app's "saved passwords"
// menu shows what was saved here too. Tests point it at a temporary file.
var savedIndexPath = func() (string, error) { return keychain.AppIndexPath(assets.AppID) }

// updateSavedIndex adds or removes email in the app's list. The list is a
// convenience; the keychain already holds the truth, so a failure here
// (a read-only home, say) does not fail the command.
func updateSavedIndex(email string, saved bool) {
	path, err := savedIndexPath()
	if err != nil {
		return
	}
	if !saved {
		if _, err := os.Stat(path); err != nil {
			return // nothing to remove from; do not create the app's folder
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return
	}
	x := keychain.OpenIndex(path)
	if saved {
		_ = x.Add(email)
	} else {
		_ = x.Remove(email)
	}
}

func init() {
	register(&command{
		name:    "password",
		usage:   "password set|get|delete EMAIL",
		summary: "keychain.cli.summary",
		run:     runPassword,
	})
}

// runPassword implements `password set|get|delete EMAIL` (spec/cli.md): the
// secret comes from the first line of stdin, never from argv, and is never
// echoed; exit 1 when there is no entry, 3 when no keychain can be used.
//
// With --json: set prints {"email", "stored": true}; delete prints
// {"email", "deleted": true}; get prints {"email", "found": true,
// "password"} (the password, since get was asked for it). No entry gives
// {"email", "found": false}; no keychain gives {"email", "error": {"reason",
// "message", "detail"}}. Bad input prints nothing on stdout.
func runPassword(c *cli, _ *cmdFlags, args []string) int {
	if len(args) != 2 {
		return c.fail(exitBadInput, "%s", c.T("keychain.cli.usage"))
	}
	action := args[0]
	if action != "set" && action != "get" && action != "delete" {
		return c.fail(exitBadInput, "%s", c.T("keychain.cli.unknown_action", "action", action))
	}
	addr, code := c.parseAddress(args[1])
	if code != exitOK {
		return code
	}
	email := addr.String()
	switch action {
	case "set":
		return passwordSet(c, email)
	case "get":
		return passwordGet(c, email)
	default:
		return passwordDelete(c, email)
	}
}

func passwordSet(c *cli, email string) int {
	secret, code := c.readSecret(email)
	if code != exitOK {
		return code
	}
	defer keychain.Wipe(secret)
	if err := keychainStore().Set(keychain.Account(email), secret); err != nil {
		return c.keychainFailed(email, err)
	}
	updateSavedIndex(email, true)
	if c.JSON {
		c.writeJSON(struct {
			Email  string `json:"email"`
			Stored bool   `json:"stored"`
		}{email, true})
		return exitOK
	}
	fmt.Fprintln(c.Stdout, c.T("keychain.cli.saved", "email", email))
	return exitOK
}

func passwordGet(c *cli, email string) int {
	secret, err := keychainStore().Get(keychain.Account(email))
	if err != nil {
		return c.keychainFailed(email, err)
	}
	defer keychain.Wipe(secret)
	// Sized up front so that appending never leaves a copy of the secret
	// in an abandoned array; built by hand so that the secret never
	// becomes a string (strings cannot be wiped).
	name, _ := json.Marshal(email)
	out := make([]byte, 0, 64+len(name)+6*len(secret))
	if c.JSON {
		out = append(out, "{\n  \"email\": "...)
		out = append(out, name...)
		out = append(out, ",\n  \"found\": true,\n  \"password\": "...)
		out = appendJSONString(out, secret)
		out = append(out, "\n}\n"...)
	} else {
		out = append(append(out, secret...), '\n')
	}
	defer keychain.Wipe(out)
	if _, err := c.Stdout.Write(out); err != nil {
		return c.fail(exitFailed, "%v", err)
	}
	return exitOK
}

func passwordDelete(c *cli, email string) int {
	err := keychainStore().Delete(keychain.Account(email))
	if err == nil || errors.Is(err, keychain.ErrNotFound) {
		updateSavedIndex(email, false)
	}
	if err != nil {
		return c.keychainFailed(email, err)
	}
	if c.JSON {
		c.writeJSON(struct {
			Email   string `json:"email"`
			Deleted bool   `json:"deleted"`
		}{email, true})
		return exitOK
	}
	fmt.Fprintln(c.Stdout, c.T("keychain.cli.deleted", "email", email))
	return exitOK
}

// keychainFailed reports a Store error: exit 1 for no entry, 2 for what the
// keychain refuses to hold, 3 when no keychain can be used.
func (c *cli) keychainFailed(email string, err error) int {
	if errors.Is(err, keychain.ErrNotFound) {
		if c.JSON {
			c.writeJSON(struct {
				Email string `json:"email"`
				Found bool   `json:"found"`
			}{email, false})
		}
		return c.fail(exitFailed, "%s", c.T("keychain.cli.not_found", "email", email))
	}
	ue, ok := keychain.IsUnavailable(err)
	if !ok {
		// Only argument errors remain, and runPassword validated those.
		return c.fail(exitBadInput, "%s", keychain.Describe(err, c.Lang))
	}
	if ue.Reason == keychain.ReasonTooLarge {
		return c.fail(exitBadInput, "%s", c.T("keychain.cli.too_long", "max", strconv.Itoa(keychain.MaxSecretSize)))
	}
	if c.JSON {
		type failure struct {
			Reason  keychain.Reason `json:"reason"`
			Message string          `json:"message"`
			Detail  string          `json:"detail,omitempty"`
		}
		c.writeJSON(struct {
			Email string  `json:"email"`
			Error failure `json:"error"`
		}{email, failure{ue.Reason, ue.Message(c.Lang), ue.Detail()}})
	}
	return c.fail(exitNoStore, "%s [%s]", ue.Message(c.Lang), ue.Reason)
}

// readSecret reads the first line of stdin, without its line ending. When
// stdin is a terminal it asks on stderr and turns echo off. The bytes are read
// one at a time into a buffer that never grows, so no copy is left behind
// for Wipe to miss.
func (c *cli) readSecret(email string) ([]byte, int) {
	if restore, ok := noEcho(c.Stdin); ok {
		fmt.Fprint(c.Stderr, c.T("keychain.cli.prompt", "email", email))
		stop := onInterrupt(restore)
		defer func() {
			stop()
			restore()
			fmt.Fprintln(c.Stderr)
		}()
	}
	secret, err := readLine(c.Stdin, keychain.MaxSecretSize)
	switch {
	case errors.Is(err, errLineTooLong):
		return nil, c.fail(exitBadInput, "%s", c.T("keychain.cli.too_long", "max", strconv.Itoa(keychain.MaxSecretSize)))
	case err != nil:
		return nil, c.fail(exitBadInput, "%s", c.T("keychain.cli.stdin_error", "error", err.Error()))
	case len(secret) == 0:
		return nil, c.fail(exitBadInput, "%s", c.T("keychain.cli.no_secret", "email", email))
	case bytes.IndexByte(secret, 0) >= 0 || !utf8.Valid(secret):
		keychain.Wipe(secret)
		return nil, c.fail(exitBadInput, "%s", c.T("keychain.cli.bad_secret"))
	}
	return secret, exitOK
}

// onInterrupt makes Ctrl-C (or a hang-up) during the prompt turn echo back
// on before the program ends, so the user's terminal is not left silent.
func onInterrupt(restore func()) (stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			restore()
			os.Exit(130) // the shell's code for "ended by Ctrl-C"
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

var errLineTooLong = errors.New("line too long")

// readLine returns the first line of r without "\n" or "\r\n", at most max
// bytes. On any error the partial line is wiped.
func readLine(r io.Reader, max int) ([]byte, error) {
	buf := make([]byte, 0, max+1) // +1: room for a "\r" before "\n"
	var one [1]byte
	defer keychain.Wipe(one[:])
	for {
		n, err := r.Read(one[:])
		if n == 1 {
			if one[0] == '\n' {
				break
			}
			if len(buf) == max+1 {
				keychain.Wipe(buf)
				return nil, errLineTooLong
			}
			buf = append(buf, one[0])
			continue
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			keychain.Wipe(buf)
			return nil, err
		}
	}
	if n := len(buf); n > 0 && buf[n-1] == '\r' {
		buf[n-1] = 0
		buf = buf[:n-1]
	}
	if len(buf) > max {
		keychain.Wipe(buf)
		return nil, errLineTooLong
	}
	return buf, nil
}

// appendJSONString appends s as a JSON string (RFC 8259 §7). s is valid
// UTF-8; control characters, quote and backslash are escaped. dst must have
// room for 6 bytes per byte of s plus 2, or a copy of s is left behind.
func appendJSONString(dst, s []byte) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for _, b := range s {
		switch {
		case b == '"' || b == '\\':
			dst = append(dst, '\\', b)
		case b == '\n':
			dst = append(dst, '\\', 'n')
		case b == '\r':
			dst = append(dst, '\\', 'r')
		case b == '\t':
			dst = append(dst, '\\', 't')
		case b < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xf])
		default:
			dst = append(dst, b)
		}
	}
	return append(dst, '"')
}
