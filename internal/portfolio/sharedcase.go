package portfolio

import (
	"time"

	"pakt/internal/audit"
)

// What the audit log records of shared business cases: a manager shares
// and unshares, the partner's admin updates and resets its copy.
var _ = audit.Kind("shared_business_case", "share", "unshare", "update", "reset")

// SharedCase is a business case a manager shared with its organisation.
// The partner's admins read the manager's version and may keep a copy of
// their own with other assumptions; the manager's version stays as it is.
type SharedCase struct {
	OrgID string
	// SharedBy names the manager who shared it; SharedByID is that user.
	SharedBy   string
	SharedByID string
	SharedAt   time.Time
	// Manager is the business case as the manager keeps it, with its
	// internal note: never hand it to a partner as it is (see Figures).
	Manager BusinessCase
	// Copy is the partner's copy, nil until its admin adjusted an
	// assumption. Its note is always empty.
	Copy *BusinessCase
}

// Current is what the partner works with: its copy when it has one, else
// the manager's version.
func (c *SharedCase) Current() BusinessCase {
	if c.Copy != nil {
		return *c.Copy
	}
	return c.Manager
}

// Figures are the business figures of a case as a partner may read them:
// its assumptions and what follows from them, without the internal note,
// the suggested score of the CAN criterion or any judgement of the
// programme.
type Figures struct {
	Currency            string `json:"currency"`
	InvestmentMinor     int64  `json:"investment_minor"`
	MonthlyCostMinor    int64  `json:"monthly_cost_minor"`
	MonthsToFirstDeal   int    `json:"months_to_first_deal"`
	DealsPerMonthTenths int    `json:"deals_per_month_tenths"`
	MarginPerDealMinor  int64  `json:"margin_per_deal_minor"`
	RampUpMonths        int    `json:"ramp_up_months"`
	// BreakEvenMonth is nil (and absent from JSON) when the case does not
	// break even within HorizonMonths.
	BreakEvenMonth *int `json:"break_even_month,omitempty" doc:"the month in which the cumulative result reaches zero; absent when the case does not break even within horizon_months"`
	BreaksEven     bool `json:"breaks_even"`
	HorizonMonths  int  `json:"horizon_months"`
	// The sums over HorizonMonths months: revenue (deals × margin), costs
	// and the result.
	RevenueMinor int64         `json:"revenue_minor" doc:"the margin earned over horizon_months months"`
	CostMinor    int64         `json:"cost_minor" doc:"the investment and monthly costs over horizon_months months"`
	ResultMinor  int64         `json:"result_minor" doc:"revenue minus costs over horizon_months months"`
	Months       []MonthResult `json:"months"`
}

// FiguresOf projects bc for a partner's eyes.
func FiguresOf(bc BusinessCase) Figures {
	points := Project(bc, Horizon)
	f := Figures{Currency: bc.Currency, InvestmentMinor: bc.InvestmentMinor, MonthlyCostMinor: bc.MonthlyCostMinor,
		MonthsToFirstDeal: bc.MonthsToFirstDeal, DealsPerMonthTenths: bc.DealsPerMonthTenths,
		MarginPerDealMinor: bc.MarginPerDealMinor, RampUpMonths: bc.RampUpMonths, HorizonMonths: Horizon, Months: points}
	if m, ok := breakEvenOf(points); ok {
		f.BreakEvenMonth, f.BreaksEven = &m, true
	}
	for _, p := range points {
		f.RevenueMinor += p.RevenueMinor
		f.CostMinor += p.CostMinor
	}
	f.ResultMinor = f.RevenueMinor - f.CostMinor
	return f
}

// Month returns the break-even month, 0 when there is none.
func (f Figures) Month() int {
	if f.BreakEvenMonth == nil {
		return 0
	}
	return *f.BreakEvenMonth
}

// Assumption names an input of a business case a partner may adjust, by
// its JSON name.
type Assumption string

// The assumptions of a business case, in the order the pages list them.
const (
	AssumeInvestment    Assumption = "investment_minor"
	AssumeMonthlyCost   Assumption = "monthly_cost_minor"
	AssumeFirstDeal     Assumption = "months_to_first_deal"
	AssumeDealsPerMonth Assumption = "deals_per_month_tenths"
	AssumeMargin        Assumption = "margin_per_deal_minor"
	AssumeRampUp        Assumption = "ramp_up_months"
)

// Assumptions lists every assumption in page order.
var Assumptions = []Assumption{AssumeInvestment, AssumeMonthlyCost, AssumeFirstDeal, AssumeDealsPerMonth, AssumeMargin, AssumeRampUp}

// value returns the assumption a of bc as a number (minor units, months or
// tenths of deals).
func (a Assumption) value(bc BusinessCase) int64 {
	switch a {
	case AssumeInvestment:
		return bc.InvestmentMinor
	case AssumeMonthlyCost:
		return bc.MonthlyCostMinor
	case AssumeFirstDeal:
		return int64(bc.MonthsToFirstDeal)
	case AssumeDealsPerMonth:
		return int64(bc.DealsPerMonthTenths)
	case AssumeMargin:
		return bc.MarginPerDealMinor
	case AssumeRampUp:
		return int64(bc.RampUpMonths)
	}
	return 0
}

// Differences returns the assumptions in which copy differs from the
// manager's version, in page order; a copy in another currency differs
// in every amount, as its amounts are not comparable.
func Differences(manager, copy BusinessCase) []Assumption {
	var out []Assumption
	for _, a := range Assumptions {
		money := a == AssumeInvestment || a == AssumeMonthlyCost || a == AssumeMargin
		if a.value(manager) != a.value(copy) || (money && manager.Currency != copy.Currency) {
			out = append(out, a)
		}
	}
	return out
}

// AsCopy returns the partner's adjusted assumptions as its copy of the
// manager's case m: m's currency, no note.
func AsCopy(m BusinessCase, adjusted BusinessCase) BusinessCase {
	adjusted.OrgID, adjusted.Currency, adjusted.Note = m.OrgID, m.Currency, ""
	return adjusted
}
