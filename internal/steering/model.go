// Package steering keeps partnerships alive: activities with partners
// (meetings, calls, e-mails, QBRs, jours fixes), a contact cadence per
// quadrant or tier that flags partners nobody has spoken to for too long,
// and partner plans with targets and actuals per period.
package steering

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"time"

	"pakt/internal/audit"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("activity", "create", "delete")
	_ = audit.Kind("cadences", "update")
	_ = audit.Kind("plan", "create", "update")
)

// Activity kinds.
const (
	KindMeeting  = "meeting"
	KindCall     = "call"
	KindEmail    = "email"
	KindQBR      = "qbr"
	KindJourFixe = "jour_fixe"
)

// Kinds lists the activity kinds in the order the form offers them.
var Kinds = []string{KindMeeting, KindCall, KindEmail, KindQBR, KindJourFixe}

// Who initiated an activity: we did (proactive) or the partner did
// (reactive).
const (
	InitiatedByUs      = "us"
	InitiatedByPartner = "partner"
)

// Initiators lists who may initiate an activity, in the form's order.
var Initiators = []string{InitiatedByUs, InitiatedByPartner}

// WarnVampire is the warning on time spent with a vampire (the portfolio's
// quadrant name): willing but not able, it is left alone.
const WarnVampire = quadrantVampire

// MaxActivityMinutes bounds the time of one activity: a day.
const MaxActivityMinutes = 24 * 60

// Personal reports whether an activity of kind is personal contact: talking
// to people counts, an e-mail does not.
func Personal(kind string) bool { return kind != KindEmail && slices.Contains(Kinds, kind) }

// Activity is one contact with a partner.
type Activity struct {
	ID           string    `json:"id"`
	OrgID        string    `json:"org_id"`
	Kind         string    `json:"kind" enum:"activity_kind"`
	On           time.Time `json:"on"`
	Participants string    `json:"participants"`
	Notes        string    `json:"notes"`
	Minutes      int       `json:"minutes" doc:"the time spent, in minutes; 0 when not given"`
	Personal     bool      `json:"personal"`
	// InitiatedBy says whether we (proactive) or the partner (reactive)
	// started the contact.
	InitiatedBy string `json:"initiated_by" enum:"initiated_by" doc:"us (proactive) or partner (reactive)"`
	// ContactIDs are the partner's contacts who took part.
	ContactIDs []string `json:"contact_ids" doc:"the partner's contacts who took part"`
	// CLevel reports whether a contact flagged C-level took part, as the
	// contacts were flagged when the activity was logged.
	CLevel bool `json:"c_level" doc:"a contact flagged C-level took part (as flagged when the activity was logged)"`
	// Warning is set in the answer to a new activity only: WarnVampire
	// when the partner is a vampire, whom the seed says to leave alone.
	Warning   string    `json:"warning,omitempty" enum:"activity_warning" doc:"in the answer to a new activity only: vampire, when the partner is one (vampires are left alone)"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// Cadence scopes.
const (
	ScopeQuadrant = "quadrant"
	ScopeTier     = "tier"
)

// Cadence is how often, in days, partners of a quadrant or tier should be
// spoken to.
type Cadence struct {
	Scope string `json:"scope"`
	Value string `json:"value"`
	Days  int    `json:"days"`
}

// DefaultCadences are a new installation's cadences, after the seed's
// actions per quadrant: heroes are cared for every 14 days, candidates
// persuaded every 30; vampires are left alone and shadows observed, so
// neither has a contact cadence (zero days) and neither is ever overdue.
// Tiers have none until an admin sets them.
var DefaultCadences = []Cadence{
	{Scope: ScopeQuadrant, Value: "hero", Days: 14},
	{Scope: ScopeQuadrant, Value: "candidate", Days: 30},
	{Scope: ScopeQuadrant, Value: "shadow", Days: 0},
	{Scope: ScopeQuadrant, Value: "vampire", Days: 0},
}

// MaxCadenceDays bounds a cadence.
const MaxCadenceDays = 3650

// CadenceFor returns the cadence that applies to an organisation: the one
// of its quadrant when it has been assessed (quadrant not ""), else the one
// of its tier, else none (ok false). A cadence of zero days counts as none.
func CadenceFor(quadrant, tier string, cadences []Cadence) (c Cadence, ok bool) {
	find := func(scope, value string) (Cadence, bool) {
		if value == "" {
			return Cadence{}, false
		}
		for _, c := range cadences {
			if c.Scope == scope && c.Value == value && c.Days > 0 {
				return c, true
			}
		}
		return Cadence{}, false
	}
	if quadrant != "" {
		return find(ScopeQuadrant, quadrant)
	}
	return find(ScopeTier, tier)
}

// Contact is what the overdue rule needs to know about an organisation.
type Contact struct {
	OrgID     string
	LegalName string
	Tier      string
	ManagerID string
	// Quadrant is "" when the organisation has not been assessed.
	Quadrant  string
	CreatedAt time.Time
	// LastPersonal is the day of the last personal contact, zero if none.
	LastPersonal time.Time
}

// Overdue is an organisation whose last personal contact is longer ago than
// its cadence.
type Overdue struct {
	OrgID     string `json:"org_id"`
	LegalName string `json:"legal_name"`
	Tier      string `json:"tier" enum:"tier"`
	ManagerID string `json:"manager_id"`
	Quadrant  string `json:"quadrant" enum:"quadrant"`
	// Cadence is the applicable cadence (its scope says whether it is the
	// quadrant's or the tier's).
	Cadence Cadence `json:"cadence"`
	// LastPersonal is the day of the last personal contact, null if never.
	LastPersonal *time.Time `json:"last_personal"`
	// DaysOverdue is how many days the next contact is late.
	DaysOverdue int `json:"days_overdue"`
}

func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// daysBetween counts calendar days from a to b (UTC).
func daysBetween(a, b time.Time) int {
	return int(day(b).Sub(day(a)).Hours()+12) / 24
}

// OverdueList returns the organisations whose personal contact is overdue
// on today, most overdue first (then by name). An organisation is overdue
// by today − last personal contact − cadence days when that is more than
// zero: contact exactly on the due day is in time. An organisation never
// contacted counts from the day it was created in pakt, so that a new
// partner is flagged once a whole cadence passed without a conversation.
// Organisations without an applicable cadence are never overdue.
func OverdueList(contacts []Contact, cadences []Cadence, today time.Time) []Overdue {
	out := []Overdue{}
	for _, c := range contacts {
		cad, ok := CadenceFor(c.Quadrant, c.Tier, cadences)
		if !ok {
			continue
		}
		since := c.CreatedAt
		var last *time.Time
		if !c.LastPersonal.IsZero() {
			d := day(c.LastPersonal)
			since, last = d, &d
		}
		late := daysBetween(since, today) - cad.Days
		if late <= 0 {
			continue
		}
		out = append(out, Overdue{OrgID: c.OrgID, LegalName: c.LegalName, Tier: c.Tier, ManagerID: c.ManagerID, Quadrant: c.Quadrant,
			Cadence: cad, LastPersonal: last, DaysOverdue: late})
	}
	slices.SortStableFunc(out, func(a, b Overdue) int {
		if n := cmp.Compare(b.DaysOverdue, a.DaysOverdue); n != 0 {
			return n
		}
		if n := cmp.Compare(a.LegalName, b.LegalName); n != 0 {
			return n
		}
		return cmp.Compare(a.OrgID, b.OrgID)
	})
	return out
}

// Plan is a partner's plan for one period: targets and what was reached.
// Revenue is in minor units of Currency. What was reached is counted from
// the partner's deals registered in pakt (FromDeals) plus what is entered
// by hand for business outside pakt (the Actual fields).
type Plan struct {
	ID                   string    `json:"id"`
	OrgID                string    `json:"org_id"`
	Period               string    `json:"period"`
	From                 time.Time `json:"from"`
	To                   time.Time `json:"to"`
	Currency             string    `json:"currency"`
	TargetRevenueMinor   int64     `json:"target_revenue_minor"`
	TargetDeals          int64     `json:"target_deals"`
	TargetCertifications int64     `json:"target_certifications"`
	// ActualRevenueMinor and ActualDeals are entered by hand: further
	// revenue and deals outside pakt, on top of FromDeals.
	ActualRevenueMinor   int64     `json:"actual_revenue_minor" doc:"further revenue outside pakt, entered by hand, on top of from_deals"`
	ActualDeals          int64     `json:"actual_deals" doc:"further deals won outside pakt, entered by hand, on top of from_deals"`
	ActualCertifications int64     `json:"actual_certifications"`
	UpdatedBy            string    `json:"updated_by"`
	UpdatedAt            time.Time `json:"updated_at"`
	// FromDeals are the partner's deals registered in pakt for the period,
	// counted automatically.
	FromDeals DealFigures `json:"from_deals" doc:"deals registered in pakt: won in the period, and the forecast of open approved deals"`
	// Attainment is the percentage reached of each target, null where the
	// target is zero; revenue and deals count FromDeals plus the actuals.
	Attainment Attainment `json:"attainment" doc:"percentage of each target reached; revenue and deals count from_deals plus the actuals outside pakt"`
}

// DealFigures are a partner's deals registered in pakt for a plan's period,
// in the plan's currency: the deals won in the period and their value by
// the partner's share, and the forecast of its open approved deals
// expected to close in the period, each weighted by its sales stage.
type DealFigures struct {
	WonDeals      int64 `json:"won_deals" doc:"deals won in the period"`
	WonMinor      int64 `json:"won_minor" doc:"value of the won deals by the partner's share, minor units"`
	ForecastMinor int64 `json:"forecast_minor" doc:"open approved deals expected to close in the period, weighted by stage, minor units"`
}

// RevenueMinor is the revenue reached: won in pakt plus further outside.
func (p *Plan) RevenueMinor() int64 { return p.FromDeals.WonMinor + p.ActualRevenueMinor }

// Deals is the number of deals reached: won in pakt plus further outside.
func (p *Plan) Deals() int64 { return p.FromDeals.WonDeals + p.ActualDeals }

// GapMinor is the revenue still missing to the target, zero once reached.
func (p *Plan) GapMinor() int64 { return max(p.TargetRevenueMinor-p.RevenueMinor(), 0) }

// Attainment is the percentage of each target reached.
type Attainment struct {
	Revenue        *int `json:"revenue"`
	Deals          *int `json:"deals"`
	Certifications *int `json:"certifications"`
}

// Percent returns actual as a whole percentage of target, rounded down, or
// nil when there is no target. It may exceed 100.
func Percent(actual, target int64) *int {
	if target <= 0 {
		return nil
	}
	p := int(actual * 100 / target)
	return &p
}

// Attain computes the plan's attainment.
func (p *Plan) Attain() {
	p.Attainment = Attainment{Revenue: Percent(p.RevenueMinor(), p.TargetRevenueMinor),
		Deals: Percent(p.Deals(), p.TargetDeals), Certifications: Percent(p.ActualCertifications, p.TargetCertifications)}
}

var periodRe = regexp.MustCompile(`^(\d{4})(?:-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$`)

// PeriodRange returns the first and last day of a period: a year "2027", a
// half "2027-H1", a quarter "2027-Q3" or a month "2027-05"; ok is false for
// anything else.
func PeriodRange(period string) (from, to time.Time, ok bool) {
	m := periodRe.FindStringSubmatch(period)
	if m == nil {
		return time.Time{}, time.Time{}, false
	}
	y, _ := strconv.Atoi(m[1])
	if y < 2000 || y > 2999 {
		return time.Time{}, time.Time{}, false
	}
	first, months := 1, 12
	switch s := m[2]; {
	case s == "":
	case s[0] == 'H':
		first, months = 1+6*int(s[1]-'1'), 6
	case s[0] == 'Q':
		first, months = 1+3*int(s[1]-'1'), 3
	default:
		first, _ = strconv.Atoi(s)
		months = 1
	}
	from = time.Date(y, time.Month(first), 1, 0, 0, 0, 0, time.UTC)
	return from, from.AddDate(0, months, -1), true
}
