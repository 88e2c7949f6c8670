package domain

import (
	"context"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/mailsetup/mailsetup/i18n"
)

// checkDMARC finds the policy at _dmarc.DOMAIN (RFC 7489 §6.1) and judges it.
func checkDMARC(ctx context.Context, r *run) []Finding {
	f := Finding{Check: CheckDMARC, Detail: map[string]any{}}
	txts, err := r.dns.txt(ctx, "_dmarc."+r.domain)
	if unanswered(err) {
		f.Status, f.Message, f.Advice = Warning, i18n.Msg("domain.dmarc.unanswered"), i18n.Msg("domain.dns.unanswered.advice")
		f.Detail["issues"] = []string{"unanswered"}
		return []Finding{f}
	}
	var records []string
	for _, t := range txts {
		if IsDMARC(t) {
			records = append(records, t)
		}
	}
	switch {
	case len(records) == 0:
		f.Status = Warning
		f.Message = i18n.Msg("domain.dmarc.missing", "domain", r.display)
		f.Advice = i18n.Msg("domain.dmarc.missing.advice", "domain", r.display)
		f.Detail["issues"] = []string{"missing"}
		return []Finding{f}
	case len(records) > 1:
		// §6.6.3: several records mean no DMARC at all for receivers.
		f.Status, f.Record = Error, strings.Join(records, "\n")
		f.Message, f.Advice = i18n.Msg("domain.dmarc.duplicate", "count", itoa(len(records))), i18n.Msg("domain.dmarc.duplicate.advice")
		f.Detail["issues"] = []string{"duplicate"}
		return []Finding{f}
	}
	f.Record = records[0]
	rec, err := ParseDMARC(records[0])
	if err != nil {
		f.Status = Error
		f.Message, f.Advice = syntaxMessage("domain.dmarc.syntax", err), i18n.Msg("domain.dmarc.syntax.advice")
		f.Detail["issues"] = []string{"syntax"}
		return []Finding{f}
	}
	f.Detail["policy"] = rec.Policy
	sp := rec.SubdomainPolicy
	if sp == "" {
		sp = rec.Policy
	}
	f.Detail["subdomain_policy"] = sp
	f.Detail["adkim"], f.Detail["aspf"] = rec.ADKIM, rec.ASPF
	f.Detail["pct"] = rec.Percent
	f.Detail["reports"] = len(rec.RUA) > 0

	var ps []problem
	if rec.Policy == "none" {
		// Monitoring only: receivers are told to deliver forged mail anyway.
		advice := i18n.Msg("domain.dmarc.none_no_rua.advice")
		if len(rec.RUA) > 0 {
			advice = i18n.Msg("domain.dmarc.none.advice")
		}
		ps = append(ps, problem{Warning, "policy_none", i18n.Msg("domain.dmarc.none"), advice})
	} else {
		if rec.Percent < 100 {
			ps = append(ps, problem{Warning, "pct",
				i18n.Msg("domain.dmarc.pct", "policy", rec.Policy, "pct", itoa(rec.Percent)), i18n.Msg("domain.dmarc.pct.advice")})
		}
		if sp == "none" {
			ps = append(ps, problem{Warning, "subdomain_none",
				i18n.Msg("domain.dmarc.sp_none", "policy", rec.Policy), i18n.Msg("domain.dmarc.sp_none.advice")})
		}
	}
	ps = append(ps, unauthorizedReports(ctx, r, rec.RUA)...)
	if !applyProblems(&f, ps) {
		f.Status = OK
		f.Message = i18n.Msg("domain.dmarc.ok." + rec.Policy)
		if len(rec.RUA) == 0 {
			f.Advice = i18n.Msg("domain.dmarc.no_rua.advice")
		}
	}
	if len(rec.RUA) == 0 {
		issues, _ := f.Detail["issues"].([]string)
		f.Detail["issues"] = append(issues, "no_reports")
	}
	return []Finding{f}
}

// maxReportTargets bounds the rua addresses whose consent is checked.
const maxReportTargets = 4

// unauthorizedReports checks that each report address outside the domain's
// own organisation has agreed to receive its reports (RFC 7489 §7.1): a
// TXT record "v=DMARC1" at DOMAIN._report._dmarc.TARGET. Without it,
// receivers send no reports there.
func unauthorizedReports(ctx context.Context, r *run, rua []string) []problem {
	own, err := publicsuffix.EffectiveTLDPlusOne(r.domain)
	if err != nil {
		own = r.domain
	}
	var ps []problem
	seen := map[string]bool{}
	for _, uri := range rua {
		addr, ok := strings.CutPrefix(strings.ToLower(uri), "mailto:")
		at := strings.LastIndexByte(addr, '@')
		if !ok || at < 0 {
			continue
		}
		target := strings.TrimSuffix(addr[at+1:], ".")
		org, err := publicsuffix.EffectiveTLDPlusOne(target)
		if err != nil || org == own || seen[target] || len(seen) == maxReportTargets {
			continue
		}
		seen[target] = true
		name := r.domain + "._report._dmarc." + target
		txts, err := r.dns.txt(ctx, name)
		if unanswered(err) {
			continue // cannot tell; say nothing rather than guess
		}
		consent := false
		for _, t := range txts {
			consent = consent || IsDMARC(t)
		}
		if !consent {
			ps = append(ps, problem{Warning, "reports_not_accepted",
				i18n.Msg("domain.dmarc.reports_not_accepted", "target", target),
				i18n.Msg("domain.dmarc.reports_not_accepted.advice", "target", target, "record", name)})
		}
	}
	return ps
}
