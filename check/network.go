package check

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/resolve"
)

func (s *session) resolve() (i18n.Message, *failure) {
	if ip, err := netip.ParseAddr(s.srv.Host); err == nil {
		s.addrs = []netip.Addr{ip}
		return i18n.Msg("check.detail.addresses", "addresses", ip.String()), nil
	}
	if s.nw.Resolver == nil {
		return i18n.Message{}, fail(DNSTimeout, i18n.Msg("check.detail.no_resolver"))
	}
	ctx, cancel := context.WithTimeout(s.ctx, s.timeout)
	defer cancel()
	addrs, _, err := s.nw.Resolver.LookupIP(ctx, s.srv.Host)
	if err == nil && len(addrs) == 0 {
		err = &net.DNSError{Err: "no addresses", Name: s.srv.Host, IsNotFound: true}
	}
	if err != nil {
		if resolve.IsNotFound(err) && !s.canResolve(ctx) {
			// Nothing resolves at all: the computer is offline (or its DNS
			// lies), not the name misspelt (providers.md §7).
			return i18n.Message{}, fail(DNSTimeout, i18n.Msg("check.detail.no_internet"))
		}
		return i18n.Message{}, dnsFailure(s.srv.Host, err)
	}
	s.addrs = addrs
	list := make([]string, 0, len(addrs))
	for _, a := range addrs {
		list = append(list, a.String())
	}
	return i18n.Msg("check.detail.addresses", "addresses", strings.Join(limitNames(list), ", ")), nil
}

// dnsCanary is a name that exists as long as DNS works (RFC 2606 §3).
const dnsCanary = "example.com"

// canResolve reports whether DNS answers for a name that surely exists.
func (s *session) canResolve(ctx context.Context) bool {
	_, _, err := s.nw.Resolver.LookupIP(ctx, dnsCanary)
	return err == nil
}

// slowConnect is how long a connection attempt may take before the other
// ports are tried alongside: long enough for any reachable server, short
// enough that their answer is in before the attempt times out.
func (s *session) slowConnect() time.Duration {
	return min(s.timeout/5, 400*time.Millisecond)
}

func (s *session) connect() (i18n.Message, *failure) {
	ctx, cancel := context.WithTimeout(s.ctx, s.timeout)
	defer cancel()
	if s.onSlowConnect != nil {
		var fired sync.WaitGroup
		var stopEarly func()
		fired.Add(1)
		timer := time.AfterFunc(s.slowConnect(), func() {
			defer fired.Done()
			stopEarly = s.onSlowConnect()
		})
		defer func() {
			if timer.Stop() {
				fired.Done() // it will never run
			}
			fired.Wait() // the step ends only once the callback has
			if stopEarly != nil && s.raw != nil {
				stopEarly() // connected after all: no need for other ports
			}
		}()
	}
	c, err := dialAddrs(ctx, s.nw, s.addrs, s.srv.Port)
	if err != nil {
		return i18n.Message{}, connectFailure(net.JoinHostPort(s.srv.Host, portText(s.srv.Port)), err)
	}
	s.raw = c
	// A cancelled check (the Cancel button, the whole-check budget) closes
	// the socket at once, which unblocks any read in progress.
	s.stop = context.AfterFunc(s.ctx, func() { c.Close() })
	_ = c.SetDeadline(time.Now().Add(s.timeout))
	s.tc = newTextConn(c)
	s.br = bufio.NewReader(s.tc)
	return i18n.Msg("check.detail.connected", "address", c.RemoteAddr().String()), nil
}

// addrDialer is resolve.NetDialer's way to connect to addresses already
// resolved, so the resolve step is not done twice.
type addrDialer interface {
	DialAddrs(ctx context.Context, network string, addrs []netip.Addr, port int) (net.Conn, error)
}

func dialAddrs(ctx context.Context, nw *resolve.Network, addrs []netip.Addr, port int) (net.Conn, error) {
	if d, ok := nw.Dialer.(addrDialer); ok {
		return d.DialAddrs(ctx, "tcp", addrs, port)
	}
	d := nw.Dialer
	if d == nil {
		d = &resolve.NetDialer{Resolver: nw.Resolver, Timeout: nw.Timeout}
	}
	var first error
	for _, a := range addrs {
		c, err := d.DialContext(ctx, "tcp", netip.AddrPortFrom(a.Unmap(), uint16(port)).String())
		if err == nil {
			return c, nil
		}
		if first == nil {
			first = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	if first == nil {
		first = errors.New("no address to connect to")
	}
	return nil, first
}
