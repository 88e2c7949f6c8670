//go:build windows

package resolve

import (
	"net"
	"net/netip"
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// SystemNameservers returns the DNS servers of the network adapters that are up
// and have a gateway, as Go's own net/dnsconfig_windows.go finds them. When no
// adapter qualifies it falls back to the servers of every adapter that is up.
func SystemNameservers() ([]string, error) {
	aas, err := adapterAddresses()
	if err != nil {
		return nil, err
	}
	var withGateway, up []string
	for _, aa := range aas {
		if aa.OperStatus != windows.IfOperStatusUp {
			continue
		}
		for dns := aa.FirstDnsServerAddress; dns != nil; dns = dns.Next {
			sa, err := dns.Address.Sockaddr.Sockaddr()
			if err != nil {
				continue
			}
			var ip netip.Addr
			switch sa := sa.(type) {
			case *syscall.SockaddrInet4:
				ip = netip.AddrFrom4(sa.Addr)
			case *syscall.SockaddrInet6:
				ip = netip.AddrFrom16(sa.Addr)
				// fec0::/10 are deprecated site-local resolvers Windows lists by default.
				if ip.As16()[0] == 0xfe && ip.As16()[1]&0xc0 == 0xc0 {
					continue
				}
			default:
				continue
			}
			addr := net.JoinHostPort(ip.String(), "53")
			up = append(up, addr)
			if aa.FirstGatewayAddress != nil {
				withGateway = append(withGateway, addr)
			}
		}
	}
	if len(withGateway) > 0 {
		return withGateway, nil
	}
	return up, nil
}

func adapterAddresses() ([]*windows.IpAdapterAddresses, error) {
	var b []byte
	l := uint32(15000)
	for {
		b = make([]byte, l)
		err := windows.GetAdaptersAddresses(syscall.AF_UNSPEC,
			windows.GAA_FLAG_INCLUDE_PREFIX|windows.GAA_FLAG_INCLUDE_GATEWAYS,
			0, (*windows.IpAdapterAddresses)(unsafe.Pointer(&b[0])), &l)
		if err == nil {
			if l == 0 {
				return nil, nil
			}
			break
		}
		if err.(syscall.Errno) != syscall.ERROR_BUFFER_OVERFLOW {
			return nil, os.NewSyscallError("getadaptersaddresses", err)
		}
		if l <= uint32(len(b)) {
			return nil, os.NewSyscallError("getadaptersaddresses", err)
		}
	}
	var aas []*windows.IpAdapterAddresses
	for aa := (*windows.IpAdapterAddresses)(unsafe.Pointer(&b[0])); aa != nil; aa = aa.Next {
		aas = append(aas, aa)
	}
	return aas, nil
}
