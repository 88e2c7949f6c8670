//go:build !windows

package resolve

import (
	"net"

	"github.com/miekg/dns"
)

// SystemNameservers returns the servers of /etc/resolv.conf as host:port.
func SystemNameservers() ([]string, error) {
	cfg, err := dns.ClientConfigFromFile("/etc/resolv.conf")
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(cfg.Servers))
	for _, s := range cfg.Servers {
		out = append(out, net.JoinHostPort(s, cfg.Port))
	}
	return out, nil
}
