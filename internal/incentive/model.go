// Package incentive pays partners for the deals they win together: the
// programme's incentive rules (a rate per role, a bonus for deals with two
// or more partners, caps per deal and per quarter, a validity period, every
// change a new version), the lines each party of a won deal earns (Earn,
// called by deal registration in the transaction that marks a deal won)
// and the quarterly statements per partner as a page, CSV and PDF.
package incentive

import (
	"time"

	"pakt/internal/audit"
	"pakt/internal/i18n"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("incentive_rule", "create", "update")
	_ = audit.Kind("incentive_line", "earn")
)

// The roles a party plays in a deal.
const (
	RoleLead     = "lead"
	RoleDelivery = "delivery"
	RoleReferral = "referral"
	RoleReseller = "reseller"
)

// Roles are the roles of deal parties, in the order pages show them.
var Roles = []string{RoleLead, RoleDelivery, RoleReferral, RoleReseller}

// The notes a line carries about its caps.
const (
	// NoteDealCap: the cap per deal and party took part of base + bonus.
	NoteDealCap = "deal_cap"
	// NoteQuarterCap: the line crossed the partner's cap for the quarter
	// and was cut to what was left.
	NoteQuarterCap = "quarter_cap"
	// NoteQuarterCapReached: the cap for the quarter was reached before
	// this line, which pays nothing.
	NoteQuarterCapReached = "quarter_cap_reached"
)

// Notes are the notes a line can carry.
var Notes = []string{NoteDealCap, NoteQuarterCap, NoteQuarterCapReached}

// Full is 100 % in basis points: splits sum to it, rates are parts of it.
const Full = 10_000

// Rates are the rates per role, in basis points of a party's share.
type Rates struct {
	Lead     int `json:"lead" doc:"basis points of the share of the party in the lead"`
	Delivery int `json:"delivery" doc:"basis points of the share of a delivery partner"`
	Referral int `json:"referral" doc:"basis points of the share of a referring partner"`
	Reseller int `json:"reseller" doc:"basis points of the share of a reseller"`
}

// For returns the rate of role, 0 for an unknown role.
func (r Rates) For(role string) int {
	switch role {
	case RoleLead:
		return r.Lead
	case RoleDelivery:
		return r.Delivery
	case RoleReferral:
		return r.Referral
	case RoleReseller:
		return r.Reseller
	}
	return 0
}

// RuleInput is what a programme admin sets on a rule; every save of a
// rule makes a new version of all of it.
type RuleInput struct {
	Name     string `json:"name"`
	Currency string `json:"currency" doc:"ISO 4217 code; the rule applies only to deals in this currency"`
	Rates    Rates  `json:"rates"`
	// P2PBonusBP is paid on top for deals with two or more parties.
	P2PBonusBP int `json:"p2p_bonus_bp" doc:"basis points of a party's share, paid on top for deals with two or more partners"`
	// The caps in minor units; 0 is none.
	CapDealMinor    int64  `json:"cap_deal_minor" doc:"most a party earns from one deal, in minor units; 0 for no cap"`
	CapQuarterMinor int64  `json:"cap_quarter_minor" doc:"most a partner earns in a calendar quarter, in minor units; 0 for no cap"`
	ValidFrom       string `json:"valid_from" doc:"first day the rule applies (YYYY-MM-DD)"`
	ValidTo         string `json:"valid_to,omitempty" doc:"last day the rule applies (YYYY-MM-DD); empty for an open end"`
}

// Rule is one version of an incentive rule.
type Rule struct {
	ID string `json:"id"`
	// Version is the version this is; CurrentVersion the rule's latest.
	Version        int `json:"version"`
	CurrentVersion int `json:"current_version"`
	RuleInput
	// Author is who saved the version (staff only; empty for partners).
	Author    string    `json:"author,omitempty"`
	CreatedAt time.Time `json:"created_at"`

	from, to time.Time // to is zero for an open end
}

// Current reports whether the version is the rule's latest.
func (r *Rule) Current() bool { return r.Version == r.CurrentVersion }

// OpenEnd reports whether the rule applies without an end.
func (r *Rule) OpenEnd() bool { return r.to.IsZero() }

// From and To are the rule's first and last day (To zero: open end).
func (r *Rule) From() time.Time { return r.from }

// To is the rule's last day, zero for an open end.
func (r *Rule) To() time.Time { return r.to }

// Party is a partner in a won deal with its role and split.
type Party struct {
	OrgID   string `json:"org_id"`
	Role    string `json:"role"`
	SplitBP int    `json:"split_bp"`
}

// WonDeal is what deal registration tells Earn of a deal it marks won.
type WonDeal struct {
	ID, Customer string
	// Value in minor units of Currency.
	Value    int64
	Currency string
	WonAt    time.Time
	Parties  []Party
}

// Line is what one party earned from one won deal, with how it came about.
type Line struct {
	ID       string `json:"id"`
	DealID   string `json:"deal_id"`
	OrgID    string `json:"org_id"`
	Customer string `json:"customer"`
	// WonOn is the programme time zone's day of the win (YYYY-MM-DD).
	WonOn   string `json:"won_on"`
	Quarter string `json:"quarter"`
	Role    string `json:"role" enum:"incentive_role"`
	SplitBP int    `json:"split_bp"`
	// Parties is how many partners the deal had.
	Parties    int    `json:"parties"`
	ShareMinor int64  `json:"share_minor" doc:"the party's share of the deal value, rounded half up"`
	Currency   string `json:"currency"`
	RuleID     string `json:"rule_id"`
	RuleName   string `json:"rule_name"`
	// RuleVersion is the version of the rule that computed the line.
	RuleVersion int `json:"rule_version"`
	RateBP      int `json:"rate_bp"`
	// BonusBP is the P2P bonus rate applied (0 for a deal of one party).
	BonusBP    int   `json:"bonus_bp"`
	BaseMinor  int64 `json:"base_minor" doc:"share × rate, rounded half up, before caps"`
	BonusMinor int64 `json:"bonus_minor" doc:"share × P2P bonus, rounded half up, before caps"`
	// The caps take from the bonus first, then from the base.
	DealCapMinor    int64     `json:"deal_cap_minor" doc:"what the cap per deal took"`
	QuarterCapMinor int64     `json:"quarter_cap_minor" doc:"what the cap per quarter took"`
	AmountMinor     int64     `json:"amount_minor" doc:"what the line pays: base + bonus − caps"`
	Notes           []string  `json:"notes" enum:"incentive_note"`
	CreatedAt       time.Time `json:"created_at"`

	wonOn time.Time
}

// PaidBonus is the part of the amount that is P2P bonus: the caps take
// from the bonus first.
func (l *Line) PaidBonus() int64 {
	return max(0, l.BonusMinor-l.DealCapMinor-l.QuarterCapMinor)
}

// PaidBase is the part of the amount that is the role's rate.
func (l *Line) PaidBase() int64 { return l.AmountMinor - l.PaidBonus() }

// WonDay is the day of the win.
func (l *Line) WonDay() time.Time { return l.wonOn }

// Earned is what Earn did for a deal.
type Earned struct {
	// Lines are the parties' lines: new ones and those an earlier win of
	// the same deal made.
	Lines []*Line
	// NoRule is the deal's currency when no rule for it applied on the
	// day of the win: the deal earned nothing ("no incentive rule for
	// CHF").
	NoRule string
}

// Note says in lang that the deal earned nothing for want of a rule
// ("no incentive rule for CHF"), or "" when a rule applied.
func (e Earned) Note(lang string) string {
	if e.NoRule == "" {
		return ""
	}
	return i18n.T(lang, "incentive.no_rule_for", e.NoRule)
}

// Total is the sum of a statement's lines in one currency.
type Total struct {
	Currency    string `json:"currency"`
	AmountMinor int64  `json:"amount_minor"`
	BonusMinor  int64  `json:"bonus_minor" doc:"the part of the amount that is P2P bonus"`
	Lines       int    `json:"lines"`
}

// Statement is what a partner earned in a quarter: its lines and their
// sums per currency.
type Statement struct {
	OrgID   string  `json:"org_id"`
	OrgName string  `json:"org_name"`
	Quarter string  `json:"quarter"`
	Lines   []*Line `json:"lines"`
	Totals  []Total `json:"totals"`
}

// Summary is a statement without its lines, for lists.
type Summary struct {
	OrgID   string  `json:"org_id"`
	OrgName string  `json:"org_name"`
	Quarter string  `json:"quarter"`
	Totals  []Total `json:"totals"`
}
