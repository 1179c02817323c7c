package steering

import (
	"testing"
	"time"
)

func TestTallyOf(t *testing.T) {
	tests := []struct {
		name string
		act  Activity
		sign int64
		want Tally
	}{
		{"a proactive meeting with the CEO", Activity{Personal: true, CLevel: true, InitiatedBy: InitiatedByUs, Minutes: 90}, 1,
			Tally{Activities: 1, Personal: 1, CLevel: 1, Proactive: 1, Minutes: 90}},
		{"a reactive e-mail", Activity{InitiatedBy: InitiatedByPartner, Minutes: 15}, 1, Tally{Activities: 1, Minutes: 15}},
		{"deleting a reactive call takes it back", Activity{Personal: true, InitiatedBy: InitiatedByPartner, Minutes: 30}, -1,
			Tally{Activities: -1, Personal: -1, Minutes: -30}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tallyOf(&tt.act, tt.sign); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestLastQuarters(t *testing.T) {
	got, from, to := lastQuarters(time.Date(2027, 2, 10, 23, 0, 0, 0, time.UTC), 4)
	want := []string{"2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"}
	if len(got) != 4 || got[0] != want[0] || got[3] != want[3] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("quarters %v, want %v", got, want)
	}
	if !from.Equal(d("2026-04-01")) || !to.Equal(d("2027-04-01")) {
		t.Errorf("range %v – %v, want 2026-04-01 – 2027-04-01", from, to)
	}
}

func TestMedianAndAverage(t *testing.T) {
	tests := []struct {
		values        []int
		median, tenth *int
	}{
		{nil, nil, nil},
		{[]int{40}, ptr(40), ptr(400)},
		{[]int{90, 10, 30}, ptr(30), ptr(433)},
		{[]int{10, 20, 30, 40}, ptr(20), ptr(250)},
		{[]int{9, 10}, ptr(9), ptr(95)},
		{[]int{7, 8, 8}, ptr(8), ptr(77)},
	}
	for _, tt := range tests {
		if got := median(tt.values); !samePtr(got, tt.median) {
			t.Errorf("median(%v) = %v, want %v", tt.values, show(got), show(tt.median))
		}
		if got := averageTenths(tt.values); !samePtr(got, tt.tenth) {
			t.Errorf("averageTenths(%v) = %v, want %v", tt.values, show(got), show(tt.tenth))
		}
	}
}

func ptr(n int) *int { return &n }

func samePtr(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func show(p *int) any {
	if p == nil {
		return "nil"
	}
	return *p
}

// The team view's rules: each partner counts for its manager and the team;
// the shares are of the activities; cadence kept counts only partners with
// a cadence; conversion is of the decided prospects; the time to the first
// deal is the median from the partner's start; satisfaction the average.
func TestTeamFigures(t *testing.T) {
	today := d("2027-03-01")
	quarters := []string{"2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"}
	partners := []Contact{
		// Maria's hero, spoken to in time; her candidate, overdue.
		{OrgID: "h1", ManagerID: "maria", Quadrant: "hero", CreatedAt: d("2026-01-01"), LastPersonal: d("2027-02-20")},
		{OrgID: "c1", ManagerID: "maria", Quadrant: "candidate", CreatedAt: d("2026-01-01"), LastPersonal: d("2026-12-01")},
		// Tom's vampire has no cadence and does not count for cadence kept.
		{OrgID: "v1", ManagerID: "tom", Quadrant: "vampire", CreatedAt: d("2026-06-01")},
		// Tom's hero, never spoken to since its start a year ago.
		{OrgID: "h2", ManagerID: "tom", Quadrant: "hero", CreatedAt: d("2026-03-01")},
		// A partner without manager counts for the team only.
		{OrgID: "n1", Quadrant: "", Tier: "gold", CreatedAt: d("2026-01-01")},
	}
	in := teamInput{
		Managers: []Manager{{"maria", "Maria Vogt"}, {"tom", "Tom Reiter"}, {"idle", "Ida Leer"}},
		Partners: partners, Cadences: DefaultCadences, Today: today, Quarters: quarters,
		Tallies: []OrgTally{
			{"h1", "2026-Q4", Tally{Activities: 4, Personal: 4, CLevel: 3, Proactive: 4, Minutes: 240}},
			{"h1", "2027-Q1", Tally{Activities: 3, Personal: 3, CLevel: 3, Proactive: 3, Minutes: 160}},
			{"c1", "2027-Q1", Tally{Activities: 3, Personal: 2, CLevel: 2, Proactive: 2, Minutes: 140}},
			// A quarter before the view's does not count.
			{"h1", "2025-Q4", Tally{Activities: 100, CLevel: 100}},
			{"v1", "2027-Q1", Tally{Activities: 9, Personal: 7, CLevel: 1, Proactive: 2, Minutes: 840}},
			{"h2", "2027-Q1", Tally{Activities: 1, Personal: 1, Minutes: 60}},
			{"n1", "2026-Q2", Tally{Activities: 2, Proactive: 2, Minutes: 60}},
			// Nor does an organisation that is no partner (a prospect).
			{"p9", "2027-Q1", Tally{Activities: 50, CLevel: 50}},
		},
		Quadrants:  []string{"hero", "candidate", "shadow", "vampire"},
		Prospects:  map[string]map[string]int{"maria": {"won": 3, "lost": 1, "qualified": 2}, "tom": {"identified": 5}, "recruiter": {"lost": 2}},
		Stages:     []string{"identified", "qualified", "won", "lost"},
		FirstDeals: map[string]time.Time{"h1": d("2026-03-02"), "c1": d("2026-05-01"), "v1": d("2026-01-01")},
		Scores:     map[string]int{"h1": 9, "c1": 10, "h2": 4},
	}
	team := teamFigures(in)
	rows := map[string]ManagerFigures{}
	for _, m := range team.Managers {
		rows[m.ManagerID] = m
	}
	maria, tom, idle, total := rows["maria"], rows["tom"], rows["idle"], team.Total

	tests := []struct {
		name      string
		got, want any
	}{
		{"rows: every manager, none for a recruiter owning prospects", len(team.Managers), 3},
		{"Maria's partners", maria.Partners, 2},
		{"Maria's activities in the view's quarters only", maria.Activities, int64(10)},
		{"Maria's C-level share", show(maria.CLevelPct), 80},
		{"Maria's proactive share", show(maria.ProactivePct), 90},
		{"Maria's C-level share in 2027-Q1", show(maria.Quarters[3].CLevelShare()), 83},
		{"Maria's quarter without activities", show(maria.Quarters[0].CLevelShare()), "nil"},
		{"Maria kept the cadence with one of two", show(maria.KeptPct), 50},
		{"Tom's C-level share", show(tom.CLevelPct), 10},
		{"Tom's proactive share", show(tom.ProactivePct), 20},
		{"Tom's vampire has no cadence, his hero is overdue", [2]int{tom.WithCadence, tom.Kept}, [2]int{1, 0}},
		{"Tom's hours with the vampire", tom.Quadrants[len(tom.Quadrants)-1], QuadrantFigures{Quadrant: "vampire", Partners: 1, Activities: 9, Minutes: 840}},
		{"Maria's quadrants in display order", [2]string{maria.Quadrants[0].Quadrant, maria.Quadrants[1].Quadrant}, [2]string{"hero", "candidate"}},
		{"a manager without partners has no shares", [3]any{idle.Partners, show(idle.CLevelPct), show(idle.KeptPct)}, [3]any{0, "nil", "nil"}},
		{"Maria's conversion: 3 of 4 decided", show(maria.ConversionPct), 75},
		{"Tom decided none", show(tom.ConversionPct), "nil"},
		{"Maria's median days to a first deal", [2]any{show(maria.FirstDealDays), maria.WithFirstDeal}, [2]any{60, 2}},
		{"a deal before the start counts as day 0", show(tom.FirstDealDays), 0},
		{"Maria's satisfaction", [2]any{show(maria.SatisfactionTenths), maria.Answers}, [2]any{95, 2}},
		{"team partners", total.Partners, 5},
		{"team activities, the partner without manager included", total.Activities, int64(22)},
		{"team C-level share", show(total.CLevelPct), 40},
		{"team cadence kept: h1 of h1, c1, h2, n1 (gold has none)", [2]int{total.WithCadence, total.Kept}, [2]int{3, 1}},
		{"team prospects won", total.Prospects[2], StageCount{"won", 3}},
		{"team conversion: 3 of 6", show(total.ConversionPct), 50},
		{"team satisfaction", show(total.SatisfactionTenths), 77},
		{"team quadrant of the unassessed", total.Quadrants[len(total.Quadrants)-1], QuadrantFigures{Quadrant: "", Partners: 1, Activities: 2, Minutes: 60}},
		{"hooks wired", [3]bool{team.Pipeline, team.Deals, team.Satisfaction}, [3]bool{true, true, true}},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}

	// Without the pipeline, deals and the survey the view says so and
	// counts none of them.
	bare := teamFigures(teamInput{Managers: in.Managers, Partners: partners, Cadences: DefaultCadences, Today: today, Quarters: quarters})
	if bare.Pipeline || bare.Deals || bare.Satisfaction || bare.Total.SatisfactionTenths != nil || bare.Total.Prospects != nil || bare.Total.FirstDealDays != nil {
		t.Errorf("without hooks: %+v", bare.Total)
	}
}
