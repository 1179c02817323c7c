package portfolio

import (
	"slices"
	"time"
)

// Rating is one criterion's rating within an assessment: a score from 0 to
// 5, or nil when the assessor did not rate it.
type Rating struct {
	Axis   string
	Weight int
	Score  *int
}

// MaxScore is the top of the rating scale.
const MaxScore = 5

// AxisScore returns the weighted score of one axis in tenths of a point,
// 0 to 1000: the weighted mean of the rated criteria of the axis, scaled
// from 0–5 to 0–100. Unrated criteria and criteria of weight 0 do not
// count; ok is false when nothing of the axis counts, so no score can be
// given. Rounding is half up, in integers, so that both engines and every
// platform agree.
func AxisScore(ratings []Rating, axis string) (tenths int, ok bool) {
	var sum, weights int
	for _, r := range ratings {
		if r.Axis != axis || r.Score == nil || r.Weight <= 0 {
			continue
		}
		sum += r.Weight * *r.Score
		weights += r.Weight
	}
	if weights == 0 {
		return 0, false
	}
	// tenths = sum / (5 × weights) × 1000, rounded half up.
	num, den := sum*1000, weights*MaxScore
	return (2*num + den) / (2 * den), true
}

// Alerts a new assessment raises about the one before it, after the seed's
// action per quadrant (the manager is told).
const (
	// AlertHeroDropped: a hero's CAN or WILL fell. Heroes are cared for
	// and protected from competitors.
	AlertHeroDropped = "hero_dropped"
	// AlertShadowRising: a shadow's CAN rose, towards candidate. Shadows
	// are observed until they move.
	AlertShadowRising = "shadow_rising"
)

// AlertOf returns the alert of an assessment with CAN and WILL scores can
// and will (tenths) that follows one with prevCan and prevWill, the
// earlier one placed against today's thresholds in points; "" for none.
func AlertOf(prevCan, prevWill, can, will, canThreshold, willThreshold int) string {
	switch Place(prevCan, prevWill, canThreshold, willThreshold) {
	case Hero:
		if can < prevCan || will < prevWill {
			return AlertHeroDropped
		}
	case Shadow:
		if can > prevCan {
			return AlertShadowRising
		}
	}
	return ""
}

// ReassessShadowsMonths is how long a shadow's assessment stands by
// default: shadows are only observed, and looked at again after this many
// months (Actions.ReassessMonths).
const ReassessShadowsMonths = 6

// ReassessDue returns the shadows among pts whose latest assessment is
// months or more before today, the longest waiting first; none when
// months is 0.
func ReassessDue(pts []Point, today time.Time, months int) []Point {
	out := []Point{}
	if months <= 0 {
		return out
	}
	due := today.AddDate(0, -months, 0)
	for _, p := range pts {
		if p.Quadrant == Shadow && !p.AssessedOn.After(due) {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(x, y Point) int { return x.AssessedOn.Compare(y.AssessedOn) })
	return out
}

// Wanted reports whether the programme's actions want alert.
func (x *Actions) Wanted(alert string) bool {
	switch alert {
	case AlertHeroDropped:
		return x.HeroAlert
	case AlertShadowRising:
		return x.ShadowAlert
	}
	return false
}

// Place returns the quadrant of CAN and WILL scores (in tenths) against
// thresholds in points (0–100). A score exactly at the threshold is high.
func Place(can, will, canThreshold, willThreshold int) Quadrant {
	highCan, highWill := can >= canThreshold*10, will >= willThreshold*10
	switch {
	case highCan && highWill:
		return Hero
	case highCan:
		return Candidate
	case highWill:
		return Vampire
	}
	return Shadow
}
