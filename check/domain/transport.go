package domain

import (
	"context"
	"strings"

	"github.com/mailsetup/mailsetup/i18n"
)

// checkMTASTS looks for the MTA-STS announcement at _mta-sts.DOMAIN (RFC 8461
// §3.1). It is an optional extra: absence is fine, a broken record or policy
// is a warning, and a policy in force that leaves out an MX host is an error.
func checkMTASTS(ctx context.Context, r *run) []Finding {
	fs := checkOptionalTXT(ctx, r, CheckMTASTS, "_mta-sts."+r.domain, "v=STSv1", validMTASTS)
	if f := &fs[0]; f.Status == OK && f.Record != "" && r.opts.Dialer != nil {
		judgePolicy(ctx, r, f)
	}
	return fs
}

// checkTLSRPT looks for the TLS reporting record at _smtp._tls.DOMAIN
// (RFC 8460 §3).
func checkTLSRPT(ctx context.Context, r *run) []Finding {
	return checkOptionalTXT(ctx, r, CheckTLSRPT, "_smtp._tls."+r.domain, "v=TLSRPTv1", validTLSRPT)
}

// validMTASTS: "v=STSv1; id=<1-32 alphanumerics>" (RFC 8461 §3.1).
func validMTASTS(tags map[string]string) bool {
	id := tags["id"]
	if id == "" || len(id) > 32 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// validTLSRPT: "v=TLSRPTv1; rua=mailto:...|https://..." (RFC 8460 §3).
func validTLSRPT(tags map[string]string) bool {
	rua := tags["rua"]
	if rua == "" {
		return false
	}
	for _, u := range strings.Split(rua, ",") {
		u = strings.TrimSpace(u)
		if !strings.HasPrefix(u, "mailto:") && !strings.HasPrefix(u, "https://") {
			return false
		}
	}
	return true
}

// checkOptionalTXT is the shared shape of the MTA-STS and TLS-RPT checks:
// exactly one record starting with version, whose tags pass valid.
func checkOptionalTXT(ctx context.Context, r *run, check, name, version string, valid func(map[string]string) bool) []Finding {
	f := Finding{Check: check, Detail: map[string]any{}}
	key := "domain." + check
	txts, err := r.dns.txt(ctx, name)
	if unanswered(err) {
		f.Status, f.Message, f.Advice = Warning, i18n.Msg(key+".unanswered"), i18n.Msg("domain.dns.unanswered.advice")
		f.Detail["issues"] = []string{"unanswered"}
		return []Finding{f}
	}
	var records []string
	for _, t := range txts {
		if t == version || strings.HasPrefix(t, version+";") || strings.HasPrefix(t, version+" ") {
			records = append(records, t)
		}
	}
	switch {
	case len(records) == 0:
		f.Status, f.Message, f.Advice = OK, i18n.Msg(key+".missing"), i18n.Msg(key+".missing.advice")
		f.Detail["issues"] = []string{"missing"}
	case len(records) > 1:
		f.Status, f.Record = Warning, strings.Join(records, "\n")
		f.Message, f.Advice = i18n.Msg(key+".duplicate"), i18n.Msg(key+".duplicate.advice")
		f.Detail["issues"] = []string{"duplicate"}
	case !valid(tagList(records[0])):
		f.Status, f.Record = Warning, records[0]
		f.Message, f.Advice = i18n.Msg(key+".syntax"), i18n.Msg(key+".syntax.advice")
		f.Detail["issues"] = []string{"syntax"}
	default:
		f.Status, f.Record, f.Message = OK, records[0], i18n.Msg(key+".ok")
	}
	return []Finding{f}
}

// tagList splits "a=1; b=2" into a map; later repeats are ignored.
func tagList(s string) map[string]string {
	tags := map[string]string{}
	for _, part := range strings.Split(s, ";") {
		name, value, ok := strings.Cut(part, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			continue
		}
		if _, seen := tags[name]; !seen {
			tags[name] = strings.TrimSpace(value)
		}
	}
	return tags
}
