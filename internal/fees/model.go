// Package fees pays external recruiters as they are used: fee rules per
// recruiter (an amount per prospect that first reaches a named stage, an
// amount per won partner, and a clawback of that won fee when the partner
// makes no first deal within some months; every change a new version from
// a day on, so that the days before keep what they paid), the monthly
// statement of each recruiter as a page, CSV and PDF, and each recruiter's
// performance in the pipeline. It reads the pipeline and the deals through
// hooks; recruiters see their own statements only.
package fees

import (
	"time"

	"pakt/internal/audit"
)

// What the audit log records of this package (see audit.Kind).
var _ = audit.Kind("recruiter_fee_rule", "create", "update")

// The kinds of statement lines.
const (
	// LineStage: a prospect first reached the rule's stage.
	LineStage = "stage"
	// LineWon: a prospect became a partner.
	LineWon = "won"
	// LineClawback: a won partner made no first deal within the rule's
	// months; the won fee is taken back, a negative line.
	LineClawback = "clawback"
)

// LineKinds are the kinds of statement lines.
var LineKinds = []string{LineStage, LineWon, LineClawback}

// MaxMinor bounds a fee in minor units (a billion units with cents).
const MaxMinor int64 = 100_000_000_000

// MaxClawbackMonths bounds the clawback window.
const MaxClawbackMonths = 60

// RuleInput is what a programme admin sets for a recruiter; every save
// makes a new version of all of it.
type RuleInput struct {
	Currency string `json:"currency" doc:"ISO 4217 code of the fees"`
	// Stage is the stage whose first reaching pays StageFeeMinor; empty
	// pays no stage fee.
	Stage         string `json:"stage,omitempty" enum:"fee_stage" doc:"the pipeline stage whose first reaching (or passing) pays the stage fee; empty for none"`
	StageFeeMinor int64  `json:"stage_fee_minor" doc:"paid once per prospect that first reaches the stage, in minor units"`
	WonFeeMinor   int64  `json:"won_fee_minor" doc:"paid per prospect that becomes a partner, in minor units"`
	// ClawbackMonths: a won partner without a first deal within as many
	// months of its win takes the won fee back; 0 never does.
	ClawbackMonths int    `json:"clawback_months" doc:"months after the win within which the partner's first deal keeps the won fee; 0 for no clawback"`
	ValidFrom      string `json:"valid_from" doc:"first day the version applies (YYYY-MM-DD), not before today; it applies until a later version starts"`
}

// Rule is one version of a recruiter's fee rule.
type Rule struct {
	RecruiterID string `json:"recruiter_id"`
	Version     int    `json:"version"`
	RuleInput
	// Author is who saved the version.
	Author    string    `json:"author,omitempty"`
	CreatedAt time.Time `json:"created_at"`

	from time.Time
}

// From is the first day the version applies.
func (r *Rule) From() time.Time { return r.from }

// Entry is one entry of a recruiter's prospect into a stage, as the
// pipeline records it.
type Entry struct {
	OrgID string
	Name  string
	Stage string
	At    time.Time
}

// Line is one line of a statement.
type Line struct {
	OrgID    string `json:"org_id"`
	Prospect string `json:"prospect"`
	Kind     string `json:"kind" enum:"fee_line"`
	// Stage is the stage a stage fee was paid for.
	Stage string `json:"stage,omitempty" enum:"fee_stage"`
	// On is the day of the line (YYYY-MM-DD, programme time zone): the
	// entry into the stage, the win, or the end of the clawback window.
	On string `json:"on"`
	// WonOn is the day of the win a clawback takes back.
	WonOn       string `json:"won_on,omitempty"`
	AmountMinor int64  `json:"amount_minor" doc:"negative for a clawback"`
	Currency    string `json:"currency"`
	// RuleVersion is the version of the recruiter's rule that priced it.
	RuleVersion int `json:"rule_version"`

	day time.Time
}

// Day is the day of the line.
func (l *Line) Day() time.Time { return l.day }

// Total is the sum of a statement's lines in one currency.
type Total struct {
	Currency    string `json:"currency"`
	AmountMinor int64  `json:"amount_minor"`
	Lines       int    `json:"lines"`
}

// Statement is what a recruiter earned in a month.
type Statement struct {
	RecruiterID   string `json:"recruiter_id"`
	RecruiterName string `json:"recruiter_name"`
	// Month is YYYY-MM.
	Month  string  `json:"month"`
	Lines  []*Line `json:"lines"`
	Totals []Total `json:"totals"`
}

// MonthTotal is a month's totals, for lists.
type MonthTotal struct {
	Month  string  `json:"month"`
	Totals []Total `json:"totals"`
}

// Recruiter is an external recruiter with its current fee rule.
type Recruiter struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Rule is the version in force today, nil when none.
	Rule *Rule `json:"rule"`
	// Month is the current month's totals.
	Month MonthTotal `json:"month"`
}

// StagePerformance is how a recruiter's prospects fare in one stage.
type StagePerformance struct {
	Stage string `json:"stage" enum:"stage"`
	// Entered counts the prospects that reached the stage or passed it.
	Entered int `json:"entered"`
	// MovedOn counts those that reached a later stage.
	MovedOn int `json:"moved_on"`
	// ConversionPercent is MovedOn of Entered, nil when none entered.
	ConversionPercent *float64 `json:"conversion_percent"`
	// MedianDays is the median time spent in the stage, nil when none
	// stayed in it.
	MedianDays *float64 `json:"median_days"`
}

// Performance is a recruiter's pipeline, stage by stage.
type Performance struct {
	RecruiterID   string             `json:"recruiter_id"`
	RecruiterName string             `json:"recruiter_name"`
	Stages        []StagePerformance `json:"stages"`
	// Won counts the recruiter's prospects that became partners.
	Won int `json:"won"`
}
