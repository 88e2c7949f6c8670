package main

import (
	"github.com/mailsetup/mailsetup/settings"
)

// parseAddress reads the EMAIL argument of a command. On bad input it prints
// the precise reason in the user's language (c.fail renders the
// *settings.AddressError by its address.* key), one line on stderr, and
// returns exitBadInput; otherwise exitOK.
func (c *cli) parseAddress(s string) (settings.Address, int) {
	addr, err := settings.ParseAddress(s)
	if err != nil {
		return addr, c.fail(exitBadInput, "%v", err)
	}
	return addr, exitOK
}
