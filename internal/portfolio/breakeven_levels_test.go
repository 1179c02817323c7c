package portfolio

import (
	"context"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

var levelNumbers = regexp.MustCompile(`\d+`)

// monthsOfText reads the break-even months an anchor text speaks of, the
// way a reader does: "in 13–18 months" is 13 to 18, "within 6 months" 1 to
// 6, "after more than 24 months, or never" 25 on and no break-even at all.
func monthsOfText(t *testing.T, text string) (lo, hi int, never bool) {
	t.Helper()
	n := levelNumbers.FindAllString(text, -1)
	num := func(i int) int {
		v, err := strconv.Atoi(n[i])
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	switch {
	case len(n) == 2 && strings.Contains(text, "–"):
		return num(0), num(1), false
	case len(n) == 1 && (strings.Contains(text, "within") || strings.Contains(text, "höchstens")):
		return 1, num(0), false
	case len(n) == 1 && (strings.Contains(text, "more than") || strings.Contains(text, "mehr als")):
		return num(0) + 1, math.MaxInt, strings.Contains(text, "never") || strings.Contains(text, " nie")
	}
	t.Fatalf("cannot read the months of %q", text)
	return 0, 0, false
}

// Every break-even month, and no break-even at all, falls under exactly one
// anchor text in each language, and the business case suggests that very
// level: the rule and the texts cannot disagree.
func TestBreakEvenLevelsMatchTheirTexts(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"de", "en"} {
		t.Run(lang, func(t *testing.T) {
			anchors := breakEvenAnchors(lang)
			type span struct {
				lo, hi int
				never  bool
			}
			spans := make([]span, len(anchors))
			for score, text := range anchors {
				if text == "" || strings.HasPrefix(text, "businesscase.") {
					t.Fatalf("level %d has no text: %q", score, text)
				}
				lo, hi, never := monthsOfText(t, text)
				spans[score] = span{lo, hi, never}
			}
			// Far beyond the horizon, so that a gap at the top shows too.
			for month := 1; month <= 3*Horizon; month++ {
				var holders []int
				for score, s := range spans {
					if month >= s.lo && month <= s.hi {
						holders = append(holders, score)
					}
				}
				if len(holders) != 1 {
					t.Fatalf("month %d stands in the texts of the levels %v, want exactly one: %q", month, holders, anchors)
				}
				if got := scoreForBreakEven(month, true); got != holders[0] {
					t.Errorf("break-even in month %d: suggested %d, but the text %q of level %d names it", month, got, anchors[holders[0]], holders[0])
				}
			}
			var never []int
			for score, s := range spans {
				if s.never {
					never = append(never, score)
				}
			}
			if got := scoreForBreakEven(0, false); !slices.Equal(never, []int{got}) {
				t.Errorf("no break-even: suggested %d, named by the texts of the levels %v", got, never)
			}
		})
	}
	// The levels run from the top of the scale to 0, each once.
	for i, l := range BreakEvenLevels {
		if l.Score != MaxScore-i {
			t.Errorf("level %d at position %d, want %d", l.Score, i, MaxScore-i)
		}
	}
	if BreakEvenAnchor("en", MaxScore+1) != "" || BreakEvenAnchor("en", -1) != "" {
		t.Error("a score outside the scale has a text")
	}
}

// The criterion "business case" shows the texts of the levels on both
// engines, even when its stored texts say otherwise (as those of older
// installations did), and refuses other texts.
func TestBusinessCaseCriterionShowsTheLevels(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewService(d, func() time.Time { return time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC) })
		if err := s.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `UPDATE criteria SET anchors_en = $1 WHERE slug = $2`,
			"no break-even\nafter more than 24 months\nin 19–24 months\nin 10–12 months\nin 7–9 months\nwithin 6 months", BusinessCaseSlug); err != nil {
			t.Fatal(err)
		}
		admin := &auth.Actor{UserID: "a1", Name: "Admin", Role: auth.RoleAdmin}
		all, err := s.Criteria(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(all, func(c *Criterion) bool { return c.Slug == BusinessCaseSlug })
		if i < 0 {
			t.Fatal("no criterion business case")
		}
		bc := all[i]
		for _, lang := range []string{"de", "en"} {
			for score := range MaxScore + 1 {
				if got, want := bc.Anchor(lang, score), BreakEvenAnchor(lang, score); got != want {
					t.Errorf("%s level %d reads %q, want %q", lang, score, got, want)
				}
			}
		}
		if got := bc.Anchor("en", 2); got != "break-even in 13–18 months" {
			t.Errorf("level 2 reads %q", got)
		}
		// Its own texts may be sent back; others are refused by field.
		de, en := slices.Clone(bc.AnchorsDE), slices.Clone(bc.AnchorsEN)
		if _, err := s.SaveCriterion(ctx, admin, bc.ID, CriterionInput{AnchorsDE: &de, AnchorsEN: &en, Weight: &bc.Weight}); err != nil {
			t.Fatalf("saving the criterion with its own texts: %v", err)
		}
		en[2] = "break-even in 19–24 months"
		_, err = s.SaveCriterion(ctx, admin, bc.ID, CriterionInput{AnchorsDE: &de, AnchorsEN: &en})
		if got := bcFieldsOf(err); !slices.Equal(got, []string{"anchors_en"}) {
			t.Errorf("changing a level's text: got %v (%v), want an error on anchors_en", got, err)
		}
		// Other criteria keep the texts they are given.
		other := all[(i+1)%len(all)]
		mine := []string{"a", "b", "c", "d", "e", "f"}
		c, err := s.SaveCriterion(ctx, admin, other.ID, CriterionInput{AnchorsEN: &mine})
		if err != nil || !slices.Equal(c.AnchorsEN, mine) {
			t.Errorf("another criterion's texts: got %v, %v", c, err)
		}
	})
}
