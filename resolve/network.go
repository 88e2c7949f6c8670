package resolve

import (
	"crypto/x509"
	"errors"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/mailsetup/mailsetup/i18n"
)

// MaxCAFileSize bounds a --ca-file read.
const MaxCAFileSize = 1 << 20

// Network is what every network-facing part of mailsetup needs: one resolver,
// one dialer that resolves through it, the trusted roots and the per-operation
// time limit. The CLI and the GUI build one and hand it down.
type Network struct {
	Resolver Resolver
	Dialer   Dialer
	// RootCAs are the system roots plus any --ca-file certificates; nil means
	// the system roots only.
	RootCAs *x509.CertPool
	// Timeout limits one network operation (connect, handshake, one reply).
	Timeout time.Duration
}

// NetworkOptions are the user's choices that shape a Network.
type NetworkOptions struct {
	DNSServer string // HOST:PORT; empty = the system's resolvers
	CAFile    string // PEM file of extra roots; empty = none
	Timeout   time.Duration
}

// NewNetwork builds a Network. Errors name the bad option and are meant for the user.
func NewNetwork(o NetworkOptions) (*Network, error) {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	var r *DNS
	if o.DNSServer != "" {
		server, err := ParseServer(o.DNSServer)
		if err != nil {
			return nil, err
		}
		r = New([]string{server}, o.Timeout)
	} else {
		var err error
		r, err = System(o.Timeout)
		if err != nil {
			return nil, err
		}
	}
	n := &Network{Resolver: r, Dialer: &NetDialer{Resolver: r, Timeout: o.Timeout}, Timeout: o.Timeout}
	if o.CAFile != "" {
		pool, err := LoadRoots(o.CAFile)
		if err != nil {
			return nil, err
		}
		n.RootCAs = pool
	}
	return n, nil
}

// LoadRoots returns the system roots plus the PEM certificates in file.
// Errors are *i18n.Error (resolve.ca_file.* keys).
func LoadRoots(file string) (*x509.CertPool, error) {
	f, err := os.Open(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, i18n.NewError("resolve.ca_file.missing", "file", file)
	case errors.Is(err, fs.ErrPermission):
		return nil, i18n.NewError("resolve.ca_file.denied", "file", file)
	case err != nil:
		return nil, i18n.NewError("resolve.ca_file.unreadable", "file", file, "error", ioReason(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxCAFileSize+1))
	if err != nil {
		return nil, i18n.NewError("resolve.ca_file.unreadable", "file", file, "error", ioReason(err))
	}
	if len(data) > MaxCAFileSize {
		return nil, i18n.NewError("resolve.ca_file.too_large", "file", file)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(data) {
		return nil, i18n.NewError("resolve.ca_file.no_pem", "file", file)
	}
	return pool, nil
}

// ioReason is the reason an operating-system call on a file failed, without
// the file name the message already gives.
func ioReason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
