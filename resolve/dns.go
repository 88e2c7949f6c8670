package resolve

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/mailsetup/mailsetup/i18n"
)

// DNS is a Resolver that asks DNS servers directly with miekg/dns: EDNS0 with
// the DO bit, the AD bit read for trust, a TCP retry on truncation and a
// deadline on every exchange.
type DNS struct {
	// Servers are host:port addresses, asked in order until one answers.
	Servers []string
	// Timeout bounds one exchange with one server.
	Timeout time.Duration
	// TrustAD says whether the AD bit may be believed. By spec/cli.md it is
	// true only for resolvers on loopback (a local validating resolver).
	TrustAD bool
}

// New returns a resolver for the given servers ("host:port"); the AD bit is
// trusted when every server is on loopback.
func New(servers []string, timeout time.Duration) *DNS {
	trust := len(servers) > 0
	for _, s := range servers {
		host, _, err := net.SplitHostPort(s)
		if err != nil {
			host = s
		}
		ip, err := netip.ParseAddr(host)
		if err != nil || !ip.IsLoopback() {
			trust = false
		}
	}
	return &DNS{Servers: servers, Timeout: timeout, TrustAD: trust}
}

// System returns a resolver for the system's DNS servers (/etc/resolv.conf on
// Unix, the network adapters' servers on Windows).
func System(timeout time.Duration) (*DNS, error) {
	servers, err := SystemNameservers()
	if err != nil {
		return nil, i18n.NewError("resolve.system.unreadable", "error", err.Error())
	}
	if len(servers) == 0 {
		return nil, i18n.NewError("resolve.system.none")
	}
	return New(servers, timeout), nil
}

// ParseServer checks a --dns-server value and adds port 53 when missing.
// Errors are *i18n.Error (resolve.dns_server.* keys).
func ParseServer(s string) (string, error) {
	if s == "" {
		return "", i18n.NewError("resolve.dns_server.empty")
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		if ip, perr := netip.ParseAddr(strings.Trim(s, "[]")); perr == nil {
			return net.JoinHostPort(ip.String(), "53"), nil
		}
		return "", i18n.NewError("resolve.dns_server.format", "value", strconv.Quote(s))
	}
	if _, err := netip.ParseAddr(host); err != nil {
		return "", i18n.NewError("resolve.dns_server.not_ip", "value", strconv.Quote(s))
	}
	var p int
	if _, err := fmt.Sscanf(port, "%d", &p); err != nil || p < 1 || p > 65535 || fmt.Sprint(p) != port {
		return "", i18n.NewError("resolve.dns_server.port", "value", strconv.Quote(s))
	}
	return s, nil
}

func (r *DNS) timeout() time.Duration {
	if r.Timeout <= 0 {
		return 5 * time.Second
	}
	return r.Timeout
}

// query asks each server in turn for name/qtype and returns the first usable reply.
func (r *DNS) query(ctx context.Context, name string, qtype uint16) (*dns.Msg, Result, error) {
	fqdn := dns.Fqdn(name)
	m := new(dns.Msg)
	m.SetQuestion(fqdn, qtype)
	m.SetEdns0(1232, true) // RFC 6891; DO bit so a validating resolver sets AD
	m.AuthenticatedData = true
	m.RecursionDesired = true
	lastErr := &net.DNSError{Err: "no DNS server configured", Name: name}
	for _, server := range r.Servers {
		if ctx.Err() != nil {
			break
		}
		reply, err := r.exchange(ctx, m, server)
		if err != nil {
			lastErr = &net.DNSError{Err: err.Error(), Name: name, Server: server, IsTimeout: isTimeout(err)}
			continue
		}
		switch reply.Rcode {
		case dns.RcodeSuccess:
			return reply, Result{Authentic: r.TrustAD && reply.AuthenticatedData}, nil
		case dns.RcodeNameError:
			return nil, Result{Authentic: r.TrustAD && reply.AuthenticatedData},
				&net.DNSError{Err: "no such host", Name: name, Server: server, IsNotFound: true}
		default:
			lastErr = &net.DNSError{Err: "server answered " + dns.RcodeToString[reply.Rcode], Name: name, Server: server, IsTemporary: true}
		}
	}
	if ctx.Err() != nil {
		return nil, Result{}, &net.DNSError{Err: "no answer in time", Name: name, IsTimeout: true}
	}
	return nil, Result{}, lastErr
}

func (r *DNS) exchange(ctx context.Context, m *dns.Msg, server string) (*dns.Msg, error) {
	ctx, cancel := context.WithTimeout(ctx, r.timeout())
	defer cancel()
	reply, err := exchangeOver(ctx, &dns.Client{Net: "udp", Timeout: r.timeout(), UDPSize: 1232}, m, server)
	if err == nil && reply.Truncated {
		// RFC 7766: a truncated UDP answer must be asked again over TCP.
		reply, err = exchangeOver(ctx, &dns.Client{Net: "tcp", Timeout: r.timeout()}, m, server)
	}
	if err == nil && reply.Id != m.Id {
		err = errors.New("reply does not match the question")
	}
	return reply, err
}

// exchangeOver is miekg's ExchangeContext, except that cancelling ctx ends
// the exchange at once: miekg obeys a context's deadline but not its
// cancellation, which would keep a lookup that discovery no longer needs
// running for the whole time-out.
func exchangeOver(ctx context.Context, c *dns.Client, m *dns.Msg, server string) (*dns.Msg, error) {
	conn, err := c.DialContext(ctx, server)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	reply, _, err := c.ExchangeWithConnContext(ctx, m, conn)
	if err != nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	return reply, err
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

func notFound(name string) error {
	return &net.DNSError{Err: "no such record", Name: name, IsNotFound: true}
}

// resolutionDelay is how long LookupIP waits for the second address family
// once the first has answered with addresses (RFC 8305 §3: 50 ms), so that a
// server that drops AAAA questions does not hold every connection back.
const resolutionDelay = 50 * time.Millisecond

// LookupIP returns the IPv4 and IPv6 addresses of host, asking both at once.
// Once one family has addresses, the other gets resolutionDelay more.
func (r *DNS) LookupIP(ctx context.Context, host string) ([]netip.Addr, Result, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, Result{Authentic: true}, nil
	}
	type answer struct {
		i     int
		addrs []netip.Addr
		res   Result
		err   error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make(chan answer, 2)
	for i, qtype := range []uint16{dns.TypeA, dns.TypeAAAA} {
		go func() {
			reply, res, err := r.query(ctx, host, qtype)
			a := answer{i: i, res: res, err: err}
			if err == nil {
				for _, rr := range reply.Answer {
					switch v := rr.(type) {
					case *dns.A:
						if ip, ok := netip.AddrFromSlice(v.A.To4()); ok {
							a.addrs = append(a.addrs, ip)
						}
					case *dns.AAAA:
						if ip, ok := netip.AddrFromSlice(v.AAAA); ok {
							a.addrs = append(a.addrs, ip)
						}
					}
				}
			}
			results <- a
		}()
	}
	var answers [2]*answer
	first := <-results
	answers[first.i] = &first
	if len(first.addrs) > 0 {
		timer := time.NewTimer(resolutionDelay)
		defer timer.Stop()
		select {
		case second := <-results:
			answers[second.i] = &second
		case <-timer.C:
		}
	} else {
		second := <-results
		answers[second.i] = &second
	}
	var addrs []netip.Addr
	res := Result{Authentic: true}
	for _, a := range answers { // IPv4 first
		if a != nil {
			addrs = append(addrs, a.addrs...)
			res.Authentic = res.Authentic && a.res.Authentic
		}
	}
	if len(addrs) > 0 {
		return addrs, res, nil
	}
	for _, a := range answers {
		if a.err != nil && !IsNotFound(a.err) {
			return nil, res, a.err
		}
	}
	if answers[0].err != nil {
		return nil, res, answers[0].err
	}
	return nil, res, notFound(host)
}

// LookupMX returns the MX records of name sorted by preference (RFC 5321 §5.1).
func (r *DNS) LookupMX(ctx context.Context, name string) ([]*net.MX, Result, error) {
	reply, res, err := r.query(ctx, name, dns.TypeMX)
	if err != nil {
		return nil, res, err
	}
	var out []*net.MX
	for _, rr := range reply.Answer {
		if mx, ok := rr.(*dns.MX); ok {
			out = append(out, &net.MX{Host: mx.Mx, Pref: mx.Preference})
		}
	}
	if len(out) == 0 {
		return nil, res, notFound(name)
	}
	slices.SortStableFunc(out, func(a, b *net.MX) int { return int(a.Pref) - int(b.Pref) })
	return out, res, nil
}

// LookupSRV implements Resolver.
func (r *DNS) LookupSRV(ctx context.Context, service, proto, name string) ([]*net.SRV, Result, error) {
	qname := "_" + service + "._" + proto + "." + strings.TrimSuffix(name, ".")
	reply, res, err := r.query(ctx, qname, dns.TypeSRV)
	if err != nil {
		return nil, res, err
	}
	var out []*net.SRV
	for _, rr := range reply.Answer {
		if s, ok := rr.(*dns.SRV); ok && s.Target != "." && s.Target != "" {
			out = append(out, &net.SRV{Target: s.Target, Port: s.Port, Priority: s.Priority, Weight: s.Weight})
		}
	}
	if len(out) == 0 {
		return nil, res, notFound(qname)
	}
	return SortSRV(out), res, nil
}

// SortSRV orders records by priority, then by a weighted random draw within a
// priority (RFC 2782, "Usage rules").
func SortSRV(in []*net.SRV) []*net.SRV {
	slices.SortStableFunc(in, func(a, b *net.SRV) int { return int(a.Priority) - int(b.Priority) })
	out := make([]*net.SRV, 0, len(in))
	for i := 0; i < len(in); {
		j := i
		for j < len(in) && in[j].Priority == in[i].Priority {
			j++
		}
		group := slices.Clone(in[i:j])
		for len(group) > 0 {
			total := 0
			for _, s := range group {
				total += int(s.Weight)
			}
			pick := 0
			if total > 0 {
				n := rand.IntN(total + 1)
				for k, s := range group {
					n -= int(s.Weight)
					if n <= 0 {
						pick = k
						break
					}
				}
			}
			out = append(out, group[pick])
			group = slices.Delete(group, pick, pick+1)
		}
		i = j
	}
	return out
}

// LookupTXT returns each TXT record of name with its strings joined (RFC 7208 §3.3).
func (r *DNS) LookupTXT(ctx context.Context, name string) ([]string, Result, error) {
	reply, res, err := r.query(ctx, name, dns.TypeTXT)
	if err != nil {
		return nil, res, err
	}
	var out []string
	for _, rr := range reply.Answer {
		if t, ok := rr.(*dns.TXT); ok {
			out = append(out, unescapeTXT(strings.Join(t.Txt, "")))
		}
	}
	if len(out) == 0 {
		return nil, res, notFound(name)
	}
	return out, res, nil
}

// LookupCNAME returns the target of a CNAME record at name, or "" if there is none.
func (r *DNS) LookupCNAME(ctx context.Context, name string) (string, Result, error) {
	reply, res, err := r.query(ctx, name, dns.TypeCNAME)
	if err != nil {
		return "", res, err
	}
	for _, rr := range reply.Answer {
		if c, ok := rr.(*dns.CNAME); ok && strings.EqualFold(c.Hdr.Name, dns.Fqdn(name)) {
			return c.Target, res, nil
		}
	}
	return "", res, nil
}

func asDNSError(err error, target **net.DNSError) bool { return errors.As(err, target) }

// unescapeTXT turns miekg/dns's presentation form of a TXT string back into
// the record's bytes: it keeps character strings escaped as \DDD and \X
// (RFC 1035 §5.1), while SPF, DMARC and DKIM parsers want the raw text.
func unescapeTXT(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		if i+3 < len(s) && isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) {
			v := int(s[i+1]-'0')*100 + int(s[i+2]-'0')*10 + int(s[i+3]-'0')
			if v <= 255 {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i+1])
		i++
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
