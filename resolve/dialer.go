package resolve

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"time"
)

// Dialer opens connections. Every connection the app makes goes through one,
// so tests can replace the network and every host name is resolved by the
// app's own Resolver.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// NetDialer dials TCP after resolving the host with Resolver, trying each
// address in turn.
type NetDialer struct {
	Resolver Resolver
	Timeout  time.Duration // per connection attempt; 0 = 10 s
}

// DialContext implements Dialer.
func (d *NetDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, portText, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		return nil, &net.AddrError{Err: "invalid port", Addr: address}
	}
	addrs, _, err := d.Resolve(ctx, host)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	return d.DialAddrs(ctx, network, addrs, port)
}

// Resolve returns the addresses of host through the dialer's resolver.
func (d *NetDialer) Resolve(ctx context.Context, host string) ([]netip.Addr, Result, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, Result{Authentic: true}, nil
	}
	if d.Resolver == nil {
		return nil, Result{}, errors.New("no resolver")
	}
	return d.Resolver.LookupIP(ctx, host)
}

// DialAddrs connects to the first of addrs that accepts, IPv4 first since
// broken IPv6 paths are the commoner failure on home networks.
func (d *NetDialer) DialAddrs(ctx context.Context, network string, addrs []netip.Addr, port int) (net.Conn, error) {
	timeout := d.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	nd := net.Dialer{Timeout: timeout}
	ordered := make([]netip.Addr, 0, len(addrs))
	for _, a := range addrs {
		if a.Is4() || a.Is4In6() {
			ordered = append(ordered, a)
		}
	}
	for _, a := range addrs {
		if !(a.Is4() || a.Is4In6()) {
			ordered = append(ordered, a)
		}
	}
	var firstErr error
	for _, a := range ordered {
		c, err := nd.DialContext(ctx, network, netip.AddrPortFrom(a.Unmap(), uint16(port)).String())
		if err == nil {
			return c, nil
		}
		if firstErr == nil {
			firstErr = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	if firstErr == nil {
		firstErr = &net.OpError{Op: "dial", Net: network, Err: errors.New("no addresses")}
	}
	return nil, firstErr
}
