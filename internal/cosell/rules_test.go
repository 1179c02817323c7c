package cosell

import (
	"slices"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/cosell/dealfile"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// The customer is protected on the window's last day and free the day
// after: approved on 1 March with 90 days, protected through 29 May.
func TestProtectionWindowEdges(t *testing.T) {
	until := ProtectionEnd(day("2027-03-01"), 90)
	if got := until.Format(time.DateOnly); got != "2027-05-29" {
		t.Fatalf("ProtectionEnd = %s, want 2027-05-29", got)
	}
	for _, c := range []struct {
		today  string
		lapsed bool
	}{{"2027-05-28", false}, {"2027-05-29", false}, {"2027-05-30", true}, {"2027-03-01", false}} {
		if got := Lapsed(until, day(c.today)); got != c.lapsed {
			t.Errorf("Lapsed(until 2027-05-29, today %s) = %v, want %v", c.today, got, c.lapsed)
		}
	}
	// Across the change to summer time the window counts calendar days.
	if got := ProtectionEnd(day("2027-03-27"), 3).Format(time.DateOnly); got != "2027-03-29" {
		t.Errorf("ProtectionEnd over the clock change = %s, want 2027-03-29", got)
	}
}

// Day takes the programme's calendar day: 23:30 UTC on 31 December is
// already New Year's Day in Berlin.
func TestDayInZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	if got := Day(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), berlin).Format(time.DateOnly); got != "2027-01-01" {
		t.Errorf("Day = %s, want 2027-01-01", got)
	}
}

func TestCheckShares(t *testing.T) {
	for _, c := range []struct {
		name   string
		shares []Share
		field  string
	}{
		{"60/40 with one lead", []Share{{"a", RoleLead, 6000}, {"b", RoleDelivery, 4000}}, ""},
		{"one party holds all", []Share{{"a", RoleLead, 10000}}, ""},
		{"three parties", []Share{{"a", RoleLead, 3334}, {"b", RoleDelivery, 3333}, {"c", RoleReferral, 3333}}, ""},
		{"a share of zero", []Share{{"a", RoleLead, 10000}, {"b", RoleReferral, 0}}, ""},
		{"sum 99.99 %", []Share{{"a", RoleLead, 6000}, {"b", RoleDelivery, 3999}}, "split"},
		{"sum above 100 %", []Share{{"a", RoleLead, 6000}, {"b", RoleDelivery, 4001}}, "split"},
		{"no lead", []Share{{"a", RoleDelivery, 6000}, {"b", RoleDelivery, 4000}}, "role"},
		{"two leads", []Share{{"a", RoleLead, 6000}, {"b", RoleLead, 4000}}, "role"},
		{"unknown role", []Share{{"a", RoleLead, 6000}, {"b", "sponsor", 4000}}, "role_b"},
		{"negative share", []Share{{"a", RoleLead, 10500}, {"b", RoleDelivery, -500}}, "split_a"},
		{"a party twice", []Share{{"a", RoleLead, 5000}, {"a", RoleDelivery, 5000}}, "org"},
	} {
		err := CheckShares(c.shares)
		e, _ := apperr.As(err)
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: %v, want valid", c.name, err)
		case c.field != "" && (e == nil || !slices.ContainsFunc(e.Fields, func(f apperr.FieldError) bool { return f.Field == c.field })):
			t.Errorf("%s: %v, want an error on %s", c.name, err, c.field)
		}
	}
}

// Adding a partner proposes the agreement's proportion of the adder's
// share, rounded half up; without an agreement, half.
func TestProposeShares(t *testing.T) {
	for _, c := range []struct {
		name    string
		current []Share
		agreed  map[string]int
		want    []Share
	}{
		{"agreement 60/40", []Share{{"a", RoleLead, 10000}}, map[string]int{"a": 6000, "b": 4000},
			[]Share{{"a", RoleLead, 6000}, {"b", RoleDelivery, 4000}}},
		{"no agreement: half", []Share{{"a", RoleLead, 10000}}, nil,
			[]Share{{"a", RoleLead, 5000}, {"b", RoleDelivery, 5000}}},
		{"agreement with a third party: the pair's proportion of a's share", []Share{{"a", RoleLead, 7000}, {"c", RoleReferral, 3000}},
			map[string]int{"a": 5000, "b": 2500, "x": 2500}, []Share{{"a", RoleLead, 4667}, {"c", RoleReferral, 3000}, {"b", RoleDelivery, 2333}}},
		{"odd share halves up for the adder", []Share{{"a", RoleLead, 9999}, {"c", RoleReferral, 1}}, nil,
			[]Share{{"a", RoleLead, 5000}, {"c", RoleReferral, 1}, {"b", RoleDelivery, 4999}}},
	} {
		got := ProposeShares(c.current, "a", "b", RoleDelivery, c.agreed)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
		if err := CheckShares(got); err != nil {
			t.Errorf("%s: the proposal is not a valid split: %v", c.name, err)
		}
	}
}

func TestForecastWeighsApprovedDealsByStage(t *testing.T) {
	deals := []*Deal{
		{Status: StatusApproved, Stage: "propose", ValueMinor: 1_000_001},  // 500 000.5 → 500 001
		{Status: StatusApproved, Stage: "commit", ValueMinor: 2_000_000},   // 1 800 000
		{Status: StatusRegistered, Stage: "commit", ValueMinor: 9_999_999}, // not approved: no forecast
		{Status: StatusWon, Stage: "commit", ValueMinor: 5_000_000},        // won counts as revenue, not forecast
	}
	if got := Forecast(deals); got != 2_300_001 {
		t.Errorf("Forecast = %d, want 2300001", got)
	}
}

// The import's lists of states and stages are the deal's own.
func TestDealFileKnowsTheStatesAndStages(t *testing.T) {
	if !slices.Equal(dealfile.States, Statuses) || !slices.Equal(dealfile.Stages, Stages) {
		t.Errorf("dealfile lists %v / %v, cosell %v / %v", dealfile.States, dealfile.Stages, Statuses, Stages)
	}
}
