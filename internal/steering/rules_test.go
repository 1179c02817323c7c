package steering

import (
	"testing"
	"time"
)

func d(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestCadenceFor(t *testing.T) {
	cads := append([]Cadence{{Scope: ScopeTier, Value: "gold", Days: 21}, {Scope: ScopeTier, Value: "silver", Days: 0}}, DefaultCadences...)
	tests := []struct {
		name, quadrant, tier string
		want                 int
		ok                   bool
	}{
		{"assessed hero uses the quadrant", "hero", "gold", 14, true},
		{"assessed candidate", "candidate", "", 30, true},
		{"not assessed uses the tier", "", "gold", 21, true},
		{"tier without cadence", "", "platinum", 0, false},
		{"zero days is none", "", "silver", 0, false},
		{"nothing known", "", "", 0, false},
		{"quadrant without cadence does not fall back to the tier", "unknown", "gold", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := CadenceFor(tt.quadrant, tt.tier, cads)
			if ok != tt.ok || c.Days != tt.want {
				t.Fatalf("got %d days (%v), want %d (%v)", c.Days, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestOverdueList(t *testing.T) {
	today := d("2027-03-31")
	cads := append([]Cadence{{Scope: ScopeTier, Value: "gold", Days: 10}}, DefaultCadences...)
	contacts := []Contact{
		{OrgID: "due", LegalName: "Due today", Quadrant: "hero", CreatedAt: d("2020-01-01"), LastPersonal: d("2027-03-17")},
		{OrgID: "one", LegalName: "One day late", Quadrant: "hero", CreatedAt: d("2020-01-01"), LastPersonal: d("2027-03-16")},
		{OrgID: "never", LegalName: "Never contacted", Quadrant: "candidate", CreatedAt: d("2027-01-30")},
		{OrgID: "newbie", LegalName: "New and not yet due", Quadrant: "candidate", CreatedAt: d("2027-03-20")},
		{OrgID: "tier", LegalName: "Gold by tier", Tier: "gold", CreatedAt: d("2020-01-01"), LastPersonal: d("2027-03-01")},
		{OrgID: "none", LegalName: "No cadence", Tier: "silver", CreatedAt: d("2020-01-01")},
		{OrgID: "same", LegalName: "Also one day late", Quadrant: "hero", CreatedAt: d("2020-01-01"), LastPersonal: d("2027-03-16")},
		// Left alone and observed: never overdue, however long ago.
		{OrgID: "vampire", LegalName: "Vampire never spoken to", Quadrant: "vampire", Tier: "gold", CreatedAt: d("2020-01-01")},
		{OrgID: "shadow", LegalName: "Shadow spoken to long ago", Quadrant: "shadow", Tier: "gold", CreatedAt: d("2020-01-01"), LastPersonal: d("2021-05-01")},
	}
	got := OverdueList(contacts, cads, today.Add(15*time.Hour))
	want := []struct {
		id   string
		late int
	}{{"never", 30}, {"tier", 20}, {"same", 1}, {"one", 1}}
	if len(got) != len(want) {
		t.Fatalf("got %d overdue %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		if got[i].OrgID != w.id || got[i].DaysOverdue != w.late {
			t.Errorf("place %d: got %s %d days, want %s %d days", i, got[i].OrgID, got[i].DaysOverdue, w.id, w.late)
		}
	}
	if got[0].LastPersonal != nil {
		t.Errorf("never contacted shows a last contact %v", got[0].LastPersonal)
	}
	if got[1].Cadence.Scope != ScopeTier {
		t.Errorf("got scope %q, want tier", got[1].Cadence.Scope)
	}
}

func TestPersonal(t *testing.T) {
	for kind, want := range map[string]bool{KindMeeting: true, KindCall: true, KindQBR: true, KindJourFixe: true, KindEmail: false, "fax": false} {
		if got := Personal(kind); got != want {
			t.Errorf("Personal(%q) = %v, want %v", kind, got, want)
		}
	}
}

func TestPeriodRange(t *testing.T) {
	tests := []struct{ in, from, to string }{
		{"2027", "2027-01-01", "2027-12-31"},
		{"2027-H1", "2027-01-01", "2027-06-30"},
		{"2027-H2", "2027-07-01", "2027-12-31"},
		{"2027-Q3", "2027-07-01", "2027-09-30"},
		{"2028-02", "2028-02-01", "2028-02-29"},
	}
	for _, tt := range tests {
		f, to, ok := PeriodRange(tt.in)
		if !ok || !f.Equal(d(tt.from)) || !to.Equal(d(tt.to)) {
			t.Errorf("%s: got %v–%v (%v), want %s–%s", tt.in, f, to, ok, tt.from, tt.to)
		}
	}
	for _, bad := range []string{"", "27", "2027-H3", "2027-13", "2027-q1", "1999"} {
		if _, _, ok := PeriodRange(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestPercent(t *testing.T) {
	if p := Percent(5, 0); p != nil {
		t.Errorf("no target: got %d, want none", *p)
	}
	if p := Percent(150, 100); p == nil || *p != 150 {
		t.Errorf("got %v, want 150", p)
	}
	if p := Percent(2, 3); p == nil || *p != 66 {
		t.Errorf("got %v, want 66", p)
	}
}

// What vampires cost: their activities and the money paid to them are
// summed per quarter of the report and per partner; other partners and
// days outside the quarters do not count.
func TestVampireCosts(t *testing.T) {
	vampires := map[string]Contact{"v1": {OrgID: "v1", LegalName: "Vampir Eins"}, "v2": {OrgID: "v2", LegalName: "Vampir Zwei"}}
	quarters := []string{"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"}
	acts := []spent{
		{"v1", d("2026-01-15"), 60}, {"v1", d("2026-03-31"), 30}, {"v1", d("2026-12-01"), 90},
		{"v2", d("2026-07-01"), 45},
		{"hero", d("2026-02-01"), 600}, // no vampire
		{"v2", d("2025-12-31"), 999},   // before the report
	}
	paid := []map[string]int64{{"v2": 50_000, "hero": 1_000_000}, {}, {"v1": 0}, {"v1": 20_000}}
	got := vampireCosts(vampires, quarters, acts, paid)
	type fig struct {
		acts, minutes int
		paid          int64
	}
	want := []fig{{2, 90, 50_000}, {0, 0, 0}, {1, 45, 0}, {1, 90, 20_000}}
	for i, w := range want {
		q := got.Quarters[i]
		if q.Quarter != quarters[i] || q.Activities != w.acts || q.Minutes != w.minutes || q.PaidMinor != w.paid {
			t.Errorf("%s: %+v, want %+v", quarters[i], q, w)
		}
	}
	if got.Total != (VampireFigures{Activities: 4, Minutes: 225, PaidMinor: 70_000}) || got.Vampires != 2 || !got.Money {
		t.Errorf("total %+v, vampires %d, money %v", got.Total, got.Vampires, got.Money)
	}
	if len(got.Partners) != 2 || got.Partners[0].OrgID != "v1" || got.Partners[0].Minutes != 180 || got.Partners[0].PaidMinor != 20_000 ||
		got.Partners[1].LegalName != "Vampir Zwei" || got.Partners[1].PaidMinor != 50_000 {
		t.Errorf("partners %+v", got.Partners)
	}
	if none := vampireCosts(vampires, quarters, nil, nil); none.Money || len(none.Partners) != 0 || none.Total != (VampireFigures{}) {
		t.Errorf("without activities and funds: %+v", none)
	}
}
