package check

import (
	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// Document is the JSON document of `mailsetup-cli check` (spec/cli.md).
// Fields after those of the spec are additions.
type Document struct {
	Email   string           `json:"email"`
	OK      bool             `json:"ok"`
	Results []ResultDocument `json:"results"`
}

// ResultDocument is one server's outcome in a Document.
type ResultDocument struct {
	Role      Role               `json:"role"`
	Protocol  settings.Protocol  `json:"protocol"`
	Host      string             `json:"host"`
	Port      int                `json:"port"`
	Security  settings.Security  `json:"security"`
	OK        bool               `json:"ok"`
	Steps     []StepDocument     `json:"steps"`
	Diagnosis *DiagnosisDocument `json:"diagnosis,omitempty"`
	Warnings  []string           `json:"warnings,omitempty"`
}

// StepDocument is one step in a Document.
type StepDocument struct {
	Step    StepName `json:"step"`
	OK      bool     `json:"ok"`
	MS      int64    `json:"ms"`
	Detail  string   `json:"detail,omitempty"`
	Skipped bool     `json:"skipped,omitempty"`
}

// DiagnosisDocument is a Diagnosis rendered in one language.
type DiagnosisDocument struct {
	Code        Code        `json:"code"`
	Message     string      `json:"message"`
	Advice      string      `json:"advice"`
	ServerReply string      `json:"server_reply"`
	Suggestion  *Suggestion `json:"suggestion,omitempty"`
	Alert       string      `json:"alert,omitempty"`
}

// Document renders the report in language l. Lists are never null.
func (r *Report) Document(l i18n.Lang) Document {
	d := Document{Email: r.Email.String(), OK: r.OK, Results: []ResultDocument{}}
	for _, res := range r.Results {
		d.Results = append(d.Results, res.Document(l))
	}
	return d
}

// Document renders one result in language l.
func (res Result) Document(l i18n.Lang) ResultDocument {
	out := ResultDocument{
		Role: res.Role, Protocol: res.Server.Protocol, Host: res.Server.Host,
		Port: res.Server.Port, Security: res.Server.Security, OK: res.OK,
		Steps:    []StepDocument{},
		Warnings: i18n.Tr(l, res.Warnings),
	}
	if len(out.Warnings) == 0 {
		out.Warnings = nil
	}
	for _, st := range res.Steps {
		sd := StepDocument{Step: st.Name, OK: st.OK, MS: st.MS, Skipped: st.Skipped}
		if st.Detail.Key != "" {
			sd.Detail = st.Detail.In(l)
		}
		out.Steps = append(out.Steps, sd)
	}
	if d := res.Diagnosis; d != nil {
		out.Diagnosis = &DiagnosisDocument{
			Code: d.Code, Message: d.Message.In(l), Advice: d.Advice.In(l),
			ServerReply: d.ServerReply, Suggestion: d.Suggestion, Alert: d.Alert,
		}
	}
	return out
}
