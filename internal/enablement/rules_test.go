package enablement

import (
	"testing"
	"time"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func datep(s string) *time.Time { t := date(s); return &t }

func TestExpiryStatus(t *testing.T) {
	today := date("2026-03-01")
	for _, c := range []struct {
		name    string
		expires *time.Time
		want    Status
	}{
		{"no expiry date", nil, StatusValid},
		{"expired yesterday", datep("2026-02-28"), StatusExpired},
		{"expires today", datep("2026-03-01"), StatusExpiring},
		{"exactly 60 days ahead", datep("2026-04-30"), StatusExpiring},
		{"61 days ahead", datep("2026-05-01"), StatusValid},
		{"next year", datep("2027-03-01"), StatusValid},
	} {
		if got := ExpiryStatus(c.expires, today.Add(15*time.Hour)); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}

func TestOverdue(t *testing.T) {
	today := date("2026-03-01")
	for _, c := range []struct {
		due  string
		done bool
		want bool
	}{
		{"2026-02-28", false, true},
		{"2026-02-28", true, false},
		{"2026-03-01", false, false},
		{"2026-03-02", false, false},
	} {
		if got := Overdue(date(c.due), c.done, today); got != c.want {
			t.Errorf("due %s done %v: got %v, want %v", c.due, c.done, got, c.want)
		}
	}
}

func TestExpiresOn(t *testing.T) {
	if got := ExpiresOn(date("2026-01-15"), 0); got != nil {
		t.Errorf("validity 0: got %v, want no expiry", got)
	}
	if got := ExpiresOn(date("2026-01-15"), 24); got == nil || !got.Equal(date("2028-01-15")) {
		t.Errorf("validity 24 months: got %v, want 2028-01-15", got)
	}
}

func TestComputeCoverage(t *testing.T) {
	today := date("2026-03-01")
	reqs := []*Requirement{{TrainingID: "sales", Required: 2}, {TrainingID: "tech", Required: 1}, {TrainingID: "none", Required: 1}}
	v := datep("2025-01-01") // verified
	certs := []*Certification{
		{Person: "Anna", TrainingID: "sales", ExpiresOn: datep("2027-01-01"), VerifiedAt: v},
		{Person: "Ben", TrainingID: "sales", ExpiresOn: datep("2026-03-20"), VerifiedAt: v},   // expiring: counts, flagged
		{Person: "Cleo", TrainingID: "sales", ExpiresOn: datep("2026-02-27"), VerifiedAt: v},  // expired: does not count
		{Person: "anna ", TrainingID: "sales", ExpiresOn: datep("2026-03-10"), VerifiedAt: v}, // Anna counts once
		{Person: "Dora", TrainingID: "tech", VerifiedAt: v},                                   // no expiry
		{Person: "Emil", TrainingID: "other", ExpiresOn: datep("2027-01-01"), VerifiedAt: v},
		{Person: "Finn", TrainingID: "tech", ExpiresOn: datep("2027-01-01")}, // not verified: does not count
		{Person: "Dora", TrainingID: "tech", ExpiresOn: datep("2027-01-01")}, // counted by her verified one
	}
	got := ComputeCoverage(reqs, certs, today)
	want := []Coverage{
		{TrainingID: "sales", Required: 2, Has: 2, Expiring: 1, Met: true},
		{TrainingID: "tech", Required: 1, Has: 1, Met: true, Unverified: 1},
		{TrainingID: "none", Required: 1, Has: 0, Met: false},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	// Ben's expiry alone leaves the requirement unmet once he expires.
	later := ComputeCoverage(reqs[:1], certs, date("2026-03-21"))
	if later[0].Has != 1 || later[0].Met {
		t.Errorf("after Ben's expiry: got %+v, want has 1, not met", later[0])
	}
}

func TestSortAlerts(t *testing.T) {
	var a []Alert
	for _, d := range []string{"2026-03-05", "2026-02-01", "2026-04-01"} {
		a = append(a, Alert{Date: date(d)})
	}
	got := SortAlerts(a, 2)
	if len(got) != 2 || !got[0].Date.Equal(date("2026-02-01")) || !got[1].Date.Equal(date("2026-03-05")) {
		t.Errorf("got %v, want the two earliest in order", got)
	}
}

// A person holds a training's certification once: the same person is
// known by e-mail when given, else by name, case and spacing ignored.
func TestTwin(t *testing.T) {
	held := []*Certification{
		{ID: "max", Person: "Max Müller", Email: "Max@Alpha.example", TrainingID: "sales"},
		{ID: "eva", Person: "Eva  Schmidt", TrainingID: "sales"},
	}
	for _, tt := range []struct {
		name string
		c    Certification
		want string
	}{
		{"the same e-mail in other case", Certification{Person: "M. Müller", Email: " max@alpha.EXAMPLE", TrainingID: "sales"}, "max"},
		{"the same e-mail, another training", Certification{Person: "Max Müller", Email: "max@alpha.example", TrainingID: "cloud"}, ""},
		{"the same name, other case and spacing", Certification{Person: "eva schmidt ", TrainingID: "sales"}, "eva"},
		{"the same name but an e-mail: another person", Certification{Person: "Eva Schmidt", Email: "eva@beta.example", TrainingID: "sales"}, ""},
		{"another person", Certification{Person: "Eve Schmidt", TrainingID: "sales"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := Twin(&tt.c, held)
			if (got == nil) != (tt.want == "") || got != nil && got.ID != tt.want {
				t.Fatalf("Twin = %+v, want %q", got, tt.want)
			}
		})
	}
}

func TestOnboarded(t *testing.T) {
	for _, c := range []struct {
		name        string
		status      string
		open, total int
		want        bool
	}{
		{"last task done", "onboarding", 0, 3, true},
		{"one task left", "onboarding", 1, 3, false},
		{"no checklist", "onboarding", 0, 0, false},
		{"already active", "active", 0, 3, false},
		{"paused stays paused", "paused", 0, 3, false},
		{"ended stays ended", "ended", 0, 2, false},
	} {
		if got := Onboarded(c.status, c.open, c.total); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}
