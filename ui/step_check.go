package ui

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mailsetup/mailsetup/settings"
)

// checkStep proves live that the servers accept the account: a line per
// step for every server, total progress, Cancel and Retry, and for a failure
// the reason, the advice and, where one was found, settings that work.
type checkStep struct {
	w *wizard

	heading  *widget.Label
	intro    *widget.Label
	progress *widget.ProgressBar
	stop     *button
	retry    *button
	sendTest *widget.Check
	summary  *widget.Label
	// advice says, at the top, what to do about the first failure, so that
	// it is read without scrolling down to the server's card; also points
	// to a second, different failure below.
	advice *widget.Label
	also   *widget.Label
	// fixPass and fixSettings take the person straight to what a failure
	// asks them to change, beside the summary that says so.
	fixPass     *button
	fixSettings *button
	keychain    *widget.Label
	servers     *fyne.Container
	content     fyne.CanvasObject

	run       int // increases with every check; events of older runs are dropped
	running   bool
	cancelRun context.CancelFunc
	cancelled bool
	failedErr error // the check could not run at all
	cards     []*serverCheck
	request   CheckRequest
	savedKey  string // translation key of the keychain outcome
	savedErr  error
}

func newCheckStep(w *wizard) *checkStep {
	s := &checkStep{w: w, heading: heading(), intro: paragraph(), summary: bold(), keychain: paragraph(),
		advice: paragraph(), also: paragraph()}
	s.progress = widget.NewProgressBar()
	s.stop = newButton("", theme.CancelIcon(), s.onCancel)
	s.retry = newButton("", theme.ViewRefreshIcon(), s.onRetry)
	s.sendTest = widget.NewCheck("", s.onSendTestChanged)
	s.fixPass = newButton("", theme.AccountIcon(), s.onFixPassword)
	s.fixPass.Importance = widget.HighImportance
	s.fixSettings = newButton("", theme.SettingsIcon(), s.onFixSettings)
	s.fixSettings.Importance = widget.HighImportance
	s.servers = container.NewGridWithColumns(2)
	s.content = container.NewVBox(s.heading, s.intro,
		container.NewBorder(nil, nil, nil, container.NewHBox(s.stop, s.retry), s.progress),
		s.summary, s.advice, s.also, container.NewHBox(s.fixPass, s.fixSettings), s.keychain, s.servers, s.sendTest)
	return s
}

func (s *checkStep) view() fyne.CanvasObject { return s.content }

// reset forgets the last check: the settings or the password changed.
// A run still under way is stopped and its late events are dropped (new
// run number), so nothing of it can show up as the current result.
func (s *checkStep) reset() {
	s.cancel()
	s.run++
	s.running, s.cancelRun = false, nil
	s.cards = nil
	s.cancelled, s.failedErr = false, nil
	s.savedKey, s.savedErr = "", nil
	s.servers.Objects = nil
	s.servers.Refresh()
}

// shown starts the check unless a finished one still holds: one of the
// very settings and password in the account now. Anything else is checked
// again at once, so no stale result is ever shown as the current one.
func (s *checkStep) shown() {
	if s.running || (s.w.report != nil && s.current()) {
		s.render()
		return
	}
	s.w.report = nil
	s.start()
}

// current reports whether the last check was of the servers and password
// the account holds now.
func (s *checkStep) current() bool {
	w := s.w
	in, okIn := w.account.Config.FirstIncoming()
	out, okOut := w.account.Config.FirstOutgoing()
	r := s.request
	return okIn && okOut && len(r.Servers) == 2 && r.Password == w.password &&
		r.Account.Address == w.account.Address &&
		reflect.DeepEqual(r.Servers[0], in) && reflect.DeepEqual(r.Servers[1], out)
}

// start runs the check of the chosen incoming and outgoing server.
func (s *checkStep) start() {
	w := s.w
	s.reset()
	cfg := w.account.Config
	in, okIn := cfg.FirstIncoming()
	out, okOut := cfg.FirstOutgoing()
	if !okIn || !okOut {
		return
	}
	if cfg.Trust != settings.Verified && !w.trusted {
		return // never: the settings step does not let anyone here without trust
	}
	req := CheckRequest{Account: w.account, Servers: []settings.Server{in, out},
		Password: w.password, SendTest: s.sendTest.Checked && w.password != "", Lang: w.lang}
	s.request = req
	for i, srv := range req.Servers {
		i := i
		c := newServerCheck(srv, req.SendTest, func() { s.onUseSuggestion(i) })
		s.cards = append(s.cards, c)
		s.servers.Add(c.content)
		c.begin()
	}
	s.run++
	run := s.run
	s.running = true
	w.report = nil
	s.render()
	save := w.savePass && w.password != ""
	kc := w.eng.Keychain()
	email := w.account.Address.String()
	s.cancelRun = w.bridge.run(func(ctx context.Context, ui uiFunc) {
		rep, err := w.eng.Check(ctx, req, func(ev StepEvent) {
			ui(func() { s.onStepEvent(run, ev) })
		})
		if err == nil && ctx.Err() != nil {
			err = ctx.Err()
		}
		// The password goes to the keychain only once the server took it.
		saveKey, saveErr := "", error(nil)
		if err == nil && save && passwordAccepted(rep) {
			if saveErr = kc.Set(email, req.Password); saveErr == nil {
				saveKey = "ui.check.saved"
			} else {
				saveKey = "ui.check.not_saved"
			}
		}
		ui(func() { s.onCheckDone(run, rep, err, saveKey, saveErr) })
	})
}

// passwordAccepted reports whether every server logged in with the
// password: a password one server refuses is not worth keeping.
func passwordAccepted(rep CheckReport) bool {
	if !rep.OK() {
		return false
	}
	for _, r := range rep.Results {
		if r.AuthSkip {
			return false
		}
	}
	return true
}

func (s *checkStep) onStepEvent(run int, ev StepEvent) {
	if run != s.run || ev.Server < 0 || ev.Server >= len(s.cards) {
		return
	}
	s.cards[ev.Server].onEvent(ev)
	s.renderProgress()
}

func (s *checkStep) onCheckDone(run int, rep CheckReport, err error, saveKey string, saveErr error) {
	if run != s.run {
		return
	}
	w := s.w
	s.running = false
	s.cancelRun = nil
	s.savedKey, s.savedErr = saveKey, saveErr
	for _, c := range s.cards {
		c.end()
	}
	switch {
	case errors.Is(err, context.Canceled):
		s.cancelled = true
	case err != nil:
		s.failedErr = err
	default:
		w.report = &rep
		for i, res := range rep.Results {
			if i < len(s.cards) {
				res := res
				s.cards[i].result = &res
			}
		}
	}
	s.render()
}

func (s *checkStep) setTexts() {
	w := s.w
	s.stop.SetText(w.t("ui.check.cancel"))
	s.retry.SetText(w.t("ui.check.retry"))
	s.fixPass.SetText(w.t("ui.check.fix_password"))
	s.fixSettings.SetText(w.t("ui.check.fix_settings"))
	s.render()
}

// render writes every text from the state of the check.
func (s *checkStep) render() {
	w := s.w
	failed := !s.running && w.report != nil && !w.report.OK()
	switch {
	case failed || (!s.running && s.failedErr != nil):
		s.heading.SetText(w.t("ui.check.heading_failed"))
	case !s.running && w.report != nil:
		s.heading.SetText(w.t("ui.check.heading_ok"))
	default:
		s.heading.SetText(w.t("ui.check.heading"))
	}
	pass, other := s.fixes()
	setShown(s.fixPass, failed && pass)
	setShown(s.fixSettings, failed && other && !pass)
	s.sendTest.Text = w.t("ui.check.send_test", "email", w.account.Address.String())
	s.sendTest.Refresh()
	s.intro.SetText(w.t("ui.check.intro"))
	setShown(s.stop, s.running)
	setShown(s.retry, !s.running)
	if s.running {
		s.sendTest.Disable()
	} else {
		s.sendTest.Enable()
	}
	switch {
	case s.running:
		s.summary.SetText(w.t("ui.check.running"))
		s.summary.Importance = widget.MediumImportance
	case s.cancelled:
		s.summary.SetText(w.t("ui.check.cancelled"))
		s.summary.Importance = widget.WarningImportance
	case s.failedErr != nil:
		s.summary.SetText(errorText(w.lang, s.failedErr))
		s.summary.Importance = widget.DangerImportance
	case w.report != nil && w.report.OK() && w.password == "":
		s.summary.SetText(w.t("ui.check.ok_no_password"))
		s.summary.Importance = widget.SuccessImportance
	case w.report != nil && w.report.OK():
		s.summary.SetText(w.t("ui.check.ok"))
		s.summary.Importance = widget.SuccessImportance
	case w.report != nil:
		s.summary.SetText(w.t("ui.check.failed"))
		s.summary.Importance = widget.DangerImportance
	default:
		s.summary.SetText("")
	}
	s.summary.Refresh()
	s.renderWhatToDo(failed)
	for i, c := range s.cards {
		s.renderCard(i, c)
	}
	switch {
	case s.savedKey == "":
		s.keychain.SetText("")
	case s.savedErr != nil:
		s.keychain.SetText(w.t(s.savedKey, "reason", errorText(w.lang, s.savedErr)))
	default:
		s.keychain.SetText(w.t(s.savedKey))
	}
	setShown(s.keychain, s.keychain.Text != "")
	s.renderProgress()
	w.updateNav()
}

// renderWhatToDo puts the first failure's message and advice at the top,
// in place of the general "something does not work" line, and says when
// another server failed for another reason.
func (s *checkStep) renderWhatToDo(failed bool) {
	w := s.w
	first, other := s.failures()
	s.advice.SetText("")
	s.also.SetText("")
	if failed && first != nil {
		s.summary.SetText(first.Message.In(w.lang))
		s.summary.Importance = widget.DangerImportance
		s.summary.Refresh()
		s.advice.SetText(first.Advice.In(w.lang))
		if first.Suggestion != nil {
			s.also.SetText(w.t("ui.check.see_suggestion"))
		} else if other {
			s.also.SetText(w.t("ui.check.also_failed"))
		}
	}
	setShown(s.advice, s.advice.Text != "")
	setShown(s.also, s.also.Text != "")
}

// failures returns the diagnosis of the first server that failed and
// whether another one failed with a different message.
func (s *checkStep) failures() (first *Diagnosis, other bool) {
	for _, c := range s.cards {
		if c.result == nil || c.result.Diagnosis == nil {
			continue
		}
		d := c.result.Diagnosis
		if first == nil {
			first = d
		} else if d.Message != first.Message {
			other = true
		}
	}
	return first, other
}

func (s *checkStep) renderCard(i int, c *serverCheck) {
	w := s.w
	role := "ui.check.incoming"
	if c.server.Protocol == settings.SMTP {
		role = "ui.check.outgoing"
	}
	c.title.SetText(w.t(role, "protocol", c.server.Protocol.Name(),
		"server", c.server.Host+":"+strconv.Itoa(c.server.Port)))
	for _, l := range c.lines {
		key := "ui.check.step." + l.step
		if l.started && l.state == StepSkipped && l.step == "auth" {
			key = "ui.check.step.auth_skipped"
		}
		l.label.SetText(w.t(key))
	}
	d := (*Diagnosis)(nil)
	if c.result != nil {
		d = c.result.Diagnosis
	}
	setShown(c.failure, d != nil)
	if d == nil {
		return
	}
	c.message.SetText(d.Message.In(w.lang))
	c.advice.SetText(d.Advice.In(w.lang))
	// The advice already at the top is not repeated in the card.
	setShown(c.advice, c.advice.Text != "" && c.advice.Text != s.advice.Text)
	if d.ServerReply != "" {
		c.reply.SetText(w.t("ui.check.server_said", "reply", d.ServerReply))
	} else {
		c.reply.SetText("")
	}
	setShown(c.reply, d.ServerReply != "")
	if sg := d.Suggestion; sg != nil {
		c.suggestion.SetText(w.t("ui.check.suggestion", "server", sg.Host, "port", strconv.Itoa(sg.Port),
			"security", sg.Security.Name(w.lang)))
		c.useSuggest.SetText(w.t("ui.check.use_suggestion"))
	}
	setShown(c.suggestion, d.Suggestion != nil)
	setShown(c.useSuggest, d.Suggestion != nil)
}

func (s *checkStep) renderProgress() {
	done, total := 0, 0
	for _, c := range s.cards {
		d, t := c.progress()
		done += d
		total += t
	}
	if total == 0 {
		s.progress.SetValue(0)
		return
	}
	if !s.running && s.w.report != nil {
		done = total
	}
	s.progress.Max = float64(total)
	s.progress.SetValue(float64(done))
}

// onUseSuggestion takes the settings the checker found to work for server i
// into the account and checks again. Nothing is changed without this click.
func (s *checkStep) onUseSuggestion(i int) {
	w := s.w
	if i >= len(s.cards) || s.cards[i].result == nil || s.cards[i].result.Diagnosis == nil {
		return
	}
	sg := s.cards[i].result.Diagnosis.Suggestion
	if sg == nil {
		return
	}
	cfg := &w.account.Config
	list := cfg.Incoming
	if s.cards[i].server.Protocol == settings.SMTP {
		list = cfg.Outgoing
	}
	if len(list) == 0 {
		return
	}
	list[0].Host, list[0].Port, list[0].Security = sg.Host, sg.Port, sg.Security
	w.settings.fillEdits()
	w.settings.render()
	w.report = nil
	s.start()
}

// onSendTestChanged: asking for a test message after a check has ended
// checks again, this time sending it.
func (s *checkStep) onSendTestChanged(on bool) {
	if on && !s.running && s.w.password != "" && len(s.cards) > 0 {
		s.w.report = nil
		s.start()
	}
}

// fixes reports what the failures of the last check ask the person to
// change: the password (refused, or an app password needed) and/or the
// settings (a server that cannot be reached or spoken to). Failures fixed
// elsewhere (signing in on the provider's site, a suggestion to take) ask
// for neither.
func (s *checkStep) fixes() (password, settings bool) {
	for _, c := range s.cards {
		if c.result == nil || c.result.Diagnosis == nil {
			continue
		}
		d := c.result.Diagnosis
		switch {
		case d.Code == "auth.failed" || d.Code == "auth.app_password_required":
			password = true
		case d.Suggestion != nil || strings.HasPrefix(d.Code, "auth."):
		default:
			settings = true
		}
	}
	return password, settings
}

// onFixPassword goes back to the password step with the field emptied for
// the new one.
func (s *checkStep) onFixPassword() {
	w := s.w
	w.pass.entry.SetText("")
	w.goTo(stepPassword)
}

func (s *checkStep) onFixSettings() { s.w.goTo(stepSettings) }

// nextSecondary: after a failure, going on is possible but not the advice.
func (s *checkStep) nextSecondary() bool {
	return !s.running && (s.w.report == nil || !s.w.report.OK())
}

func (s *checkStep) onCancel() { s.cancel() }

func (s *checkStep) onRetry() {
	s.w.report = nil
	s.start()
}

// cancel stops a running check; its goroutine reports back as cancelled.
func (s *checkStep) cancel() bool {
	if !s.running || s.cancelRun == nil {
		return false
	}
	s.cancelRun()
	return true
}

func (s *checkStep) canGoNext() bool {
	return !s.running && (s.w.report != nil || s.cancelled || s.failedErr != nil)
}

func (s *checkStep) nextText() string {
	if s.w.report != nil && s.w.report.OK() {
		return s.w.t("ui.nav.next")
	}
	return s.w.t("ui.check.continue_anyway")
}

func (s *checkStep) onNext() { s.w.goTo(stepFinish) }
