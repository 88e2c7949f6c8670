package check_test

import (
	"context"
	"fmt"
	"time"

	"github.com/mailsetup/mailsetup/check"
	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/resolve"
	"github.com/mailsetup/mailsetup/settings"
)

// A window shows a line per step as it finishes, then the diagnosis.
func ExampleRun() {
	addr, _ := settings.ParseAddress("ana@example.es")
	req := check.Request{
		Email:    addr,
		Servers:  []settings.Server{{Protocol: settings.IMAP, Host: "127.0.0.1", Port: 993, Security: settings.TLS}},
		Password: "", // no password: every step up to the login, which is skipped
		Lang:     i18n.ES,
	}
	// A dialer that finds nothing listening stands in for the network here.
	nw := &resolve.Network{Dialer: refusingDialer{}, Timeout: time.Second}
	rep := check.Run(context.Background(), req, check.Options{
		Network: nw,
		OnEvent: func(e check.Event) {
			if e.Step != nil {
				fmt.Println(e.Step.Name, e.Step.OK)
			}
		},
	})
	d := rep.Results[0].Diagnosis
	fmt.Println(d.Code)
	fmt.Println(d.Message.In(i18n.ES))
	// Output:
	// resolve true
	// connect false
	// net.refused
	// 127.0.0.1 rechaza conexiones en el puerto 993.
}
