package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mailsetup/mailsetup/i18n"
)

// maxFindings bounds the lines shown, whatever the checker returns.
const maxFindings = 40

// healthPanel checks the domain's mail DNS on request: useful to whoever
// runs the domain, so it waits for a click instead of running by itself.
type healthPanel struct {
	w        *wizard
	intro    *widget.Label
	run      *button
	spinner  *widget.Activity
	status   *widget.Label
	list     *fyne.Container
	running  bool
	stop     context.CancelFunc
	report   *DomainReport
	err      error
	fold     *widget.Accordion
	content  fyne.CanvasObject
	reportOf string
}

func newHealthPanel(w *wizard) *healthPanel {
	p := &healthPanel{w: w, intro: paragraph(), status: paragraph(),
		spinner: widget.NewActivity(), list: container.NewVBox()}
	p.run = newButton("", theme.SearchIcon(), p.onRun)
	p.spinner.Hide()
	// Folded by default: the title line says what the panel is and, once
	// checked, how the domain is doing; the details open on a click.
	p.fold = widget.NewAccordion(widget.NewAccordionItem("",
		container.NewVBox(p.intro, container.NewHBox(p.run, p.spinner), p.status, p.list)))
	p.content = p.fold
	return p
}

func (p *healthPanel) setTexts() {
	p.run.SetText(p.w.t("ui.health.run"))
	p.render()
}

func (p *healthPanel) render() {
	w := p.w
	domain := w.account.Address.ASCIIDomain
	if p.reportOf != "" && p.reportOf != domain {
		p.report, p.err, p.reportOf = nil, nil, ""
	}
	if title := p.summary(); p.fold.Items[0].Title != title {
		p.fold.Items[0].Title = title
		p.fold.Refresh()
	}
	p.intro.SetText(w.t("ui.health.intro"))
	setShown(p.spinner, p.running)
	if p.running {
		p.run.Disable()
		p.spinner.Start()
		p.status.SetText(w.t("ui.health.running"))
	} else {
		p.run.Enable()
		p.spinner.Stop()
		p.status.SetText(errorText(w.lang, p.err))
	}
	setShown(p.status, p.status.Text != "")
	p.list.Objects = nil
	if p.report != nil {
		for i, f := range p.report.Findings {
			if i == maxFindings {
				break
			}
			p.list.Add(p.findingLine(f))
		}
	}
	p.list.Refresh()
}

// summary is the one line the folded panel shows: what it is before a
// check, how many things need a look after one.
func (p *healthPanel) summary() string {
	w := p.w
	domain := w.account.Address.Domain
	switch {
	case p.running || (p.report == nil && p.err == nil):
		return w.t("ui.health.title", "domain", domain)
	case p.err != nil:
		return w.t("ui.health.summary_failed", "domain", domain)
	}
	n := 0
	for _, f := range p.report.Findings {
		if f.Status == "warning" || f.Status == "error" {
			n++
		}
	}
	switch n {
	case 0:
		return w.t("ui.health.summary_ok", "domain", domain)
	case 1:
		return w.t("ui.health.summary_one", "domain", domain)
	default:
		return w.t("ui.health.summary_many", "domain", domain, "count", strconv.Itoa(n))
	}
}

func (p *healthPanel) findingLine(f Finding) fyne.CanvasObject {
	l := p.w.lang
	icon := widget.NewIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	switch f.Status {
	case "warning":
		icon.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
	case "error":
		icon.SetResource(theme.NewErrorThemedResource(theme.ErrorIcon()))
	}
	msg := paragraph()
	// The checker's own name for the check reads better than its code.
	check := f.Label.In(l)
	if check == "" {
		check = strings.ToUpper(f.Check)
	}
	msg.SetText(i18n.T(l, "ui.health.finding", "check", check, "message", f.Message.In(l)))
	lines := container.NewVBox(msg)
	if a := f.Advice.In(l); a != "" {
		adv := paragraph() // what to do: as readable as what is wrong
		adv.SetText(a)
		lines.Add(adv)
	}
	return container.NewBorder(nil, nil, container.NewVBox(icon), nil, lines)
}

func (p *healthPanel) onRun() {
	w := p.w
	domain := w.account.Address.ASCIIDomain
	p.running, p.err, p.report, p.reportOf = true, nil, nil, domain
	p.render()
	p.stop = w.bridge.run(func(ctx context.Context, ui uiFunc) {
		rep, err := w.eng.DomainHealth(ctx, domain)
		if err == nil && ctx.Err() != nil {
			err = ctx.Err()
		}
		ui(func() {
			if p.reportOf != domain {
				return
			}
			p.running, p.stop = false, nil
			if err != nil {
				p.err = err
			} else {
				p.report = &rep
			}
			p.render()
		})
	})
}

// cancel stops a domain check in progress.
func (p *healthPanel) cancel() bool {
	if !p.running || p.stop == nil {
		return false
	}
	p.stop()
	return true
}
