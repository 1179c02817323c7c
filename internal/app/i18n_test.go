package app_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pakt/internal/agreement"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/concierge"
	"pakt/internal/cosell"
	"pakt/internal/i18n"
	"pakt/internal/jourfixe"
	"pakt/internal/lifecycle"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
)

// keysFromValues are the translation keys pages build from a prefix and a
// value of a fixed list.
func keysFromValues() []string {
	var keys []string
	add := func(prefix string, values ...string) {
		for _, v := range values {
			keys = append(keys, prefix+v)
		}
	}
	for _, r := range auth.Roles {
		add("role.", string(r))
	}
	add("stage.", lifecycle.Stages...)
	add("tier.", partner.Tiers...)
	add("size.", partner.Sizes...)
	add("kind.", partner.Kinds...)
	add("status.", partner.Statuses...)
	add("industry.", partner.Industries...)
	add("unit.", partner.ResourceUnits...)
	add("sort.", partner.Sorts...)
	add("facet.", partner.FacetNames[:]...)
	add("entries.", partner.EntryKinds...)
	add("entries.add_", partner.EntryKinds...)
	add("problem.", "invalid", "not_found", "conflict", "forbidden", "unauthorised", "too_many_requests", "internal", "unavailable", "insufficient_storage")
	add("jourfixe.status.", jourfixe.Statuses...)
	add("jourfixe.cadence.", jourfixe.Cadences...)
	add(jourfixe.KindMissed+".", "subject", "body")
	add("concierge.status.", concierge.Statuses...)
	add("concierge.outcome.", append(concierge.Outcomes, concierge.OutcomeOpen)...)
	add("concierge.done_", concierge.ActionApprove, concierge.ActionReject, concierge.ActionAccept, concierge.ActionDecline, concierge.ActionWithdraw)
	add("concierge.", concierge.ActionReject, concierge.ActionDecline)
	for m := 1; m <= 12; m++ {
		add("concierge.month_", strconv.Itoa(m))
	}
	add("cosell.status.", cosell.Statuses...)
	add("cosell.stage.", cosell.Stages...)
	add("cosell.role.", cosell.Roles...)
	add("cosell.part.", cosell.PartStatuses...)
	add("cosell.decision.", cosell.Decisions...)
	add("cosell.decision_hint.", cosell.Decisions...)
	add("cosell.conflict.", cosell.ConflictStatuses...)
	add("cosell.reason_", cosell.StatusRejected, cosell.StatusLost, cosell.StatusExpired)
	add("", cosell.ReasonFirstCome, cosell.ReasonJoint, cosell.ReasonExpired)
	for _, kind := range cosell.NoticeKinds {
		add(kind, ".subject", ".body")
	}
	for _, q := range portfolio.Quadrants {
		add("quadrant.", string(q), string(q)+".action")
	}
	add("agreement.status.", agreement.Statuses...)
	add("agreement.section.", agreement.Sections...)
	add("agreement.item.", agreement.ChecklistItems...)
	add("agreement.state.", agreement.ItemStates...)
	add("agreement.cadence.", agreement.Cadences...)
	for _, kind := range agreement.NoticeKinds {
		add(kind, ".subject", ".body")
	}
	// Every object type and action the audit log may record, with its
	// label and its sentence.
	for objectType, actions := range audit.Kinds() {
		add("", "object."+objectType, "audit.the."+objectType)
		for _, a := range actions {
			add("", "action."+a, "audit.did."+a)
		}
	}
	return keys
}

var (
	templateKey = regexp.MustCompile(`\.T "([a-z0-9_.-]+)"`)
	goKey       = regexp.MustCompile(`"((?:validation|error|problem|account|form|users|tokens|login|directory|profile|dashboard|competencies|audit|portfolio|criteria|assessments?|businesscase|quadrant|pipeline|stage|jourfixe|agreement|concierge)\.[a-z0-9_]+)"`)
)

// TestEveryTranslationKeyExists reads every template and Go file and checks
// that each translation key it names exists in German and English.
func TestEveryTranslationKeyExists(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	keys := map[string]string{}
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		var re *regexp.Regexp
		switch {
		case strings.HasSuffix(path, ".html"):
			re = templateKey
		case strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go"):
			re = goKey
		default:
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			// Template names look alike; a key ending in "_" is a prefix that
			// the code completes from a list of values (checked below).
			if !strings.HasSuffix(m[1], ".html") && !strings.HasSuffix(m[1], "_") {
				keys[m[1]] = path
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keysFromValues() {
		keys[k] = "a list of values"
	}
	if len(keys) < 200 {
		t.Fatalf("found only %d keys: the scan is broken", len(keys))
	}
	for k, where := range keys {
		for _, lang := range i18n.Languages {
			// A notification kind names its subject and body.
			kind := i18n.Has(lang, k+".subject") && i18n.Has(lang, k+".body")
			if !i18n.Has(lang, k) && !kind {
				t.Errorf("%s: key %q has no %s text", where, k, lang)
			}
		}
	}
}

// TestTemplatesNeedNoInlineStyleOrScript guards the Content-Security-Policy
// (style-src and script-src 'self'): an inline style or script would be
// blocked in the browser and the page would look or work wrong.
func TestTemplatesNeedNoInlineStyleOrScript(t *testing.T) {
	t.Parallel()
	inline := regexp.MustCompile(`(?i)\sstyle="|<style[\s>]|<script(\s[^>]*)?>\s*[^<\s]|\son[a-z]+="`)
	n := 0
	err := filepath.WalkDir(filepath.Join("..", ".."), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") || strings.Contains(path, "/.git/") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		if m := inline.FindString(string(b)); m != "" {
			t.Errorf("%s: %q would be blocked by the Content-Security-Policy", path, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("found only %d templates", n)
	}
}
