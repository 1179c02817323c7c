package survey

import (
	"testing"
	"time"

	"pakt/internal/auth"
)

func TestNPS(t *testing.T) {
	for _, c := range []struct {
		name   string
		scores []int
		want   int
		ok     bool
	}{
		{"no answers", nil, 0, false},
		{"all promoters", []int{9, 10, 10}, 100, true},
		{"all detractors", []int{0, 3, 6}, -100, true},
		{"passives count in the total only", []int{7, 8, 9, 10}, 50, true},
		{"mixed", []int{10, 9, 8, 6, 2}, 0, true},
		{"one third rounds down", []int{10, 7, 8}, 33, true},
		{"two thirds round up", []int{10, 9, 8}, 67, true},
		{"negative halves round away from zero", []int{6, 6, 6, 9, 7, 7, 7, 7}, -25, true},
		{"minus a sixth", []int{0, 7, 7, 7, 7, 7}, -17, true},
	} {
		got, ok := NPS(c.scores)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: NPS(%v) = %d, %v; want %d, %v", c.name, c.scores, got, ok, c.want, c.ok)
		}
	}
}

func TestAverage(t *testing.T) {
	for _, c := range []struct {
		values []int
		want   int
		ok     bool
	}{
		{nil, 0, false},
		{[]int{4}, 40, true},
		{[]int{4, 5}, 45, true},
		{[]int{1, 2, 2}, 17, true},
		{[]int{5, 5, 4}, 47, true},
	} {
		got, ok := Average(c.values)
		if got != c.want || ok != c.ok {
			t.Errorf("Average(%v) = %d, %v; want %d, %v", c.values, got, ok, c.want, c.ok)
		}
	}
}

var (
	admin   = &auth.Actor{UserID: "a", Role: auth.RoleAdmin}
	manager = &auth.Actor{UserID: "m", Role: auth.RoleManager}
	padmin  = &auth.Actor{UserID: "p", Role: auth.RolePartnerAdmin, OrgID: "o"}
	recruit = &auth.Actor{UserID: "r", Role: auth.RoleRecruiter}
)

func TestNameShown(t *testing.T) {
	for _, c := range []struct {
		who    string
		a      *auth.Actor
		agreed bool
		want   bool
	}{
		{"admin, agreed", admin, true, true},
		{"admin, not agreed", admin, false, true},
		{"manager, agreed", manager, true, true},
		{"manager, not agreed", manager, false, false},
		{"partner admin, agreed", padmin, true, false},
		{"recruiter, agreed", recruit, true, false},
		{"anonymous, agreed", nil, true, false},
	} {
		if got := NameShown(c.a, c.agreed); got != c.want {
			t.Errorf("%s: NameShown = %v, want %v", c.who, got, c.want)
		}
	}
}

func TestSuppressed(t *testing.T) {
	for _, c := range []struct {
		who  string
		a    *auth.Actor
		n    int
		want bool
	}{
		{"manager, no answers", manager, 0, false},
		{"manager, one answer", manager, 1, true},
		{"manager, two answers", manager, 2, true},
		{"manager, three answers", manager, 3, false},
		{"admin, one answer", admin, 1, false},
	} {
		if got := Suppressed(c.a, c.n); got != c.want {
			t.Errorf("%s: Suppressed = %v, want %v", c.who, got, c.want)
		}
	}
}

func TestSummariseHidesSmallGroupsFromManagers(t *testing.T) {
	qs := []Question{{Position: 1, Kind: KindScale}, {Position: 2, Kind: KindText}, {Position: 3, Kind: KindScale}}
	scale := func(n int) *int { return &n }
	two := []*Answer{
		{Score: 10, Values: []Value{{Position: 1, Scale: scale(5)}, {Position: 2, Text: "gut"}}},
		{Score: 4, Values: []Value{{Position: 1, Scale: scale(2)}, {Position: 3, Scale: scale(3)}}},
	}
	g := summarise(admin, "k", "K", two, qs)
	if g.Suppressed || g.NPS == nil || *g.NPS != 0 || g.Promoters != 1 || g.Detractors != 1 || g.Score != 70 {
		t.Errorf("admin's group: %+v", g)
	}
	if g.Averages[0] != 35 || g.Averages[1] != 0 || g.Averages[2] != 30 {
		t.Errorf("averages %v, want [35 0 30]", g.Averages)
	}
	g = summarise(manager, "k", "K", two, qs)
	if !g.Suppressed || g.NPS != nil || g.Promoters != 0 || g.Score != 0 || g.Averages[0] != 0 || g.Answers != 2 {
		t.Errorf("manager's small group shows figures: %+v", g)
	}
	three := append(two, &Answer{Score: 8})
	g = summarise(manager, "k", "K", three, qs)
	if g.Suppressed || g.NPS == nil || *g.NPS != 0 || g.Passives != 1 {
		t.Errorf("manager's group of three: %+v", g)
	}
}

func TestDue(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name     string
		interval int
		last     time.Time
		want     bool
	}{
		{"off", 0, time.Time{}, false},
		{"never a round", 6, time.Time{}, true},
		{"five months ago", 6, now.AddDate(0, -5, 0), false},
		{"six months ago to the minute", 6, now.AddDate(0, -6, 0), true},
		{"a minute short of six months", 6, now.AddDate(0, -6, 0).Add(time.Minute), false},
		{"a year ago, every three months", 3, now.AddDate(-1, 0, 0), true},
	} {
		if got := Due(c.interval, c.last, now); got != c.want {
			t.Errorf("%s: Due = %v, want %v", c.name, got, c.want)
		}
	}
}
