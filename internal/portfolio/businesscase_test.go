package portfolio

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
)

// bcase builds a valid EUR business case; amounts in cents.
func bcase(investment, monthly int64, firstDeal, dealsTenths int, margin int64, rampUp int) BusinessCase {
	return BusinessCase{Currency: "EUR", InvestmentMinor: investment, MonthlyCostMinor: monthly, MonthsToFirstDeal: firstDeal,
		DealsPerMonthTenths: dealsTenths, MarginPerDealMinor: margin, RampUpMonths: rampUp}
}

func TestBreakEvenAndSuggestedScore(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		bc        BusinessCase
		month     int
		ok        bool
		score     int
		within12  bool
		cumulated map[int]int64 // month → cumulative result to check
	}{
		{name: "never: margin 0", bc: bcase(10000, 100, 1, 10, 0, 0), score: 0,
			cumulated: map[int]int64{1: -10100, 36: -13600}},
		{name: "never: no deals", bc: bcase(10000, 100, 1, 0, 5000, 0), score: 0},
		{name: "never: costs eat the margin", bc: bcase(0, 1000, 1, 10, 999, 0), score: 0},
		{name: "exactly month 12", bc: bcase(12000, 0, 1, 10, 1000, 0), month: 12, ok: true, score: 3, within12: true,
			cumulated: map[int]int64{11: -1000, 12: 0}},
		{name: "month 13 is flagged", bc: bcase(12001, 0, 1, 10, 1000, 0), month: 13, ok: true, score: 2,
			cumulated: map[int]int64{12: -1, 13: 999}},
		{name: "first deal in month 1, no ramp-up", bc: bcase(5000, 1000, 1, 20, 1500, 0), month: 3, ok: true, score: 5, within12: true,
			cumulated: map[int]int64{1: -3000, 2: -1000, 3: 1000}},
		{name: "ramp-up 1 is the full rate at once", bc: bcase(5000, 1000, 1, 20, 1500, 1), month: 3, ok: true, score: 5, within12: true},
		{name: "zero investment breaks even in month 1", bc: bcase(0, 1000, 1, 10, 1000, 0), month: 1, ok: true, score: 5, within12: true,
			cumulated: map[int]int64{1: 0}},
		{name: "zero investment, first deal later", bc: bcase(0, 1000, 4, 10, 4000, 0), month: 4, ok: true, score: 5, within12: true,
			cumulated: map[int]int64{3: -3000, 4: 0, 5: 3000}},
		{name: "linear ramp-up", bc: bcase(0, 500, 1, 360, 100, 36), month: 9, ok: true, score: 4, within12: true,
			cumulated: map[int]int64{8: 100*36 - 4000, 9: 100*45 - 4500}},
		{name: "ramp-up longer than the horizon", bc: bcase(100000, 0, 10, 360, 100, 36), score: 0},
		{name: "break-even in month 18", bc: bcase(18000, 0, 1, 10, 1000, 0), month: 18, ok: true, score: 2},
		{name: "break-even in month 19", bc: bcase(19000, 0, 1, 10, 1000, 0), month: 19, ok: true, score: 1},
		{name: "break-even in month 24", bc: bcase(24000, 0, 1, 10, 1000, 0), month: 24, ok: true, score: 1},
		{name: "break-even in month 25", bc: bcase(25000, 0, 1, 10, 1000, 0), month: 25, ok: true, score: 0},
		{name: "break-even in month 36", bc: bcase(36000, 0, 1, 10, 1000, 0), month: 36, ok: true, score: 0},
		{name: "month 37 is never", bc: bcase(36001, 0, 1, 10, 1000, 0), score: 0},
		{name: "break-even in month 6", bc: bcase(6000, 0, 1, 10, 1000, 0), month: 6, ok: true, score: 5, within12: true},
		{name: "break-even in month 7", bc: bcase(7000, 0, 1, 10, 1000, 0), month: 7, ok: true, score: 4, within12: true},
		{name: "break-even in month 10", bc: bcase(10000, 0, 1, 10, 1000, 0), month: 10, ok: true, score: 3, within12: true},
		// An empty case (as older versions saved) earns nothing: it never
		// breaks even, is not attractive and suggests the lowest level.
		{name: "all zero never breaks even", bc: bcase(0, 0, 1, 0, 0, 0), score: 0, cumulated: map[int]int64{1: 0, 36: 0}},
		{name: "no costs breaks even with the first deal", bc: bcase(0, 0, 3, 10, 1000, 0), month: 3, ok: true, score: 5, within12: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			month, ok := BreakEven(tc.bc)
			if month != tc.month || ok != tc.ok {
				t.Errorf("BreakEven: got %d, %v, want %d, %v", month, ok, tc.month, tc.ok)
			}
			if got := SuggestedScore(tc.bc); got != tc.score {
				t.Errorf("SuggestedScore: got %d, want %d", got, tc.score)
			}
			e := EvaluateBusinessCase(tc.bc)
			if e.Month() != tc.month || (e.BreakEvenMonth != nil) != tc.ok || e.BreaksEven != tc.ok || e.Within12Months != tc.within12 || e.SuggestedScore != tc.score {
				t.Errorf("EvaluateBusinessCase: got month %d, breaks even %v, within 12 %v, score %d; want %d, %v, %v, %d",
					e.Month(), e.BreaksEven, e.Within12Months, e.SuggestedScore, tc.month, tc.ok, tc.within12, tc.score)
			}
			if len(e.Months) != Horizon {
				t.Fatalf("EvaluateBusinessCase: got %d months, want %d", len(e.Months), Horizon)
			}
			for m, want := range tc.cumulated {
				if got := e.Months[m-1].CumulativeMinor; got != want {
					t.Errorf("cumulative result of month %d: got %d, want %d", m, got, want)
				}
			}
		})
	}
}

func TestProject(t *testing.T) {
	t.Parallel()
	t.Run("costs and the first deal", func(t *testing.T) {
		got := Project(bcase(50000, 1000, 3, 20, 700, 0), 4)
		want := []MonthResult{
			{Month: 1, DealsTenths: 0, RevenueMinor: 0, CostMinor: 51000, CumulativeMinor: -51000},
			{Month: 2, DealsTenths: 0, RevenueMinor: 0, CostMinor: 1000, CumulativeMinor: -52000},
			{Month: 3, DealsTenths: 20, RevenueMinor: 1400, CostMinor: 1000, CumulativeMinor: -51600},
			{Month: 4, DealsTenths: 20, RevenueMinor: 1400, CostMinor: 1000, CumulativeMinor: -51200},
		}
		if !slices.Equal(got, want) {
			t.Errorf("got %+v\nwant %+v", got, want)
		}
	})
	t.Run("ramp-up over three months", func(t *testing.T) {
		got := Project(bcase(0, 0, 2, 10, 100, 3), 5)
		deals := []int{0, 3, 7, 10, 10}         // 1/3 and 2/3 of one deal, rounded to tenths
		revenue := []int64{0, 33, 67, 100, 100} // 33.3 and 66.7 cents, rounded once per month
		for i, m := range got {
			if m.DealsTenths != deals[i] || m.RevenueMinor != revenue[i] {
				t.Errorf("month %d: got %d tenths, %d cents; want %d, %d", m.Month, m.DealsTenths, m.RevenueMinor, deals[i], revenue[i])
			}
		}
	})
	t.Run("tenths of deals round half away from zero", func(t *testing.T) {
		// Half a deal at 3.33 € is 1.665 €, paid as 1.67 €.
		if got := Project(bcase(0, 0, 1, 5, 333, 0), 1)[0].RevenueMinor; got != 167 {
			t.Errorf("0.5 deals × 333 cents: got %d cents, want 167", got)
		}
		// A third of 1.5 deals is exactly 0.5 deals: 0.5 × 1.01 € = 0.505 €.
		if got := Project(bcase(0, 0, 1, 15, 101, 3), 1)[0].RevenueMinor; got != 51 {
			t.Errorf("1/3 of 1.5 deals × 101 cents: got %d cents, want 51", got)
		}
		// 0.1 deals at 0.04 € is 0.004 €: rounds to nothing.
		if got := Project(bcase(0, 0, 1, 1, 4, 0), 1)[0].RevenueMinor; got != 0 {
			t.Errorf("0.1 deals × 4 cents: got %d cents, want 0", got)
		}
		if got := divRoundHalfAway(-5, 2); got != -3 {
			t.Errorf("divRoundHalfAway(-5, 2): got %d, want -3", got)
		}
	})
	t.Run("ramp-up longer than the horizon never reaches the full rate", func(t *testing.T) {
		got := Project(bcase(0, 0, 10, 360, 100, 36), Horizon)
		if got[8].DealsTenths != 0 || got[9].DealsTenths != 10 {
			t.Errorf("months 9 and 10: got %d and %d tenths, want 0 and 10", got[8].DealsTenths, got[9].DealsTenths)
		}
		if last := got[Horizon-1]; last.DealsTenths != 270 {
			t.Errorf("month 36 (27th of 36 ramp-up months): got %d tenths, want 270", last.DealsTenths)
		}
	})
	t.Run("the largest valid case does not overflow", func(t *testing.T) {
		huge := MaxAmountMinor("KWD")
		bc := BusinessCase{Currency: "KWD", InvestmentMinor: huge, MonthlyCostMinor: huge, MonthsToFirstDeal: 1,
			DealsPerMonthTenths: MaxDealsPerMonthTenths, MarginPerDealMinor: huge, RampUpMonths: 36}
		if err := bc.Validate(); err != nil {
			t.Fatal(err)
		}
		last := Project(bc, Horizon)[Horizon-1]
		if last.RevenueMinor != huge*MaxDealsPerMonthTenths/10 || last.CumulativeMinor <= 0 {
			t.Errorf("month 36: got revenue %d, cumulative %d", last.RevenueMinor, last.CumulativeMinor)
		}
	})
	if got := Project(bcase(1, 1, 1, 1, 1, 0), 0); len(got) != 0 {
		t.Errorf("zero months: got %d results", len(got))
	}
}

func bcFieldsOf(err error) []string {
	e, ok := apperr.As(err)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field)
	}
	slices.Sort(out)
	return out
}

func TestBusinessCaseValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(bc *BusinessCase)
		fields []string
	}{
		{"valid", func(*BusinessCase) {}, nil},
		{"no investment", func(bc *BusinessCase) { bc.InvestmentMinor, bc.RampUpMonths = 0, 0 }, nil},
		{"no running costs", func(bc *BusinessCase) { bc.MonthlyCostMinor = 0 }, nil},
		{"no costs at all", func(bc *BusinessCase) { bc.InvestmentMinor, bc.MonthlyCostMinor = 0, 0 },
			[]string{"investment_minor", "monthly_cost_minor"}},
		{"no deals", func(bc *BusinessCase) { bc.DealsPerMonthTenths = 0 }, []string{"deals_per_month_tenths"}},
		{"no margin", func(bc *BusinessCase) { bc.MarginPerDealMinor = 0 }, []string{"margin_per_deal_minor"}},
		{"all zero", func(bc *BusinessCase) {
			bc.InvestmentMinor, bc.MonthlyCostMinor, bc.MarginPerDealMinor, bc.DealsPerMonthTenths, bc.RampUpMonths = 0, 0, 0, 0, 0
		}, []string{"deals_per_month_tenths", "investment_minor", "margin_per_deal_minor", "monthly_cost_minor"}},
		{"the upper bounds", func(bc *BusinessCase) {
			bc.InvestmentMinor, bc.MonthsToFirstDeal, bc.RampUpMonths, bc.DealsPerMonthTenths = MaxAmountMinor("EUR"), 36, 36, 100000
		}, nil},
		{"lower-case currency", func(bc *BusinessCase) { bc.Currency = "eur" }, []string{"currency"}},
		{"unknown currency", func(bc *BusinessCase) { bc.Currency = "ABC" }, []string{"currency"}},
		{"no currency", func(bc *BusinessCase) { bc.Currency = "XXX" }, []string{"currency"}},
		{"negative amounts", func(bc *BusinessCase) { bc.InvestmentMinor, bc.MonthlyCostMinor, bc.MarginPerDealMinor = -1, -1, -1 },
			[]string{"investment_minor", "margin_per_deal_minor", "monthly_cost_minor"}},
		{"too much money", func(bc *BusinessCase) { bc.InvestmentMinor = MaxAmountMinor("EUR") + 1 }, []string{"investment_minor"}},
		{"yen have no cents", func(bc *BusinessCase) { bc.Currency, bc.InvestmentMinor = "JPY", 1_000_000_001 }, []string{"investment_minor"}},
		{"first deal in month 0", func(bc *BusinessCase) { bc.MonthsToFirstDeal = 0 }, []string{"months_to_first_deal"}},
		{"first deal in month 37", func(bc *BusinessCase) { bc.MonthsToFirstDeal = 37 }, []string{"months_to_first_deal"}},
		{"negative ramp-up", func(bc *BusinessCase) { bc.RampUpMonths = -1 }, []string{"ramp_up_months"}},
		{"ramp-up of 37", func(bc *BusinessCase) { bc.RampUpMonths = 37 }, []string{"ramp_up_months"}},
		{"negative deals", func(bc *BusinessCase) { bc.DealsPerMonthTenths = -1 }, []string{"deals_per_month_tenths"}},
		{"too many deals", func(bc *BusinessCase) { bc.DealsPerMonthTenths = 100001 }, []string{"deals_per_month_tenths"}},
		{"long note", func(bc *BusinessCase) { bc.Note = strings.Repeat("ä", MaxBusinessCaseNote+1) }, []string{"note"}},
		{"a note at the limit", func(bc *BusinessCase) { bc.Note = strings.Repeat("ä", MaxBusinessCaseNote) }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bc := bcase(1000000, 50000, 3, 15, 200000, 4)
			tc.change(&bc)
			err := bc.Validate()
			if got := bcFieldsOf(err); !slices.Equal(got, tc.fields) {
				t.Errorf("got %v (%v), want errors on %v", got, err, tc.fields)
			}
			if err != nil && apperr.CodeOf(err) != apperr.Invalid {
				t.Errorf("got code %s, want invalid", apperr.CodeOf(err))
			}
		})
	}
	bc := BusinessCase{Currency: "  chf ", Note: " x "}
	bc.Normalise()
	if bc.Currency != "CHF" || bc.Note != "x" {
		t.Errorf("Normalise: got %q, %q", bc.Currency, bc.Note)
	}
	bc = BusinessCase{}
	bc.Normalise()
	if bc.Currency != "EUR" {
		t.Errorf("Normalise of no currency: got %q, want EUR", bc.Currency)
	}
}

// bcPolyline parses the points of a curve.
func bcPolyline(t *testing.T, s string) [][2]float64 {
	t.Helper()
	var out [][2]float64
	for _, p := range strings.Fields(s) {
		xs, ys, ok := strings.Cut(p, ",")
		x, err1 := strconv.ParseFloat(xs, 64)
		y, err2 := strconv.ParseFloat(ys, 64)
		if !ok || err1 != nil || err2 != nil {
			t.Fatalf("bad point %q in %q", p, s)
		}
		out = append(out, [2]float64{x, y})
	}
	return out
}

func TestCurve(t *testing.T) {
	t.Parallel()
	const w, h = 720, 300
	inside := func(t *testing.T, c CurveSVG, what string, x, y float64) {
		t.Helper()
		if x < float64(c.Left)-0.05 || x > float64(c.Right)+0.05 || y < float64(c.Top)-0.05 || y > float64(c.Bottom)+0.05 {
			t.Errorf("%s (%.1f, %.1f) lies outside the plot %v…%v × %v…%v", what, x, y, c.Left, c.Right, c.Top, c.Bottom)
		}
		if x < 0 || x > w || y < 0 || y > h {
			t.Errorf("%s (%.1f, %.1f) lies outside the viewBox", what, x, y)
		}
	}
	cases := map[string]BusinessCase{
		"breaks even in month 13": bcase(12001, 0, 1, 10, 1000, 0),
		"month 1":                 bcase(0, 1000, 1, 10, 5000, 0),
		"ramp-up":                 bcase(2_500_000, 150_000, 4, 25, 180_000, 6),
		"never":                   bcase(10000, 100, 1, 10, 0, 0),
		"all zero":                bcase(0, 0, 1, 0, 0, 0),
	}
	for name, bc := range cases {
		t.Run(name, func(t *testing.T) {
			e := EvaluateBusinessCase(bc)
			c := Curve(e.Months, w, h)
			if c.Width != w || c.Height != h {
				t.Errorf("viewBox: got %d × %d", c.Width, c.Height)
			}
			pts := bcPolyline(t, c.Points)
			if len(pts) != Horizon {
				t.Fatalf("got %d points, want %d", len(pts), Horizon)
			}
			for i, p := range pts {
				inside(t, c, "point of month "+strconv.Itoa(i+1), p[0], p[1])
				if i > 0 && p[0] <= pts[i-1][0] {
					t.Errorf("months do not run left to right at month %d", i+1)
				}
				// Below zero is drawn below the zero line (larger y), above
				// zero above it; a coordinate has one decimal.
				if cum := e.Months[i].CumulativeMinor; (cum < 0 && p[1] < float64(c.ZeroY)-0.05) || (cum > 0 && p[1] > float64(c.ZeroY)+0.05) {
					t.Errorf("month %d (%d) is drawn at y %.1f, the zero line at %v", i+1, cum, p[1], c.ZeroY)
				}
			}
			inside(t, c, "zero line", float64(c.Left), float64(c.ZeroY))
			if c.HasMarker != e.BreaksEven {
				t.Fatalf("marker shown %v, breaks even %v", c.HasMarker, e.BreaksEven)
			}
			if c.HasMarker {
				if c.MarkerY != c.ZeroY {
					t.Errorf("marker at y %v, zero line at %v", c.MarkerY, c.ZeroY)
				}
				if c.MarkerMonth != e.Month() {
					t.Errorf("marker month %d, break-even %d", c.MarkerMonth, e.Month())
				}
				inside(t, c, "marker", float64(c.MarkerX), float64(c.MarkerY))
				i := e.Month() - 1
				lo := pts[max(i-1, 0)][0]
				if x := float64(c.MarkerX); x < lo-0.05 || x > pts[i][0]+0.05 {
					t.Errorf("marker at x %.1f, not between months %d and %d (%.1f…%.1f)", x, max(i, 1), i+1, lo, pts[i][0])
				}
			}
			var months []int
			for _, m := range c.MonthTicks {
				months = append(months, m.Month)
				inside(t, c, "month tick", float64(m.X), float64(c.Bottom))
			}
			if !slices.Equal(months, []int{6, 12, 18, 24, 30, 36}) {
				t.Errorf("month ticks: got %v", months)
			}
			if !c.HasTarget || c.TargetX != c.MonthTicks[1].X {
				t.Errorf("the 12-month line: got %v at %v, want at %v", c.HasTarget, c.TargetX, c.MonthTicks[1].X)
			}
			if n := len(c.ValueTicks); n < 2 || n > 7 {
				t.Errorf("got %d value ticks, want a few", n)
			}
			zero := false
			for _, v := range c.ValueTicks {
				inside(t, c, "value tick", float64(c.Left), float64(v.Y))
				if v.Minor == 0 {
					zero = true
					if v.Y != c.ZeroY {
						t.Errorf("the 0 tick at %v, the zero line at %v", v.Y, c.ZeroY)
					}
				}
			}
			if !zero {
				t.Errorf("no value tick at 0: %+v", c.ValueTicks)
			}
		})
	}
	t.Run("the marker sits where the curve crosses zero", func(t *testing.T) {
		// Month 1: −1000, month 2: +1000: the crossing is half way.
		c := Curve([]MonthResult{{Month: 1, CostMinor: 1000, CumulativeMinor: -1000}, {Month: 2, RevenueMinor: 2000, CumulativeMinor: 1000}}, 200, 100)
		pts := bcPolyline(t, c.Points)
		if mid := (pts[0][0] + pts[1][0]) / 2; float64(c.MarkerX) != mid {
			t.Errorf("marker at x %v, want %v", c.MarkerX, mid)
		}
	})
	t.Run("no months", func(t *testing.T) {
		c := Curve(nil, 200, 100)
		if c.Points != "" || c.HasMarker || len(c.MonthTicks) != 0 {
			t.Errorf("got %+v", c)
		}
	})
}

func TestLocalDecimals(t *testing.T) {
	t.Parallel()
	parse := []struct {
		in    string
		lang  string
		scale int
		want  int64
		ok    bool
	}{
		{"12.500,00", "de", 2, 1250000, true},
		{"12.500,00", "en", 2, 1250000, true},
		{"12,500.00", "en", 2, 1250000, true},
		{"12,500.00", "de", 2, 1250000, true},
		{"12500", "de", 2, 1250000, true},
		{"12500,5", "de", 2, 1250050, true},
		{"12500.5", "de", 2, 1250050, true},
		{"12 500,00", "de", 2, 1250000, true},
		{"12\u00a0500", "de", 2, 1250000, true},
		{"12'500.00", "en", 2, 1250000, true},
		{"1.500", "de", 2, 150000, true},
		{"1.500", "en", 2, 150, true},
		{"1,500", "en", 2, 150000, true},
		{"1,500", "de", 2, 150, true},
		{"1.234.567", "en", 2, 123456700, true},
		{"1,234,567.89", "de", 2, 123456789, true},
		{",5", "de", 2, 50, true},
		{"0", "de", 2, 0, true},
		{"0,00", "de", 2, 0, true},
		{"-12,50", "de", 2, -1250, true},
		{"1,5", "de", 1, 15, true},
		{"1.5", "de", 1, 15, true},
		{"2", "en", 1, 20, true},
		{"1,50", "en", 1, 15, true},
		{"1,55", "de", 1, 0, false},
		{"12,345", "de", 2, 0, false},
		{"1.000", "de", 0, 1000, true},
		{"1.5", "en", 0, 0, false},
		{"12.50.00", "de", 2, 0, false},
		{"1.23,4", "de", 2, 0, false},
		{"12,5.00", "en", 2, 0, false},
		{"abc", "de", 2, 0, false},
		{"", "de", 2, 0, false},
		{"1e5", "en", 2, 0, false},
		{"+5", "en", 2, 0, false},
		{"9999999999999999", "en", 2, 0, false},
	}
	for _, tc := range parse {
		got, ok := parseLocalDecimal(tc.in, tc.lang, tc.scale)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseLocalDecimal(%q, %s, %d): got %d, %v, want %d, %v", tc.in, tc.lang, tc.scale, got, ok, tc.want, tc.ok)
		}
	}
	format := []struct {
		n     int64
		lang  string
		scale int
		want  string
	}{
		{1250000, "de", 2, "12.500,00"},
		{1250000, "en", 2, "12,500.00"},
		{5, "de", 2, "0,05"},
		{-123456789, "en", 2, "−1,234,567.89"},
		{15, "de", 1, "1,5"},
		{1000, "de", 0, "1.000"},
		{0, "en", 2, "0.00"},
		{100, "en", 0, "100"},
	}
	for _, tc := range format {
		got := formatLocalDecimal(tc.lang, tc.n, tc.scale)
		if got != tc.want {
			t.Errorf("formatLocalDecimal(%s, %d, %d): got %q, want %q", tc.lang, tc.n, tc.scale, got, tc.want)
		}
		if tc.n >= 0 {
			if back, ok := parseLocalDecimal(got, tc.lang, tc.scale); !ok || back != tc.n {
				t.Errorf("%q does not read back as %d: got %d, %v", got, tc.n, back, ok)
			}
		}
	}
}

var bcClock = func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) }

func TestBusinessCaseService(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		name := "Müller IT GmbH"
		org, err := partner.NewService(d, bcClock).Create(ctx, auth.System, partner.Input{LegalName: &name})
		if err != nil {
			t.Fatal(err)
		}
		s := NewBusinessCases(d, bcClock)
		manager := &auth.Actor{UserID: "u-manager", Role: auth.RoleManager, Email: "manager@example.com"}
		admin := &auth.Actor{UserID: "u-admin", Role: auth.RoleAdmin, Email: "admin@example.com"}
		outsiders := map[string]*auth.Actor{
			"partner admin of the organisation": {UserID: "u-pa", Role: auth.RolePartnerAdmin, OrgID: org.ID},
			"partner member":                    {UserID: "u-pm", Role: auth.RolePartnerMember, OrgID: org.ID},
			"recruiter":                         {UserID: "u-r", Role: auth.RoleRecruiter},
			"anonymous":                         nil,
		}

		if _, err := s.Get(ctx, manager, org.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("no case yet: got %v, want not found", err)
		}
		_, err = s.Save(ctx, manager, org.ID, bcase(100, 10, 0, 10, 10, 0))
		if got := bcFieldsOf(err); !slices.Equal(got, []string{"months_to_first_deal"}) {
			t.Fatalf("invalid case: got %v, want an error on months_to_first_deal", err)
		}
		if _, err := s.Get(ctx, manager, org.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("a refused case was saved: got %v", err)
		}

		in := bcase(1_200_000, 50_000, 2, 15, 120_000, 3)
		in.Currency, in.Note = " eur", "  Annahmen aus dem Erstgespräch "
		saved, err := s.Save(ctx, manager, org.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, admin, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := bcase(1_200_000, 50_000, 2, 15, 120_000, 3)
		want.OrgID, want.Note, want.UpdatedBy, want.UpdatedAt = org.ID, "Annahmen aus dem Erstgespräch", "manager@example.com", bcClock()
		if *got != want || *saved != want {
			t.Fatalf("read back:\n got %+v\nsaved %+v\n want %+v", *got, *saved, want)
		}

		for who, a := range outsiders {
			if _, err := s.Get(ctx, a, org.ID); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s reads the case: got %v, want not found", who, err)
			}
			if _, err := s.Save(ctx, a, org.ID, in); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s saves the case: got %v, want not found", who, err)
			}
		}
		const unknown = "01234567-89ab-7def-8123-456789abcdef"
		if _, err := s.Get(ctx, manager, unknown); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("case of an unknown organisation: got %v, want not found", err)
		}
		if _, err := s.Save(ctx, manager, unknown, in); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("saving for an unknown organisation: got %v, want not found", err)
		}

		changed := want
		changed.InvestmentMinor, changed.Currency = 900_000, "CHF"
		if _, err := s.Save(ctx, admin, org.ID, changed); err != nil {
			t.Fatal(err)
		}
		got, err = s.Get(ctx, manager, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.InvestmentMinor != 900_000 || got.Currency != "CHF" || got.UpdatedBy != "admin@example.com" {
			t.Errorf("after the update: got %+v", got)
		}

		entries, total, err := audit.List(ctx, d, audit.Filter{ObjectID: org.ID, ObjectType: "business_case"})
		if err != nil {
			t.Fatal(err)
		}
		if total != 2 {
			t.Fatalf("audit entries: got %d, want 2 (create, update): %+v", total, entries)
		}
		upd, cre := entries[0], entries[1]
		if cre.Action != "create" || cre.Before != "" || cre.ActorLabel != "manager@example.com" || cre.OrgID != org.ID {
			t.Errorf("create entry: got %+v", cre)
		}
		if upd.Action != "update" || upd.ActorID != "u-admin" {
			t.Errorf("update entry: got %+v", upd)
		}
		var before, after BusinessCase
		if err := json.Unmarshal([]byte(upd.Before), &before); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(upd.After), &after); err != nil {
			t.Fatal(err)
		}
		if before.InvestmentMinor != 1_200_000 || before.Currency != "EUR" || after.InvestmentMinor != 900_000 || after.Currency != "CHF" {
			t.Errorf("audit before/after: got %+v → %+v", before, after)
		}
		changes := map[string]bool{}
		for _, c := range upd.Changes() {
			changes[c.Field] = true
		}
		if !changes["investment_minor"] || !changes["currency"] || !changes["updated_by"] || changes["note"] {
			t.Errorf("audit changes: got %+v", upd.Changes())
		}
	})
}

// The assessment's suggestion (the hook portfolio.Handler.Suggest) follows
// the evaluation on both engines: a case that never breaks even suggests the
// lowest level, an empty case saved by an older version too, and a refused
// case leaves nothing to suggest.
func TestBusinessCaseSuggestion(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		orgs := partner.NewService(d, bcClock)
		mk := func(name string) string {
			o, err := orgs.Create(ctx, auth.System, partner.Input{LegalName: &name})
			if err != nil {
				t.Fatal(err)
			}
			return o.ID
		}
		s := NewBusinessCases(d, bcClock)
		manager := &auth.Actor{UserID: "u-manager", Role: auth.RoleManager, Email: "manager@example.com"}
		suggest := func(org string) (int, bool) {
			t.Helper()
			score, ok, err := s.Suggest(ctx, manager, org)
			if err != nil {
				t.Fatal(err)
			}
			return score, ok
		}

		empty := mk("Leer GmbH")
		_, err := s.Save(ctx, manager, empty, BusinessCase{})
		if got := bcFieldsOf(err); !slices.Equal(got, []string{"deals_per_month_tenths", "investment_minor", "margin_per_deal_minor", "monthly_cost_minor", "months_to_first_deal"}) {
			t.Errorf("an empty case: got errors on %v (%v)", got, err)
		}
		if _, ok := suggest(empty); ok {
			t.Error("a refused case suggests a score")
		}

		fast := mk("Schnell GmbH")
		if _, err := s.Save(ctx, manager, fast, bcase(600_000, 0, 1, 10, 100_000, 0)); err != nil {
			t.Fatal(err)
		}
		if score, ok := suggest(fast); !ok || score != 5 {
			t.Errorf("break-even in month 6: suggested %d, %v; want 5", score, ok)
		}
		sixteen := mk("Sechzehn GmbH")
		if _, err := s.Save(ctx, manager, sixteen, bcase(1_600_000, 0, 1, 10, 100_000, 0)); err != nil {
			t.Fatal(err)
		}
		if score, ok := suggest(sixteen); !ok || score != 2 || !strings.Contains(BreakEvenAnchor("en", score), "13–18") {
			t.Errorf("break-even in month 16: suggested %d (%q), %v; want 2, whose text names 13–18", score, BreakEvenAnchor("en", score), ok)
		}

		never := mk("Nie AG")
		if _, err := s.Save(ctx, manager, never, bcase(1_000_000, 100_000, 1, 10, 50_000, 0)); err != nil {
			t.Fatal(err)
		}
		if score, ok := suggest(never); !ok || score != 0 {
			t.Errorf("a case that never breaks even: suggested %d, %v; want 0", score, ok)
		}

		// An all-zero case an older version saved.
		legacy := mk("Alt GmbH")
		if err := upsertBusinessCase(ctx, d, &BusinessCase{OrgID: legacy, Currency: "EUR", MonthsToFirstDeal: 1, UpdatedAt: bcClock()}); err != nil {
			t.Fatal(err)
		}
		if score, ok := suggest(legacy); !ok || score != 0 {
			t.Errorf("an all-zero case: suggested %d, %v; want 0", score, ok)
		}
		bc, err := s.Get(ctx, manager, legacy)
		if err != nil {
			t.Fatal(err)
		}
		if e := EvaluateBusinessCase(*bc); e.BreaksEven || e.BreakEvenMonth != nil || e.Within12Months {
			t.Errorf("an all-zero case: got %+v, want no break-even and not attractive", e)
		}
	})
}
