// Package exchange is the project exchange ("Projektbörse"): partners post
// listings — a partner sought for a project, or free resources offered —
// other partners answer them, and the poster shortlists and accepts one.
// The customer of a project is described only by industry and size; its
// name stays with the poster until the poster reveals it to the accepted
// partner. Partners subscribe to a daily or weekly digest of new listings on
// their topics.
package exchange

import (
	"time"

	"pakt/internal/audit"
	"pakt/internal/partner"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("listing", "create", "update", "close", "expire", "reveal")
	_ = audit.Event("listing", "create", "update", "close", "expire", "reveal")
	_ = audit.Kind("listing_answer", "create", "update", "accept", "decline")
	_ = audit.Event("listing_answer", "create", "update", "accept", "decline")
	_ = audit.Kind("exchange_subscription", "update")
)

// The kinds of listing.
const (
	KindSeeking  = "seeking"
	KindOffering = "offering"
)

// Kinds lists the kinds of listing.
var Kinds = []string{KindSeeking, KindOffering}

// The states of a listing.
const (
	StatusOpen    = "open"
	StatusClosed  = "closed"
	StatusExpired = "expired"
)

// Statuses lists the states of a listing.
var Statuses = []string{StatusOpen, StatusClosed, StatusExpired}

// The states of an answer.
const (
	AnswerSubmitted   = "submitted"
	AnswerShortlisted = "shortlisted"
	AnswerAccepted    = "accepted"
	AnswerDeclined    = "declined"
)

// AnswerStatuses lists the states of an answer.
var AnswerStatuses = []string{AnswerSubmitted, AnswerShortlisted, AnswerAccepted, AnswerDeclined}

// The digest frequencies of a subscription.
const (
	FrequencyOff    = "off"
	FrequencyDaily  = "daily"
	FrequencyWeekly = "weekly"
)

// Frequencies lists the digest frequencies.
var Frequencies = []string{FrequencyOff, FrequencyDaily, FrequencyWeekly}

// Listing is a post on the exchange. The fields a viewer may not see are
// empty: the customer's name (CustomerName) is shown to the poster's
// organisation, to staff and, once revealed, to the accepted partner.
type Listing struct {
	ID          string       `json:"id"`
	OrgID       string       `json:"org_id"`
	OrgName     string       `json:"org_name"`
	Kind        string       `json:"kind" enum:"listing_kind"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Topics      []string     `json:"topics"`
	Country     string       `json:"country"`
	Region      string       `json:"region"`
	From        partner.Date `json:"from"`
	To          partner.Date `json:"to"`

	// Seeking: the effort in tenths of person-days, an optional budget
	// range in minor units (0: no bound), the customer by industry and size.
	EffortTenths     int    `json:"effort_tenths,omitempty"`
	BudgetMinMinor   int64  `json:"budget_min_minor,omitempty"`
	BudgetMaxMinor   int64  `json:"budget_max_minor,omitempty"`
	Currency         string `json:"currency,omitempty"`
	CustomerIndustry string `json:"customer_industry,omitempty" enum:"industry"`
	CustomerSize     string `json:"customer_size,omitempty" enum:"size"`
	CustomerName     string `json:"customer_name,omitempty"`
	// CustomerRevealed reports whether the poster has revealed the
	// customer to the accepted partner; shown to the parties and staff.
	CustomerRevealed bool `json:"customer_revealed"`

	// Offering: an amount of a skill in tenths of days or FTE.
	Skill        string `json:"skill,omitempty"`
	AmountTenths int    `json:"amount_tenths,omitempty"`
	Unit         string `json:"unit,omitempty" enum:"unit"`

	Status    string       `json:"status" enum:"listing_status"`
	ExpiresOn partner.Date `json:"expires_on"`
	// AcceptedAnswerID and AcceptedOrgID are shown to the parties and to
	// staff only.
	AcceptedAnswerID string     `json:"accepted_answer_id,omitempty"`
	AcceptedOrgID    string     `json:"accepted_org_id,omitempty"`
	ClosedAt         *time.Time `json:"closed_at,omitempty"`
	// Answers is how many answers the listing has.
	Answers   int       `json:"answers"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// AgreementLink starts a cooperation agreement between the poster and
	// the accepted partner; shown to those two.
	AgreementLink string `json:"agreement_link,omitempty"`
	// MyAnswerID is the answer of the caller's organisation, if any.
	MyAnswerID string `json:"my_answer_id,omitempty"`

	// Rights are what the caller may do with the listing.
	Rights Rights `json:"rights"`

	createdBy    string
	customerName string
	revealedAt   *time.Time
}

// Rights are what an actor may do with a listing.
type Rights struct {
	// Manage: the poster's organisation edits the listing, shortlists and
	// accepts answers and reveals the customer.
	Manage bool `json:"manage"`
	// Close: the poster's organisation and staff close an open listing.
	Close bool `json:"close"`
	// Answer: another published partner answers an open listing once.
	Answer bool `json:"answer"`
	// Reveal: the poster may reveal the customer to the accepted partner.
	Reveal bool `json:"reveal"`
	// SeeAnswers: the poster's organisation and staff see every answer.
	SeeAnswers bool `json:"see_answers"`
}

// Answer is a partner's reply to a listing.
type Answer struct {
	ID        string    `json:"id"`
	ListingID string    `json:"listing_id"`
	OrgID     string    `json:"org_id"`
	OrgName   string    `json:"org_name"`
	Author    string    `json:"author"`
	Message   string    `json:"message"`
	Status    string    `json:"status" enum:"answer_status"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	userID string
}

// Subscription is a partner user's choice of digest e-mails.
type Subscription struct {
	Frequency string `json:"frequency" enum:"frequency"`
	// Topics are competency ids; empty means the competencies of the
	// user's organisation.
	Topics       []string   `json:"topics"`
	LastDigestAt *time.Time `json:"last_digest_at,omitempty"`
	// Weekday is the day weekly digests go out.
	Weekday string `json:"weekday"`
}
