package exchange

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"pakt/internal/i18n"
)

// TestTranslations checks that every key the exchange names in its Go
// code, the keys its pages build from lists of values, and the texts of
// its notices exist in German and English. (The app's test covers the
// templates' literal keys.)
func TestTranslations(t *testing.T) {
	t.Parallel()
	keys := map[string]string{}
	quoted := regexp.MustCompile(`"(exchange\.[a-z0-9_.]*[a-z0-9])"`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range quoted.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = f
		}
	}
	for _, list := range []struct {
		prefix string
		values []string
	}{{"exchange.kind.", Kinds}, {"exchange.status.", Statuses}, {"exchange.answer.", AnswerStatuses}, {"exchange.frequency.", Frequencies},
		{"exchange.", []string{"effort", "effort_hint", "budget_min", "budget_max", "currency", "customer_name", "confidential", "expires_on",
			"expires_hint", "new_seeking", "new_offering", "edit"}}} {
		for _, v := range list.values {
			keys[list.prefix+v] = "a list of values"
		}
	}
	if len(keys) < 40 {
		t.Fatalf("found only %d keys: the scan is broken", len(keys))
	}
	for k, where := range keys {
		for _, lang := range i18n.Languages {
			// A notice's kind names its subject and body.
			if !i18n.Has(lang, k) && !(i18n.Has(lang, k+".subject") && i18n.Has(lang, k+".body")) {
				t.Errorf("%s: key %q has no %s text", where, k, lang)
			}
		}
	}
}
