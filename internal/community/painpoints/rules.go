package painpoints

import (
	"cmp"
	"slices"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/community"
)

// vendorSees lists the statuses the vendor's liaison sees: raised with
// the vendor and what follows it.
var vendorSees = []string{StatusRaised, StatusAnswered, StatusResolved}

// Visible returns the statuses of the points a caller of the standing
// sees: everything inside the association (its admins, board and
// members), the points raised with the vendor and later to the vendor's
// liaison, and nothing to anyone else. It is the one rule of which points
// a caller reads.
func Visible(st community.Standing) []string {
	switch {
	case st.Inside():
		return append(slices.Clone(Statuses), StatusMerged)
	case st == community.Liaison:
		return slices.Clone(vendorSees)
	}
	return nil
}

// Sees reports whether a caller of the standing sees a point in status.
func Sees(st community.Standing, status string) bool {
	return slices.Contains(Visible(st), status)
}

// Names reports whether a caller of the standing sees the supporter's
// name: inside the association always, the vendor's liaison only when the
// organisation agreed.
func Names(st community.Standing, s Supporter) bool {
	return st.Inside() || (st == community.Liaison && s.Named)
}

// maySubmit reports whether a submits pain points: any user of a member
// organisation.
func maySubmit(st community.Standing, a *auth.Actor) bool {
	return st == community.Member && a.IsPartner()
}

// mayVote reports whether a supports points for its organisation: the
// partner admins of a member organisation.
func mayVote(st community.Standing, a *auth.Actor) bool {
	return st == community.Member && a.ActsForOwnOrg()
}

// mayAnswer reports whether a answers raised points: the vendor's liaison
// (and the admins, who run pakt).
func mayAnswer(st community.Standing) bool {
	return st == community.Liaison || st == community.Admin
}

// moves are the board's changes of status. Answered is reached only by
// the vendor's answer (Answerable); a merged point changes no more.
var moves = map[string][]string{
	StatusNew:      {StatusReview, StatusDeclined},
	StatusReview:   {StatusNew, StatusRaised, StatusDeclined},
	StatusRaised:   {StatusResolved, StatusDeclined},
	StatusAnswered: {StatusRaised, StatusResolved},
	StatusResolved: {StatusRaised},
	StatusDeclined: {StatusReview},
}

// Move checks the board's change of a point from one status to another:
// new → under review → raised with the vendor → (answered by the vendor)
// → resolved, or declined with a reason. A point may go back: under
// review to new, answered or resolved to raised again (the answer did not
// settle it, the problem came back), declined to review. It answers a
// validation error naming the field.
func Move(from, to, reason string) error {
	var v apperr.Validation
	switch {
	case to == StatusAnswered:
		v.Add("status", "painpoints.error.answer_first")
	case !slices.Contains(Statuses, to):
		v.Add("status", "validation.choice")
	case from == StatusMerged:
		return apperr.New(apperr.Conflict, "painpoints.error.merged")
	case !slices.Contains(moves[from], to):
		v.Add("status", "painpoints.error.move")
	case to == StatusDeclined && reason == "":
		v.Add("reason", "painpoints.error.reason")
	}
	return v.Err()
}

// Answerable reports whether the vendor answers a point in status: one
// raised with it, or one answered before (a revised answer).
func Answerable(status string) bool { return status == StatusRaised || status == StatusAnswered }

// CheckMerge checks that the board may merge dup into kept: two
// different points, neither a merged duplicate, the kept one not
// declined.
func CheckMerge(dup, kept *Point) error {
	switch {
	case dup.ID == kept.ID:
		return apperr.New(apperr.Invalid, "painpoints.error.merge_self")
	case dup.Status == StatusMerged || kept.Status == StatusMerged:
		return apperr.New(apperr.Conflict, "painpoints.error.merged")
	case kept.Status == StatusDeclined:
		return apperr.New(apperr.Conflict, "painpoints.error.merge_declined")
	}
	return nil
}

// MergeVotes returns the votes of the kept point after the duplicate's
// were carried over: every organisation that supported either counts
// once. An organisation that supported both keeps its vote on the kept
// point as it was (its consent to be named there stands), dated by its
// earlier support; one that supported only the duplicate brings its vote
// as it was. The result is sorted by organisation.
func MergeVotes(kept, dup []Supporter) []Supporter {
	out := map[string]Supporter{}
	for _, s := range dup {
		out[s.OrgID] = s
	}
	for _, s := range kept {
		if d, ok := out[s.OrgID]; ok && d.At.Before(s.At) {
			s.At = d.At
		}
		out[s.OrgID] = s
	}
	list := make([]Supporter, 0, len(out))
	for _, s := range out {
		list = append(list, s)
	}
	slices.SortFunc(list, func(x, y Supporter) int { return cmp.Compare(x.OrgID, y.OrgID) })
	return list
}
