package portfolio

import "pakt/internal/i18n"

// BreakEvenLevel is one level of the CAN criterion "business case"
// (BusinessCaseSlug): the break-even months that earn it.
type BreakEvenLevel struct {
	Score int
	// From and To are the first and the last break-even month of the
	// level. To is 0 for the lowest level, which holds every later month
	// and a case that never breaks even.
	From, To int
}

// BreakEvenLevels are the levels of the criterion "business case", from the
// highest down. They are the one source of the score a business case
// suggests (SuggestedScore) and of the criterion's anchor texts in both
// languages (BreakEvenAnchor); the months 1, 2, 3, … each fall into exactly
// one level.
var BreakEvenLevels = []BreakEvenLevel{
	{Score: 5, From: 1, To: 6},
	{Score: 4, From: 7, To: 9},
	{Score: 3, From: 10, To: BreakEvenTargetMonths},
	{Score: 2, From: 13, To: 18},
	{Score: 1, From: 19, To: 24},
	{Score: 0, From: 25},
}

// scoreForBreakEven returns the level of a break-even in month; ok false
// means the case never breaks even, which earns the lowest level.
func scoreForBreakEven(month int, ok bool) int {
	if ok {
		for _, l := range BreakEvenLevels {
			if month >= l.From && (l.To == 0 || month <= l.To) {
				return l.Score
			}
		}
	}
	return BreakEvenLevels[len(BreakEvenLevels)-1].Score
}

// BreakEvenAnchor returns the anchor text of a level of the criterion
// "business case" in lang, written from the level's months; "" for a score
// outside the scale.
func BreakEvenAnchor(lang string, score int) string {
	for _, l := range BreakEvenLevels {
		if l.Score != score {
			continue
		}
		switch {
		case l.To == 0:
			return i18n.T(lang, "businesscase.level_after", l.From-1)
		case l.From == 1:
			return i18n.T(lang, "businesscase.level_within", l.To)
		}
		return i18n.T(lang, "businesscase.level_between", l.From, l.To)
	}
	return ""
}

// breakEvenAnchors returns the anchor texts of the levels 0 to MaxScore in
// lang.
func breakEvenAnchors(lang string) []string {
	out := make([]string, MaxScore+1)
	for score := range out {
		out[score] = BreakEvenAnchor(lang, score)
	}
	return out
}

// deriveAnchors gives the criterion "business case" the anchor texts of
// BreakEvenLevels, whatever it stored: its levels follow the business
// case's rule, so that the assessment and the suggestion never disagree.
// Other criteria keep their own texts.
func (c *Criterion) deriveAnchors() {
	if c.Slug == BusinessCaseSlug {
		c.AnchorsDE, c.AnchorsEN = breakEvenAnchors("de"), breakEvenAnchors("en")
	}
}

// AnchorsDerived reports whether the criterion's anchor texts follow the
// business case's rule and cannot be edited.
func (c *Criterion) AnchorsDerived() bool { return c.Slug == BusinessCaseSlug }
