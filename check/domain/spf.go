package domain

import (
	"context"
	"errors"
	"strings"

	"github.com/mailsetup/mailsetup/i18n"
)

// SPF limits of RFC 7208 §4.6.4.
const (
	maxSPFLookups = 10
	maxSPFVoids   = 2
	// maxSPFQueries bounds the names followed, far above any valid record,
	// so that a hostile include tree cannot keep the check busy.
	maxSPFQueries = 40
)

// spfWalk follows an SPF record's includes and redirect, counting what an
// evaluator would count.
type spfWalk struct {
	r        *run
	lookups  int      // DNS-querying terms, includes followed (§4.6.4)
	voids    int      // lookups that found nothing (§4.6.4)
	queries  int      // names we asked, for our own bound
	domains  []string // every include/redirect target seen, lower case
	problems []problem
	// allUnknown is set when a redirect could not be followed, so whether
	// the record ends with an "all" cannot be told.
	allUnknown bool
}

func (w *spfWalk) add(status Status, issue string, msg, advice i18n.Message) {
	for _, p := range w.problems {
		if p.issue == issue {
			return // the first occurrence explains it well enough
		}
	}
	w.problems = append(w.problems, problem{status, issue, msg, advice})
}

// checkSPF finds the domain's SPF record (RFC 7208 §4.5) and judges it.
func checkSPF(ctx context.Context, r *run) []Finding {
	f := Finding{Check: CheckSPF, Detail: map[string]any{}}
	txts, err := r.dns.txt(ctx, r.domain)
	if unanswered(err) {
		f.Status, f.Message, f.Advice = Warning, i18n.Msg("domain.spf.unanswered"), i18n.Msg("domain.dns.unanswered.advice")
		f.Detail["issues"] = []string{"unanswered"}
		return []Finding{f}
	}
	var records []string
	for _, t := range txts {
		if IsSPF(t) {
			records = append(records, t)
		}
	}
	switch {
	case len(records) == 0:
		f.Status = Error
		f.Message, f.Advice = i18n.Msg("domain.spf.missing", "domain", r.display), spfAdvice(ctx, r, "domain.spf.missing.advice")
		f.Detail["issues"] = []string{"missing"}
		return []Finding{f}
	case len(records) > 1:
		// §4.5: more than one record is a permanent error, so receivers
		// treat the domain as having none that works.
		f.Status = Error
		f.Record = strings.Join(records, "\n")
		f.Message, f.Advice = i18n.Msg("domain.spf.duplicate", "count", itoa(len(records))), i18n.Msg("domain.spf.duplicate.advice")
		f.Detail["issues"] = []string{"duplicate"}
		return []Finding{f}
	}
	f.Record = records[0]
	rec, err := ParseSPF(records[0])
	if err != nil {
		f.Status = Error
		f.Message, f.Advice = syntaxMessage("domain.spf.syntax", err), i18n.Msg("domain.spf.syntax.advice")
		f.Detail["issues"] = []string{"syntax"}
		return []Finding{f}
	}

	w := &spfWalk{r: r}
	all := w.walk(ctx, r.domain, rec, []string{r.domain})
	f.Detail["dns_lookups"] = w.lookups
	f.Detail["void_lookups"] = w.voids
	if w.lookups > maxSPFLookups {
		w.add(Error, "too_many_lookups",
			i18n.Msg("domain.spf.too_many_lookups", "count", itoa(w.lookups)), i18n.Msg("domain.spf.too_many_lookups.advice"))
	}
	if w.voids > maxSPFVoids {
		w.add(Error, "void_lookups",
			i18n.Msg("domain.spf.void_lookups", "count", itoa(w.voids)), i18n.Msg("domain.spf.void_lookups.advice"))
	}
	switch {
	case all == nil && !w.allUnknown:
		w.add(Warning, "no_all", i18n.Msg("domain.spf.no_all"), i18n.Msg("domain.spf.no_all.advice"))
	case all == nil: // behind a redirect that could not be read; reported already
	case all.Qualifier == '+':
		w.add(Error, "plus_all", i18n.Msg("domain.spf.plus_all"), i18n.Msg("domain.spf.plus_all.advice"))
	case all.Qualifier == '?':
		w.add(Warning, "neutral_all", i18n.Msg("domain.spf.neutral_all"), i18n.Msg("domain.spf.neutral_all.advice"))
	}
	for _, t := range rec.Terms {
		if !t.Modifier && t.Name == "ptr" {
			w.add(Warning, "ptr", i18n.Msg("domain.spf.ptr"), i18n.Msg("domain.spf.ptr.advice"))
		}
	}
	if m, ok := r.waitMX(ctx); ok && m.provider != "" {
		if p, ok := spfFor(m.provider); ok && len(p.SPF) > 0 && !w.includesAny(p.SPF) {
			w.add(Warning, "provider_missing",
				i18n.Msg("domain.spf.provider_missing", "provider", m.name, "include", "include:"+p.SPF[0]),
				i18n.Msg("domain.spf.provider_missing.advice", "include", "include:"+p.SPF[0]))
		}
	}

	if applyProblems(&f, w.problems) {
		return []Finding{f}
	}
	f.Status = OK
	f.Message = i18n.Msg("domain.spf.ok", "count", itoa(w.lookups))
	return []Finding{f}
}

// spfAdvice picks the advice for a missing record: with the provider's
// include when the MX revealed one.
func spfAdvice(ctx context.Context, r *run, key string) i18n.Message {
	if m, ok := r.waitMX(ctx); ok && m.provider != "" {
		if p, ok := spfFor(m.provider); ok && len(p.SPF) > 0 {
			return i18n.Msg(key+"_provider", "provider", m.name, "record", "v=spf1 include:"+p.SPF[0]+" ~all")
		}
	}
	return i18n.Msg(key)
}

func (w *spfWalk) includesAny(targets []string) bool {
	for _, d := range w.domains {
		for _, t := range targets {
			if d == t {
				return true
			}
		}
	}
	return false
}

// walk counts the DNS-querying terms of rec (published at domain), following
// include and redirect targets; chain holds the domains being evaluated, to
// spot loops. It returns the "all" term that decides the result for
// everyone else: the record's own, or its redirect target's (§6.1).
func (w *spfWalk) walk(ctx context.Context, domain string, rec *SPFRecord, chain []string) *SPFTerm {
	var all *SPFTerm
	if t, ok := rec.All(); ok {
		all = &t
	}
	for _, t := range rec.Terms {
		if !t.LooksUpDNS() {
			continue
		}
		w.lookups++
		switch {
		case t.Modifier: // redirect, handled last as an evaluator would
		case t.Name == "include":
			w.follow(ctx, t.Value, chain, "include")
		case t.Name == "a" || t.Name == "mx":
			w.probe(ctx, t, domain)
		}
	}
	if target, ok := rec.Modifier("redirect"); ok && all == nil {
		// §6.1: redirect applies only when there is no "all".
		w.allUnknown = true // until the target's record has been read
		return w.follow(ctx, target, chain, "redirect")
	}
	return all
}

// follow fetches and walks the SPF record of target.
func (w *spfWalk) follow(ctx context.Context, target string, chain []string, how string) *SPFTerm {
	if hasMacro(target) || ctx.Err() != nil {
		return nil // depends on the sender; cannot be followed here
	}
	target = strings.ToLower(strings.TrimSuffix(target, "."))
	w.domains = append(w.domains, target)
	for _, d := range chain {
		if d == target {
			w.add(Error, "loop", i18n.Msg("domain.spf.loop", "target", target), i18n.Msg("domain.spf.loop.advice"))
			return nil
		}
	}
	if w.queries >= maxSPFQueries {
		return nil
	}
	w.queries++
	txts, err := w.r.dns.txt(ctx, target)
	if unanswered(err) {
		w.add(Warning, "include_unanswered",
			i18n.Msg("domain.spf.include_unanswered", "target", target), i18n.Msg("domain.dns.unanswered.advice"))
		return nil
	}
	if err != nil {
		w.voids++
	}
	var records []string
	for _, t := range txts {
		if IsSPF(t) {
			records = append(records, t)
		}
	}
	if len(records) != 1 {
		// §5.2 and §6.1: an include or redirect to a domain without exactly
		// one SPF record is a permanent error for the whole check.
		w.add(Error, "include_missing",
			i18n.Msg("domain.spf.include_missing", "target", target), i18n.Msg("domain.spf.include_missing.advice", "target", target))
		return nil
	}
	rec, err := ParseSPF(records[0])
	if err != nil {
		w.add(Error, "include_syntax",
			i18n.Msg("domain.spf.include_syntax", "target", target), i18n.Msg("domain.spf.include_missing.advice", "target", target))
		return nil
	}
	if how == "redirect" {
		w.allUnknown = false
	}
	all := w.walk(ctx, target, rec, append(chain[:len(chain):len(chain)], target))
	if how == "redirect" {
		return all
	}
	return nil
}

// probe asks the A or MX question an "a" or "mx" term would ask, to count
// void lookups (§4.6.4).
func (w *spfWalk) probe(ctx context.Context, t SPFTerm, domain string) {
	spec, _ := splitCIDR(t.Value)
	if spec == "" {
		spec = domain
	}
	if hasMacro(spec) || w.queries >= maxSPFQueries || ctx.Err() != nil {
		return
	}
	w.queries++
	spec = strings.ToLower(strings.TrimSuffix(spec, "."))
	var err error
	var n int
	if t.Name == "a" {
		addrs, e := w.r.dns.ip(ctx, spec)
		err, n = e, len(addrs)
	} else {
		mx, e := w.r.dns.mx(ctx, spec)
		err, n = e, len(mx)
	}
	if (err != nil && !unanswered(err)) || (err == nil && n == 0) {
		w.voids++
	}
}

// syntaxMessage explains a parse error, keeping the offending term.
func syntaxMessage(key string, err error) i18n.Message {
	var se *SPFSyntaxError
	if errors.As(err, &se) && se.Term != "" {
		return i18n.Msg(key+"_term", "term", se.Term)
	}
	var de *DMARCSyntaxError
	if errors.As(err, &de) && de.Tag != "" {
		return i18n.Msg(key+"_term", "term", de.Tag)
	}
	return i18n.Msg(key)
}
