// Package funds is marketing development funds (MDF): staff give each
// partner a budget per calendar quarter; the partner's admins ask for funds
// for a planned activity (an event, a webinar, a campaign), staff approve
// (perhaps a lower amount) or reject it; after the activity the partner
// claims the money with proof (PDF or image files), staff return the claim
// for more proof or mark it paid. Activities are linked to the deals and
// leads they brought, so that each shows its return on funds: won revenue
// per euro paid. Staff see "where the money goes": funds paid, leads and
// won revenue per portfolio quadrant and per partner.
//
// The deals, leads and quadrants belong to other features; the app fills
// the hooks on Service (Deals, Leads, Outcomes, LeadsPerOrg, WonPerOrg,
// Quadrants, QuadrantOf). Unfilled, the feature shows no such figures.
package funds

import (
	"time"

	"pakt/internal/audit"
	"pakt/internal/partner"
	"pakt/internal/upload"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("fund_activity", "create", "approve", "reject", "fund_claim", "fund_return", "fund_pay", "fund_link", "fund_unlink")
	_ = audit.Event("fund_activity", "create", "approve", "reject", "fund_claim", "fund_return", "fund_pay")
	_ = audit.Kind("fund_budget", "update")
)

// Currency is the programme's currency: budgets and funds are in euros.
const Currency = "EUR"

// The kinds of activity.
const (
	KindEvent          = "event"
	KindWebinar        = "webinar"
	KindTradeFair      = "trade_fair"
	KindOnlineCampaign = "online_campaign"
	KindPrint          = "print"
	KindContent        = "content"
	KindTraining       = "training"
	KindOther          = "other"
)

// Kinds lists the kinds of activity.
var Kinds = []string{KindEvent, KindWebinar, KindTradeFair, KindOnlineCampaign, KindPrint, KindContent, KindTraining, KindOther}

// The states of an activity.
const (
	StatusRequested = "requested"
	StatusApproved  = "approved"
	StatusRejected  = "rejected"
	StatusClaimed   = "claimed"
	StatusReturned  = "returned"
	StatusPaid      = "paid"
)

// Statuses lists the states of an activity in their order.
var Statuses = []string{StatusRequested, StatusApproved, StatusRejected, StatusClaimed, StatusReturned, StatusPaid}

// The kinds of link from an activity to what it brought.
const (
	LinkDeal = "deal"
	LinkLead = "lead"
)

// LinkKinds lists the kinds of link.
var LinkKinds = []string{LinkDeal, LinkLead}

// The limits of proof files.
const (
	MaxFileSize  = 10 << 20
	MaxFiles     = 5
	maxTitle     = 200
	maxText      = 5000
	maxReason    = 1000
	maxLeads     = 1_000_000
	maxAmountEUR = 100_000_000 // whole euros
)

// Budget is a partner's budget for a quarter with what was drawn on it, in
// minor units of Currency.
type Budget struct {
	OrgID   string `json:"org_id"`
	OrgName string `json:"org_name"`
	Period  string `json:"period"`
	// Amount is the budget set by staff; 0 when none was set.
	Amount   int64  `json:"amount_minor"`
	Currency string `json:"currency"`
	// Requested is asked for and not yet decided; Approved is granted
	// (claimed or not); Claimed is claimed and not yet paid; Paid is
	// paid out.
	Requested int64 `json:"requested_minor"`
	Approved  int64 `json:"approved_minor"`
	Claimed   int64 `json:"claimed_minor"`
	Paid      int64 `json:"paid_minor"`
	// Remaining is what new requests may still ask for: the budget less
	// what is requested, approved or paid.
	Remaining int64 `json:"remaining_minor"`
}

// Activity is a planned marketing activity a partner asked funds for, with
// its decision, claim and payment.
type Activity struct {
	ID            string       `json:"id"`
	OrgID         string       `json:"org_id"`
	OrgName       string       `json:"org_name"`
	Period        string       `json:"period"`
	Kind          string       `json:"kind" enum:"fund_kind"`
	Title         string       `json:"title"`
	Description   string       `json:"description"`
	PlannedOn     partner.Date `json:"planned_on"`
	ExpectedLeads int          `json:"expected_leads"`
	Currency      string       `json:"currency"`
	Requested     int64        `json:"requested_minor"`
	Approved      int64        `json:"approved_minor"`
	Claimed       int64        `json:"claimed_minor"`
	Paid          int64        `json:"paid_minor"`
	Status        string       `json:"status" enum:"fund_status"`
	// Reason is why staff rejected the request or returned the claim.
	Reason    string       `json:"reason,omitempty"`
	PaidOn    partner.Date `json:"paid_on"`
	CreatedAt time.Time    `json:"created_at"`
	UpdatedAt time.Time    `json:"updated_at"`

	// Rights are what the caller may do with the activity.
	Rights Rights `json:"rights"`
	// Warning is for staff, on one activity: the partner's quadrant when
	// the seed says its money is misspent there (WarnCandidate,
	// WarnVampire); "" otherwise.
	Warning string `json:"warning,omitempty" enum:"fund_warning" doc:"staff only, on one activity: candidate (persuade it, do not subsidise it) or vampire (leave it alone), the partner's current quadrant"`

	createdBy string
}

// The quadrants (the portfolio's names) whose partners the seed says not
// to give money: a candidate is to be persuaded, not subsidised; a vampire
// is left alone.
const (
	WarnCandidate = "candidate"
	WarnVampire   = "vampire"
)

// Rights are what an actor may do with an activity.
type Rights struct {
	// Decide: staff approve or reject a request.
	Decide bool `json:"decide"`
	// Claim: the partner's admins claim an approved activity or a
	// returned claim.
	Claim bool `json:"claim"`
	// Settle: staff pay a claim or return it for more proof.
	Settle bool `json:"settle"`
	// Link: staff and the partner's admins link deals and leads.
	Link bool `json:"link"`
}

// File is a proof file of a claim, without its content.
type File struct {
	ID          string    `json:"id"`
	ActivityID  string    `json:"activity_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	CreatedAt   time.Time `json:"created_at"`
}

// Upload is a proof file as received.
type Upload = upload.File

// Link ties an activity to a deal or lead it brought.
type Link struct {
	Kind  string `json:"kind" enum:"fund_link_kind"`
	RefID string `json:"ref_id"`
	Label string `json:"label"`
	// Won, Value and Currency are the outcome, when the Outcomes hook
	// knows it.
	Won      bool   `json:"won"`
	Value    int64  `json:"value_minor"`
	Currency string `json:"currency,omitempty"`
}

// Linkable is a deal or lead of a partner that an activity may be linked to.
type Linkable struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// Outcome is what became of a deal, or of the deal a lead became.
type Outcome struct {
	Won      bool
	Value    int64
	Currency string
}

// OrgLeads is what a partner did with the leads it was given in a period.
type OrgLeads struct {
	Given, Accepted, Converted int
	// WonValue is the won value of the converted leads per currency.
	WonValue map[string]int64
}

// Return is an activity's or a partner's return on funds: won revenue (in
// Currency) against the money paid.
type Return struct {
	Paid int64 `json:"paid_minor"`
	Won  int64 `json:"won_minor"`
	// PerEuroHundredths is the won revenue per euro paid, in hundredths
	// (250 is 2.50 euros per euro); -1 when nothing was paid.
	PerEuroHundredths int64 `json:"per_euro_hundredths"`
}
