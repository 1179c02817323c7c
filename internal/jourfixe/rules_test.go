package jourfixe

import (
	"testing"
	"time"

	"pakt/internal/auth"
)

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// berlin is the default programme time zone.
var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}()

// In a zone with summer time the meetings keep their wall-clock time, so
// their UTC instant moves by an hour at the changes (in 2027 on 28 March
// and 31 October).
func TestOccurrenceKeepsLocalTime(t *testing.T) {
	tests := []struct {
		name    string
		cadence string
		start   string // UTC
		k       int
		want    string // UTC
	}{
		{"weekly before the change", CadenceWeekly, "2027-03-22 08:00", 0, "2027-03-22 08:00"},
		{"weekly after the change to summer time", CadenceWeekly, "2027-03-22 08:00", 1, "2027-03-29 07:00"},
		{"weekly weeks later", CadenceWeekly, "2027-03-22 08:00", 10, "2027-05-31 07:00"},
		{"weekly after the change to winter time", CadenceWeekly, "2027-10-25 08:00", 1, "2027-11-01 09:00"},
		{"biweekly into summer time", CadenceBiweekly, "2027-03-22 08:00", 1, "2027-04-05 07:00"},
		{"monthly before the October change", CadenceMonthly, "2027-09-15 07:00", 1, "2027-10-15 07:00"},
		{"monthly after the October change", CadenceMonthly, "2027-09-15 07:00", 2, "2027-11-15 08:00"},
		{"monthly on the day of the change", CadenceMonthly, "2027-08-31 07:00", 2, "2027-10-31 08:00"},
		{"monthly a year on, in summer again", CadenceMonthly, "2027-09-15 07:00", 12, "2028-09-15 07:00"},
		{"quarterly into summer time", CadenceQuarterly, "2027-01-29 09:00", 1, "2027-04-29 08:00"},
		// 00:30 on the 1st in Berlin is still the 31st in UTC: the local
		// day counts.
		{"monthly on the local first", CadenceMonthly, "2027-01-31 23:30", 1, "2027-02-28 23:30"},
		{"monthly on the local first in summer", CadenceMonthly, "2027-01-31 23:30", 2, "2027-03-31 22:30"},
		{"none", CadenceNone, "2027-03-22 08:00", 3, "2027-03-22 08:00"},
	}
	for _, tt := range tests {
		got := Occurrence(tt.cadence, at(tt.start), tt.k, berlin)
		if !got.Equal(at(tt.want)) || got.Location() != time.UTC {
			t.Errorf("%s: Occurrence(%s, %s, %d) = %s (%s in Berlin), want %s UTC", tt.name, tt.cadence, tt.start, tt.k,
				got.Format("2006-01-02 15:04 MST"), got.In(berlin).Format("2006-01-02 15:04 MST"), tt.want)
		}
	}
}

func TestOccurrence(t *testing.T) {
	tests := []struct {
		cadence string
		start   string
		k       int
		want    string
	}{
		{CadenceWeekly, "2027-01-04 09:30", 0, "2027-01-04 09:30"},
		{CadenceWeekly, "2027-01-04 09:30", 3, "2027-01-25 09:30"},
		{CadenceBiweekly, "2027-01-04 09:30", 2, "2027-02-01 09:30"},
		// The month's last day when it is shorter, and back on the 31st after.
		{CadenceMonthly, "2027-01-31 14:00", 1, "2027-02-28 14:00"},
		{CadenceMonthly, "2027-01-31 14:00", 2, "2027-03-31 14:00"},
		{CadenceMonthly, "2027-01-31 14:00", 3, "2027-04-30 14:00"},
		{CadenceMonthly, "2028-01-31 14:00", 1, "2028-02-29 14:00"},
		{CadenceMonthly, "2027-11-15 08:00", 2, "2028-01-15 08:00"},
		{CadenceQuarterly, "2027-11-30 10:00", 1, "2028-02-29 10:00"},
		{CadenceQuarterly, "2027-11-30 10:00", 2, "2028-05-30 10:00"},
		{CadenceQuarterly, "2027-11-30 10:00", 4, "2028-11-30 10:00"},
		{CadenceNone, "2027-11-30 10:00", 4, "2027-11-30 10:00"},
	}
	for _, tt := range tests {
		if got := Occurrence(tt.cadence, at(tt.start), tt.k, time.UTC); !got.Equal(at(tt.want)) {
			t.Errorf("Occurrence(%s, %s, %d) = %s, want %s", tt.cadence, tt.start, tt.k, got.Format("2006-01-02 15:04"), tt.want)
		}
	}
}

// Occurrences skips ahead to the window without missing one: it gives the
// same as walking from the first meeting.
func TestOccurrencesWindow(t *testing.T) {
	for _, zone := range []*time.Location{time.UTC, berlin} {
		for _, start := range []time.Time{at("2025-01-31 09:00"), at("2025-03-30 23:30"), at("2025-10-26 00:30")} {
			for _, cadence := range []string{CadenceWeekly, CadenceBiweekly, CadenceMonthly, CadenceQuarterly} {
				afters := []time.Time{at("2024-06-01 00:00"), start, at("2026-03-31 09:00"), at("2026-05-17 12:00"), at("2027-02-28 09:00")}
				// Just after a meeting a week on, once in winter and once in
				// summer time.
				for _, k := range []int{1, 9, 30, 36} {
					o := Occurrence(cadence, start, k, zone)
					afters = append(afters, o, o.Add(-time.Minute), o.Add(30*time.Minute))
				}
				for _, after := range afters {
					until := after.AddDate(1, 0, 0)
					got := Occurrences(cadence, start, after, until, zone)
					var want []time.Time
					for k := 0; ; k++ {
						o := Occurrence(cadence, start, k, zone)
						if o.After(until) {
							break
						}
						if o.After(after) {
							want = append(want, o)
						}
					}
					if len(got) != len(want) {
						t.Fatalf("%s %s from %s after %s: %d occurrences, want %d", zone, cadence, start, after, len(got), len(want))
					}
					for i := range got {
						if !got[i].Equal(want[i]) {
							t.Errorf("%s %s from %s after %s: #%d is %s, want %s", zone, cadence, start, after, i, got[i], want[i])
						}
					}
				}
			}
		}
	}
	if n := len(Occurrences(CadenceWeekly, at("2027-01-04 09:00"), at("2027-01-01 00:00"), at("2028-01-01 00:00"), berlin)); n != 52 {
		t.Errorf("a year of weekly meetings: %d, want 52", n)
	}
	start := at("2025-01-31 09:00")
	if got := Occurrences(CadenceNone, start, start.Add(-time.Hour), start.AddDate(1, 0, 0), berlin); got != nil {
		t.Errorf("cadence none: %v, want none", got)
	}
	// The first meeting itself is after a moment just before it, not after
	// itself.
	if got := Occurrences(CadenceMonthly, start, start, start.AddDate(0, 2, 0), berlin); len(got) != 2 || !got[0].Equal(at("2025-02-28 09:00")) {
		t.Errorf("after the first meeting: %v", got)
	}
}

func TestStatusOf(t *testing.T) {
	now := at("2027-03-10 12:00")
	ts := func(s string) *time.Time { x := at(s); return &x }
	tests := []struct {
		name string
		m    Meeting
		want string
	}{
		{"future", Meeting{Start: at("2027-03-11 09:00"), End: at("2027-03-11 10:00")}, StatusUpcoming},
		{"future with an agenda", Meeting{Start: at("2027-03-11 09:00"), End: at("2027-03-11 10:00"), NoteCount: 1}, StatusUpcoming},
		{"running", Meeting{Start: at("2027-03-10 11:30"), End: at("2027-03-10 12:30")}, StatusPending},
		{"ended within a day", Meeting{Start: at("2027-03-09 13:00"), End: at("2027-03-09 14:00")}, StatusPending},
		{"ended exactly a day ago", Meeting{Start: at("2027-03-09 11:00"), End: at("2027-03-09 12:00")}, StatusPending},
		{"ended more than a day ago", Meeting{Start: at("2027-03-09 10:00"), End: at("2027-03-09 11:00")}, StatusMissed},
		{"notes", Meeting{Start: at("2027-03-01 10:00"), End: at("2027-03-01 11:00"), NoteCount: 2}, StatusHeld},
		{"marked held", Meeting{Start: at("2027-03-01 10:00"), End: at("2027-03-01 11:00"), HeldAt: ts("2027-03-01 11:00")}, StatusHeld},
		{"cancelled", Meeting{Start: at("2027-03-01 10:00"), End: at("2027-03-01 11:00"), CancelledAt: ts("2027-02-01 11:00"), NoteCount: 1}, StatusCancelled},
	}
	for _, tt := range tests {
		if got := StatusOf(&tt.m, now); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestPermit(t *testing.T) {
	parties := []string{"org-a", "org-c"}
	tests := []struct {
		a    *auth.Actor
		want bool
	}{
		{nil, false},
		{&auth.Actor{Role: auth.RoleAdmin}, true},
		{&auth.Actor{Role: auth.RoleManager}, true},
		{&auth.Actor{Role: auth.RoleRecruiter}, false},
		{&auth.Actor{Role: auth.RolePartnerAdmin, OrgID: "org-a"}, true},
		{&auth.Actor{Role: auth.RolePartnerMember, OrgID: "org-c"}, true},
		{&auth.Actor{Role: auth.RolePartnerAdmin, OrgID: "org-b"}, false},
		{&auth.Actor{Role: auth.RolePartnerMember}, false},
	}
	for _, tt := range tests {
		if got := Permit(tt.a, parties); got != tt.want {
			t.Errorf("Permit(%+v) = %v, want %v", tt.a, got, tt.want)
		}
	}
}
