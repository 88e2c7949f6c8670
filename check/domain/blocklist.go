package domain

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/mailsetup/mailsetup/i18n"
)

// DefaultBlocklists are the DNS blocklists asked (RFC 5782): the three that
// receivers consult most.
var DefaultBlocklists = []string{"zen.spamhaus.org", "bl.spamcop.net", "b.barracudacentral.org"}

// maxBlocklistAddrs bounds the addresses looked up; each costs one query per list.
const maxBlocklistAddrs = 8

// maxReasonLength bounds the TXT explanation kept from a list.
const maxReasonLength = 300

// listing is the answer of one list about one address.
type listing int

const (
	notListed listing = iota
	listed
	refused // the list would not answer us, or answered nonsense
)

// checkBlocklists asks each list about each IPv4 address of the MX hosts.
func checkBlocklists(ctx context.Context, r *run) []Finding {
	m, ok := r.waitMX(ctx)
	if !ok {
		return []Finding{unfinished(CheckBlocklist)}
	}
	hosts := m.hosts
	if hosts == nil {
		hosts = []string{} // "hosts": [] in JSON, never null
	}
	var addrs []hostAddr
	for _, ha := range m.ipv4 {
		dup := false
		for _, a := range addrs {
			dup = dup || a.addr == ha.addr
		}
		if !dup && len(addrs) < maxBlocklistAddrs {
			addrs = append(addrs, ha)
		}
	}
	if len(addrs) == 0 && m.unanswered {
		return []Finding{{Check: CheckBlocklist, Status: Warning, Message: i18n.Msg("domain.blocklist.unanswered"),
			Advice: i18n.Msg("domain.dns.unanswered.advice"), Detail: map[string]any{"hosts": hosts, "issues": []string{"unanswered"}}}}
	}
	if len(addrs) == 0 {
		return []Finding{{Check: CheckBlocklist, Status: OK, Message: i18n.Msg("domain.blocklist.nothing"),
			Detail: map[string]any{"hosts": hosts}}}
	}

	type result struct {
		state  listing
		reason string
		answer string
	}
	lists := r.opts.Blocklists
	results := make([][]result, len(addrs))
	var wg sync.WaitGroup
	for i, ha := range addrs {
		results[i] = make([]result, len(lists))
		for j, zone := range lists {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st, ans, reason := askBlocklist(ctx, r, ha.addr, zone)
				results[i][j] = result{st, reason, ans}
			}()
		}
	}
	wg.Wait()

	var out []Finding
	for j, zone := range lists {
		var refusedHosts []string
		for i, ha := range addrs {
			res := results[i][j]
			switch res.state {
			case listed:
				f := Finding{Check: CheckBlocklist, Status: Error, Record: res.reason,
					Message: i18n.Msg("domain.blocklist.listed", "host", ha.host, "ip", ha.addr.String(), "list", zone),
					Advice:  i18n.Msg("domain.blocklist.listed.advice", "list", zone),
					Detail: map[string]any{"list": zone, "hosts": []string{ha.host}, "ip": ha.addr.String(),
						"answer": res.answer, "issues": []string{"listed"}}}
				if m.name != "" {
					f.Advice = i18n.Msg("domain.blocklist.listed_provider.advice", "list", zone, "provider", m.name)
				}
				out = append(out, f)
			case refused:
				if !slices.Contains(refusedHosts, ha.host) {
					refusedHosts = append(refusedHosts, ha.host)
				}
			}
		}
		if refusedHosts != nil {
			// One finding per list: every address got the same refusal.
			out = append(out, Finding{Check: CheckBlocklist, Status: Warning,
				Message: i18n.Msg("domain.blocklist.refused", "list", zone),
				Advice:  i18n.Msg("domain.blocklist.refused.advice"),
				Detail:  map[string]any{"list": zone, "hosts": refusedHosts, "issues": []string{"refused"}}})
		}
	}
	if len(out) > 0 {
		return out
	}
	var ips []string
	for _, a := range addrs {
		ips = append(ips, a.addr.String())
	}
	return []Finding{{Check: CheckBlocklist, Status: OK,
		Message: i18n.Msg("domain.blocklist.ok", "count", itoa(len(lists)), "ips", strings.Join(ips, ", ")),
		Detail:  map[string]any{"hosts": hosts, "lists": lists}}}
}

// askBlocklist asks zone about ip (RFC 5782 §2.1: the reversed octets under
// the zone; an A record means listed, NXDOMAIN means not listed).
func askBlocklist(ctx context.Context, r *run, ip netip.Addr, zone string) (state listing, answer, reason string) {
	b := ip.As4()
	name := fmt.Sprintf("%d.%d.%d.%d.%s", b[3], b[2], b[1], b[0], zone)
	answers, err := r.dns.ip(ctx, name)
	if err != nil {
		if unanswered(err) {
			return refused, "", ""
		}
		return notListed, "", ""
	}
	var v4 []netip.Addr
	for _, a := range answers {
		if a.Is4() {
			v4 = append(v4, a)
		}
	}
	if len(v4) == 0 {
		return notListed, "", ""
	}
	answer = v4[0].String()
	for _, a := range v4 {
		if !listingCode(a) {
			return refused, a.String(), ""
		}
	}
	// §2.1: the TXT record at the same name says why; it is optional.
	if txts, err := r.dns.txt(ctx, name); err == nil && len(txts) > 0 {
		reason = txts[0]
		if len(reason) > maxReasonLength {
			reason = reason[:maxReasonLength] + "…"
		}
		reason = strings.Map(func(c rune) rune {
			if c < 0x20 || c == 0x7f {
				return ' '
			}
			return c
		}, reason)
	}
	return listed, answer, reason
}

// listingCode reports whether a is a real listing answer. Lists answer in
// 127.0.0.0/8 (RFC 5782 §2.1). Spamhaus answers 127.255.255.252-255 when it
// refuses the query (public resolver, rate limit, bad zone), and several
// lists answer 127.0.0.1 for a blocked query: neither is a listing. Anything
// outside 127/8 is a resolver rewriting NXDOMAIN, not the list.
func listingCode(a netip.Addr) bool {
	b := a.As4()
	if b[0] != 127 {
		return false
	}
	if b[1] == 255 && b[2] == 255 {
		return false
	}
	return a != netip.AddrFrom4([4]byte{127, 0, 0, 1})
}
