package check_test

import (
	"context"
	"net"
	"syscall"
)

// refusingDialer answers every connection attempt like a closed port.
type refusingDialer struct{}

func (refusingDialer) DialContext(context.Context, string, string) (net.Conn, error) {
	return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
}
