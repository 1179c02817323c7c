package fees

import (
	"slices"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/i18n"
)

// AddMonths returns the day n months after day, on the month's last day
// when it is shorter (31 January + 1 month is 28 or 29 February).
func AddMonths(day time.Time, n int) time.Time {
	first := time.Date(day.Year(), day.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(day.Day(), last)-1)
}

// ruleOn returns the version of rules that applies on the day: the one
// with the latest first day not after it (of two with the same first day,
// the later version), or nil.
func ruleOn(rules []*Rule, day time.Time) *Rule {
	var out *Rule
	for _, r := range rules {
		if r.from.After(day) {
			continue
		}
		if out == nil || r.from.After(out.from) || (r.from.Equal(out.from) && r.Version > out.Version) {
			out = r
		}
	}
	return out
}

// Input is what Compute prices.
type Input struct {
	// Entries are the stage entries of the recruiter's prospects, all of
	// their history up to To.
	Entries []Entry
	// Rules are the versions of the recruiter's rule.
	Rules []*Rule
	// FirstWins is when each won partner won its first deal.
	FirstWins map[string]time.Time
	// Pipeline is the stages on the way to won, in order, won last.
	Pipeline []string
	// From and To are the days of the period, To not included.
	From, To time.Time
	// Today is the programme's day: a clawback falls due only once its
	// window has ended.
	Today time.Time
	Zone  *time.Location
}

// Compute prices a recruiter's prospects and returns the lines whose day
// lies in the period, by day:
//
//   - a stage fee when a prospect first reaches the stage the rule in
//     force that day names (entering a later stage reaches it too; lost
//     does not), once per prospect however often it moves back and on;
//   - a won fee when a prospect first becomes a partner, by the rule in
//     force on the day of the win;
//   - a clawback of that won fee, a negative line, when the partner has
//     won no deal within the rule's months after the win: it falls due on
//     the first day after the window, once that day has come.
//
// Each line is priced by the version in force on its event's day, so a
// rule changed later leaves earlier lines as they were.
func Compute(in Input) []*Line {
	entries := slices.Clone(in.Entries)
	slices.SortStableFunc(entries, func(a, b Entry) int {
		if c := strings.Compare(a.OrgID, b.OrgID); c != 0 {
			return c
		}
		return a.At.Compare(b.At)
	})
	rank := func(stage string) int { return slices.Index(in.Pipeline, stage) }
	won := ""
	if n := len(in.Pipeline); n > 0 {
		won = in.Pipeline[n-1]
	}
	inPeriod := func(d time.Time) bool { return !d.Before(in.From) && d.Before(in.To) }
	out := []*Line{}
	add := func(e Entry, kind string, d time.Time, r *Rule, amount int64) *Line {
		l := &Line{OrgID: e.OrgID, Prospect: e.Name, Kind: kind, On: d.Format(time.DateOnly), AmountMinor: amount,
			Currency: r.Currency, RuleVersion: r.Version, day: d}
		if inPeriod(d) {
			out = append(out, l)
		}
		return l
	}
	for start := 0; start < len(entries); {
		end := start + 1
		for end < len(entries) && entries[end].OrgID == entries[start].OrgID {
			end++
		}
		furthest, stagePaid, wonSeen := -1, false, false
		for _, e := range entries[start:end] {
			d := i18n.Day(e.At, in.Zone)
			r := ruleOn(in.Rules, d)
			at := rank(e.Stage)
			if r != nil && !stagePaid && r.Stage != "" && r.StageFeeMinor > 0 {
				if named := rank(r.Stage); named >= 0 && at >= named && furthest < named {
					stagePaid = true
					add(e, LineStage, d, r, r.StageFeeMinor).Stage = r.Stage
				}
			}
			furthest = max(furthest, at)
			if e.Stage != won || won == "" || wonSeen {
				continue
			}
			wonSeen = true
			if r == nil || r.WonFeeMinor <= 0 {
				continue
			}
			add(e, LineWon, d, r, r.WonFeeMinor)
			if r.ClawbackMonths <= 0 {
				continue
			}
			due := AddMonths(d, r.ClawbackMonths)
			if first, ok := in.FirstWins[e.OrgID]; ok && i18n.Day(first, in.Zone).Before(due) {
				continue
			}
			if due.After(in.Today) {
				continue
			}
			add(e, LineClawback, due, r, -r.WonFeeMinor).WonOn = d.Format(time.DateOnly)
		}
		start = end
	}
	slices.SortStableFunc(out, func(a, b *Line) int { return a.day.Compare(b.day) })
	return out
}

// totals sums lines per currency, in the order of the currencies' codes.
func totals(lines []*Line) []Total {
	out := []Total{}
	for _, l := range lines {
		i := slices.IndexFunc(out, func(t Total) bool { return t.Currency == l.Currency })
		if i < 0 {
			out = append(out, Total{Currency: l.Currency})
			i = len(out) - 1
		}
		out[i].AmountMinor += l.AmountMinor
		out[i].Lines++
	}
	slices.SortFunc(out, func(a, b Total) int { return strings.Compare(a.Currency, b.Currency) })
	return out
}

// ParseMonth reads a month written YYYY-MM and returns its first day.
func ParseMonth(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01", s)
	return t, err == nil && t.Format("2006-01") == s
}

// Payable returns the stages a stage fee may name: those of the pipeline
// between the first (every prospect enters there) and won (which has a
// fee of its own).
func Payable(pipeline []string) []string {
	if len(pipeline) < 3 {
		return []string{}
	}
	return slices.Clone(pipeline[1 : len(pipeline)-1])
}

// check cleans and checks a rule's input for the pipeline's payable
// stages and returns its first day, which may not lie before today.
func check(in *RuleInput, payable []string, today time.Time) (time.Time, error) {
	var v apperr.Validation
	in.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	if !i18n.ValidCurrency(in.Currency) {
		v.Add("currency", "validation.currency")
	}
	in.Stage = strings.TrimSpace(in.Stage)
	switch {
	case in.Stage != "" && !slices.Contains(payable, in.Stage):
		v.Add("stage", "fees.error.stage")
	case in.Stage == "" && in.StageFeeMinor > 0:
		v.Add("stage", "fees.error.stage_needed")
	}
	for field, n := range map[string]int64{"stage_fee_minor": in.StageFeeMinor, "won_fee_minor": in.WonFeeMinor} {
		if n < 0 || n > MaxMinor {
			v.Add(field, "validation.range", 0, MaxMinor)
		}
	}
	if in.ClawbackMonths < 0 || in.ClawbackMonths > MaxClawbackMonths {
		v.Add("clawback_months", "validation.range", 0, MaxClawbackMonths)
	}
	from := v.Day("valid_from", in.ValidFrom, true)
	if !from.IsZero() {
		in.ValidFrom = from.Format(time.DateOnly)
		if from.Before(today) {
			v.Add("valid_from", "fees.error.past", today.Format(time.DateOnly))
		}
	}
	return from, v.Err()
}
