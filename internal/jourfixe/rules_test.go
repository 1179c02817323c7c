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
		if got := Occurrence(tt.cadence, at(tt.start), tt.k); !got.Equal(at(tt.want)) {
			t.Errorf("Occurrence(%s, %s, %d) = %s, want %s", tt.cadence, tt.start, tt.k, got.Format("2006-01-02 15:04"), tt.want)
		}
	}
}

// Occurrences skips ahead to the window without missing one: it gives the
// same as walking from the first meeting.
func TestOccurrencesWindow(t *testing.T) {
	start := at("2025-01-31 09:00")
	for _, cadence := range []string{CadenceWeekly, CadenceBiweekly, CadenceMonthly, CadenceQuarterly} {
		for _, after := range []time.Time{at("2024-06-01 00:00"), start, at("2026-03-31 09:00"), at("2026-05-17 12:00"), at("2027-02-28 09:00")} {
			until := after.AddDate(1, 0, 0)
			got := Occurrences(cadence, start, after, until)
			var want []time.Time
			for k := 0; ; k++ {
				o := Occurrence(cadence, start, k)
				if o.After(until) {
					break
				}
				if o.After(after) {
					want = append(want, o)
				}
			}
			if len(got) != len(want) {
				t.Fatalf("%s after %s: %d occurrences, want %d", cadence, after, len(got), len(want))
			}
			for i := range got {
				if !got[i].Equal(want[i]) {
					t.Errorf("%s after %s: #%d is %s, want %s", cadence, after, i, got[i], want[i])
				}
			}
		}
	}
	if n := len(Occurrences(CadenceWeekly, at("2027-01-04 09:00"), at("2027-01-01 00:00"), at("2028-01-01 00:00"))); n != 52 {
		t.Errorf("a year of weekly meetings: %d, want 52", n)
	}
	if got := Occurrences(CadenceNone, start, start.Add(-time.Hour), start.AddDate(1, 0, 0)); got != nil {
		t.Errorf("cadence none: %v, want none", got)
	}
	// The first meeting itself is after a moment just before it, not after
	// itself.
	if got := Occurrences(CadenceMonthly, start, start, start.AddDate(0, 2, 0)); len(got) != 2 || !got[0].Equal(at("2025-02-28 09:00")) {
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
