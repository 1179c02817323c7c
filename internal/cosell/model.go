// Package cosell is co-selling in the channel: partners register the deals
// they work on, staff approve them, and an approved registration protects
// its customer for the partner for the programme's window. Every
// registration is checked at once against the open ones of all partners
// (internal/match): staff see each conflict with both sides and the
// evidence and decide; the registering partner learns only that the
// customer is protected, and until when. A deal has parties — the partners
// who sell it together, each with a role and a share — who accept their
// part; a follow-up deal inherits them. A won deal earns each party its
// incentive (the incentive feature, through OnWon).
package cosell

import (
	"time"

	"pakt/internal/audit"
	"pakt/internal/partner"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("deal", "create", "import", "approve", "reject", "extend", "win", "lose", "expire", "stage",
		"add_party", "accept_part", "decline_part", "propose_split", "agree_split", "refuse_split")
	_ = audit.Event("deal", "create", "import", "approve", "reject", "extend", "win", "lose", "expire", "stage",
		"add_party", "accept_part", "decline_part", "propose_split", "agree_split", "refuse_split")
	_ = audit.Kind("deal_conflict", "decide")
	_ = audit.Kind("deal_settings", "update")
)

// The states of a registration.
const (
	StatusRegistered = "registered"
	StatusApproved   = "approved"
	StatusRejected   = "rejected"
	StatusWon        = "won"
	StatusLost       = "lost"
	StatusExpired    = "expired"
)

// Statuses lists the states of a registration in their order.
var Statuses = []string{StatusRegistered, StatusApproved, StatusRejected, StatusWon, StatusLost, StatusExpired}

// Open reports whether a registration in status still claims its customer:
// registered (under review) or approved (protected).
func Open(status string) bool { return status == StatusRegistered || status == StatusApproved }

// The sales stages of an open deal and the chance of winning each stands
// for, in percent: the forecast weighs open deals with them.
var (
	Stages      = []string{"qualify", "develop", "propose", "negotiate", "commit"}
	StageWeight = map[string]int64{"qualify": 10, "develop": 25, "propose": 50, "negotiate": 75, "commit": 90}
)

// The roles of a party.
const (
	RoleLead     = "lead"
	RoleDelivery = "delivery"
	RoleReferral = "referral"
	RoleReseller = "reseller"
)

// Roles lists the roles of a party.
var Roles = []string{RoleLead, RoleDelivery, RoleReferral, RoleReseller}

// The states of a party's part.
const (
	PartInvited  = "invited"
	PartAccepted = "accepted"
	PartDeclined = "declined"
)

// PartStatuses lists the states of a party's part.
var PartStatuses = []string{PartInvited, PartAccepted, PartDeclined}

// FullSplit is 100 % in basis points: the parties' shares sum to it.
const FullSplit = 10000

// The decisions on a conflict.
const (
	// DecideFirstCome: the earlier registration keeps the customer; the
	// later one is rejected.
	DecideFirstCome = "first_come"
	// DecideJoint: the later partner joins the earlier deal as a party;
	// its own registration closes.
	DecideJoint = "joint"
	// DecideReject: the later registration is rejected for a reason of its
	// own.
	DecideReject = "reject"
	// DecideDistinct: not the same customer; the conflict is dismissed.
	DecideDistinct = "distinct"
)

// Decisions lists the decisions on a conflict.
var Decisions = []string{DecideFirstCome, DecideJoint, DecideReject, DecideDistinct}

// Currencies are the currencies a deal may be in.
var Currencies = []string{"EUR", "CHF", "GBP", "USD"}

// The reasons pakt gives itself; they are translation keys, shown in the
// reader's language.
const (
	ReasonFirstCome = "cosell.reason.first_come"
	ReasonJoint     = "cosell.reason.joint"
	ReasonExpired   = "cosell.reason.expired"
)

// NoticeKinds are the kinds of notification deals send; each has
// KIND.subject and KIND.body texts.
var NoticeKinds = []string{"cosell.notice.registered", "cosell.notice.conflict", "cosell.notice.approved", "cosell.notice.rejected",
	"cosell.notice.invited", "cosell.notice.part_accepted", "cosell.notice.part_declined", "cosell.notice.split_proposed",
	"cosell.notice.split_agreed", "cosell.notice.split_refused",
	"cosell.notice.won", "cosell.notice.expired", "cosell.notice.extended", "cosell.notice.import_conflicts"}

// Customer is the company a deal is for.
type Customer struct {
	Name     string `json:"name"`
	Domain   string `json:"domain"`
	Country  string `json:"country" doc:"ISO 3166-1 alpha-2"`
	Postcode string `json:"postcode"`
	City     string `json:"city"`
	Industry string `json:"industry"`
	Size     string `json:"size" doc:"employees band"`
}

// Deal is a registration as its reader sees it.
type Deal struct {
	ID            string       `json:"id"`
	OrgID         string       `json:"org_id" doc:"the registering partner"`
	OrgName       string       `json:"org_name"`
	Customer      Customer     `json:"customer"`
	Solution      string       `json:"solution"`
	Competencies  []string     `json:"competencies"`
	ValueMinor    int64        `json:"value_minor"`
	Currency      string       `json:"currency" enum:"deal_currency"`
	ExpectedClose partner.Date `json:"expected_close"`
	Description   string       `json:"description"`
	Stage         string       `json:"stage" enum:"deal_stage"`
	Status        string       `json:"status" enum:"deal_status"`
	// Reason is why it was rejected or lost; a translation key for the
	// reasons pakt gives itself (ReasonFirstCome, …).
	Reason string `json:"reason"`
	// ProtectedUntil is the last day an approved registration protects
	// its customer.
	ProtectedUntil *partner.Date `json:"protected_until"`
	Extended       bool          `json:"extended"`
	FollowUpOf     string        `json:"follow_up_of"`
	LeadID         string        `json:"lead_id"`
	ExternalID     string        `json:"external_id"`
	Parties        []*Party      `json:"parties"`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`
	DecidedAt      *time.Time    `json:"decided_at"`
	ClosedAt       *time.Time    `json:"closed_at"`
	// Protection is what a partner learns of conflicts: another partner
	// registered the customer first (protected until a day, or under
	// review) — never who, never the other deal. Staff see Conflicts.
	Protection *Protection `json:"protection,omitempty"`
	// Conflicts are the open and decided conflicts of the deal (staff).
	Conflicts []*Conflict `json:"conflicts,omitempty"`
	// Change is an open proposal to change the split.
	Change *SplitChange `json:"split_change,omitempty"`
	Rights Rights       `json:"rights"`

	createdBy string
	key       keys
}

// keys are the matcher's keys of the customer: the canonical name, and
// the blocking keys (known when the deal is registered, not read back).
type keys struct {
	name   string
	blocks []string
}

// Protection tells a partner that the customer is claimed already: until
// the day (approved) or under review (UnderReview, Until nil).
type Protection struct {
	Until       *partner.Date `json:"until"`
	UnderReview bool          `json:"under_review"`
}

// Party is a partner of a deal.
type Party struct {
	OrgID      string     `json:"org_id"`
	Name       string     `json:"name"`
	Role       string     `json:"role" enum:"deal_role"`
	SplitBP    int        `json:"split_bp" doc:"share in basis points; the parties' shares sum to 10000"`
	Status     string     `json:"status" enum:"deal_part_status"`
	AnsweredAt *time.Time `json:"answered_at"`
}

// Lead returns the party in the lead, or nil.
func (d *Deal) Lead() *Party {
	for _, p := range d.Parties {
		if p.Role == RoleLead && p.Status != PartDeclined {
			return p
		}
	}
	return nil
}

// Party returns the party of the organisation, or nil.
func (d *Deal) Party(orgID string) *Party {
	for _, p := range d.Parties {
		if p.OrgID == orgID {
			return p
		}
	}
	return nil
}

// Share is a party's role and share as proposed or set.
type Share struct {
	OrgID   string `json:"org_id"`
	Role    string `json:"role" enum:"deal_role"`
	SplitBP int    `json:"split_bp"`
}

// SplitChange is a party's proposal to change the roles and shares; it
// takes effect when every other party agreed.
type SplitChange struct {
	ID         string    `json:"id"`
	ProposedBy string    `json:"proposed_by"`
	Shares     []Share   `json:"shares"`
	Agreed     []string  `json:"agreed" doc:"the organisations that agreed so far"`
	CreatedAt  time.Time `json:"created_at"`
}

// Conflict is two registrations that look like the same customer: Deal
// is the later one.
type Conflict struct {
	ID         string     `json:"id"`
	DealID     string     `json:"deal_id"`
	OtherID    string     `json:"other_id"`
	Deal       *Deal      `json:"deal,omitempty"`
	Other      *Deal      `json:"other,omitempty"`
	SameDomain bool       `json:"same_domain"`
	SameName   bool       `json:"same_name"`
	Similarity int        `json:"similarity_pm" doc:"similarity of the normalised names in per mille"`
	Status     string     `json:"status" enum:"deal_conflict_status"`
	Decision   string     `json:"decision" enum:"deal_decision"`
	Note       string     `json:"note"`
	CreatedAt  time.Time  `json:"created_at"`
	DecidedAt  *time.Time `json:"decided_at"`
}

// The states of a conflict.
const (
	ConflictOpen    = "open"
	ConflictDecided = "decided"
)

// ConflictStatuses lists the states of a conflict.
var ConflictStatuses = []string{ConflictOpen, ConflictDecided}

// Rights say what the reader may do with a deal now.
type Rights struct {
	Approve  bool `json:"approve" doc:"approve: registered and without open conflicts (staff)"`
	Decide   bool `json:"decide" doc:"reject (staff)"`
	Extend   bool `json:"extend" doc:"extend the protection once (staff)"`
	Close    bool `json:"close" doc:"mark won or lost"`
	Stage    bool `json:"stage" doc:"change the sales stage"`
	AddParty bool `json:"add_party"`
	Answer   bool `json:"answer" doc:"accept or decline the own part"`
	Propose  bool `json:"propose" doc:"propose another split"`
	Vote     bool `json:"vote" doc:"agree to or refuse the open split proposal"`
	FollowUp bool `json:"follow_up" doc:"register a follow-up deal"`
}
