//go:build tools

// This file pins the modules mailsetup builds on, at the versions the project
// chose (see README), so go mod tidy keeps them even before code uses them.
package main

import (
	_ "github.com/emersion/go-imap/v2/imapclient"
	_ "github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	_ "github.com/emersion/go-sasl"
	_ "github.com/emersion/go-smtp"
	_ "github.com/wneessen/go-mail"
	_ "github.com/zalando/go-keyring"
	_ "go.uber.org/goleak"
	_ "howett.net/plist"
)
