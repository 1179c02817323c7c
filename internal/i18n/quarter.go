package i18n

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Quarter names the calendar quarter of t in zone (the programme time
// zone when nil), e.g. "2026-Q4": statements, budgets and reports are
// kept per quarter.
func Quarter(t time.Time, zone *time.Location) string {
	t = t.In(ZoneOr(zone))
	return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())-1)/3+1)
}

var quarterRe = regexp.MustCompile(`^(\d{4})-Q([1-4])$`)

// ParseQuarter reads a quarter written as Quarter writes it and returns
// its first day (midnight UTC); ok is false for anything else.
func ParseQuarter(s string) (first time.Time, ok bool) {
	m := quarterRe.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(m[1])
	q, _ := strconv.Atoi(m[2])
	if y < 1970 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, time.UTC), true
}
