// Package targets holds the programme's and each person's targets per
// period and their roll-up: the partners' plans summed per responsible
// manager and for the programme, against the manager's and the
// programme's own targets, with attainment and a forecast; and the
// recruitment targets of managers and recruiters against the prospects
// they won.
package targets

import (
	"time"

	"pakt/internal/audit"
)

var _ = audit.Kind("target", "create", "update")

// Target is what one person, or the programme (UserID ""), is to reach in
// a period. Revenue is in minor units of Currency. Revenue, deals and
// certifications are partner business, set for the programme and partner
// managers; Recruits counts prospects won, for everyone.
type Target struct {
	ID             string    `json:"id"`
	UserID         string    `json:"user_id" doc:"the manager or recruiter; empty for the programme's target"`
	Period         string    `json:"period"`
	From           time.Time `json:"from"`
	To             time.Time `json:"to"`
	Currency       string    `json:"currency"`
	RevenueMinor   int64     `json:"revenue_minor"`
	Deals          int64     `json:"deals"`
	Certifications int64     `json:"certifications"`
	Recruits       int64     `json:"recruits" doc:"prospects won in the period"`
	UpdatedBy      string    `json:"updated_by"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Input sets a target: the programme's when UserID is empty, else a
// partner manager's or a recruiter's (recruiters get recruitment targets
// only). Revenue is in minor units of the currency.
type Input struct {
	UserID         string `json:"user_id,omitempty" doc:"a partner manager or recruiter; empty for the programme"`
	Period         string `json:"period" doc:"2027, 2027-H1, 2027-Q3 or 2027-05"`
	Currency       string `json:"currency,omitempty" doc:"ISO 4217, default EUR"`
	RevenueMinor   int64  `json:"revenue_minor"`
	Deals          int64  `json:"deals"`
	Certifications int64  `json:"certifications"`
	Recruits       int64  `json:"recruits" doc:"prospects won in the period"`
}

// Figure is one target with what was planned, reached and is expected.
type Figure struct {
	// Target is the person's or the programme's own target, 0 when none.
	Target int64 `json:"target"`
	// Planned is the sum of the partners' plan targets (partner business
	// only): compared with Target it shows the gap between what the
	// partners plan and what must be delivered.
	Planned int64 `json:"planned" doc:"sum of the partners' plan targets for the period"`
	// Actual is what was reached in the period.
	Actual int64 `json:"actual"`
	// Open is the weighted forecast of open approved deals (revenue only).
	Open int64 `json:"open" doc:"open approved deals expected in the period, weighted by stage (revenue only)"`
	// Attainment is Actual as a whole percentage of Target, null without
	// a target.
	Attainment *int `json:"attainment" doc:"actual as a percentage of the target; null without a target"`
	// Coverage is Planned as a whole percentage of Target.
	Coverage *int     `json:"coverage" doc:"the partners' planned sum as a percentage of the target; null without a target"`
	Forecast Forecast `json:"forecast"`
}

// The outlooks of a forecast.
const (
	NoTarget = "no_target"
	Reached  = "reached"
	OnTrack  = "on_track"
	AtRisk   = "at_risk"
	OffTrack = "off_track"
)

// Outlooks are the answers to "will the target be reached?", best first.
var Outlooks = []string{Reached, OnTrack, AtRisk, OffTrack, NoTarget}

// The bases of a forecast: what the rest of the period was estimated from.
const (
	BasisPace     = "pace"
	BasisPipeline = "pipeline"
	BasisEnded    = "ended"
)

// Bases are the forecast's bases.
var Bases = []string{BasisPace, BasisPipeline, BasisEnded}

// Forecast is what the period is expected to end with.
type Forecast struct {
	Projected int64  `json:"projected" doc:"what the period is expected to end with"`
	Basis     string `json:"basis" enum:"target_basis" doc:"what the rest of the period was estimated from"`
	Outlook   string `json:"outlook" enum:"target_outlook"`
}

// Amount is a sum in a currency.
type Amount struct {
	Currency string `json:"currency"`
	Minor    int64  `json:"minor"`
}

// Line is the roll-up of one person, or of the programme.
type Line struct {
	// UserID is the manager or recruiter, "" for the programme or the
	// partners without a manager (Unassigned).
	UserID     string `json:"user_id"`
	Name       string `json:"name"`
	Unassigned bool   `json:"unassigned,omitempty" doc:"the partners without a responsible manager"`
	// HasTarget says a target was set for the period.
	HasTarget bool   `json:"has_target"`
	Currency  string `json:"currency"`
	// Plans is the number of plans counted, those in Currency.
	Plans          int    `json:"plans"`
	Revenue        Figure `json:"revenue"`
	Deals          Figure `json:"deals"`
	Certifications Figure `json:"certifications"`
	Recruits       Figure `json:"recruits" doc:"prospects won in the period"`
	// Other are the planned revenue targets of plans in other currencies,
	// listed and not counted.
	Other     []Amount  `json:"other" doc:"planned revenue of plans in other currencies, not counted"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// Rollup is a period's targets as the reader may see them: admins the
// programme, every manager and recruiter; a partner manager its own line;
// a recruiter its own recruitment.
type Rollup struct {
	Period string    `json:"period"`
	From   time.Time `json:"from"`
	To     time.Time `json:"to"`
	// Elapsed is the share of the period's days gone by, in percent.
	Elapsed    int     `json:"elapsed" doc:"share of the period's days gone by, percent"`
	Programme  *Line   `json:"programme,omitempty" doc:"admins only"`
	Managers   []*Line `json:"managers" doc:"partner managers' roll-ups; a manager gets its own"`
	Recruiters []*Line `json:"recruiters" doc:"recruiters' recruitment; a recruiter gets its own"`
}

// PlanSum is the sum of the plans of a period of one manager's partners
// in one currency, as steering adds them up.
type PlanSum struct {
	ManagerID            string
	Currency             string
	Plans                int
	TargetRevenueMinor   int64
	TargetDeals          int64
	TargetCertifications int64
	RevenueMinor         int64 // reached, in pakt and outside
	Deals                int64 // reached, in pakt and outside
	Certifications       int64
	OpenMinor            int64 // weighted open approved deals
}
