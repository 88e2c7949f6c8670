package domain

import "github.com/mailsetup/mailsetup/i18n"

// RenderedFinding is a Finding with its texts in one language; it is the
// "findings" element of the `domain --json` document (spec/cli.md).
type RenderedFinding struct {
	Check   string         `json:"check"`
	Status  Status         `json:"status"`
	Record  string         `json:"record"`
	Message string         `json:"message"`
	Advice  string         `json:"advice"`
	Detail  map[string]any `json:"detail"`
	// More lists further problems of the same record (an addition to
	// spec/cli.md; absent when there are none).
	More []RenderedNote `json:"more,omitempty"`
}

// RenderedNote is a Note in one language.
type RenderedNote struct {
	Status  Status `json:"status"`
	Message string `json:"message"`
	Advice  string `json:"advice"`
}

// RenderedReport is a Report in one language: the `domain --json` document.
type RenderedReport struct {
	Domain   string            `json:"domain"`
	OK       bool              `json:"ok"`
	Findings []RenderedFinding `json:"findings"`
}

// In renders the finding in language l.
func (f Finding) In(l i18n.Lang) RenderedFinding {
	advice := ""
	if f.Advice.Key != "" {
		advice = f.Advice.In(l)
	}
	detail := f.Detail
	if detail == nil {
		detail = map[string]any{}
	}
	rf := RenderedFinding{Check: f.Check, Status: f.Status, Record: f.Record,
		Message: f.Message.In(l), Advice: advice, Detail: detail}
	for _, n := range f.More {
		rn := RenderedNote{Status: n.Status, Message: n.Message.In(l)}
		if n.Advice.Key != "" {
			rn.Advice = n.Advice.In(l)
		}
		rf.More = append(rf.More, rn)
	}
	return rf
}

// In renders the report in language l.
func (r Report) In(l i18n.Lang) RenderedReport {
	out := RenderedReport{Domain: r.Domain, OK: r.OK, Findings: make([]RenderedFinding, len(r.Findings))}
	for i, f := range r.Findings {
		out.Findings[i] = f.In(l)
	}
	return out
}

// Count returns how many findings have status s.
func (r Report) Count(s Status) int {
	n := 0
	for _, f := range r.Findings {
		if f.Status == s {
			n++
		}
	}
	return n
}

// CheckLabel names a check for people ("Sender list (SPF)").
func CheckLabel(check string) i18n.Message { return i18n.Msg("domain.check." + check) }
