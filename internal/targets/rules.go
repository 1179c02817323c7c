package targets

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"time"
)

// mulDiv returns a × b ÷ c rounded down for a, b ≥ 0 and c > 0, without
// overflowing on the way; a result beyond int64 is capped.
func mulDiv(a, b, c int64) int64 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi >= uint64(c) {
		return math.MaxInt64
	}
	q, _ := bits.Div64(hi, lo, uint64(c))
	return int64(min(q, math.MaxInt64))
}

// Percent returns part as a whole percentage of whole, rounded down, or
// nil when there is no whole. It may exceed 100.
func Percent(part, whole int64) *int {
	if whole <= 0 {
		return nil
	}
	p := int(min(mulDiv(max(part, 0), 100, whole), math.MaxInt32))
	return &p
}

// Days returns how many of the days of the period [from, to] have gone by
// on today, today counted: 0 before the period, total after it.
func Days(from, to, today time.Time) (elapsed, total int) {
	days := func(a, b time.Time) int { return int(b.Sub(a).Hours()/24+0.5) + 1 }
	total = days(from, to)
	switch {
	case today.Before(from):
		return 0, total
	case today.After(to):
		return total, total
	}
	return days(from, today), total
}

// AtRiskShare is the share of the target, in percent, that a forecast
// must reach for the outlook "at risk" rather than "off track".
const AtRiskShare = 80

// ForecastOf answers "will the target be reached this time?" for a period
// of total days of which elapsed have gone by, actual reached so far and
// open the open approved deals expected to close in the period, weighted
// by their stage (0 where there is no pipeline, as for recruitment).
//
// The rest of the period is estimated twice: by the pace so far (actual
// per elapsed day, times the days left) and by the weighted pipeline. Both
// estimate the same rest, so they are not added: the larger one counts
// (the basis says which). Before the period starts there is no pace, only
// the pipeline; once it ended, what was reached is the forecast. The
// outlook: reached once actual meets the target, on track when the
// forecast does, at risk when the forecast reaches AtRiskShare percent of
// it, off track below; no target, no outlook.
func ForecastOf(actual, open, target int64, elapsed, total int) Forecast {
	actual, open = max(actual, 0), max(open, 0)
	f := Forecast{Projected: actual, Basis: BasisEnded}
	if elapsed < total {
		pace := int64(0)
		if elapsed > 0 {
			pace = mulDiv(actual, int64(total-elapsed), int64(elapsed))
		}
		rest, basis := pace, BasisPace
		if open > pace {
			rest, basis = open, BasisPipeline
		}
		f.Projected, f.Basis = actual+min(rest, math.MaxInt64-actual), basis
	}
	switch {
	case target <= 0:
		f.Outlook = NoTarget
	case actual >= target:
		f.Outlook = Reached
	case f.Projected >= target:
		f.Outlook = OnTrack
	case mulDiv(f.Projected, 100, target) >= AtRiskShare:
		f.Outlook = AtRisk
	default:
		f.Outlook = OffTrack
	}
	return f
}

// figure makes a figure of a target, the partners' planned sum, what was
// reached and the weighted open deals.
func figure(target, planned, actual, open int64, elapsed, total int) Figure {
	return Figure{Target: target, Planned: planned, Actual: actual, Open: open,
		Attainment: Percent(actual, target), Coverage: Percent(planned, target), Forecast: ForecastOf(actual, open, target, elapsed, total)}
}

// Fill computes a line's figures in its Currency from its target (nil when
// none was set), the sums of the plans that belong to it and the prospects
// won. Plans in the line's currency are added up; those in other currencies
// are never converted: their planned revenue is listed in Other, by
// currency, and counted nowhere.
func Fill(l *Line, t *Target, sums []PlanSum, won int64, elapsed, total int) {
	var in PlanSum
	other := map[string]int64{}
	for _, s := range sums {
		if s.Currency != l.Currency {
			other[s.Currency] += s.TargetRevenueMinor
			continue
		}
		in.Plans += s.Plans
		in.TargetRevenueMinor += s.TargetRevenueMinor
		in.TargetDeals += s.TargetDeals
		in.TargetCertifications += s.TargetCertifications
		in.RevenueMinor += s.RevenueMinor
		in.Deals += s.Deals
		in.Certifications += s.Certifications
		in.OpenMinor += s.OpenMinor
	}
	var own Target
	if t != nil {
		own = *t
		l.HasTarget, l.UpdatedBy, l.UpdatedAt = true, t.UpdatedBy, t.UpdatedAt
	}
	l.Plans = in.Plans
	l.Revenue = figure(own.RevenueMinor, in.TargetRevenueMinor, in.RevenueMinor, in.OpenMinor, elapsed, total)
	l.Deals = figure(own.Deals, in.TargetDeals, in.Deals, 0, elapsed, total)
	l.Certifications = figure(own.Certifications, in.TargetCertifications, in.Certifications, 0, elapsed, total)
	l.Recruits = figure(own.Recruits, 0, won, 0, elapsed, total)
	l.Recruits.Coverage = nil // no plans of recruitment
	l.Other = l.Other[:0]
	for cur, minor := range other {
		l.Other = append(l.Other, Amount{Currency: cur, Minor: minor})
	}
	slices.SortFunc(l.Other, func(a, b Amount) int { return cmp.Compare(a.Currency, b.Currency) })
}
