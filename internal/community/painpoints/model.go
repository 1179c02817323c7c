// Package painpoints serves the association's pain points: what its member
// companies raise with the vendor together, as "key pain points must be
// taken more seriously when 40 firms raise them than when one does".
//
// Who does what (rules.go): any user of a member organisation submits a
// pain point (partner members too: who meets a problem in a project may
// name it); a member organisation supports a point through its partner
// admins, one vote per organisation, withdrawable, and says whether the
// vendor may see its name (by default not). The board (and the admins)
// review points, merge duplicates, raise them with the vendor, decline
// them with a reason, mark them resolved, and export the report for the
// meeting with the vendor. The vendor's liaison sees only the points
// raised with the vendor and their later states, with the number of
// supporting organisations and only the names of those that agreed, and
// answers them; the answer is published to the members, and every
// supporting organisation's users are told. Everyone else — managers,
// recruiters, organisations that are not members — finds nothing (404).
package painpoints

import (
	"time"

	"pakt/internal/audit"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("pain_point", "create", "set_status", "merge", "answer")
	_ = audit.Kind("pain_point_vote", "support", "withdraw")
)

// The statuses of a pain point. Merged is a duplicate's: it points to the
// point it was merged into and takes no part in the list.
const (
	StatusNew      = "new"
	StatusReview   = "review"
	StatusRaised   = "raised"
	StatusAnswered = "answered"
	StatusResolved = "resolved"
	StatusDeclined = "declined"
	StatusMerged   = "merged"
)

// Statuses lists the statuses a point shows in the list, in their order.
var Statuses = []string{StatusNew, StatusReview, StatusRaised, StatusAnswered, StatusResolved, StatusDeclined}

// Topics lists the topics a pain point is filed under; their names are
// translations ("painpoints.topic.<topic>").
var Topics = []string{"product", "licensing", "support", "certification", "sales", "programme", "availability", "other"}

// Limits of the texts.
const (
	MaxTitle       = 200
	MaxDescription = 5000
	MaxArea        = 200
	MaxReason      = 2000
	MaxAnswer      = 10000
)

// PerPage is how many points a page of the list shows.
const PerPage = 50

// Point is a pain point.
type Point struct {
	ID          string     `json:"id"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Topic       string     `json:"topic" enum:"pain_point_topic"`
	Area        string     `json:"area" doc:"the affected area, free text"`
	Status      string     `json:"status" enum:"pain_point_status"`
	Reason      string     `json:"reason,omitempty" doc:"why the board declined it"`
	Answer      string     `json:"answer,omitempty" doc:"the vendor's answer"`
	AnsweredAt  *time.Time `json:"answered_at,omitempty"`
	MergedInto  string     `json:"merged_into,omitempty" doc:"the point this duplicate was merged into"`
	Support     int        `json:"support" doc:"the number of supporting organisations"`
	OrgID       string     `json:"org_id,omitempty" doc:"the submitting organisation (not shown to the vendor)"`
	OrgName     string     `json:"org_name,omitempty"`
	SubmittedBy string     `json:"-"`
	// Supporters are the supporting organisations the caller may see by
	// name (the vendor's liaison: only those that agreed).
	Supporters []Supporter `json:"supporters"`
	// Mine is the caller's organisation's vote, when it supports the point.
	Mine      *Supporter `json:"mine,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// Supporter is an organisation's vote for a point.
type Supporter struct {
	OrgID   string    `json:"org_id"`
	OrgName string    `json:"org_name"`
	Named   bool      `json:"named" doc:"the organisation agrees that the vendor sees its name"`
	At      time.Time `json:"supported_at"`
}

// Input is a new pain point.
type Input struct {
	Title       string `json:"title" maxLength:"200"`
	Description string `json:"description" maxLength:"5000"`
	Topic       string `json:"topic" enum:"pain_point_topic"`
	Area        string `json:"area,omitempty" maxLength:"200" doc:"the affected area, free text"`
}

// StatusInput is the board's change of a point's status.
type StatusInput struct {
	Status string `json:"status" enum:"pain_point_status"`
	Reason string `json:"reason,omitempty" maxLength:"2000" doc:"required when declining"`
}

// Filter selects and pages the list.
type Filter struct {
	Status string
	Topic  string
	Page   int
}

// Page is one page of the list, ranked by support, then newest.
type Page struct {
	Items   []*Point
	Total   int
	Page    int
	PerPage int
}

// Pages is the number of pages, at least one.
func (p *Page) Pages() int { return max(1, (p.Total+p.PerPage-1)/p.PerPage) }
