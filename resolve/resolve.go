// Package resolve is mailsetup's single door to DNS. Every lookup the app makes,
// MX, SRV, TXT and the A/AAAA lookups before any connection, goes through a
// Resolver, so that --dns-server governs them all and tests can swap in their
// own (the pattern of mox's dns.Resolver).
package resolve

import (
	"context"
	"net"
	"net/netip"
)

// Result describes how an answer was obtained.
type Result struct {
	// Authentic is true when the answer carried the AD bit (RFC 4035 §3.2.3)
	// from a resolver on a trusted path (loopback). It feeds the "verified" label.
	Authentic bool
}

// Resolver answers the DNS questions mailsetup asks. Errors are *net.DNSError,
// so callers tell "does not exist" (IsNotFound) from "no answer in time"
// (IsTimeout) the same way as with the standard library.
type Resolver interface {
	LookupIP(ctx context.Context, host string) ([]netip.Addr, Result, error)
	LookupMX(ctx context.Context, name string) ([]*net.MX, Result, error)
	// LookupSRV looks up _service._proto.name (RFC 2782); the records come
	// sorted by priority, then weight, with "." targets (service not offered,
	// RFC 6186 §3.4) removed.
	LookupSRV(ctx context.Context, service, proto, name string) ([]*net.SRV, Result, error)
	LookupTXT(ctx context.Context, name string) ([]string, Result, error)
	LookupCNAME(ctx context.Context, name string) (string, Result, error)
}

// IsNotFound reports whether err says the name or record does not exist.
func IsNotFound(err error) bool {
	var de *net.DNSError
	return err != nil && asDNSError(err, &de) && de.IsNotFound
}

// IsTimeout reports whether err is a DNS time-out.
func IsTimeout(err error) bool {
	var de *net.DNSError
	return err != nil && asDNSError(err, &de) && de.IsTimeout
}
