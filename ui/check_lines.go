package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mailsetup/mailsetup/settings"
)

// stepsFor lists the steps a check of s runs, in order (spec/cli.md,
// steps[].step), so that every line is on screen before it starts.
func stepsFor(s settings.Server, sendTest bool) []string {
	var steps []string
	switch s.Security {
	case settings.TLS:
		steps = []string{"resolve", "connect", "tls", "greeting", "capabilities", "auth"}
	case settings.STARTTLS:
		steps = []string{"resolve", "connect", "greeting", "starttls", "capabilities", "auth"}
	default:
		steps = []string{"resolve", "connect", "greeting", "capabilities", "auth"}
	}
	if sendTest && s.Protocol == settings.SMTP {
		steps = append(steps, "send")
	}
	return steps
}

// stepLine is one line of a server's check: an icon (or a spinner while the
// step runs) and what the step does, in plain words.
type stepLine struct {
	step    string
	state   StepState
	started bool // an event arrived for this step
	icon    *widget.Icon
	spinner *widget.Activity
	label   *widget.Label
	content fyne.CanvasObject
}

func newStepLine(step string) *stepLine {
	l := &stepLine{step: step, icon: widget.NewIcon(nil), spinner: widget.NewActivity(), label: widget.NewLabel("")}
	l.spinner.Hide()
	l.content = container.NewBorder(nil, nil, container.NewStack(l.icon, l.spinner), nil, l.label)
	l.render()
	return l
}

// set records a new state for the line.
func (l *stepLine) set(state StepState) {
	l.state, l.started = state, true
	l.render()
}

func (l *stepLine) render() {
	running := l.started && l.state == StepRunning
	if running {
		l.icon.Hide()
		l.spinner.Show()
		l.spinner.Start()
		l.label.Importance = widget.MediumImportance
		l.label.Refresh()
		return
	}
	l.spinner.Stop()
	l.spinner.Hide()
	l.icon.Show()
	switch {
	case !l.started:
		l.icon.SetResource(theme.NewDisabledResource(theme.RadioButtonIcon()))
		l.label.Importance = widget.LowImportance
	case l.state == StepOK:
		l.icon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
		l.label.Importance = widget.MediumImportance
	case l.state == StepFailed:
		l.icon.SetResource(theme.NewErrorThemedResource(theme.CancelIcon()))
		l.label.Importance = widget.DangerImportance
	case l.state == StepSkipped:
		l.icon.SetResource(theme.NewDisabledResource(theme.MediaSkipNextIcon()))
		l.label.Importance = widget.LowImportance
	}
	l.label.Refresh()
}

// finished reports whether the line needs no more work.
func (l *stepLine) finished() bool { return l.started && l.state != StepRunning }

// maxStepLines bounds the lines of one server, whatever the checker sends.
const maxStepLines = 16

// serverCheck is the card of one server in the check step.
type serverCheck struct {
	server     settings.Server
	title      *widget.Label
	lines      []*stepLine
	byStep     map[string]*stepLine
	message    *widget.Label
	advice     *widget.Label
	reply      *widget.Label
	suggestion *widget.Label
	useSuggest *button
	result     *ServerResult
	box        *fyne.Container
	failure    *fyne.Container
	content    fyne.CanvasObject
}

func newServerCheck(s settings.Server, sendTest bool, onUseSuggestion func()) *serverCheck {
	c := &serverCheck{server: s, title: bold(), byStep: map[string]*stepLine{},
		message: bold(), advice: paragraph(), reply: hint(), suggestion: bold()}
	c.suggestion.Importance = widget.SuccessImportance
	c.message.Importance = widget.DangerImportance
	c.reply.Selectable = true
	c.useSuggest = newButton("", theme.ConfirmIcon(), onUseSuggestion)
	c.useSuggest.Importance = widget.HighImportance
	box := container.NewVBox(c.title)
	c.box = box
	for _, step := range stepsFor(s, sendTest) {
		l := newStepLine(step)
		c.lines = append(c.lines, l)
		c.byStep[step] = l
		box.Add(l.content)
	}
	c.failure = container.NewVBox(c.message, c.advice, c.reply, c.suggestion, container.NewHBox(c.useSuggest))
	c.failure.Hide()
	box.Add(c.failure)
	c.content = widget.NewCard("", "", box)
	return c
}

// onEvent shows one step event; a step the plan did not expect (a checker
// newer than this screen) gets a line of its own rather than being lost.
func (c *serverCheck) onEvent(ev StepEvent) *stepLine {
	l, ok := c.byStep[ev.Step]
	if !ok {
		if len(c.byStep) >= maxStepLines {
			return nil
		}
		l = newStepLine(ev.Step)
		c.lines = append(c.lines, l)
		c.byStep[ev.Step] = l
		c.box.Objects = append(c.box.Objects[:len(c.box.Objects)-1], l.content, c.failure)
		c.box.Refresh()
	}
	l.set(ev.State)
	// Checkers report finished steps; the next one is then under way.
	if ev.State == StepOK || ev.State == StepSkipped {
		for i, x := range c.lines {
			if x == l && i+1 < len(c.lines) && !c.lines[i+1].started {
				c.lines[i+1].set(StepRunning)
			}
		}
	}
	return l
}

// begin shows the first step as under way.
func (c *serverCheck) begin() {
	if len(c.lines) > 0 {
		c.lines[0].set(StepRunning)
	}
}

// end stops every spinner and folds away the steps that never ran, so that
// after a failure the explanation and the fix sit right under it.
func (c *serverCheck) end() {
	for _, l := range c.lines {
		if l.started && l.state == StepRunning {
			l.started = false
			l.render()
		}
		if !l.started {
			l.content.Hide()
		}
	}
}

// progress counts finished lines out of all lines; a finished server
// counts as complete even where it stopped early.
func (c *serverCheck) progress() (done, total int) {
	total = len(c.lines)
	if c.result != nil {
		return total, total
	}
	for _, l := range c.lines {
		if l.finished() {
			done++
		}
	}
	return done, total
}
