package export

import (
	"net"
	"strconv"
	"strings"
)

// symlinkLockLive decides whether a Unix profile "lock" symlink, whose
// target Thunderbird writes as "IP:+PID", belongs to a running process. A
// lock from another machine (a shared home directory) or one we cannot read
// counts as live: refusing is safe, editing under a live Thunderbird is not.
func symlinkLockLive(target string) bool {
	i := strings.LastIndex(target, ":")
	if i < 0 {
		return true
	}
	pid, err := strconv.Atoi(strings.TrimPrefix(target[i+1:], "+"))
	if err != nil || pid <= 0 {
		return true
	}
	if !isLocalIP(target[:i]) {
		return true
	}
	return processAlive(pid)
}

// isLocalIP reports whether ip is loopback or one of this machine's
// addresses.
func isLocalIP(s string) bool {
	ip := net.ParseIP(s)
	if ip == nil {
		return false
	}
	if ip.IsLoopback() {
		return true
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.Equal(ip) {
			return true
		}
	}
	return false
}
