// Package ui is the Fyne wizard: five steps, each a struct holding its
// widgets with named handlers (step_*.go), one bridge for every hop from a
// worker goroutine back to the widgets (bridge.go), and one adapter over the
// engine packages (engine.go). It is the only package that imports Fyne.
package ui

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"time"

	"fyne.io/fyne/v2"

	"github.com/mailsetup/mailsetup/assets"
	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/keychain"
)

// AppID is the reverse-DNS application ID (FyneApp.toml).
const AppID = assets.AppID

// Options shape one run of the window. The real app takes them from the
// environment (OptionsFromEnv); tests set them directly.
type Options struct {
	// Lang forces the language; empty means the saved choice, else the OS's.
	Lang i18n.Lang
	// DemoStep opens the wizard at this step (1-5) with demo data from the
	// built-in table and no network, for screenshots.
	DemoStep int
	// DemoBlocked makes the demo check fail on a blocked port, with a
	// suggestion, to show how failures read.
	DemoBlocked bool
	// DemoWrongPassword makes the demo check refuse the password, to show
	// the advice and the way back to the password step.
	DemoWrongPassword bool
	// DemoAddress replaces the demo's address (another provider's page).
	DemoAddress string
	// QuitAfter quits the app after this long, so that CI never hangs.
	QuitAfter time.Duration
	// TraceStartup prints when the window is up, for scripts/measure.sh.
	TraceStartup bool
	// SaveDir is where exports go; empty means Documents/mailsetup.
	SaveDir string

	openURL func(*url.URL) error // tests watch links being opened
}

// OptionsFromEnv reads the test and demo hooks:
// MAILSETUP_LANG (es|en), MAILSETUP_DEMO_STEP (1-5),
// MAILSETUP_DEMO_BLOCKED=1 (the demo check meets a blocked port; =password:
// the servers refuse the password),
// MAILSETUP_DEMO_ADDRESS (another address for the demo),
// MAILSETUP_QUIT_AFTER (a Go duration, e.g. 2s), MAILSETUP_TRACE_STARTUP=1
// and MAILSETUP_SAVE_DIR. A bad value is reported and ignored.
func OptionsFromEnv() Options {
	var o Options
	if v := os.Getenv("MAILSETUP_LANG"); v != "" {
		if l, err := i18n.ParseLang(v); err == nil {
			o.Lang = l
		} else {
			fmt.Fprintln(os.Stderr, "mailsetup: MAILSETUP_LANG:", err)
		}
	}
	if v := os.Getenv("MAILSETUP_DEMO_STEP"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > stepCount {
			fmt.Fprintf(os.Stderr, "mailsetup: MAILSETUP_DEMO_STEP=%q: expected a step from 1 to %d\n", v, stepCount)
		} else {
			o.DemoStep = n
		}
	}
	if v := os.Getenv("MAILSETUP_QUIT_AFTER"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			fmt.Fprintf(os.Stderr, "mailsetup: MAILSETUP_QUIT_AFTER=%q: expected a duration such as 2s\n", v)
		} else {
			o.QuitAfter = d
		}
	}
	switch v := os.Getenv("MAILSETUP_DEMO_BLOCKED"); v {
	case "", "0":
	case "1":
		o.DemoBlocked = true
	case "password":
		o.DemoWrongPassword = true
	default:
		fmt.Fprintf(os.Stderr, "mailsetup: MAILSETUP_DEMO_BLOCKED=%q: expected 1 or password\n", v)
	}
	o.DemoAddress = os.Getenv("MAILSETUP_DEMO_ADDRESS")
	o.TraceStartup = os.Getenv("MAILSETUP_TRACE_STARTUP") == "1"
	o.SaveDir = os.Getenv("MAILSETUP_SAVE_DIR")
	return o
}

// Run opens the main window and blocks until it closes.
func Run(a fyne.App, opts Options) {
	var eng Engine = NewEngine(indexPath(a))
	if opts.DemoStep > 0 {
		d := newDemoEngine(eng, opts.DemoBlocked)
		d.wrongPassword = opts.DemoWrongPassword
		eng = d
	}
	w := newWizard(a, eng, opts)
	if opts.DemoStep > 0 {
		w.showDemo(opts.DemoStep)
	}
	if opts.QuitAfter > 0 {
		time.AfterFunc(opts.QuitAfter, func() { w.bridge.do(a.Quit) })
	}
	a.Lifecycle().SetOnStarted(func() {
		if opts.TraceStartup {
			// One more turn of the event loop: the window has been laid out.
			w.bridge.do(func() {
				fmt.Fprintf(os.Stderr, "mailsetup: window up at %d\n", time.Now().UnixNano())
			})
		}
		// Start-up (fonts, the icon, the provider table) leaves garbage the
		// app will not need again; hand it back once the window is drawn
		// instead of holding it for the whole session.
		time.AfterFunc(time.Second, debug.FreeOSMemory)
	})
	w.win.ShowAndRun()
}

// indexPath is where the list of saved addresses lives: beside Fyne's
// preferences for this app.
func indexPath(a fyne.App) string {
	if root := a.Storage().RootURI(); root != nil && root.Scheme() == "file" {
		// The same file as keychain.AppIndexPath, which mailsetup-cli uses.
		return filepath.Join(root.Path(), keychain.IndexFileName)
	}
	if p, err := keychain.AppIndexPath(AppID); err == nil {
		return p
	}
	return filepath.Join(os.TempDir(), "mailsetup", keychain.IndexFileName)
}
