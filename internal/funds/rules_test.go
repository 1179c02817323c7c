package funds

import (
	"testing"
	"time"

	"pakt/internal/auth"
)

func TestPeriods(t *testing.T) {
	for _, c := range []struct {
		in, name, from, to string
		ok                 bool
	}{
		{"2026-Q1", "2026-Q1", "2026-01-01", "2026-04-01", true},
		{" 2026-q4 ", "2026-Q4", "2026-10-01", "2027-01-01", true},
		{"2026", "2026", "2026-01-01", "2027-01-01", true},
		{"2026-Q5", "", "", "", false},
		{"2026-Q", "", "", "", false},
		{"26", "", "", "", false},
		{"Q1-2026", "", "", "", false},
	} {
		p, ok := ParsePeriod(c.in)
		if ok != c.ok || (ok && (p.Name != c.name || p.From.Format(time.DateOnly) != c.from || p.To.Format(time.DateOnly) != c.to)) {
			t.Errorf("ParsePeriod(%q) = %+v %v, want %s %s–%s %v", c.in, p, ok, c.name, c.from, c.to, c.ok)
		}
	}
	for day, want := range map[string]string{"2026-01-01": "2026-Q1", "2026-03-31": "2026-Q1", "2026-04-01": "2026-Q2", "2026-12-31": "2026-Q4"} {
		d, _ := time.Parse(time.DateOnly, day)
		if got := QuarterOf(d); got != want {
			t.Errorf("QuarterOf(%s) = %s, want %s", day, got, want)
		}
	}
	if p, _ := ParsePeriod("2026"); len(p.Quarters()) != 4 || p.Quarters()[3] != "2026-Q4" {
		t.Errorf("quarters of a year: %v", p.Quarters())
	}
}

func TestReturnAndBudget(t *testing.T) {
	if r := ReturnOf(0, 500); r.PerEuroHundredths != -1 {
		t.Errorf("nothing paid: %+v", r)
	}
	if r := ReturnOf(300_000, 1_000_000); r.PerEuroHundredths != 333 {
		t.Errorf("return: %+v, want 3.33", r)
	}
	b := &Budget{Amount: 1_000_000, Remaining: 1_000_000}
	for _, x := range []*Activity{
		{Status: StatusRequested, Requested: 100_000},
		{Status: StatusApproved, Requested: 300_000, Approved: 200_000},
		{Status: StatusRejected, Requested: 400_000},
		{Status: StatusClaimed, Requested: 100_000, Approved: 100_000, Claimed: 90_000},
		{Status: StatusPaid, Requested: 100_000, Approved: 100_000, Claimed: 80_000, Paid: 80_000},
	} {
		b.add(x)
	}
	if b.Requested != 100_000 || b.Approved != 400_000 || b.Claimed != 90_000 || b.Paid != 80_000 || b.Remaining != 520_000 {
		t.Errorf("budget: %+v", b)
	}
}

func TestRights(t *testing.T) {
	staff := &auth.Actor{Role: auth.RoleAdmin}
	admin := &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: "a"}
	member := &auth.Actor{Role: auth.RolePartnerMember, OrgID: "a"}
	stranger := &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: "b"}
	x := &Activity{OrgID: "a", Status: StatusApproved}
	if r := rightsFor(admin, x); !r.Claim || r.Decide || r.Settle || !r.Link {
		t.Errorf("admin on approved: %+v", r)
	}
	if r := rightsFor(member, x); r != (Rights{}) {
		t.Errorf("member: %+v", r)
	}
	if r := rightsFor(stranger, x); r != (Rights{}) || canSee(stranger, x.OrgID) {
		t.Errorf("stranger: %+v", r)
	}
	x.Status = StatusClaimed
	if r := rightsFor(staff, x); !r.Settle || r.Decide || r.Claim {
		t.Errorf("staff on claimed: %+v", r)
	}
}
