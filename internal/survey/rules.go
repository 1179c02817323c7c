package survey

import (
	"time"

	"pakt/internal/auth"
)

// MinGroup is the fewest answers a group needs before managers see its
// figures: with fewer, a manager who knows its partners could tell who
// answered what.
const MinGroup = 3

// NPS is the Net Promoter Score of recommendation scores (0 to 10): the
// share of promoters (9 and 10) minus the share of detractors (0 to 6), in
// whole percent rounded half away from zero; ok is false without scores.
func NPS(scores []int) (nps int, ok bool) {
	if len(scores) == 0 {
		return 0, false
	}
	p, d := 0, 0
	for _, s := range scores {
		switch {
		case s >= 9:
			p++
		case s <= 6:
			d++
		}
	}
	return rounded(100*(p-d), len(scores)), true
}

// Average is the mean of values in tenths, rounded half away from zero;
// ok is false without values.
func Average(values []int) (tenths int, ok bool) {
	if len(values) == 0 {
		return 0, false
	}
	sum := 0
	for _, v := range values {
		sum += v
	}
	return rounded(10*sum, len(values)), true
}

// rounded is num/den rounded half away from zero (den > 0).
func rounded(num, den int) int {
	if num < 0 {
		return -((-num*2 + den) / (2 * den))
	}
	return (num*2 + den) / (2 * den)
}

// NameShown is the anonymity rule: whether the reader a sees who gave an
// answer. Admins, who run the programme, see every name; managers only
// those of partners that agreed that their manager may see them; nobody
// else reads results at all. Results adds the ownership rule: a manager
// sees the name only of a partner it steers (partner.Steers).
func NameShown(a *auth.Actor, agreed bool) bool {
	switch {
	case a.IsAdmin():
		return true
	case a.IsStaff():
		return agreed
	}
	return false
}

// Suppressed is the small-group rule: whether the figures of a group of n
// answers are hidden from a. Managers see no group of fewer than MinGroup
// answers (a group without answers has no figures to hide); admins see
// every group.
func Suppressed(a *auth.Actor, n int) bool {
	return !a.IsAdmin() && n > 0 && n < MinGroup
}

// Due reports whether pakt starts a round by itself at now: the interval is
// set and at least that many months passed since the last round opened
// (zero: there was none).
func Due(intervalMonths int, lastOpened, now time.Time) bool {
	if intervalMonths <= 0 {
		return false
	}
	return lastOpened.IsZero() || !now.Before(lastOpened.AddDate(0, intervalMonths, 0))
}

// isOpen reports whether partners may answer the round at now.
func isOpen(closesAt time.Time, closedAt *time.Time, now time.Time) bool {
	return closedAt == nil && now.Before(closesAt)
}

// summarise computes the group of answers for reader a: nothing but the
// count when the group is suppressed for a.
func summarise(a *auth.Actor, key, name string, answers []*Answer, questions []Question) *Group {
	g := &Group{Key: key, Name: name, Answers: len(answers), Averages: make([]int, Questions)}
	if Suppressed(a, len(answers)) {
		g.Suppressed = true
		return g
	}
	scores := make([]int, len(answers))
	for i, x := range answers {
		scores[i] = x.Score
		switch {
		case x.Score >= 9:
			g.Promoters++
		case x.Score >= 7:
			g.Passives++
		default:
			g.Detractors++
		}
	}
	if n, ok := NPS(scores); ok {
		g.NPS = &n
	}
	g.Score, _ = Average(scores)
	for _, q := range questions {
		if !q.Scale() || q.Position < 1 || q.Position > Questions {
			continue
		}
		var vals []int
		for _, x := range answers {
			if v := x.Scale(q.Position); v > 0 {
				vals = append(vals, v)
			}
		}
		g.Averages[q.Position-1], _ = Average(vals)
	}
	return g
}
