package ui

import (
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/i18n"
)

func TestOptionsFromEnv(t *testing.T) {
	t.Setenv("MAILSETUP_LANG", "es_ES.UTF-8")
	t.Setenv("MAILSETUP_DEMO_STEP", "4")
	t.Setenv("MAILSETUP_QUIT_AFTER", "2s")
	t.Setenv("MAILSETUP_TRACE_STARTUP", "1")
	o := OptionsFromEnv()
	if o.Lang != i18n.ES || o.DemoStep != 4 || o.QuitAfter != 2*time.Second || !o.TraceStartup {
		t.Errorf("options = %+v", o)
	}
	// Bad values are reported and ignored, never a crash or a surprise.
	for _, bad := range [][2]string{{"MAILSETUP_LANG", "de"}, {"MAILSETUP_DEMO_STEP", "9"},
		{"MAILSETUP_DEMO_STEP", "x"}, {"MAILSETUP_QUIT_AFTER", "-1s"}, {"MAILSETUP_QUIT_AFTER", "soon"}} {
		t.Setenv("MAILSETUP_LANG", "")
		t.Setenv("MAILSETUP_DEMO_STEP", "")
		t.Setenv("MAILSETUP_QUIT_AFTER", "")
		t.Setenv(bad[0], bad[1])
		o := OptionsFromEnv()
		if o.Lang != "" || o.DemoStep != 0 || o.QuitAfter != 0 {
			t.Errorf("%s=%s gave %+v", bad[0], bad[1], o)
		}
	}
}
