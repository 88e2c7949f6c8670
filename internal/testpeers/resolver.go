package testpeers

import (
	"context"
	"net"
	"net/netip"

	"github.com/mailsetup/mailsetup/resolve"
)

// staticResolver answers address lookups from a map.
type staticResolver struct{ hosts map[string][]netip.Addr }

func (r *staticResolver) LookupIP(_ context.Context, host string) ([]netip.Addr, resolve.Result, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, resolve.Result{}, nil
	}
	if a, ok := r.hosts[host]; ok {
		return a, resolve.Result{}, nil
	}
	return nil, resolve.Result{}, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

func (r *staticResolver) LookupMX(context.Context, string) ([]*net.MX, resolve.Result, error) {
	return nil, resolve.Result{}, &net.DNSError{Err: "no such record", IsNotFound: true}
}

func (r *staticResolver) LookupSRV(context.Context, string, string, string) ([]*net.SRV, resolve.Result, error) {
	return nil, resolve.Result{}, &net.DNSError{Err: "no such record", IsNotFound: true}
}

func (r *staticResolver) LookupTXT(context.Context, string) ([]string, resolve.Result, error) {
	return nil, resolve.Result{}, &net.DNSError{Err: "no such record", IsNotFound: true}
}

func (r *staticResolver) LookupCNAME(context.Context, string) (string, resolve.Result, error) {
	return "", resolve.Result{}, nil
}
