package groups

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/community"
)

func TestAccessOf(t *testing.T) {
	for _, c := range []struct {
		name         string
		st           community.Standing
		member, lead bool
		want         Access
	}{
		{"admin", community.Admin, false, false, Access{See: true, Inner: true, Runs: true, Board: true}},
		{"board", community.Board, false, false, Access{See: true, Inner: true, Runs: true, Board: true}},
		{"a member in the group", community.Member, true, false, Access{See: true, Inner: true}},
		{"a lead", community.Member, true, true, Access{See: true, Inner: true, Runs: true}},
		{"a member not in the group", community.Member, false, false, Access{See: true}},
		{"the vendor's liaison", community.Liaison, false, false, Access{}},
		{"an outsider", community.Outsider, true, true, Access{}},
	} {
		if got := accessOf(c.st, c.member, c.lead); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestCheckMeeting(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	s := func(v string) *string { return &v }
	for _, c := range []struct {
		name  string
		in    MeetingInput
		field string // "" when taken
		start time.Time
	}{
		{"local time", MeetingInput{StartsAt: s("2026-03-05T14:00"), Place: s("Hamburg")}, "", time.Date(2026, 3, 5, 13, 0, 0, 0, time.UTC)},
		{"summer time", MeetingInput{StartsAt: s("2026-07-01T09:30"), Link: s("https://meet.example/wg")}, "", time.Date(2026, 7, 1, 7, 30, 0, 0, time.UTC)},
		{"no start", MeetingInput{Place: s("Köln")}, "starts_at", time.Time{}},
		{"a bad start", MeetingInput{StartsAt: s("morgen"), Place: s("Köln")}, "starts_at", time.Time{}},
		{"neither place nor link", MeetingInput{StartsAt: s("2026-03-05T14:00")}, "place", time.Time{}},
		{"a link that is no address", MeetingInput{StartsAt: s("2026-03-05T14:00"), Link: s("javascript:alert(1)")}, "link", time.Time{}},
	} {
		var m Meeting
		err := checkMeeting(&m, c.in, true, berlin)
		if c.field == "" {
			if err != nil || !m.StartsAt.Equal(c.start) {
				t.Errorf("%s: %v, %v; want %v", c.name, m.StartsAt, err, c.start)
			}
			continue
		}
		if !onField(err, c.field) {
			t.Errorf("%s: %v, want an error on %s", c.name, err, c.field)
		}
	}
}

func TestCheckGroup(t *testing.T) {
	s := func(v string) *string { return &v }
	var g Group
	if err := checkGroup(&g, GroupInput{Kind: s(KindRegional), NameDE: s("Region Nord"), NameEN: s("North")}, true, nil); !onField(err, "region") {
		t.Errorf("a regional group without a region: %v", err)
	}
	g = Group{}
	if err := checkGroup(&g, GroupInput{Kind: s(KindThematic), NameDE: s("Cloud"), Region: s("Nord")}, true, nil); !onField(err, "name_en") {
		t.Errorf("a group without its English name: %v", err)
	}
	g = Group{}
	if err := checkGroup(&g, GroupInput{Kind: s(KindThematic), NameDE: s("Cloud"), NameEN: s("Cloud"), Region: s("Nord")}, true, nil); err != nil || g.Region != "" {
		t.Errorf("a thematic group keeps no region: %q, %v", g.Region, err)
	}
	// With the board's regions, a regional group is set up for one of
	// them; one whose region left the list keeps it until it changes.
	offices := []string{"Niederlassung Hamburg", "Niederlassung München"}
	g = Group{}
	if err := checkGroup(&g, GroupInput{Kind: s(KindRegional), NameDE: s("Nord"), NameEN: s("North"), Region: s("Hamburg")}, true, offices); !onField(err, "region") {
		t.Errorf("a region not in the list: %v", err)
	}
	g = Group{}
	if err := checkGroup(&g, GroupInput{Kind: s(KindRegional), NameDE: s("Nord"), NameEN: s("North"), Region: s("Niederlassung Hamburg")}, true, offices); err != nil {
		t.Errorf("a region of the list: %v", err)
	}
	g = Group{Kind: KindRegional, NameDE: "West", NameEN: "West", Region: "Niederlassung Köln"}
	if err := checkGroup(&g, GroupInput{Description: s("Treffen in Köln")}, false, offices); err != nil || g.Region != "Niederlassung Köln" {
		t.Errorf("a group whose region left the list, described: %q, %v", g.Region, err)
	}
	if err := checkGroup(&g, GroupInput{Region: s("Niederlassung Köln ")}, false, offices); !onField(err, "region") {
		t.Errorf("a group whose region left the list, set to it again: %v", err)
	}
}

func TestCheckRegions(t *testing.T) {
	cases := []struct {
		name  string
		lines []string
		want  []string
		field string
	}{
		{"blank lines and spaces", []string{" Niederlassung Hamburg ", "", "Niederlassung Berlin", "  "}, []string{"Niederlassung Hamburg", "Niederlassung Berlin"}, ""},
		{"none", []string{"", " "}, nil, ""},
		{"twice, in another case", []string{"Nord", "Süd", "NORD"}, nil, "regions.3"},
		{"too long", []string{"Nord", strings.Repeat("x", MaxName+1)}, nil, "regions.2"},
		{"a control character", []string{"Nord\x00"}, nil, "regions.1"},
		{"too many", func() []string {
			var l []string
			for i := range MaxRegions + 1 {
				l = append(l, fmt.Sprintf("Region %d", i))
			}
			return l
		}(), nil, "regions"},
	}
	for _, c := range cases {
		got, err := CheckRegions(c.lines)
		if c.field == "" {
			if err != nil || !slices.Equal(got, c.want) {
				t.Errorf("%s: %q, %v", c.name, got, err)
			}
			continue
		}
		if !onField(err, c.field) {
			t.Errorf("%s: %v, want an error on %s", c.name, err, c.field)
		}
	}
}

func TestQuarters(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	qs, start, end, err := Quarters("2025-Q4", "2026-Q2", berlin)
	if err != nil || !slices.Equal(qs, []string{"2025-Q4", "2026-Q1", "2026-Q2"}) {
		t.Fatalf("quarters: %v, %v", qs, err)
	}
	if want := time.Date(2025, 9, 30, 22, 0, 0, 0, time.UTC); !start.Equal(want) {
		t.Errorf("start %v, want %v", start, want)
	}
	if want := time.Date(2026, 6, 30, 22, 0, 0, 0, time.UTC); !end.Equal(want) {
		t.Errorf("end %v, want %v", end, want)
	}
	for _, c := range []struct{ from, to, field string }{
		{"2026-Q5", "2026-Q1", "from"},
		{"2026-Q2", "2026-Q1", "to"},
		{"2020-Q1", "2026-Q1", "from"},
	} {
		if _, _, _, err := Quarters(c.from, c.to, berlin); !onField(err, c.field) {
			t.Errorf("%s..%s: %v, want an error on %s", c.from, c.to, err, c.field)
		}
	}
}

func TestTally(t *testing.T) {
	on := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }
	got := Tally([]community.Attendance{
		{OrgID: "a", Where: "event:1", On: on(1, 10)},
		{OrgID: "a", Where: "event:1", On: on(2, 10)},
		{OrgID: "a", Where: "event:1", On: on(4, 1)},
		{OrgID: "b", Where: "event:2", On: on(1, 10)},
	}, time.UTC)
	want := []Count{{"a", "event:1", "2026-Q1", 2}, {"a", "event:1", "2026-Q2", 1}, {"b", "event:2", "2026-Q1", 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tally %v, want %v", got, want)
	}
}

// Aggregate counts an organisation once per group and quarter however
// many of its people were in the group or attended; attending a group's
// meeting counts as taking part in it; events count apart; members who
// took part in nothing are idle; others' stays and counts are left out.
func TestAggregate(t *testing.T) {
	quarters := []string{"2026-Q1", "2026-Q2"}
	starts := []time.Time{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
	end := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	at := func(m time.Month) time.Time { return time.Date(2026, m, 15, 0, 0, 0, 0, time.UTC) }
	members := []Named{{"alpha", "Alpha"}, {"beta", "Beta"}, {"gamma", "Gamma"}, {"delta", "Delta"}, {"eps", "Epsilon"}}
	groups := []Named{{"sec", "Security"}, {"mkt", "Marketing"}}
	stays := []Stay{
		// Two of Alpha's people in Security all along: one organisation.
		{OrgID: "alpha", GroupID: "sec", Joined: at(1).AddDate(-1, 0, 0)},
		{OrgID: "alpha", GroupID: "sec", Joined: at(2)},
		// Beta in Marketing for the first quarter only.
		{OrgID: "beta", GroupID: "mkt", Joined: at(1).AddDate(0, -6, 0), Left: at(2)},
		// A former member and a deleted group: left out.
		{OrgID: "gone", GroupID: "sec", Joined: at(1)},
		{OrgID: "delta", GroupID: "deleted", Joined: at(1)},
	}
	counts := []Count{
		{"alpha", "group:sec", "2026-Q1", 3},
		// Gamma attended Marketing's meeting without being in it.
		{"gamma", "group:mkt", "2026-Q2", 1},
		{"beta", "event:fair", "2026-Q2", 2},
		{"gone", "group:sec", "2026-Q1", 5},
		{"alpha", "group:sec", "2025-Q4", 9},
		{"delta", "group:deleted", "2026-Q1", 1},
	}
	p := Aggregate(quarters, starts, end, members, groups, stays, counts)
	type row struct {
		Cells []Cell
		Total Cell
		Idle  bool
	}
	gotOrgs := map[string]row{}
	for _, o := range p.Orgs {
		gotOrgs[o.OrgID] = row{o.Cells, o.Total, o.Idle}
	}
	wantOrgs := map[string]row{
		"alpha": {[]Cell{{Groups: 1, Meetings: 3}, {Groups: 1}}, Cell{Groups: 1, Meetings: 3}, false},
		"beta":  {[]Cell{{Groups: 1}, {Events: 2}}, Cell{Groups: 1, Events: 2}, false},
		"gamma": {[]Cell{{}, {Groups: 1, Meetings: 1}}, Cell{Groups: 1, Meetings: 1}, false},
		"delta": {[]Cell{{}, {}}, Cell{}, true},
		"eps":   {[]Cell{{}, {}}, Cell{}, true},
	}
	if !reflect.DeepEqual(gotOrgs, wantOrgs) {
		t.Errorf("organisations %+v, want %+v", gotOrgs, wantOrgs)
	}
	gotGroups := map[string]row{}
	for _, g := range p.Groups {
		gotGroups[g.GroupID] = row{Cells: g.Cells, Total: g.Total}
	}
	wantGroups := map[string]row{
		"sec": {Cells: []Cell{{Orgs: 1, Meetings: 3}, {Orgs: 1}}, Total: Cell{Orgs: 1, Meetings: 3}},
		"mkt": {Cells: []Cell{{Orgs: 1}, {Orgs: 1, Meetings: 1}}, Total: Cell{Orgs: 2, Meetings: 1}},
	}
	if !reflect.DeepEqual(gotGroups, wantGroups) {
		t.Errorf("groups %+v, want %+v", gotGroups, wantGroups)
	}
	var idle []string
	for _, o := range p.Idle {
		idle = append(idle, o.OrgID)
	}
	if !slices.Equal(idle, []string{"delta", "eps"}) || p.From != "2026-Q1" || p.To != "2026-Q2" {
		t.Errorf("idle %v, period %s..%s", idle, p.From, p.To)
	}
}

func onField(err error, field string) bool {
	x, ok := apperr.As(err)
	if !ok || x.Code != apperr.Invalid {
		return false
	}
	for _, f := range x.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}
