// Package lifecycle implements the partner lifecycle, starting with the
// recruitment pipeline: prospects move through stages to won or lost, and a
// funnel shows where recruiting stalls.
package lifecycle

import (
	"slices"
	"strings"
	"time"
)

// The stages of the pipeline, in order; Lost may follow any stage.
const (
	Identified    = "identified"
	Qualified     = "qualified"
	FirstContact  = "first_contact"
	CLevelMeeting = "clevel_meeting"
	BusinessCase  = "business_case"
	Contract      = "contract"
	Onboarding    = "onboarding"
	Won           = "won"
	Lost          = "lost"
)

// Stages lists the stages in board order: the working stages, won and lost.
var Stages = []string{Identified, Qualified, FirstContact, CLevelMeeting, BusinessCase, Contract, Onboarding, Won, Lost}

// progress lists the stages a prospect passes on its way to won.
var progress = Stages[:8]

// ValidStage reports whether s is a stage of the pipeline.
func ValidStage(s string) bool { return slices.Contains(Stages, s) }

// rank is a stage's position on the way to won, -1 for lost.
func rank(stage string) int { return slices.Index(progress, stage) }

// Change is one move of a prospect into a stage; From is empty when the
// prospect entered the pipeline.
type Change struct {
	OrgID string    `json:"org_id"`
	From  string    `json:"from_stage"`
	To    string    `json:"to_stage"`
	At    time.Time `json:"at"`
	ByID  string    `json:"by_id,omitempty"`
	// OverrideReason is why the mover moved past a stage gate without its
	// evidence; Overridden lists the kinds of evidence that were missing.
	// Both are empty for a move that passed its gates (and in the funnel's
	// history, which does not read them).
	OverrideReason string   `json:"override_reason,omitempty"`
	Overridden     []string `json:"overridden,omitempty" enum:"gate_evidence"`
}

// FunnelStage is one stage's row in the funnel.
type FunnelStage struct {
	Stage string `json:"stage" enum:"stage"`
	// Entered counts the prospects that reached the stage or a later one
	// (a prospect that skipped the stage has passed it).
	Entered int `json:"entered"`
	// MovedOn counts the prospects that reached a later stage.
	MovedOn int `json:"moved_on"`
	// ConversionPercent is MovedOn of Entered in percent, nil when none
	// entered; won has no conversion.
	ConversionPercent *float64 `json:"conversion_percent"`
	// MedianDays is the median time the prospects spent in the stage, in
	// days, nil when none stayed in it.
	MedianDays *float64 `json:"median_days"`
	// Stays counts the prospects the median is taken over.
	Stays int `json:"stays"`
}

// Funnel computes the funnel over the stage-change history of prospects:
// per stage on the way to won, how many entered it, how many moved on to a
// later stage, and the median days spent in it.
//
// A prospect that skips stages counts as having entered and passed the
// skipped ones; one that moves back keeps the furthest stage it reached.
// Time is measured per stay: a prospect still in a stage is measured up to
// now, so that prospects stuck in a stage show where recruiting stalls.
// Skipped stages add no stay; several stays of one prospect in one stage
// are added up. Won and lost are ends: won has no conversion and no time.
func Funnel(changes []Change, now time.Time) []FunnelStage {
	// Sorted by prospect and time, each prospect's history is one run;
	// the history comes that way from the store, and is sorted here when it
	// does not.
	if !slices.IsSortedFunc(changes, byProspectAndTime) {
		changes = slices.Clone(changes)
		slices.SortStableFunc(changes, byProspectAndTime)
	}
	out := make([]FunnelStage, len(progress))
	days := make([][]float64, len(progress))
	for i, s := range progress {
		out[i].Stage = s
	}
	spent := make([]time.Duration, len(progress))
	stayed := make([]bool, len(progress))
	for start := 0; start < len(changes); {
		end := start + 1
		for end < len(changes) && changes[end].OrgID == changes[start].OrgID {
			end++
		}
		hist := changes[start:end]
		start = end
		clear(spent)
		clear(stayed)
		furthest := -1
		for i, c := range hist {
			r := rank(c.To)
			furthest = max(furthest, r)
			if r < 0 || c.To == Won {
				continue
			}
			until := now
			if i+1 < len(hist) {
				until = hist[i+1].At
			}
			stayed[r] = true
			if until.After(c.At) {
				spent[r] += until.Sub(c.At)
			}
		}
		for r := 0; r <= furthest; r++ {
			out[r].Entered++
			if r < furthest {
				out[r].MovedOn++
			}
		}
		for r := range spent {
			if stayed[r] {
				days[r] = append(days[r], spent[r].Hours()/24)
			}
		}
	}
	for i := range out {
		if out[i].Entered > 0 && progress[i] != Won {
			p := round1(100 * float64(out[i].MovedOn) / float64(out[i].Entered))
			out[i].ConversionPercent = &p
		}
		out[i].Stays = len(days[i])
		if m, ok := median(days[i]); ok {
			m = round1(m)
			out[i].MedianDays = &m
		}
	}
	return out
}

func byProspectAndTime(a, b Change) int {
	if c := strings.Compare(a.OrgID, b.OrgID); c != 0 {
		return c
	}
	return a.At.Compare(b.At)
}

// median returns the middle value of xs, the mean of the two middle ones
// for an even count.
func median(xs []float64) (float64, bool) {
	if len(xs) == 0 {
		return 0, false
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2], true
	}
	return (s[n/2-1] + s[n/2]) / 2, true
}

func round1(f float64) float64 {
	if f < 0 {
		return -round1(-f)
	}
	return float64(int64(f*10+0.5)) / 10
}
