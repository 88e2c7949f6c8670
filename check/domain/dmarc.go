package domain

import (
	"context"
	"strings"

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
		f.Message = i18n.Msg("domain.dmarc.missing", "domain", r.domain)
		f.Advice = i18n.Msg("domain.dmarc.missing.advice", "domain", r.domain)
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

	var issues []string
	switch {
	case rec.Policy == "none":
		// Monitoring only: receivers are told to deliver forged mail anyway.
		f.Status = Warning
		f.Message = i18n.Msg("domain.dmarc.none")
		if len(rec.RUA) > 0 {
			f.Advice = i18n.Msg("domain.dmarc.none.advice")
		} else {
			f.Advice = i18n.Msg("domain.dmarc.none_no_rua.advice")
		}
		issues = append(issues, "policy_none")
	case rec.Percent < 100:
		f.Status = Warning
		f.Message = i18n.Msg("domain.dmarc.pct", "policy", rec.Policy, "pct", itoa(rec.Percent))
		f.Advice = i18n.Msg("domain.dmarc.pct.advice")
		issues = append(issues, "pct")
	case sp == "none":
		f.Status = Warning
		f.Message = i18n.Msg("domain.dmarc.sp_none", "policy", rec.Policy)
		f.Advice = i18n.Msg("domain.dmarc.sp_none.advice")
		issues = append(issues, "subdomain_none")
	default:
		f.Status = OK
		f.Message = i18n.Msg("domain.dmarc.ok." + rec.Policy)
		if len(rec.RUA) == 0 {
			f.Advice = i18n.Msg("domain.dmarc.no_rua.advice")
		}
	}
	if len(rec.RUA) == 0 {
		issues = append(issues, "no_reports")
	}
	if issues != nil {
		f.Detail["issues"] = issues
	}
	return []Finding{f}
}
