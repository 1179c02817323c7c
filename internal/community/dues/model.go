// Package dues is the association's membership administration: the yearly
// fee of each membership as an item (amount, due day, paid on; pakt
// processes no payments), the reminders before a fee is due and when it
// is overdue, resignations with their notice period, and the members over
// time.
//
// Who sees what: the association's admins and board see and change
// everything; a member organisation's users read its own fees and
// resignation, and its partner admins resign or withdraw a resignation;
// the vendor's liaisons, managers, recruiters and organisations that are
// not members see nothing (404). Who is what is community.Standing.
//
// The notice period (rules.go, ResignationEnds): a resignation takes
// effect at the end of the first period (by default a calendar year) that
// ends at least the notice months (by default 3) after the day it was
// submitted, as many statutes say "with three months' notice to the end
// of the calendar year"; so one submitted by 30 September leaves on
// 31 December, one submitted on 1 October a year later.
package dues

import (
	"time"

	"pakt/internal/audit"
	"pakt/internal/partner"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("dues_settings", "update")
	_ = audit.Kind("membership_fee", "create", "pay", "unpay")
	_ = audit.Kind("resignation", "create", "withdraw", "effect")
)

// Date is a calendar day.
type Date = partner.Date

// The periods a resignation takes effect at the end of.
const (
	ToYear    = "year"
	ToQuarter = "quarter"
	ToMonth   = "month"
)

// Periods lists the periods a resignation may end with.
var Periods = []string{ToYear, ToQuarter, ToMonth}

// Limits of the settings.
const (
	MaxNoticeMonths = 24
	MaxRemindDays   = 90
	// MaxFee is the largest yearly fee in minor units.
	MaxFee = 100_000_000_00
)

// Settings are the association's fee and resignation settings.
type Settings struct {
	// FeeOrdinary and FeeSupporting are the yearly fees per kind of
	// membership in minor units of Currency; 0 raises no fee.
	FeeOrdinary   int64  `json:"fee_ordinary_minor" doc:"yearly fee of an ordinary membership, in minor units of currency (0: none)"`
	FeeSupporting int64  `json:"fee_supporting_minor" doc:"yearly fee of a supporting membership, in minor units of currency (0: none)"`
	Currency      string `json:"currency" doc:"ISO 4217 code"`
	DueMonth      int    `json:"due_month" doc:"month of the yearly due day, 1 to 12"`
	DueDay        int    `json:"due_day" doc:"day of the month of the yearly due day (past the month's end: its last day)"`
	RemindDays    int    `json:"remind_days" doc:"days before the due day the member's partner admins are reminded (0: not before, only when overdue)"`
	NoticeMonths  int    `json:"notice_months" doc:"months of notice of a resignation"`
	NoticeTo      string `json:"notice_to" enum:"notice_period" doc:"a resignation takes effect at the end of this period: year, quarter or month"`
}

// SettingsInput changes the settings; a field left out stays.
type SettingsInput struct {
	FeeOrdinary   *int64  `json:"fee_ordinary_minor,omitempty"`
	FeeSupporting *int64  `json:"fee_supporting_minor,omitempty"`
	Currency      *string `json:"currency,omitempty"`
	DueMonth      *int    `json:"due_month,omitempty"`
	DueDay        *int    `json:"due_day,omitempty"`
	RemindDays    *int    `json:"remind_days,omitempty"`
	NoticeMonths  *int    `json:"notice_months,omitempty"`
	NoticeTo      *string `json:"notice_to,omitempty" enum:"notice_period"`
}

// Fee is a membership's fee of one year.
type Fee struct {
	ID           string `json:"id"`
	MembershipID string `json:"membership_id"`
	OrgID        string `json:"org_id"`
	OrgName      string `json:"org_name"`
	Year         int    `json:"year"`
	Kind         string `json:"kind" enum:"membership_kind"`
	AmountMinor  int64  `json:"amount_minor"`
	Currency     string `json:"currency"`
	DueOn        Date   `json:"due_on"`
	PaidOn       *Date  `json:"paid_on"`
	// Overdue is set while the fee is unpaid after its due day.
	Overdue bool      `json:"overdue"`
	Created time.Time `json:"created_at"`
}

// Payment records a fee as paid on a day, or as not paid (PaidOn empty).
type Payment struct {
	PaidOn string `json:"paid_on" doc:"the day the fee was paid, YYYY-MM-DD; empty: not paid"`
}

// Resignation is a member organisation's notice of leaving.
type Resignation struct {
	ID           string     `json:"id"`
	MembershipID string     `json:"membership_id"`
	OrgID        string     `json:"org_id"`
	OrgName      string     `json:"org_name"`
	EndsOn       Date       `json:"ends_on" doc:"the membership's last day"`
	SubmittedAt  time.Time  `json:"submitted_at"`
	WithdrawnAt  *time.Time `json:"withdrawn_at"`
	EffectedAt   *time.Time `json:"effected_at"`
}

// Pending reports whether the resignation still waits for its day.
func (r *Resignation) Pending() bool { return r.WithdrawnAt == nil && r.EffectedAt == nil }

// Point is the number of running memberships per kind at the end of a
// period.
type Point struct {
	Label      string `json:"period"`
	End        Date   `json:"end"`
	Ordinary   int    `json:"ordinary"`
	Supporting int    `json:"supporting"`
}

// Total is the point's number of members.
func (p Point) Total() int { return p.Ordinary + p.Supporting }
