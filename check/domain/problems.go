package domain

import (
	"slices"

	"github.com/mailsetup/mailsetup/i18n"
)

// Note is a further problem of a finding's record, after the main one (the
// SPF record that both ends in +all and lacks the provider's include).
type Note struct {
	Status  Status
	Message i18n.Message
	Advice  i18n.Message
}

// problem is one thing wrong, with its stable code (detail "issues").
type problem struct {
	status Status
	issue  string
	msg    i18n.Message
	advice i18n.Message
}

// applyProblems makes the worst problem the finding's status, message and
// advice, keeps the others as notes (worst first), and lists every issue
// code. It reports whether there was any problem.
func applyProblems(f *Finding, ps []problem) bool {
	if len(ps) == 0 {
		return false
	}
	ps = slices.Clone(ps)
	slices.SortStableFunc(ps, func(a, b problem) int { return b.status.rank() - a.status.rank() })
	f.Status, f.Message, f.Advice = ps[0].status, ps[0].msg, ps[0].advice
	issues := make([]string, 0, len(ps))
	for i, p := range ps {
		issues = append(issues, p.issue)
		if i > 0 {
			f.More = append(f.More, Note{Status: p.status, Message: p.msg, Advice: p.advice})
		}
	}
	f.Detail["issues"] = issues
	return true
}
