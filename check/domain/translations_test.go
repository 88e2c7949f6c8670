package domain

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"testing"

	"github.com/mailsetup/mailsetup/assets"
	"github.com/mailsetup/mailsetup/i18n"
)

// The domain area's two translation files have the same keys, every key in
// the area's prefix, and the same {slots} in both languages.
func TestTranslationFiles(t *testing.T) {
	read := func(lang string) map[string]string {
		data, err := assets.Translations.ReadFile("translations/domain." + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	es, en := read("es"), read("en")
	if !slices.Equal(slices.Sorted(maps.Keys(es)), slices.Sorted(maps.Keys(en))) {
		t.Fatal("domain.es.json and domain.en.json have different keys")
	}
	slot := regexp.MustCompile(`\{[a-z_]+\}`)
	for k, v := range en {
		if len(k) < 7 || k[:7] != "domain." {
			t.Errorf("key %q outside the domain area", k)
		}
		a, b := slot.FindAllString(v, -1), slot.FindAllString(es[k], -1)
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			t.Errorf("%s: slots %v in English, %v in Spanish", k, a, b)
		}
		if es[k] == "" || v == "" {
			t.Errorf("%s: empty text", k)
		}
	}
}

// Keys the code builds from parts exist for every part.
func TestBuiltKeysExist(t *testing.T) {
	var keys []string
	for _, c := range []string{CheckMX, CheckSPF, CheckDMARC, CheckDKIM, CheckMTASTS, CheckTLSRPT, CheckBlocklist} {
		keys = append(keys, "domain.unfinished."+c, "domain.check."+c)
	}
	for _, code := range []string{"too_long", "syntax", "no_key", "base64", "unreadable", "not_rsa", "ed25519_size", "unknown_type"} {
		keys = append(keys, "domain.dkim.bad."+code)
	}
	for _, p := range []string{"quarantine", "reject"} {
		keys = append(keys, "domain.dmarc.ok."+p)
	}
	for _, code := range []string{"unreachable", "tls", "status", "syntax"} {
		keys = append(keys, "domain.mta-sts.policy_"+code)
	}
	for _, m := range []string{"enforce", "testing", "none"} {
		keys = append(keys, "domain.mta-sts.ok_"+m)
	}
	for _, c := range []string{CheckMTASTS, CheckTLSRPT} {
		for _, s := range []string{".unanswered", ".missing", ".missing.advice", ".duplicate", ".duplicate.advice", ".syntax", ".syntax.advice", ".ok"} {
			keys = append(keys, "domain."+c+s)
		}
	}
	for _, s := range []Status{OK, Warning, Error} {
		keys = append(keys, "domain.status."+string(s))
	}
	keys = append(keys, "domain.spf.syntax_term", "domain.dmarc.syntax_term", "domain.spf.missing.advice_provider")
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !i18n.Has(l, k) {
				t.Errorf("%s: missing in %s", k, l)
			}
		}
	}
}
