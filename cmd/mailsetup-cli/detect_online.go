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
// 2 × --timeout. A Network that cannot be built (no DNS server configured)
// is said on stderr, then counts as nothing found.
func (c *cli) discover(addr settings.Address) (settings.Config, bool) {
	n, err := c.Network()
	if err != nil {
		c.fail(exitFailed, "%v", err)
		return settings.Config{}, false
	}
	cfg, err := providers.Discover(context.Background(), addr, providers.DiscoverOptions{Network: n, Ports: discoverPorts})
	if err != nil {
		if !errors.Is(err, providers.ErrNotFound) {
			c.fail(exitFailed, "%v", err)
		}
		return settings.Config{}, false
	}
	return cfg, true
}
