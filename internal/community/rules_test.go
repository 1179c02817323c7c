package community

import (
	"testing"
	"time"

	"pakt/internal/auth"
)

func TestModes(t *testing.T) {
	for _, c := range []struct {
		mode                string
		association, vendor bool
	}{
		{ModeVendor, false, true},
		{ModeAssociation, true, false},
		{ModeBoth, true, true},
		{"", false, false},
	} {
		if Association(c.mode) != c.association || Vendor(c.mode) != c.vendor {
			t.Errorf("%q: association %v, vendor %v; want %v, %v", c.mode, Association(c.mode), Vendor(c.mode), c.association, c.vendor)
		}
	}
}

func TestStanding(t *testing.T) {
	for _, c := range []struct {
		name         string
		a            *auth.Actor
		member       bool
		want         Standing
		runs, inside bool
	}{
		{"anonymous", nil, false, Outsider, false, false},
		{"admin", &auth.Actor{Role: auth.RoleAdmin}, false, Admin, true, true},
		{"board member", &auth.Actor{Role: auth.RoleBoard}, false, Board, true, true},
		{"vendor liaison", &auth.Actor{Role: auth.RoleLiaison}, false, Liaison, false, false},
		{"partner manager", &auth.Actor{Role: auth.RoleManager}, false, Outsider, false, false},
		{"recruiter", &auth.Actor{Role: auth.RoleRecruiter}, false, Outsider, false, false},
		{"partner admin of a member", &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: "m"}, true, Member, false, true},
		{"partner member of a member", &auth.Actor{Role: auth.RolePartnerMember, OrgID: "m"}, true, Member, false, true},
		{"partner admin of an applicant", &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: "x"}, false, Outsider, false, false},
		// Membership is an organisation's: a user without one is no member.
		{"partner user without organisation", &auth.Actor{Role: auth.RolePartnerAdmin}, true, Outsider, false, false},
	} {
		got := standing(c.a, c.member)
		if got != c.want || got.Runs() != c.runs || got.Inside() != c.inside {
			t.Errorf("%s: %q (runs %v, inside %v); want %q (%v, %v)", c.name, got, got.Runs(), got.Inside(), c.want, c.runs, c.inside)
		}
	}
}

func TestRuns(t *testing.T) {
	d := func(s string) Date {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			panic(err)
		}
		return Date{Time: t}
	}
	end := d("2026-12-31")
	for _, c := range []struct {
		starts Date
		ends   *Date
		on     string
		want   bool
	}{
		{d("2026-01-01"), nil, "2025-12-31", false},
		{d("2026-01-01"), nil, "2026-01-01", true},
		{d("2026-01-01"), nil, "2030-06-01", true},
		{d("2026-01-01"), &end, "2026-12-31", true},
		{d("2026-01-01"), &end, "2027-01-01", false},
	} {
		on, _ := time.Parse(time.DateOnly, c.on)
		// Any hour of the day counts as the day.
		if got := Runs(c.starts, c.ends, on.Add(23*time.Hour)); got != c.want {
			t.Errorf("%s–%v on %s: %v, want %v", c.starts, c.ends, c.on, got, c.want)
		}
	}
}
