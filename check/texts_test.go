package check

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/i18n"
)

// Every code, knowledge-base advice and detail has its text in both
// languages, with the same slots, and the test message reads well.
func TestTexts(t *testing.T) {
	if err := i18n.Check(); err != nil {
		t.Fatal(err)
	}
	keys := []string{"check.advice.antivirus", "check.advice.use_suggestion", "check.advice.port25", "check.sendtest.subject", "check.sendtest.body"}
	for _, c := range Codes {
		keys = append(keys, "check.code."+string(c)+".message", "check.code."+string(c)+".advice")
	}
	for _, r := range knowledge {
		if r.advice != "" {
			keys = append(keys, r.advice)
		}
	}
	slot := regexp.MustCompile(`\{\w+\}`)
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !i18n.Has(l, k) {
				t.Errorf("%s: no %s text", k, l)
			}
		}
		es, en := slot.FindAllString(i18n.T(i18n.ES, k), -1), slot.FindAllString(i18n.T(i18n.EN, k), -1)
		if strings.Join(sorted(es), ",") != strings.Join(sorted(en), ",") {
			t.Errorf("%s: slots differ: %v / %v", k, es, en)
		}
	}
	if len(Codes) != 26 {
		t.Fatalf("%d codes; the spec has 26", len(Codes))
	}
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
