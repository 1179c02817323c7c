// Package portfolio is the programme owner's judgement of its partners:
// CAN × WILL criteria and thresholds, assessments with their history, the
// quadrants (Hero, Candidate, Vampire, Shadow) with the recommended action,
// business cases with their break-even, and the portfolio matrix. Partners
// never see any of it.
package portfolio

import (
	"time"

	"pakt/internal/audit"
	"pakt/internal/i18n"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("criterion", "create", "update")
	_ = audit.Kind("thresholds", "update")
	_ = audit.Kind("quadrant_actions", "update")
	_ = audit.Kind("assessment", "create")
	_ = audit.Event("assessment", "create")
	_ = audit.Kind("business_case", "create", "update")
)

// Axes of the portfolio.
const (
	AxisCan  = "can"
	AxisWill = "will"
)

// Quadrant is where CAN and WILL place an organisation.
type Quadrant string

// The quadrants.
const (
	Hero      Quadrant = "hero"
	Candidate Quadrant = "candidate"
	Vampire   Quadrant = "vampire"
	Shadow    Quadrant = "shadow"
)

// Quadrants lists the quadrants in display order.
var Quadrants = []Quadrant{Hero, Candidate, Vampire, Shadow}

// QuadrantNames returns the quadrants' names in display order, for
// features that keep settings per quadrant (steering's cadences).
func QuadrantNames() []string {
	out := make([]string, len(Quadrants))
	for i, q := range Quadrants {
		out[i] = string(q)
	}
	return out
}

// Criterion is one weighted CAN or WILL criterion, rated 0 to 5.
type Criterion struct {
	ID            string   `json:"id"`
	Slug          string   `json:"slug"`
	Axis          string   `json:"axis" enum:"axis"`
	NameDE        string   `json:"name_de"`
	NameEN        string   `json:"name_en"`
	DescriptionDE string   `json:"description_de"`
	DescriptionEN string   `json:"description_en"`
	AnchorsDE     []string `json:"anchors_de"`
	AnchorsEN     []string `json:"anchors_en"`
	Weight        int      `json:"weight"`
	Position      int      `json:"position"`
	Active        bool     `json:"active"`
	// Published criteria are asked in the public self-assessment.
	Published bool `json:"published"`
	// SelfQuestionDE and SelfQuestionEN ask the criterion in the public
	// self-assessment, in the second person; empty, a question naming the
	// criterion is asked instead (SelfQuestion).
	SelfQuestionDE string    `json:"self_question_de"`
	SelfQuestionEN string    `json:"self_question_en"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Name returns the criterion's name in lang.
func (c *Criterion) Name(lang string) string {
	if lang == "de" {
		return c.NameDE
	}
	return c.NameEN
}

// Description returns the criterion's description in lang.
func (c *Criterion) Description(lang string) string {
	if lang == "de" {
		return c.DescriptionDE
	}
	return c.DescriptionEN
}

// OwnSelfQuestion returns the criterion's own question of the public
// self-assessment in lang, "" when it has none.
func (c *Criterion) OwnSelfQuestion(lang string) string {
	if lang == "de" {
		return c.SelfQuestionDE
	}
	return c.SelfQuestionEN
}

// SelfQuestion returns what the public self-assessment asks of the
// criterion in lang: its own question, or else a question that names the
// criterion and asks the visitor (the description speaks of "the
// partner", not to the visitor).
func (c *Criterion) SelfQuestion(lang string) string {
	if q := c.OwnSelfQuestion(lang); q != "" {
		return q
	}
	return i18n.T(lang, "self.question_fallback", c.Name(lang))
}

// Anchor returns the anchor text of level in lang.
func (c *Criterion) Anchor(lang string, level int) string {
	a := c.AnchorsEN
	if lang == "de" {
		a = c.AnchorsDE
	}
	if level < 0 || level >= len(a) {
		return ""
	}
	return a[level]
}

// BusinessCaseSlug marks the CAN criterion a business case suggests a score
// for.
const BusinessCaseSlug = "business-case"

// BusinessCase is the calculation of whether a partnership pays off: money
// in minor units of Currency, deals per month in tenths.
type BusinessCase struct {
	OrgID               string    `json:"org_id"`
	Currency            string    `json:"currency"`
	InvestmentMinor     int64     `json:"investment_minor"`
	MonthlyCostMinor    int64     `json:"monthly_cost_minor"`
	MonthsToFirstDeal   int       `json:"months_to_first_deal"`
	DealsPerMonthTenths int       `json:"deals_per_month_tenths"`
	MarginPerDealMinor  int64     `json:"margin_per_deal_minor"`
	RampUpMonths        int       `json:"ramp_up_months"`
	Note                string    `json:"note"`
	UpdatedBy           string    `json:"updated_by"`
	UpdatedAt           time.Time `json:"updated_at"`
}
