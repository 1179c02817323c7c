package i18n

import (
	"testing"
	"time"
)

// The quarter of a win is the programme time zone's: New Year's Eve at
// 23:30 UTC is already the first quarter in Berlin.
func TestQuarter(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for at, want := range map[time.Time]string{
		time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC): "2027-Q1",
		time.Date(2026, 12, 31, 22, 30, 0, 0, time.UTC): "2026-Q4",
		time.Date(2026, 4, 1, 0, 0, 0, 0, berlin):       "2026-Q2",
		time.Date(2026, 9, 30, 12, 0, 0, 0, time.UTC):   "2026-Q3",
	} {
		if got := Quarter(at, berlin); got != want {
			t.Errorf("Quarter(%s) = %s, want %s", at, got, want)
		}
	}
	for s, ok := range map[string]bool{"2026-Q4": true, "2026-Q1": true, "2026-Q5": false, "2026-q4": false, "26-Q1": false, "2026-Q4.csv": false, "": false} {
		if _, got := ParseQuarter(s); got != ok {
			t.Errorf("ParseQuarter(%q) ok = %v", s, got)
		}
	}
}
