package dues

import (
	"fmt"
	"time"

	"pakt/internal/community"
)

// GraceDays is how long a member has to pay a fee raised on or after the
// year's due day (a member that joined later in the year).
const GraceDays = 30

// date returns the day y-m-d at midnight UTC; a day past the month's end
// is its last day (31 February is 28 or 29 February).
func date(y int, m time.Month, d int) time.Time {
	last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return time.Date(y, m, min(d, last), 0, 0, 0, 0, time.UTC)
}

// DueOn is the due day of a fee of year raised on the day raised: the
// year's due day (month, day), or GraceDays after raised when that day
// has passed.
func DueOn(year, month, day int, raised time.Time) time.Time {
	due := date(year, time.Month(month), day)
	if due.Before(raised) {
		return raised.AddDate(0, 0, GraceDays)
	}
	return due
}

// periodEnd returns the last day of the period (ToYear, ToQuarter,
// ToMonth) that holds the day t.
func periodEnd(t time.Time, to string) time.Time {
	switch to {
	case ToMonth:
		return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC)
	case ToQuarter:
		first := time.Month((int(t.Month())-1)/3*3 + 1)
		return time.Date(t.Year(), first+3, 0, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(t.Year(), 12, 31, 0, 0, 0, 0, time.UTC)
}

// ResignationEnds is the last day of membership of a resignation
// submitted on the day submitted with months of notice to the end of the
// period to: the end of the period that holds the day the notice runs
// out. The day of submission does not count, so a notice of three months
// to the end of the year submitted on 30 September runs out on
// 30 December and ends the membership on 31 December, one submitted on
// 1 October runs out on 1 January and ends it a year later.
func ResignationEnds(submitted time.Time, months int, to string) time.Time {
	day := time.Date(submitted.Year(), submitted.Month(), submitted.Day(), 0, 0, 0, 0, time.UTC)
	runsOut := date(day.Year(), day.Month()+time.Month(months), day.Day())
	return periodEnd(runsOut, to)
}

// Overdue reports whether a fee due on due and paid on paid (nil: not
// paid) is overdue on the day today.
func Overdue(due time.Time, paid *Date, today time.Time) bool {
	return paid == nil && due.Before(today)
}

// Remind reports whether the reminder of an unpaid fee due on due is due
// on the day today, remindDays before.
func Remind(due time.Time, remindDays int, today time.Time) bool {
	return remindDays > 0 && !today.Before(due.AddDate(0, 0, -remindDays)) && !due.Before(today)
}

// QuarterEnds returns the last days of the quarters of the past years up
// to the quarter of today, oldest first; the current quarter's point is
// today itself.
func QuarterEnds(today time.Time, years int) []time.Time {
	var out []time.Time
	last := periodEnd(today, ToQuarter)
	for i := 4*years - 1; i >= 0; i-- {
		end := periodEnd(date(last.Year(), last.Month()-time.Month(3*i), 1), ToQuarter)
		if end.After(today) {
			end = today
		}
		out = append(out, end)
	}
	return out
}

// Count returns the running memberships per kind at each of the days
// ends, labelled with its quarter.
func Count(ms []*community.Membership, ends []time.Time) []Point {
	out := make([]Point, 0, len(ends))
	for _, end := range ends {
		p := Point{Label: fmt.Sprintf("%d-Q%d", end.Year(), (int(end.Month())-1)/3+1), End: Date{Time: end}}
		for _, m := range ms {
			if !community.Runs(m.StartsOn, m.EndsOn, end) {
				continue
			}
			if m.Kind == community.KindSupporting {
				p.Supporting++
			} else {
				p.Ordinary++
			}
		}
		out = append(out, p)
	}
	return out
}
