package main

import (
	"errors"

	"github.com/mailsetup/mailsetup/settings"
)

// parseAddress reads the EMAIL argument of a command. On bad input it prints
// the precise reason in the user's language (address.* keys), one line on
// stderr, and returns exitBadInput; otherwise exitOK.
func (c *cli) parseAddress(s string) (settings.Address, int) {
	addr, err := settings.ParseAddress(s)
	if err == nil {
		return addr, exitOK
	}
	var ae *settings.AddressError
	if errors.As(err, &ae) {
		return addr, c.fail(exitBadInput, "%s", c.T(ae.Key()))
	}
	return addr, c.fail(exitBadInput, "%s", err)
}
