package targets

import (
	"math"
	"reflect"
	"testing"
	"time"
)

func TestForecastOf(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name                 string
		actual, open, target int64
		elapsed, total       int
		projected            int64
		basis, outlook       string
	}{
		{"half the period, half the target: the pace reaches it", 50, 0, 100, 10, 20, 100, BasisPace, OnTrack},
		{"a quarter gone, a fifth reached: at risk", 20, 0, 100, 25, 100, 80, BasisPace, AtRisk},
		{"a slow pace saved by the pipeline", 10, 95, 100, 50, 100, 105, BasisPipeline, OnTrack},
		{"pace and pipeline are not added", 40, 50, 100, 50, 100, 90, BasisPipeline, AtRisk},
		{"far behind", 10, 0, 100, 50, 100, 20, BasisPace, OffTrack},
		{"reached before the end", 120, 0, 100, 30, 90, 360, BasisPace, Reached},
		{"before the period only the pipeline counts", 0, 70, 100, 0, 90, 70, BasisPipeline, OffTrack},
		{"ended short of the target: what was reached", 90, 500, 100, 31, 31, 90, BasisEnded, AtRisk},
		{"ended, met exactly", 100, 0, 100, 31, 31, 100, BasisEnded, Reached},
		{"no target, still a forecast", 30, 0, 0, 10, 30, 90, BasisPace, NoTarget},
		{"nothing reached yet on day one", 0, 0, 5, 1, 365, 0, BasisPace, OffTrack},
		{"huge amounts do not overflow", math.MaxInt64 / 2, 0, math.MaxInt64, 1, 365, math.MaxInt64, BasisPace, OnTrack},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := ForecastOf(c.actual, c.open, c.target, c.elapsed, c.total)
			want := Forecast{Projected: c.projected, Basis: c.basis, Outlook: c.outlook}
			if got != want {
				t.Errorf("ForecastOf(%d, %d, %d, %d, %d) = %+v, want %+v", c.actual, c.open, c.target, c.elapsed, c.total, got, want)
			}
		})
	}
}

func TestDays(t *testing.T) {
	t.Parallel()
	d := func(s string) time.Time { x, _ := time.Parse(time.DateOnly, s); return x }
	for _, c := range []struct {
		from, to, today string
		elapsed, total  int
	}{
		{"2027-01-01", "2027-12-31", "2027-01-01", 1, 365},
		{"2027-01-01", "2027-12-31", "2027-07-02", 183, 365},
		{"2028-01-01", "2028-12-31", "2028-12-31", 366, 366},
		{"2027-07-01", "2027-09-30", "2027-06-30", 0, 92},
		{"2027-07-01", "2027-09-30", "2027-10-01", 92, 92},
		{"2027-02-01", "2027-02-28", "2027-02-14", 14, 28},
	} {
		e, n := Days(d(c.from), d(c.to), d(c.today))
		if e != c.elapsed || n != c.total {
			t.Errorf("Days(%s, %s, %s) = %d of %d, want %d of %d", c.from, c.to, c.today, e, n, c.elapsed, c.total)
		}
	}
}

func TestPercent(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		part, whole int64
		want        int // -1: none
	}{{50, 200, 25}, {1, 3, 33}, {250, 100, 250}, {0, 100, 0}, {100, 0, -1}, {5, -1, -1}, {math.MaxInt64, math.MaxInt64, 100}} {
		got := Percent(c.part, c.whole)
		if (got == nil) != (c.want < 0) || got != nil && *got != c.want {
			t.Errorf("Percent(%d, %d) = %v, want %d", c.part, c.whole, got, c.want)
		}
	}
}

// The roll-up sums plans only in the line's currency: plans in another
// currency are listed by currency and counted nowhere, not converted.
func TestFillSumsOneCurrency(t *testing.T) {
	t.Parallel()
	sums := []PlanSum{
		{Currency: "EUR", Plans: 2, TargetRevenueMinor: 60_000, TargetDeals: 6, TargetCertifications: 2, RevenueMinor: 20_000, Deals: 2, Certifications: 1, OpenMinor: 10_000},
		{Currency: "CHF", Plans: 1, TargetRevenueMinor: 9_000, RevenueMinor: 8_000},
		{Currency: "EUR", Plans: 1, TargetRevenueMinor: 40_000, TargetDeals: 4, RevenueMinor: 30_000, Deals: 3, OpenMinor: 5_000},
		{Currency: "USD", Plans: 1, TargetRevenueMinor: 7_000},
		{Currency: "CHF", Plans: 1, TargetRevenueMinor: 1_000},
	}
	target := &Target{Currency: "EUR", RevenueMinor: 200_000, Deals: 8, Certifications: 4, Recruits: 6, UpdatedBy: "Admin"}
	l := &Line{Currency: "EUR"}
	Fill(l, target, sums, 2, 50, 100)
	pct := func(n int) *int { return &n }
	want := &Line{Currency: "EUR", HasTarget: true, UpdatedBy: "Admin", Plans: 3,
		Revenue: Figure{Target: 200_000, Planned: 100_000, Actual: 50_000, Open: 15_000, Attainment: pct(25), Coverage: pct(50),
			Forecast: Forecast{Projected: 100_000, Basis: BasisPace, Outlook: OffTrack}},
		Deals: Figure{Target: 8, Planned: 10, Actual: 5, Attainment: pct(62), Coverage: pct(125),
			Forecast: Forecast{Projected: 10, Basis: BasisPace, Outlook: OnTrack}},
		Certifications: Figure{Target: 4, Planned: 2, Actual: 1, Attainment: pct(25), Coverage: pct(50),
			Forecast: Forecast{Projected: 2, Basis: BasisPace, Outlook: OffTrack}},
		Recruits: Figure{Target: 6, Actual: 2, Attainment: pct(33),
			Forecast: Forecast{Projected: 4, Basis: BasisPace, Outlook: OffTrack}},
		Other: []Amount{{"CHF", 10_000}, {"USD", 7_000}}}
	if !reflect.DeepEqual(l, want) {
		t.Errorf("Fill =\n%+v\nwant\n%+v", l, want)
	}

	// Without a target of its own the line still shows what the partners
	// plan and reached, and no outlook.
	l = &Line{Currency: "CHF"}
	Fill(l, nil, sums, 0, 100, 100)
	if l.HasTarget || l.Plans != 2 || l.Revenue.Planned != 10_000 || l.Revenue.Actual != 8_000 || l.Revenue.Attainment != nil ||
		l.Revenue.Forecast.Outlook != NoTarget || !reflect.DeepEqual(l.Other, []Amount{{"EUR", 100_000}, {"USD", 7_000}}) {
		t.Errorf("Fill without a target = %+v", l)
	}
}
