package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// sourceManual marks settings the person typed in themselves.
const sourceManual settings.Source = "manual"

// sourceStart marks the usual names at the person's domain, offered when
// nothing was found: a guess to correct, not settings anyone typed. The
// first edit makes them the person's own (sourceManual).
const sourceStart settings.Source = "starting-point"

// settingsStep shows the settings found for the address, where they came
// from and whether they can be trusted, and lets an expert change them.
type settingsStep struct {
	w *wizard

	heading    *widget.Label
	status     *widget.Label
	progress   *widget.ProgressBar
	searching  *widget.ProgressBarInfinite
	progressOf *widget.Label
	stop       *button
	retry      *button
	busy       *fyne.Container
	source     *widget.Label
	sourceURL  *widget.Label
	trustIcon  *widget.Icon
	trustText  *widget.Label
	trustCheck *widget.Check
	notes      *widget.Label
	protocol   *widget.RadioGroup
	protoLabel *widget.Label
	incoming   *serverView
	outgoing   *serverView
	copied     *widget.Label
	advanced   *widget.Accordion
	inEdit     *serverEdit
	outEdit    *serverEdit
	inTitle    *widget.Label
	outTitle   *widget.Label
	details    *fyne.Container
	content    fyne.CanvasObject

	// lookedUp is the address the settings shown belong to.
	lookedUp     settings.Address
	discovering  bool
	cancelSearch context.CancelFunc
	progressNow  Progress
	failure      string // translation key of why nothing was found, if so
}

func newSettingsStep(w *wizard) *settingsStep {
	s := &settingsStep{w: w, heading: heading(), status: paragraph(), source: paragraph(),
		trustText: paragraph(), notes: paragraph(), copied: widget.NewLabel(""), sourceURL: hint(),
		protoLabel: bold(), inTitle: bold(), outTitle: bold()}
	s.copied.Importance = widget.SuccessImportance
	s.progress = widget.NewProgressBar()
	s.searching = widget.NewProgressBarInfinite()
	s.searching.Stop()
	s.stop = newButton("", theme.CancelIcon(), s.onStopSearch)
	s.retry = newButton("", theme.ViewRefreshIcon(), s.onRetry)
	s.progressOf = hint()
	s.busy = container.NewVBox(container.NewBorder(nil, nil, nil, s.stop, container.NewStack(s.progress, s.searching)), s.progressOf)
	s.trustIcon = widget.NewIcon(theme.WarningIcon())
	s.trustCheck = widget.NewCheck("", s.onTrustChanged)
	s.protocol = widget.NewRadioGroup(nil, s.onProtocolChosen)
	s.incoming = newServerView(w)
	s.outgoing = newServerView(w)
	s.inEdit = newServerEdit(w, s.onIncomingEdited)
	s.outEdit = newServerEdit(w, s.onOutgoingEdited)
	s.advanced = widget.NewAccordion(widget.NewAccordionItem("",
		container.NewVBox(s.inTitle, s.inEdit.form, s.outTitle, s.outEdit.form)))
	trust := container.NewBorder(nil, nil, s.trustIcon, nil, s.trustText)
	s.details = container.NewVBox(
		s.source, s.sourceURL, trust, s.trustCheck,
		container.NewGridWithColumns(2, s.incoming.content, s.outgoing.content),
		s.copied, s.protoLabel, s.protocol, s.notes, s.advanced)
	s.content = container.NewVBox(s.heading, s.status, s.busy, container.NewHBox(s.retry), s.details)
	return s
}

func (s *settingsStep) view() fyne.CanvasObject { return s.content }

func (s *settingsStep) nextText() string { return s.w.t("ui.nav.next") }

// reset forgets the settings: a new address needs a new search.
func (s *settingsStep) reset() {
	s.cancel()
	s.lookedUp = settings.Address{}
	s.failure = ""
}

// shown looks the address up: the built-in table answers at once; anything
// else is searched online, off the UI goroutine, with progress.
func (s *settingsStep) shown() {
	w := s.w
	if s.lookedUp == w.account.Address && (s.discovering || len(w.account.Config.Incoming) > 0) {
		s.render()
		return
	}
	s.lookedUp = w.account.Address
	if cfg, ok := w.eng.Lookup(w.account.Address); ok {
		s.useConfig(cfg)
		return
	}
	s.startSearch()
}

func (s *settingsStep) startSearch() {
	w := s.w
	addr := w.account.Address
	s.discovering = true
	s.failure = ""
	s.progressNow = Progress{}
	w.account.Config = settings.Config{}
	s.render()
	s.cancelSearch = w.bridge.run(func(ctx context.Context, ui uiFunc) {
		cfg, err := w.eng.Discover(ctx, addr, func(p Progress) {
			ui(func() { s.onProgress(addr, p) })
		})
		if err == nil && ctx.Err() != nil {
			err = ctx.Err()
		}
		ui(func() { s.onSearchDone(addr, cfg, err) })
	})
}

func (s *settingsStep) onProgress(addr settings.Address, p Progress) {
	if addr != s.lookedUp || !s.discovering {
		return
	}
	s.progressNow = p
	s.renderProgress()
}

// onSearchDone takes the answer of an online search. An answer for an
// address the person has since changed is dropped.
func (s *settingsStep) onSearchDone(addr settings.Address, cfg settings.Config, err error) {
	if addr != s.lookedUp {
		return
	}
	s.discovering = false
	s.cancelSearch = nil
	switch {
	case err == nil && len(cfg.Incoming) > 0 && len(cfg.Outgoing) > 0:
		s.useConfig(cfg)
		return
	case errors.Is(err, context.Canceled):
		s.failure = "ui.settings.stopped"
	case errors.Is(err, ErrNotAvailable):
		s.failure = "ui.settings.search_unavailable"
	case errors.Is(err, ErrNoNetwork):
		// Nothing could be asked: "check your connection", not "ask
		// your provider".
		s.failure = "ui.settings.no_network"
	default:
		s.failure = "ui.settings.not_found"
	}
	// Nothing found: offer the usual names to fill in by hand.
	s.useConfig(manualConfig(addr))
	s.advanced.Open(0)
}

// manualConfig is a starting point for typing settings by hand: the usual
// names and ports at the person's domain.
func manualConfig(addr settings.Address) settings.Config {
	return settings.Config{
		ProviderName: addr.Domain,
		Incoming: []settings.Server{{Protocol: settings.IMAP, Host: "mail." + addr.ASCIIDomain, Port: 993,
			Security: settings.TLS, Username: addr.String(), Auth: []settings.Auth{settings.AuthPassword}}},
		Outgoing: []settings.Server{{Protocol: settings.SMTP, Host: "mail." + addr.ASCIIDomain, Port: 465,
			Security: settings.TLS, Username: addr.String(), Auth: []settings.Auth{settings.AuthPassword}}},
		Source: sourceStart,
		Trust:  settings.Unverified,
	}
}

// useConfig shows cfg as the settings of the account.
func (s *settingsStep) useConfig(cfg settings.Config) {
	w := s.w
	cfg.ProviderName = settings.Expand(cfg.ProviderName, w.account.Address)
	w.account.Config = settings.ExpandConfig(cfg, w.account.Address)
	w.trusted = false
	w.resetAfter(stepSettings)
	s.fillEdits()
	s.render()
}

func (s *settingsStep) fillEdits() {
	cfg := s.w.account.Config
	if in, ok := cfg.FirstIncoming(); ok {
		s.inEdit.set(in)
	}
	if out, ok := cfg.FirstOutgoing(); ok {
		s.outEdit.set(out)
	}
}

func (s *settingsStep) setTexts() {
	w := s.w
	s.stop.SetText(w.t("ui.settings.stop"))
	s.retry.SetText(w.t("ui.settings.search_again"))
	s.trustCheck.Text = w.t("ui.settings.trust_check")
	s.trustCheck.Refresh()
	s.inTitle.SetText(w.t("ui.settings.incoming_edit"))
	s.outTitle.SetText(w.t("ui.settings.outgoing_edit"))
	s.protoLabel.SetText(w.t("ui.settings.protocol"))
	s.inEdit.setTexts()
	s.outEdit.setTexts()
	s.copied.SetText("")
	s.copied.Hide()
	s.render()
}

// render writes every dynamic text from the step's state.
func (s *settingsStep) render() {
	w := s.w
	cfg := w.account.Config
	domain := w.account.Address.Domain
	setShown(s.busy, s.discovering)
	setShown(s.retry, !s.discovering && s.failure != "" && s.failure != "ui.settings.search_unavailable")
	setShown(s.details, !s.discovering && len(cfg.Incoming) > 0)
	switch {
	case s.discovering:
		s.heading.SetText(w.t("ui.settings.searching_heading"))
		s.status.SetText(w.t("ui.settings.searching", "domain", domain))
		s.renderProgress()
	case s.failure != "":
		s.heading.SetText(w.t("ui.settings.manual_heading"))
		s.status.SetText(w.t(s.failure, "domain", domain))
	default:
		s.heading.SetText(w.t("ui.settings.found_heading", "provider", providerName(cfg)))
		s.status.SetText(w.t("ui.settings.found_intro"))
	}
	// Typing the servers is for experts when some were found, and the way
	// forward when none were: then it is not called "advanced".
	title := w.t("ui.settings.advanced")
	if s.failure != "" || cfg.Source == sourceStart || cfg.Source == sourceManual {
		title = w.t("ui.settings.change")
	}
	if s.advanced.Items[0].Title != title {
		s.advanced.Items[0].Title = title
		s.advanced.Refresh()
	}
	if s.discovering || len(cfg.Incoming) == 0 {
		w.updateNav()
		return
	}
	s.source.SetText(w.t("ui.settings.source", "source", sourceText(w.lang, cfg)))
	// The address they were read from lets a careful person judge them.
	s.sourceURL.SetText(w.t("ui.settings.source_url", "url", cfg.SourceURL))
	setShown(s.sourceURL, cfg.SourceURL != "")
	verified := cfg.Trust == settings.Verified
	if verified {
		s.trustIcon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
		s.trustText.SetText(w.t("ui.trust.verified"))
	} else if cfg.Source == sourceStart {
		s.trustIcon.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
		s.trustText.SetText(w.t("ui.trust.starting_point"))
	} else if cfg.Source == sourceManual {
		s.trustIcon.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
		s.trustText.SetText(w.t("ui.trust.manual"))
	} else {
		s.trustIcon.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
		s.trustText.SetText(w.t("ui.trust.unverified"))
	}
	setShown(s.trustCheck, !verified)
	s.trustCheck.SetChecked(w.trusted)
	notes := []string{}
	if n := cfg.Notes.In(w.lang); n != "" {
		// The default font has no arrow glyph; the table's "Settings →
		// Accounts" paths read the same with a chevron.
		notes = append(notes, strings.ReplaceAll(n, "→", "›"))
	}
	notes = append(notes, i18n.Tr(w.lang, cfg.Warnings)...)
	s.notes.SetText(strings.Join(notes, "\n"))
	setShown(s.notes, len(notes) > 0)
	s.renderProtocols()
	in, _ := cfg.FirstIncoming()
	out, _ := cfg.FirstOutgoing()
	s.incoming.set("ui.settings.incoming", in)
	s.outgoing.set("ui.settings.outgoing", out)
	w.updateNav()
}

func (s *settingsStep) renderProgress() {
	p := s.progressNow
	if p.Total > 0 {
		s.searching.Hide()
		s.searching.Stop()
		s.progress.Show()
		s.progress.Max = float64(p.Total)
		s.progress.SetValue(float64(p.Done))
		s.progressOf.SetText(s.w.t("ui.settings.progress", "done", strconv.Itoa(p.Done), "total", strconv.Itoa(p.Total)))
	} else {
		s.progress.Hide()
		s.searching.Show()
		s.searching.Start()
		s.progressOf.SetText("")
	}
}

// renderProtocols offers IMAP or POP3 when the provider has both.
func (s *settingsStep) renderProtocols() {
	w := s.w
	cfg := w.account.Config
	_, hasIMAP := cfg.Preferred(settings.IMAP)
	_, hasPOP := cfg.Preferred(settings.POP3)
	both := hasIMAP && hasPOP
	s.protoLabel.Hidden = !both
	s.protocol.Hidden = !both
	if !both {
		s.protoLabel.Refresh()
		s.protocol.Refresh()
		return
	}
	imap, pop := w.t("ui.settings.imap_choice"), w.t("ui.settings.pop_choice")
	s.protocol.Options = []string{imap, pop}
	first, _ := cfg.FirstIncoming()
	if first.Protocol == settings.POP3 {
		s.protocol.Selected = pop
	} else {
		s.protocol.Selected = imap
	}
	s.protoLabel.Refresh()
	s.protocol.Refresh()
}

// onProtocolChosen puts the chosen kind of incoming server first: every
// later stage (check, export) uses the first one.
func (s *settingsStep) onProtocolChosen(choice string) {
	w := s.w
	want := settings.IMAP
	if choice == w.t("ui.settings.pop_choice") {
		want = settings.POP3
	}
	in := w.account.Config.Incoming
	if len(in) == 0 || in[0].Protocol == want {
		return
	}
	for i, srv := range in {
		if srv.Protocol == want {
			copy(in[1:i+1], in[0:i])
			in[0] = srv
			break
		}
	}
	w.resetAfter(stepSettings)
	s.fillEdits()
	s.render()
}

func (s *settingsStep) onIncomingEdited(srv settings.Server) {
	s.w.account.Config.Incoming[0] = srv
	s.onEdited()
}

func (s *settingsStep) onOutgoingEdited(srv settings.Server) {
	s.w.account.Config.Outgoing[0] = srv
	s.onEdited()
}

// onEdited: settings changed by hand are no longer what the source said,
// verified or not, so they are the person's own and need their trust.
func (s *settingsStep) onEdited() {
	w := s.w
	w.account.Config.Source = sourceManual
	w.account.Config.SourceURL = ""
	w.account.Config.Trust = settings.Unverified
	w.resetAfter(stepSettings)
	s.render()
}

func (s *settingsStep) onTrustChanged(on bool) {
	s.w.trusted = on
	s.w.updateNav()
}

func (s *settingsStep) onStopSearch() { s.cancel() }

func (s *settingsStep) onRetry() { s.startSearch() }

// showCopied confirms a copy, so the person knows the click did something.
func (s *settingsStep) showCopied(text string) {
	s.copied.SetText(s.w.t("ui.copy.done", "value", text))
	s.copied.Show()
}

func (s *settingsStep) canGoNext() bool {
	w := s.w
	cfg := w.account.Config
	if s.discovering || len(cfg.Incoming) == 0 || len(cfg.Outgoing) == 0 {
		return false
	}
	if !s.inEdit.valid() || !s.outEdit.valid() {
		return false
	}
	return cfg.Trust == settings.Verified || w.trusted
}

func (s *settingsStep) onNext() { s.w.goTo(stepPassword) }

// cancel stops a search in progress. Its goroutine reports the cancellation
// through onSearchDone, which offers to type the settings by hand.
func (s *settingsStep) cancel() bool {
	if s.cancelSearch == nil || !s.discovering {
		return false
	}
	s.cancelSearch()
	return true
}

// providerName is the provider's name or, without one, the domain.
func providerName(cfg settings.Config) string {
	if cfg.ProviderName != "" {
		return cfg.ProviderName
	}
	if in, ok := cfg.FirstIncoming(); ok {
		return in.Host
	}
	return ""
}

// sourceText says in plain words where settings came from.
func sourceText(l i18n.Lang, cfg settings.Config) string {
	key := "ui.source." + strings.ReplaceAll(string(cfg.Source), "-", "_")
	if !i18n.Has(l, key) {
		key = "ui.source.other"
	}
	return i18n.T(l, key, "url", cfg.SourceURL)
}
