package dues

import (
	"testing"
	"time"

	"pakt/internal/community"
)

func ymd(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestResignationEnds(t *testing.T) {
	for _, c := range []struct {
		submitted string
		months    int
		to        string
		want      string
	}{
		{"2026-01-15", 3, ToYear, "2026-12-31"},
		{"2026-09-30", 3, ToYear, "2026-12-31"}, // the last day for this year
		{"2026-10-01", 3, ToYear, "2027-12-31"}, // a day late: next year
		{"2026-12-31", 3, ToYear, "2027-12-31"},
		{"2026-06-30", 6, ToYear, "2026-12-31"},
		{"2026-07-01", 6, ToYear, "2027-12-31"},
		{"2026-05-10", 0, ToYear, "2026-12-31"},
		{"2026-11-30", 3, ToQuarter, "2027-03-31"}, // runs out on 28 February
		{"2026-03-31", 3, ToQuarter, "2026-06-30"},
		{"2026-04-01", 3, ToQuarter, "2026-09-30"},
		{"2026-01-31", 1, ToMonth, "2026-02-28"},
		{"2028-01-31", 1, ToMonth, "2028-02-29"},
		{"2026-05-10", 0, ToMonth, "2026-05-31"},
		{"2026-02-15", 24, ToYear, "2028-12-31"},
	} {
		if got := ResignationEnds(ymd(c.submitted), c.months, c.to).Format(time.DateOnly); got != c.want {
			t.Errorf("%s with %d months to the %s: %s, want %s", c.submitted, c.months, c.to, got, c.want)
		}
	}
}

func TestDueOn(t *testing.T) {
	for _, c := range []struct {
		year, month, day int
		raised, want     string
	}{
		{2026, 3, 31, "2026-01-01", "2026-03-31"},
		{2026, 3, 31, "2026-03-31", "2026-03-31"},
		{2026, 3, 31, "2026-04-01", "2026-05-01"}, // joined later: 30 days
		{2026, 2, 31, "2026-01-01", "2026-02-28"},
		{2028, 2, 30, "2028-01-01", "2028-02-29"},
	} {
		if got := DueOn(c.year, c.month, c.day, ymd(c.raised)).Format(time.DateOnly); got != c.want {
			t.Errorf("%d-%02d-%02d raised on %s: %s, want %s", c.year, c.month, c.day, c.raised, got, c.want)
		}
	}
}

func TestRemindAndOverdue(t *testing.T) {
	due := ymd("2026-03-31")
	paid := &Date{Time: ymd("2026-03-01")}
	for _, c := range []struct {
		today           string
		days            int
		remind, overdue bool
	}{
		{"2026-03-16", 14, false, false},
		{"2026-03-17", 14, true, false},
		{"2026-03-31", 14, true, false},
		{"2026-04-01", 14, false, true},
		{"2026-03-30", 0, false, false},
	} {
		if got := Remind(due, c.days, ymd(c.today)); got != c.remind {
			t.Errorf("reminder %d days before on %s: %v, want %v", c.days, c.today, got, c.remind)
		}
		if got := Overdue(due, nil, ymd(c.today)); got != c.overdue {
			t.Errorf("overdue on %s: %v, want %v", c.today, got, c.overdue)
		}
		if Overdue(due, paid, ymd(c.today)) {
			t.Errorf("a paid fee is overdue on %s", c.today)
		}
	}
}

func TestCount(t *testing.T) {
	ends := QuarterEnds(ymd("2026-05-20"), 2)
	want := []string{"2024-09-30", "2024-12-31", "2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31", "2026-03-31", "2026-05-20"}
	if len(ends) != len(want) {
		t.Fatalf("%d quarter ends, want %d", len(ends), len(want))
	}
	for i := range want {
		if got := ends[i].Format(time.DateOnly); got != want[i] {
			t.Errorf("end %d: %s, want %s", i, got, want[i])
		}
	}
	ended := &community.Date{Time: ymd("2025-12-31")}
	ms := []*community.Membership{
		{Kind: community.KindOrdinary, StartsOn: community.Date{Time: ymd("2020-01-01")}},
		{Kind: community.KindOrdinary, StartsOn: community.Date{Time: ymd("2025-01-01")}, EndsOn: ended},
		{Kind: community.KindSupporting, StartsOn: community.Date{Time: ymd("2025-04-01")}},
	}
	got := Count(ms, ends)
	for i, w := range []struct {
		label    string
		ord, sup int
	}{{"2024-Q3", 1, 0}, {"2024-Q4", 1, 0}, {"2025-Q1", 2, 0}, {"2025-Q2", 2, 1}, {"2025-Q3", 2, 1}, {"2025-Q4", 2, 1}, {"2026-Q1", 1, 1}, {"2026-Q2", 1, 1}} {
		if p := got[i]; p.Label != w.label || p.Ordinary != w.ord || p.Supporting != w.sup {
			t.Errorf("point %d: %s %d+%d, want %s %d+%d", i, p.Label, p.Ordinary, p.Supporting, w.label, w.ord, w.sup)
		}
	}
}

func TestScaleStep(t *testing.T) {
	for peak, want := range map[int]int{1: 1, 5: 1, 6: 2, 10: 2, 11: 5, 25: 5, 26: 10, 40: 10, 51: 20, 240: 50} {
		if got := scaleStep(peak); got != want {
			t.Errorf("the step up to %d: %d, want %d", peak, got, want)
		}
	}
}
