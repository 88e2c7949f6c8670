package main

import (
	"context"
	"errors"

	"github.com/mailsetup/mailsetup/providers"
	"github.com/mailsetup/mailsetup/settings"
)

// discoverPorts rewrites the standard ports online discovery connects to.
// Only tests set it: they serve HTTPS and mail on random loopback ports
// (providers.DiscoverOptions.Ports); there is no flag for it.
var discoverPorts map[int]int

// discover runs online discovery (spec/cli.md "detect" without --offline)
// over the Network of the global flags. Discover bounds itself to
// 2 × --timeout. When nothing is found, said tells whether the reason is
// already on stderr (a Network that cannot be built, DNS that never
// answered, another error): the caller then adds no "not found" line, so
// the error stays one line and does not say "ask your provider" when
// nothing could be asked.
func (c *cli) discover(addr settings.Address) (cfg settings.Config, found, said bool) {
	n, err := c.Network()
	if err != nil {
		c.fail(exitFailed, "%v", err)
		return settings.Config{}, false, true
	}
	cfg, err = providers.Discover(context.Background(), addr, providers.DiscoverOptions{Network: n, Ports: discoverPorts})
	if err != nil {
		switch {
		case errors.Is(err, providers.ErrNoDNS):
			c.fail(exitFailed, "%s", c.T("detect.no_dns", "domain", addr.Domain))
		case !errors.Is(err, providers.ErrNotFound):
			c.fail(exitFailed, "%v", err)
		default:
			return settings.Config{}, false, false
		}
		return settings.Config{}, false, true
	}
	return cfg, true, false
}
