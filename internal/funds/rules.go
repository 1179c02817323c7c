package funds

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"pakt/internal/auth"
	"pakt/internal/i18n"
)

// Budgets are set per calendar quarter, as the programme's statements are
// quarterly; a year is its four quarters.

// QuarterOf returns the quarter of the day t (midnight UTC), written
// 2026-Q1.
func QuarterOf(t time.Time) string { return i18n.Quarter(t, time.UTC) }

// Period is a span of time the money view and the lists look at: a quarter
// (2026-Q2) or a calendar year (2026). From is its first day, To the day
// after its last.
type Period struct {
	Name     string
	From, To time.Time
}

// Year reports whether the period is a whole year.
func (p Period) Year() bool { return !strings.Contains(p.Name, "-Q") }

// Quarters returns the quarters of the period.
func (p Period) Quarters() []string {
	if !p.Year() {
		return []string{p.Name}
	}
	y := p.From.Year()
	return []string{fmt.Sprintf("%d-Q1", y), fmt.Sprintf("%d-Q2", y), fmt.Sprintf("%d-Q3", y), fmt.Sprintf("%d-Q4", y)}
}

// ParsePeriod reads a quarter (2026-Q2) or a year (2026).
func ParsePeriod(s string) (Period, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	year, q, quarter := strings.Cut(s, "-Q")
	y, err := strconv.Atoi(year)
	if err != nil || len(year) != 4 || y < 2000 || y > 2999 {
		return Period{}, false
	}
	if !quarter {
		from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		return Period{Name: year, From: from, To: from.AddDate(1, 0, 0)}, true
	}
	n, err := strconv.Atoi(q)
	if err != nil || n < 1 || n > 4 || len(q) != 1 {
		return Period{}, false
	}
	from := time.Date(y, time.Month(3*(n-1)+1), 1, 0, 0, 0, 0, time.UTC)
	return Period{Name: s, From: from, To: from.AddDate(0, 3, 0)}, true
}

// PeriodChoices returns the periods a picker offers around the day now:
// last year, this year and next, each followed by its quarters.
func PeriodChoices(now time.Time) []string {
	var out []string
	for y := now.Year() - 1; y <= now.Year()+1; y++ {
		p, _ := ParsePeriod(strconv.Itoa(y))
		out = append(out, p.Name)
		out = append(out, p.Quarters()...)
	}
	return out
}

// Day returns the calendar day of t, at midnight UTC.
func Day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// mayRead reports whether a sees funds at all: staff (admins and partner
// managers) and partner users, each their own organisation's.
func mayRead(a *auth.Actor) bool { return a.IsStaff() || a.IsPartner() }

// canSee reports whether a may see the activities and budgets of org.
func canSee(a *auth.Actor, org string) bool { return a.IsStaff() || a.InOrg(org) }

// rightsFor returns what a may do with the activity x.
func rightsFor(a *auth.Actor, x *Activity) Rights {
	staff, acts := a.IsStaff(), a.ActsFor(x.OrgID)
	return Rights{
		Decide: staff && x.Status == StatusRequested,
		Claim:  acts && (x.Status == StatusApproved || x.Status == StatusReturned),
		Settle: staff && x.Status == StatusClaimed,
		Link:   (staff || acts) && x.Status != StatusRejected,
	}
}

// committed is what an activity draws on its quarter's budget: the amount
// asked while undecided, then the amount approved (or paid); nothing once
// rejected.
func committed(x *Activity) int64 {
	switch x.Status {
	case StatusRequested:
		return x.Requested
	case StatusRejected:
		return 0
	case StatusPaid:
		return x.Paid
	}
	return x.Approved
}

// sum adds the activities of one quarter into its budget b, whose Amount is
// set.
func (b *Budget) add(x *Activity) {
	switch x.Status {
	case StatusRequested:
		b.Requested += x.Requested
	case StatusApproved, StatusReturned:
		b.Approved += x.Approved
	case StatusClaimed:
		b.Approved += x.Approved
		b.Claimed += x.Claimed
	case StatusPaid:
		b.Approved += x.Approved
		b.Paid += x.Paid
	}
	b.Remaining -= committed(x)
}

// ReturnOf computes the return on funds of won revenue against paid, both
// in minor units of one currency.
func ReturnOf(paid, won int64) Return {
	r := Return{Paid: paid, Won: won, PerEuroHundredths: -1}
	if paid > 0 {
		r.PerEuroHundredths = (won*100 + paid/2) / paid
	}
	return r
}
