package lifecycle

import (
	"slices"
	"strings"

	"pakt/internal/apperr"
)

// The kinds of evidence a stage gate can ask for.
const (
	// EvidenceCLevel is a logged personal meeting with a contact of the
	// prospect's C-level.
	EvidenceCLevel = "clevel_meeting"
	// EvidenceBusinessCase is a business case that breaks even within the
	// programme's months (Gates.BreakEvenMonths).
	EvidenceBusinessCase = "business_case"
	// EvidenceAssessment is an assessment of the organisation on CAN and
	// WILL.
	EvidenceAssessment = "assessment"
)

// EvidenceKinds lists the kinds of evidence in the order pages show them.
var EvidenceKinds = []string{EvidenceCLevel, EvidenceBusinessCase, EvidenceAssessment}

// ValidEvidence reports whether e is a kind of evidence.
func ValidEvidence(e string) bool { return slices.Contains(EvidenceKinds, e) }

// GatedStages are the stages a gate can guard: every stage on the way to
// won after the first (a prospect enters the pipeline at identified, and
// may always be lost).
var GatedStages = progress[1:]

// The bounds of Gates.BreakEvenMonths.
const (
	MinBreakEvenMonths     = 1
	MaxBreakEvenMonths     = 36
	DefaultBreakEvenMonths = 12
)

// Gates are the programme's stage gates: the evidence a prospect needs to
// enter each stage, and the months within which its business case must
// break even.
type Gates struct {
	// Stages maps a stage to the evidence it needs, in the order of
	// EvidenceKinds; a stage without gate is absent.
	Stages          map[string][]string `json:"stages" doc:"stage → the kinds of evidence needed to enter it (clevel_meeting, business_case, assessment)"`
	BreakEvenMonths int                 `json:"break_even_months" doc:"a business case counts when it breaks even within this many months (1–36)"`
}

// DefaultGates are the seed's: a C-level meeting before the business case,
// a business case breaking even within twelve months before the contract,
// an assessment before won. The first migration of the gates writes them.
func DefaultGates() Gates {
	return Gates{Stages: map[string][]string{
		BusinessCase: {EvidenceCLevel},
		Contract:     {EvidenceBusinessCase},
		Won:          {EvidenceAssessment},
	}, BreakEvenMonths: DefaultBreakEvenMonths}
}

// Needs reports whether entering stage needs evidence e.
func (g Gates) Needs(stage, e string) bool { return slices.Contains(g.Stages[stage], e) }

// Crossed returns the gated stages a move from one stage to another
// enters, in board order: every stage after from up to and including to,
// as a skipped stage counts as passed (as in the funnel). A move back, to
// lost or to the same stage crosses none; a move out of lost crosses every
// stage up to its target.
func Crossed(from, to string) []string {
	end := rank(to)
	if end < 0 {
		return nil
	}
	start := rank(from) + 1
	if start > end {
		return nil
	}
	return progress[start : end+1]
}

// Evidence is what is known of a prospect when it is to move. The zero
// value has none of it, which is what a gate sees when pakt cannot tell
// (a hook that is not connected).
type Evidence struct {
	// CLevelMet: a personal meeting with a C-level contact is logged.
	CLevelMet bool
	// HasCase: the organisation has a business case.
	HasCase bool
	// BreakEvenMonth is the month in which its business case breaks even,
	// 0 when it does not break even within its horizon.
	BreakEvenMonth int
	// Assessed: the organisation has an assessment.
	Assessed bool
}

// Missing is one piece of evidence a gate asks for and the prospect lacks.
type Missing struct {
	// Stage is the first stage whose gate asks for it.
	Stage    string `json:"stage" enum:"stage"`
	Evidence string `json:"evidence" enum:"gate_evidence"`
}

// has reports whether the evidence satisfies kind e, for a business case
// within months.
func (ev Evidence) has(e string, months int) bool {
	switch e {
	case EvidenceCLevel:
		return ev.CLevelMet
	case EvidenceBusinessCase:
		return ev.HasCase && ev.BreakEvenMonth > 0 && ev.BreakEvenMonth <= months
	case EvidenceAssessment:
		return ev.Assessed
	}
	return false
}

// Asked returns the kinds of evidence the gates of a move from one stage to
// another ask for, each once, in the order of EvidenceKinds.
func (g Gates) Asked(from, to string) []string {
	var out []string
	for _, e := range EvidenceKinds {
		for _, st := range Crossed(from, to) {
			if g.Needs(st, e) {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

// Check returns what the gates of a move from one stage to another ask for
// and ev lacks, each kind once under the first stage that asks for it, in
// board order; nil when the move may go ahead.
func (g Gates) Check(from, to string, ev Evidence) []Missing {
	var out []Missing
	seen := map[string]bool{}
	for _, st := range Crossed(from, to) {
		for _, e := range EvidenceKinds {
			if g.Needs(st, e) && !seen[e] && !ev.has(e, g.BreakEvenMonths) {
				seen[e] = true
				out = append(out, Missing{Stage: st, Evidence: e})
			}
		}
	}
	return out
}

// Verdict is the decision on a move through the gates.
type Verdict int

// The verdicts of Decide.
const (
	// Pass: nothing is missing.
	Pass Verdict = iota
	// Overridden: something is missing and the mover gave a reason to
	// move anyway; the move is recorded as an override.
	Overridden
	// Refused: something is missing and no reason was given.
	Refused
)

// Decide is the rule of the gates: a move with nothing missing passes
// (a reason given then is not kept: nothing was overridden); one with
// something missing needs a reason, which must not be blank.
func Decide(missing []Missing, reason string) Verdict {
	switch {
	case len(missing) == 0:
		return Pass
	case strings.TrimSpace(reason) == "":
		return Refused
	}
	return Overridden
}

// NextStage is the stage after stage on the way to won, "" for won and
// lost.
func NextStage(stage string) string {
	i := rank(stage)
	if i < 0 || i+1 >= len(progress) {
		return ""
	}
	return progress[i+1]
}

// normalise sorts each stage's evidence into the order of EvidenceKinds,
// drops duplicates, and drops stages without any.
func (g *Gates) normalise() {
	out := map[string][]string{}
	for st, list := range g.Stages {
		var kinds []string
		for _, e := range EvidenceKinds {
			if slices.Contains(list, e) {
				kinds = append(kinds, e)
			}
		}
		if len(kinds) > 0 {
			out[st] = kinds
		}
	}
	g.Stages = out
}

// Validate checks the gates: only stages after identified on the way to
// won, only known kinds of evidence, months within their bounds. It
// normalises g first.
func (g *Gates) Validate() error {
	var v apperr.Validation
	for st, list := range g.Stages {
		if !slices.Contains(GatedStages, st) {
			v.Add("stages", "gate.stage_invalid")
			break
		}
		if slices.ContainsFunc(list, func(e string) bool { return !ValidEvidence(e) }) {
			v.Add("stages", "gate.evidence_invalid")
			break
		}
	}
	if g.BreakEvenMonths < MinBreakEvenMonths || g.BreakEvenMonths > MaxBreakEvenMonths {
		v.Add("break_even_months", "validation.range", MinBreakEvenMonths, MaxBreakEvenMonths)
	}
	g.normalise()
	return v.Err()
}
