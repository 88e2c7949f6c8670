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

// maxMXHosts bounds the MX hosts looked at; real domains have one to five.
const maxMXHosts = 10

// mxResult is what the MX check learns and the SPF and blocklist checks use.
type mxResult struct {
	hosts    []string // without trailing dots
	ipv4     []hostAddr
	provider string // provider id, "" if unknown
	name     string // provider display name
	// unanswered is true when DNS did not answer the MX question or the
	// address of some MX host, so "no addresses" proves nothing.
	unanswered bool
}

type hostAddr struct {
	host string
	addr netip.Addr
}

// checkMX looks at the domain's MX records (RFC 5321 §5.1): present, each host
// a name (not an address) that resolves and is not an alias, and a null MX
// (RFC 7505) explained.
func checkMX(ctx context.Context, r *run) []Finding {
	var res mxResult
	defer func() { r.setMX(res) }()
	f := Finding{Check: CheckMX, Detail: map[string]any{}}
	records, err := r.dns.mx(ctx, r.domain)
	if unanswered(err) {
		res.unanswered = true
		f.Status, f.Message, f.Advice = Warning, i18n.Msg("domain.mx.unanswered"), i18n.Msg("domain.dns.unanswered.advice")
		f.Detail["issues"] = []string{"unanswered"}
		return []Finding{f}
	}
	if err != nil || len(records) == 0 {
		// No MX: mail falls back to the domain's own address (RFC 5321 §5.1),
		// which is almost always a web server that takes no mail.
		f.Status = Error
		f.Message, f.Advice = i18n.Msg("domain.mx.missing", "domain", r.display), i18n.Msg("domain.mx.missing.advice")
		f.Detail["issues"] = []string{"missing"}
		f.Detail["hosts"] = []string{}
		return []Finding{f}
	}
	var texts []string
	for _, m := range records {
		texts = append(texts, fmt.Sprintf("%d %s", m.Pref, m.Host))
	}
	f.Record = strings.Join(texts, ", ")

	// RFC 7505 §3: a null MX is a single record "0 ." and means "no mail here".
	nullMX := false
	for _, m := range records {
		if m.Host == "." || m.Host == "" {
			nullMX = true
		}
	}
	if nullMX {
		f.Detail["hosts"] = []string{}
		if len(records) == 1 {
			f.Status = Warning
			f.Message, f.Advice = i18n.Msg("domain.mx.null", "domain", r.display), i18n.Msg("domain.mx.null.advice")
			f.Detail["issues"] = []string{"null_mx"}
		} else {
			f.Status = Error
			f.Message, f.Advice = i18n.Msg("domain.mx.null_mixed"), i18n.Msg("domain.mx.null_mixed.advice")
			f.Detail["issues"] = []string{"null_mx_mixed"}
		}
		return []Finding{f}
	}

	for _, m := range records {
		h := strings.ToLower(strings.TrimSuffix(m.Host, "."))
		if len(res.hosts) < maxMXHosts && !slices.Contains(res.hosts, h) {
			res.hosts = append(res.hosts, h)
		}
	}
	f.Detail["hosts"] = res.hosts
	for _, h := range res.hosts {
		if id, name, ok := r.opts.ProviderForMX(h); ok {
			res.provider, res.name = id, name
			f.Detail["provider"] = id
			break
		}
	}

	// Each host is examined at once; the lookups are bounded by r.dns.
	problems := make([][]problem, len(res.hosts))
	addrs := make([][]netip.Addr, len(res.hosts))
	var wg sync.WaitGroup
	for i, h := range res.hosts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			problems[i], addrs[i] = examineMXHost(ctx, r, h)
		}()
	}
	wg.Wait()
	for i, h := range res.hosts {
		for _, a := range addrs[i] {
			if a.Is4() || a.Is4In6() {
				res.ipv4 = append(res.ipv4, hostAddr{h, a.Unmap()})
			}
		}
	}

	var all []problem
	for _, ps := range problems {
		for _, p := range ps {
			if p.issue == "host_unanswered" {
				res.unanswered = true
			}
		}
		all = append(all, ps...)
	}
	if applyProblems(&f, all) {
		return []Finding{f}
	}
	f.Status = OK
	if res.name != "" {
		f.Message = i18n.Msg("domain.mx.ok_provider", "hosts", strings.Join(res.hosts, ", "), "provider", res.name)
	} else {
		f.Message = i18n.Msg("domain.mx.ok", "hosts", strings.Join(res.hosts, ", "))
	}
	return []Finding{f}
}

// examineMXHost checks one MX target and returns its problems and addresses.
func examineMXHost(ctx context.Context, r *run, host string) ([]problem, []netip.Addr) {
	// RFC 5321 §5.1 wants a domain name here; an address literal is wrong
	// even if some senders accept it.
	if _, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return []problem{{Error, "ip_literal",
			i18n.Msg("domain.mx.ip_literal", "host", host), i18n.Msg("domain.mx.ip_literal.advice")}}, nil
	}
	var ps []problem
	var wg sync.WaitGroup
	var target string
	var cnameErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		target, cnameErr = r.dns.cname(ctx, host)
	}()
	addrs, err := r.dns.ip(ctx, host)
	wg.Wait()
	switch {
	case unanswered(err):
		ps = append(ps, problem{Warning, "host_unanswered",
			i18n.Msg("domain.mx.host_unanswered", "host", host), i18n.Msg("domain.dns.unanswered.advice")})
	case err != nil || len(addrs) == 0:
		ps = append(ps, problem{Error, "host_missing",
			i18n.Msg("domain.mx.host_missing", "host", host), i18n.Msg("domain.mx.host_missing.advice")})
	}
	// RFC 2181 §10.3: an MX must not name an alias. Most senders cope, some
	// refuse, so it is a warning.
	if cnameErr == nil && target != "" && !strings.EqualFold(strings.TrimSuffix(target, "."), host) {
		ps = append(ps, problem{Warning, "cname",
			i18n.Msg("domain.mx.cname", "host", host, "target", strings.TrimSuffix(target, ".")),
			i18n.Msg("domain.mx.cname.advice")})
	}
	return ps, addrs
}
