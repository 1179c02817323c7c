// Package leads distributes sales leads to partners: staff record leads
// (optionally from a campaign with a name, a budget and a period), pakt
// proposes partners ranked for each lead, staff confirm the order, and the
// lead is offered to one partner after another with an answer deadline.
// A partner's admin accepts (the lead becomes a registered deal of that
// partner through the RegisterDeal hook) or declines with a reason; an
// offer left unanswered expires at its deadline (Tick), and the lead moves
// on to the next partner of the list. When the list is exhausted, the lead
// is unassigned and goes back to staff. Every offer stays as a row: the
// rotation history staff see.
//
// The ranking: leads cannot import the concierge, so the Rank hook asks it
// (the app fills it with concierge.Matches, which weighs competency,
// region and distance, free capacity and the partner's responsiveness to
// introductions). Leads adds what only it knows: each partner's
// acceptance history of offered leads (the share of its answered offers it
// accepted, PointsAcceptance at most; half for a partner without history). Without the hook, no partner is
// proposed and staff name the partners themselves through the API.
//
// A partner sees a lead only while it is offered to it or after it
// accepted it; the contact person only after accepting. Conversion (lead
// → accepted → won, with the DealOutcomes hook) is for staff only. A lead
// offered to or accepted by a partner is that partner's data: staff see
// and act on it only if they steer the partner (the ownership rule,
// partner.Steers), and distribute only to partners they steer.
package leads

import (
	"time"

	"pakt/internal/audit"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("campaign", "create", "update")
	_ = audit.Kind("lead", "create", "update", "offer", "accept", "decline", "expire", "unassign", "withdraw")
	_ = audit.Event("lead", "create", "update", "offer", "accept", "decline", "expire", "unassign", "withdraw")
)

// The states of a lead.
const (
	StateNew        = "new"
	StateOffered    = "offered"
	StateAccepted   = "accepted"
	StateUnassigned = "unassigned"
	StateWithdrawn  = "withdrawn"
)

// States lists the lead states in their order.
var States = []string{StateNew, StateOffered, StateAccepted, StateUnassigned, StateWithdrawn}

// The outcomes of an offer; an open offer has none ("").
const (
	OutcomeAccepted  = "accepted"
	OutcomeDeclined  = "declined"
	OutcomeExpired   = "expired"
	OutcomeWithdrawn = "withdrawn"
)

// Outcomes lists the offer outcomes.
var Outcomes = []string{OutcomeAccepted, OutcomeDeclined, OutcomeExpired, OutcomeWithdrawn}

// DeclineReasons are the choices a partner gives when it declines a lead.
var DeclineReasons = []string{"no_capacity", "no_fit", "region", "too_small", "conflict", "other"}

// The answer deadline in hours: the default and the range staff may set.
const (
	DefaultAnswerHours = 48
	MinAnswerHours     = 1
	MaxAnswerHours     = 336
)

// PointsAcceptance is what a partner that accepted every lead it answered
// adds to its rank; less in proportion to its acceptance rate, and half of
// it for a partner without history.
const PointsAcceptance = 20

// Campaign is a marketing campaign that produces leads.
type Campaign struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	BudgetMinor int64     `json:"budget_minor" doc:"budget in minor units of currency"`
	Currency    string    `json:"currency" doc:"ISO 4217"`
	From        string    `json:"from" doc:"YYYY-MM-DD: first day"`
	To          string    `json:"to" doc:"YYYY-MM-DD: last day"`
	Leads       int       `json:"leads" doc:"number of leads of the campaign"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// CampaignInput creates or changes a campaign; nil fields stay.
type CampaignInput struct {
	Name        *string `json:"name,omitempty"`
	Description *string `json:"description,omitempty"`
	BudgetMinor *int64  `json:"budget_minor,omitempty" doc:"budget in minor units of currency"`
	Currency    *string `json:"currency,omitempty" doc:"ISO 4217, default EUR"`
	From        *string `json:"from,omitempty" doc:"YYYY-MM-DD"`
	To          *string `json:"to,omitempty" doc:"YYYY-MM-DD"`
}

// Contact is the person at the customer to call; confidential.
type Contact struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// Lead is a prospective customer to be passed to a partner.
type Lead struct {
	ID           string   `json:"id"`
	CampaignID   string   `json:"campaign_id,omitempty"`
	CampaignName string   `json:"campaign_name,omitempty"`
	CustomerName string   `json:"customer_name"`
	WebDomain    string   `json:"web_domain"`
	Country      string   `json:"country"`
	Postcode     string   `json:"postcode"`
	City         string   `json:"city"`
	Industry     string   `json:"industry" enum:"industry"`
	Size         string   `json:"size" enum:"size"`
	Competencies []string `json:"competencies" doc:"competency ids"`
	ValueMinor   int64    `json:"value_minor" doc:"estimated value in minor units of currency"`
	Currency     string   `json:"currency"`
	Description  string   `json:"description"`
	// Contact is set only for staff and the partner that accepted the lead.
	Contact     *Contact `json:"contact,omitempty"`
	AnswerHours int      `json:"answer_hours" doc:"hours each partner has to answer an offer"`
	State       string   `json:"state" enum:"lead_state"`
	// OrgID is the partner the lead is offered to or that accepted it.
	OrgID    string     `json:"org_id,omitempty"`
	OrgName  string     `json:"org_name,omitempty"`
	Deadline *time.Time `json:"deadline,omitempty" doc:"when the open offer expires"`
	DealID   string     `json:"deal_id,omitempty" doc:"the deal registered when the lead was accepted"`
	// Offers is the rotation history and Queue the partners the lead is
	// offered to in turn, for staff only.
	Offers    []*Offer  `json:"offers,omitempty"`
	Queue     []string  `json:"queue,omitempty" doc:"organisation ids in the order of the rotation"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	contact Contact
	queue   []string
}

// Offer is one offer of a lead to a partner.
type Offer struct {
	ID         string     `json:"id"`
	OrgID      string     `json:"org_id" doc:"empty, with the name and reason, for a partner manager who does not steer that partner"`
	OrgName    string     `json:"org_name"`
	OfferedAt  time.Time  `json:"offered_at"`
	Deadline   time.Time  `json:"deadline"`
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
	Outcome    string     `json:"outcome" enum:"offer_outcome" doc:"empty while the offer is open"`
	Reason     string     `json:"reason,omitempty" enum:"decline_reason"`
	ReasonText string     `json:"reason_text,omitempty"`
}

// LeadInput creates or changes a lead; nil fields stay.
type LeadInput struct {
	CampaignID   *string   `json:"campaign_id,omitempty"`
	CustomerName *string   `json:"customer_name,omitempty"`
	WebDomain    *string   `json:"web_domain,omitempty"`
	Country      *string   `json:"country,omitempty" doc:"ISO 3166-1 alpha-2"`
	Postcode     *string   `json:"postcode,omitempty"`
	City         *string   `json:"city,omitempty"`
	Industry     *string   `json:"industry,omitempty" enum:"industry"`
	Size         *string   `json:"size,omitempty" enum:"size"`
	Competencies *[]string `json:"competencies,omitempty" doc:"competency ids, at least one"`
	ValueMinor   *int64    `json:"value_minor,omitempty"`
	Currency     *string   `json:"currency,omitempty" doc:"ISO 4217, default EUR"`
	Description  *string   `json:"description,omitempty"`
	ContactName  *string   `json:"contact_name,omitempty"`
	ContactEmail *string   `json:"contact_email,omitempty"`
	ContactPhone *string   `json:"contact_phone,omitempty"`
	AnswerHours  *int      `json:"answer_hours,omitempty" doc:"1 to 336, default 48"`
}

// Need is what a lead asks of a partner, for the Rank hook.
type Need struct {
	Competencies []string
	Country      string
	Postcode     string
	// City is set only when the gazetteer knows it.
	City string
	Text string
	// Lang is the language the reasons are written in.
	Lang string
}

// Candidate is a ranked partner with the reasons for its rank.
type Candidate struct {
	OrgID   string   `json:"org_id"`
	Name    string   `json:"name"`
	Score   int      `json:"score"`
	Reasons []string `json:"reasons"`
	// Offered marks a partner the lead was offered to already.
	Offered bool `json:"offered"`
}

// NewDeal is the deal an accepted lead registers for the partner.
type NewDeal struct {
	OrgID        string
	UserID       string
	LeadID       string
	CampaignID   string
	CustomerName string
	WebDomain    string
	Country      string
	Postcode     string
	City         string
	Industry     string
	Size         string
	Competencies []string
	Description  string
	ValueMinor   int64
	Currency     string
}

// Outcome is where a deal stands, from the DealOutcomes hook.
type Outcome struct {
	// State is registered, approved, rejected, won, lost or expired.
	State    string
	Value    int64
	Currency string
}

// DealWon is the deal state that counts as a conversion.
const DealWon = "won"

// OrgLeads is what one partner did with leads within a period.
type OrgLeads struct {
	Given     int
	Accepted  int
	Converted int
	// WonValue sums the won deals' values by currency.
	WonValue map[string]int64
}
