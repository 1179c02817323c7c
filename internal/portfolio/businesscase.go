package portfolio

import (
	"slices"
	"strconv"
	"strings"

	"pakt/internal/apperr"
	"pakt/internal/i18n"
)

// Horizon is how many months a business case is projected for.
const Horizon = 36

// BreakEvenTargetMonths is the break-even the programme aims for: a case
// that needs longer is flagged.
const BreakEvenTargetMonths = 12

// The bounds of a business case's inputs.
const (
	// MaxAmountMajor bounds every amount (investment, monthly costs, margin
	// per deal) in major units of the currency: one billion.
	MaxAmountMajor = 1_000_000_000
	// MaxDealsPerMonthTenths is 10,000 deals a month.
	MaxDealsPerMonthTenths = 100_000
	// MaxBusinessCaseNote is the longest note in characters.
	MaxBusinessCaseNote = 2000
)

// DefaultCurrency is the currency of a business case that names none.
const DefaultCurrency = "EUR"

// MonthResult is one month of a projected business case: the deals closed
// (in tenths, rounded for display), the revenue they bring, the costs, and
// the cumulative result up to and including the month.
type MonthResult struct {
	Month           int   `json:"month"`
	DealsTenths     int   `json:"deals_tenths"`
	RevenueMinor    int64 `json:"revenue_minor"`
	CostMinor       int64 `json:"cost_minor"`
	CumulativeMinor int64 `json:"cumulative_minor"`
}

// Project computes months 1 to months of a business case.
//
// Costs are the one-time investment in month 1 plus the monthly costs in
// every month. There are no deals before month MonthsToFirstDeal (1 means
// the first month already brings deals); from then on the deal rate ramps up
// linearly over RampUpMonths months to DealsPerMonthTenths: with a ramp-up
// of 3 the first three deal months reach 1/3, 2/3 and 3/3 of the rate, and a
// ramp-up of 0 or 1 starts at the full rate. The revenue of a month is its
// deals times the margin per deal, computed exactly and rounded half away
// from zero to a minor unit once per month, so that fractions of deals do
// not add up to rounding errors. The inputs are expected to be valid (see
// Validate), which keeps every product far below the int64 limit.
func Project(bc BusinessCase, months int) []MonthResult {
	out := make([]MonthResult, 0, max(months, 0))
	var cumulative int64
	for m := 1; m <= months; m++ {
		r := MonthResult{Month: m, CostMinor: bc.MonthlyCostMinor}
		if m == 1 {
			r.CostMinor += bc.InvestmentMinor
		}
		// The month's share of the full deal rate is num/den.
		num, den := rampShare(bc, m)
		deals := int64(bc.DealsPerMonthTenths) * num
		r.DealsTenths = int(divRoundHalfAway(deals, den))
		// Deals are in tenths, so revenue = deals × margin / (10 × den).
		r.RevenueMinor = divRoundHalfAway(deals*bc.MarginPerDealMinor, 10*den)
		cumulative += r.RevenueMinor - r.CostMinor
		r.CumulativeMinor = cumulative
		out = append(out, r)
	}
	return out
}

// rampShare returns the share num/den of the full deal rate reached in month
// m.
func rampShare(bc BusinessCase, m int) (num, den int64) {
	k := m - bc.MonthsToFirstDeal + 1 // the month's number among the deal months
	switch {
	case k < 1:
		return 0, 1
	case bc.RampUpMonths <= 1 || k >= bc.RampUpMonths:
		return 1, 1
	}
	return int64(k), int64(bc.RampUpMonths)
}

// divRoundHalfAway divides n by d (d > 0), rounding half away from zero.
func divRoundHalfAway(n, d int64) int64 {
	if n < 0 {
		return -((-n + d/2) / d)
	}
	return (n + d/2) / d
}

// BreakEven returns the month in which the case breaks even within
// Horizon: the first month whose cumulative result is zero or better once
// the case has earned anything. ok is false when it does not break even
// within Horizon months; a case that earns nothing never breaks even, even
// when it costs nothing.
func BreakEven(bc BusinessCase) (month int, ok bool) {
	return breakEvenOf(Project(bc, Horizon))
}

func breakEvenOf(points []MonthResult) (int, bool) {
	var earned int64
	for _, p := range points {
		earned += p.RevenueMinor
		if earned > 0 && p.CumulativeMinor >= 0 {
			return p.Month, true
		}
	}
	return 0, false
}

// SuggestedScore maps a business case to the 0 to 5 scale of the CAN
// criterion "business case" (BusinessCaseSlug) by its break-even month, as
// BreakEvenLevels define; a case that never breaks even within Horizon
// gets the lowest level. It is a suggestion: the assessor decides whether
// to accept it.
func SuggestedScore(bc BusinessCase) int {
	m, ok := BreakEven(bc)
	return scoreForBreakEven(m, ok)
}

// BusinessCaseEvaluation is what pakt concludes from a business case: its
// break-even, whether that meets the 12-month target, the suggested score
// for the CAN criterion and the month-by-month projection over Horizon
// months.
type BusinessCaseEvaluation struct {
	// BreakEvenMonth is nil (and absent from JSON) when the case does not
	// break even within HorizonMonths.
	BreakEvenMonth *int `json:"break_even_month,omitempty" doc:"the month in which the cumulative result reaches zero; absent when the case does not break even within horizon_months"`
	BreaksEven     bool `json:"breaks_even"`
	// Within12Months (commercially attractive) is false for a case that
	// needs longer than BreakEvenTargetMonths to break even, or never does:
	// such a case is flagged.
	Within12Months bool          `json:"within_12_months"`
	SuggestedScore int           `json:"suggested_score"`
	HorizonMonths  int           `json:"horizon_months"`
	Months         []MonthResult `json:"months"`
}

// Month returns the break-even month, 0 when there is none.
func (e BusinessCaseEvaluation) Month() int {
	if e.BreakEvenMonth == nil {
		return 0
	}
	return *e.BreakEvenMonth
}

// EvaluateBusinessCase projects bc over Horizon months and draws the
// conclusions.
func EvaluateBusinessCase(bc BusinessCase) BusinessCaseEvaluation {
	points := Project(bc, Horizon)
	m, ok := breakEvenOf(points)
	e := BusinessCaseEvaluation{BreaksEven: ok, Within12Months: ok && m <= BreakEvenTargetMonths,
		SuggestedScore: scoreForBreakEven(m, ok), HorizonMonths: Horizon, Months: points}
	if ok {
		e.BreakEvenMonth = &m
	}
	return e
}

// MaxAmountMinor is the largest amount in minor units of the currency.
func MaxAmountMinor(code string) int64 {
	n := int64(MaxAmountMajor)
	for range i18n.CurrencyScale(code) {
		n *= 10
	}
	return n
}

// Normalise cleans the free-form inputs of a business case: the currency is
// trimmed and upper-cased (EUR when empty), the note cleaned as free text
// (apperr.Paragraphs).
func (bc *BusinessCase) Normalise() {
	bc.Currency = strings.ToUpper(strings.TrimSpace(bc.Currency))
	if bc.Currency == "" {
		bc.Currency = DefaultCurrency
	}
	bc.Note, _ = apperr.CleanText(apperr.Paragraphs, bc.Note)
}

// Validate checks the inputs of a business case and names each faulty field
// by its JSON name.
func (bc BusinessCase) Validate() error {
	var v apperr.Validation
	if !i18n.ValidCurrency(bc.Currency) {
		v.Add("currency", "validation.currency")
	}
	maxAmount := MaxAmountMinor(bc.Currency)
	for _, a := range []struct {
		field string
		value int64
	}{{"investment_minor", bc.InvestmentMinor}, {"monthly_cost_minor", bc.MonthlyCostMinor}, {"margin_per_deal_minor", bc.MarginPerDealMinor}} {
		if a.value < 0 || a.value > maxAmount {
			v.Add(a.field, "validation.amount", MaxAmountMajor)
		}
	}
	// A case without costs has nothing to earn back, and one without deals
	// or margin earns nothing: neither is a business case.
	if bc.InvestmentMinor == 0 && bc.MonthlyCostMinor == 0 {
		v.Add("investment_minor", "businesscase.no_costs")
		v.Add("monthly_cost_minor", "businesscase.no_costs")
	}
	if bc.MarginPerDealMinor == 0 {
		v.Add("margin_per_deal_minor", "validation.positive")
	}
	if bc.MonthsToFirstDeal < 1 || bc.MonthsToFirstDeal > Horizon {
		v.Add("months_to_first_deal", "validation.range", 1, Horizon)
	}
	if bc.RampUpMonths < 0 || bc.RampUpMonths > Horizon {
		v.Add("ramp_up_months", "validation.range", 0, Horizon)
	}
	if bc.DealsPerMonthTenths < 0 || bc.DealsPerMonthTenths > MaxDealsPerMonthTenths {
		v.Add("deals_per_month_tenths", "validation.deals_per_month", MaxDealsPerMonthTenths/10)
	} else if bc.DealsPerMonthTenths == 0 {
		v.Add("deals_per_month_tenths", "validation.positive")
	}
	note := bc.Note
	v.Text(&note, apperr.Paragraphs, "note", MaxBusinessCaseNote, false)
	return v.Err()
}

// CurveCoord is a coordinate in an SVG viewBox; it prints with one decimal.
type CurveCoord float64

// String formats c for an SVG attribute.
func (c CurveCoord) String() string { return strconv.FormatFloat(float64(c), 'f', 1, 64) }

// CurveMonthTick is a labelled month on the x axis of a curve.
type CurveMonthTick struct {
	X     CurveCoord
	Month int
}

// CurveValueTick is a labelled value on the y axis of a curve, in minor units.
type CurveValueTick struct {
	Y     CurveCoord
	Minor int64
}

// CurveSVG is what a page needs to draw the cumulative result of a business
// case as hand-written SVG: everything is already scaled into the viewBox
// 0 0 Width Height, the plot itself into Left…Right × Top…Bottom.
type CurveSVG struct {
	Width, Height            int
	Left, Right, Top, Bottom CurveCoord
	// Points is the polyline of the cumulative result, "x,y x,y …".
	Points string
	// ZeroY is where the zero line runs.
	ZeroY CurveCoord
	// HasMarker reports whether the case breaks even (see BreakEven); the
	// marker then sits on the zero line where the curve crosses it, in
	// MarkerMonth.
	HasMarker        bool
	MarkerX, MarkerY CurveCoord
	MarkerMonth      int
	// HasTarget reports whether the curve reaches month BreakEvenTargetMonths,
	// drawn as a vertical line at TargetX.
	HasTarget  bool
	TargetX    CurveCoord
	MonthTicks []CurveMonthTick
	ValueTicks []CurveValueTick
	// ValueLabelX is where the labels of the value ticks end (right
	// aligned); MonthLabelY is the baseline of the month labels.
	ValueLabelX, MonthLabelY CurveCoord
}

// The margins of the plot inside the viewBox, for the axis labels.
const (
	curveLeft   = 84
	curveRight  = 12
	curveTop    = 12
	curveBottom = 26
)

// Curve scales the cumulative results of points into a width × height
// viewBox: months run left to right, the value axis always includes zero
// and is widened to round tick values (about four steps of 1, 2 or 5 × 10ⁿ
// minor units). Month ticks are every 6 months.
func Curve(points []MonthResult, width, height int) CurveSVG {
	c := CurveSVG{Width: width, Height: height, Left: curveLeft, Right: CurveCoord(width - curveRight),
		Top: curveTop, Bottom: CurveCoord(height - curveBottom), ValueLabelX: curveLeft - 6, MonthLabelY: CurveCoord(height - 6)}
	if c.Right <= c.Left {
		c.Right = c.Left + 1
	}
	if c.Bottom <= c.Top {
		c.Bottom = c.Top + 1
	}
	var lo, hi int64
	for _, p := range points {
		lo, hi = min(lo, p.CumulativeMinor), max(hi, p.CumulativeMinor)
	}
	step := curveNiceStep((hi - lo) / 4)
	lo, hi = curveFloor(lo, step), curveCeil(hi, step)
	if lo == hi {
		hi = lo + step
	}
	y := func(v int64) CurveCoord {
		return c.Top + CurveCoord(float64(hi-v)/float64(hi-lo))*(c.Bottom-c.Top)
	}
	n := len(points)
	x := func(i int) CurveCoord { // i is the index into points
		if n <= 1 {
			return (c.Left + c.Right) / 2
		}
		return c.Left + CurveCoord(float64(i)/float64(n-1))*(c.Right-c.Left)
	}
	var b strings.Builder
	for i, p := range points {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(x(i).String() + "," + y(p.CumulativeMinor).String())
	}
	c.Points = b.String()
	c.ZeroY = y(0)
	if month, ok := breakEvenOf(points); ok {
		i := slices.IndexFunc(points, func(p MonthResult) bool { return p.Month == month })
		p := points[i]
		c.HasMarker, c.MarkerY, c.MarkerMonth = true, c.ZeroY, p.Month
		c.MarkerX = x(i)
		if prev := points[max(i-1, 0)].CumulativeMinor; i > 0 && prev < 0 {
			// The curve crosses zero between the previous month and this one.
			t := float64(-prev) / float64(p.CumulativeMinor-prev)
			c.MarkerX = x(i-1) + CurveCoord(t)*(x(i)-x(i-1))
		}
	}
	for i, p := range points {
		if p.Month%6 == 0 {
			c.MonthTicks = append(c.MonthTicks, CurveMonthTick{X: x(i), Month: p.Month})
		}
		if p.Month == BreakEvenTargetMonths {
			c.HasTarget, c.TargetX = true, x(i)
		}
	}
	for v := lo; v <= hi; v += step {
		c.ValueTicks = append(c.ValueTicks, CurveValueTick{Y: y(v), Minor: v})
	}
	return c
}

// curveNiceStep returns the smallest of 1, 2 or 5 × 10ⁿ that is at least raw.
func curveNiceStep(raw int64) int64 {
	if raw <= 1 {
		return 1
	}
	p := int64(1)
	for p*10 < raw {
		p *= 10
	}
	for _, f := range []int64{1, 2, 5, 10} {
		if p*f >= raw {
			return p * f
		}
	}
	return p * 10
}

func curveFloor(v, step int64) int64 {
	if r := v % step; r != 0 {
		if v < 0 {
			return v - r - step
		}
		return v - r
	}
	return v
}

func curveCeil(v, step int64) int64 {
	if r := v % step; r != 0 {
		if v > 0 {
			return v - r + step
		}
		return v - r
	}
	return v
}
