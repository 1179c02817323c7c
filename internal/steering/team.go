package steering

import (
	"slices"
	"time"

	"pakt/internal/i18n"
)

// TeamQuarters is how many quarters, the current one included, the team
// view shows.
const TeamQuarters = 4

// Tally counts activities: all, the personal ones, those with a C-level
// contact, those we initiated, and their minutes.
type Tally struct {
	Activities int64 `json:"activities"`
	Personal   int64 `json:"personal"`
	CLevel     int64 `json:"c_level" doc:"activities in which a contact flagged C-level took part"`
	Proactive  int64 `json:"proactive" doc:"activities we initiated"`
	Minutes    int64 `json:"minutes"`
}

// Add returns the sum of t and u.
func (t Tally) Add(u Tally) Tally {
	return Tally{t.Activities + u.Activities, t.Personal + u.Personal, t.CLevel + u.CLevel, t.Proactive + u.Proactive, t.Minutes + u.Minutes}
}

// CLevelShare is the percentage of activities with a C-level contact, nil
// without activities.
func (t Tally) CLevelShare() *int { return Percent(t.CLevel, t.Activities) }

// ProactiveShare is the percentage of activities we initiated, nil without
// activities.
func (t Tally) ProactiveShare() *int { return Percent(t.Proactive, t.Activities) }

// tallyOf counts one activity, sign 1 when it is recorded and -1 when it
// is deleted.
func tallyOf(a *Activity, sign int64) Tally {
	t := Tally{Activities: sign, Minutes: sign * int64(a.Minutes)}
	if a.Personal {
		t.Personal = sign
	}
	if a.CLevel {
		t.CLevel = sign
	}
	if a.InitiatedBy != InitiatedByPartner {
		t.Proactive = sign
	}
	return t
}

// quarterOf is the quarter ("2027-Q1") of an activity's day.
func quarterOf(day time.Time) string { return i18n.Quarter(day, time.UTC) }

// lastQuarters returns the n quarters up to and including today's, oldest
// first, with the first day of the oldest and the day after the newest.
func lastQuarters(today time.Time, n int) (quarters []string, from, to time.Time) {
	from, _ = i18n.ParseQuarter(quarterOf(day(today)))
	from = from.AddDate(0, -3*(n-1), 0)
	quarters = make([]string, n)
	for i := range quarters {
		quarters[i] = quarterOf(from.AddDate(0, 3*i, 0))
	}
	return quarters, from, from.AddDate(0, 3*n, 0)
}

// OrgTally counts an organisation's activities of a quarter.
type OrgTally struct {
	OrgID   string
	Quarter string
	Tally
}

// QuarterFigures are the activities of one quarter.
type QuarterFigures struct {
	Quarter string `json:"quarter"`
	Tally
}

// QuadrantFigures are the activities and time with the partners of one
// quadrant ("" for partners not assessed) over the view's quarters.
type QuadrantFigures struct {
	Quadrant   string `json:"quadrant" doc:"the partners' quadrant today; empty for partners not assessed"`
	Partners   int    `json:"partners"`
	Activities int64  `json:"activities"`
	Minutes    int64  `json:"minutes"`
}

// StageCount is how many prospects stand at a stage.
type StageCount struct {
	Stage string `json:"stage"`
	Count int    `json:"count"`
}

// ManagerFigures are how one manager works, or the whole team: the
// activities with the partners it is responsible for (organisations'
// manager) over the view's quarters and per quarter, the contact cadence
// kept today, time and activities per quadrant, its prospects and
// conversion, its partners' time to their first deal and their
// satisfaction.
type ManagerFigures struct {
	ManagerID string `json:"manager_id" doc:"empty for the team's totals"`
	Name      string `json:"name"`
	Partners  int    `json:"partners" doc:"partners this manager is responsible for"`
	Tally
	// CLevelPct and ProactivePct are the shares of Tally, in percent.
	CLevelPct    *int              `json:"c_level_share" doc:"percentage of the activities with a C-level contact; null without activities"`
	ProactivePct *int              `json:"proactive_share" doc:"percentage of the activities we initiated (proactive); null without activities"`
	Quarters     []QuarterFigures  `json:"quarters" doc:"per quarter, oldest first"`
	Quadrants    []QuadrantFigures `json:"quadrants"`
	// WithCadence counts the partners with a contact cadence, Kept those
	// of them not overdue today.
	WithCadence int  `json:"with_cadence"`
	Kept        int  `json:"cadence_kept"`
	KeptPct     *int `json:"cadence_kept_share" doc:"percentage of the partners with a cadence that are not overdue today; null when none has a cadence"`
	// Prospects are the prospects this manager owns per stage, in the
	// pipeline's order.
	Prospects []StageCount `json:"prospects"`
	// ConversionPct is the share of its decided prospects (won or lost)
	// that were won.
	ConversionPct *int `json:"conversion" doc:"percentage of the decided prospects (won or lost) that were won; null when none was decided"`
	// FirstDealDays is the median of days from a partner's start in pakt to
	// its first won deal, over the partners with one.
	FirstDealDays *int `json:"first_deal_days" doc:"median days from a partner's start to its first won deal, over the partners with one; null when none has one"`
	WithFirstDeal int  `json:"with_first_deal"`
	// SatisfactionTenths is the partners' average recommendation score
	// (0–10) in tenths, over the partners who answered.
	SatisfactionTenths *int `json:"satisfaction_tenths" doc:"the partners' average 0–10 recommendation score in tenths; null without answers"`
	Answers            int  `json:"answers"`
}

// Team is the team view: each manager's figures and the team's.
type Team struct {
	Quarters []string         `json:"quarters" doc:"the view's quarters, oldest first"`
	Managers []ManagerFigures `json:"managers" doc:"an admin sees every manager, a partner manager only itself"`
	Total    ManagerFigures   `json:"total" doc:"the whole team, every partner included"`
	// Pipeline, Deals and Satisfaction say whether the prospects, the
	// first deals and the satisfaction are counted (their hooks set).
	Pipeline     bool `json:"pipeline"`
	Deals        bool `json:"deals"`
	Satisfaction bool `json:"satisfaction"`
}

// teamInput is what the team view is worked out from.
type teamInput struct {
	// Managers are the staff who can be responsible for partners, id →
	// name, in display order.
	Managers []Manager
	// Partners are the partners with their manager, quadrant, start and
	// last personal contact.
	Partners []Contact
	Cadences []Cadence
	Today    time.Time
	Quarters []string
	// Tallies are the activities per organisation and quarter; those of
	// organisations that are not among Partners, or of other quarters,
	// do not count.
	Tallies []OrgTally
	// Quadrants are the quadrant names in display order.
	Quadrants []string
	// Prospects counts prospects per owner and stage, Stages in order;
	// nil when the pipeline is not counted.
	Prospects map[string]map[string]int
	Stages    []string
	// FirstDeals is each partner's first won deal; nil when not counted.
	FirstDeals map[string]time.Time
	// Scores is each partner's latest 0–10 score; nil when not counted.
	Scores map[string]int
}

// Manager is a member of staff who can be responsible for partners.
type Manager struct {
	ID   string
	Name string
}

// Stage names of the pipeline the conversion counts.
const (
	stageWon  = "won"
	stageLost = "lost"
)

// teamFigures works out the team view: one row per manager (every manager
// given, and anyone else named responsible for a partner) and the team's
// totals over every partner and prospect.
func teamFigures(in teamInput) *Team {
	t := &Team{Quarters: in.Quarters, Managers: []ManagerFigures{}, Pipeline: in.Prospects != nil, Deals: in.FirstDeals != nil, Satisfaction: in.Scores != nil}
	blank := func(id string) *ManagerFigures {
		m := &ManagerFigures{ManagerID: id, Quarters: make([]QuarterFigures, len(in.Quarters)), Quadrants: []QuadrantFigures{}}
		for i, q := range in.Quarters {
			m.Quarters[i].Quarter = q
		}
		if in.Prospects != nil {
			m.Prospects = make([]StageCount, len(in.Stages))
			for i, s := range in.Stages {
				m.Prospects[i].Stage = s
			}
		}
		return m
	}
	rows := map[string]*ManagerFigures{}
	var order []string
	row := func(id string) *ManagerFigures {
		if rows[id] == nil {
			rows[id] = blank(id)
			order = append(order, id)
		}
		return rows[id]
	}
	for _, m := range in.Managers {
		row(m.ID).Name = m.Name
	}
	total := blank("")
	days := map[*ManagerFigures][]int{}
	scores := map[*ManagerFigures][]int{}
	quadrants := map[*ManagerFigures]map[string]*QuadrantFigures{}
	overdue := map[string]bool{}
	for _, o := range OverdueList(in.Partners, in.Cadences, in.Today) {
		overdue[o.OrgID] = true
	}
	// targets are the rows a partner or prospect of manager id counts in.
	targets := func(id string) []*ManagerFigures {
		if id == "" {
			return []*ManagerFigures{total}
		}
		return []*ManagerFigures{total, row(id)}
	}
	// Each partner's activities count for its manager and the team, per
	// quarter, and for its quadrant over all the quarters.
	at := make(map[string]int, len(in.Quarters))
	for i, q := range in.Quarters {
		at[q] = i
	}
	managerOf := make(map[string]string, len(in.Partners))
	for _, p := range in.Partners {
		managerOf[p.OrgID] = p.ManagerID
	}
	perOrg := map[string]Tally{}
	for _, t := range in.Tallies {
		manager, partner := managerOf[t.OrgID]
		i, counted := at[t.Quarter]
		if !partner || !counted {
			continue
		}
		perOrg[t.OrgID] = perOrg[t.OrgID].Add(t.Tally)
		for _, m := range targets(manager) {
			m.Quarters[i].Tally = m.Quarters[i].Tally.Add(t.Tally)
			m.Tally = m.Tally.Add(t.Tally)
		}
	}
	for _, p := range in.Partners {
		_, hasCadence := CadenceFor(p.Quadrant, p.Tier, in.Cadences)
		first, dealt := in.FirstDeals[p.OrgID]
		score, answered := in.Scores[p.OrgID]
		for _, m := range targets(p.ManagerID) {
			m.Partners++
			if hasCadence {
				m.WithCadence++
				if !overdue[p.OrgID] {
					m.Kept++
				}
			}
			if dealt {
				days[m] = append(days[m], max(daysBetween(p.CreatedAt, first), 0))
			}
			if answered {
				scores[m] = append(scores[m], score)
			}
			if quadrants[m] == nil {
				quadrants[m] = map[string]*QuadrantFigures{}
			}
			q := quadrants[m][p.Quadrant]
			if q == nil {
				q = &QuadrantFigures{Quadrant: p.Quadrant}
				quadrants[m][p.Quadrant] = q
			}
			q.Partners++
			q.Activities += perOrg[p.OrgID].Activities
			q.Minutes += perOrg[p.OrgID].Minutes
		}
	}
	// Prospects count for their owner's row when it has one (a recruiter
	// has none) and always for the team.
	for owner, stages := range in.Prospects {
		counts := []*ManagerFigures{total}
		if m := rows[owner]; m != nil {
			counts = append(counts, m)
		}
		for _, m := range counts {
			for i, st := range in.Stages {
				m.Prospects[i].Count += stages[st]
			}
		}
	}
	finish := func(m *ManagerFigures) {
		m.CLevelPct, m.ProactivePct = m.CLevelShare(), m.ProactiveShare()
		m.KeptPct = Percent(int64(m.Kept), int64(m.WithCadence))
		var won, lost int
		for _, s := range m.Prospects {
			switch s.Stage {
			case stageWon:
				won = s.Count
			case stageLost:
				lost = s.Count
			}
		}
		m.ConversionPct = Percent(int64(won), int64(won+lost))
		m.WithFirstDeal, m.FirstDealDays = len(days[m]), median(days[m])
		m.Answers, m.SatisfactionTenths = len(scores[m]), averageTenths(scores[m])
		for _, q := range append(slices.Clone(in.Quadrants), "") {
			if f := quadrants[m][q]; f != nil {
				m.Quadrants = append(m.Quadrants, *f)
			}
		}
	}
	for _, id := range order {
		finish(rows[id])
		t.Managers = append(t.Managers, *rows[id])
	}
	finish(total)
	t.Total = *total
	return t
}

// median returns the middle of values (the lower of the two middle ones
// for an even count), nil for none.
func median(values []int) *int {
	if len(values) == 0 {
		return nil
	}
	v := slices.Clone(values)
	slices.Sort(v)
	m := v[(len(v)-1)/2]
	return &m
}

// averageTenths returns the average of values in tenths, rounded half up,
// nil for none.
func averageTenths(values []int) *int {
	if len(values) == 0 {
		return nil
	}
	sum := 0
	for _, v := range values {
		sum += v
	}
	a := (sum*20/len(values) + 1) / 2
	return &a
}
