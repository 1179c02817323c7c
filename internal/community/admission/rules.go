package admission

import "time"

// Evidence is what the criteria check reads of an application.
type Evidence struct {
	Independent  bool
	HasCert      bool
	CertExpires  *time.Time
	References   int
	Competencies int
}

// CheckCriteria is the completeness check of an application against the
// criteria st requires, on the day today: each required criterion is met,
// not met, or (the self-declared independence) to be checked by the
// board. A certificate proves the status until the end of its expiry day.
func CheckCriteria(e Evidence, st Settings, today time.Time) []Check {
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	var out []Check
	for _, c := range Criteria {
		if !st.On(c) {
			continue
		}
		ok := false
		switch c {
		case CriterionIndependent:
			if e.Independent {
				out = append(out, Check{Criterion: c, Result: ToCheck})
				continue
			}
		case CriterionCertified:
			ok = e.HasCert && e.CertExpires != nil && !e.CertExpires.Before(day)
		case CriterionReferences:
			ok = e.References >= st.MinReferences
		case CriterionCompetencies:
			ok = e.Competencies >= 1
		}
		res := NotMet
		if ok {
			res = Met
		}
		out = append(out, Check{Criterion: c, Result: res})
	}
	return out
}

// Complete reports whether no criterion of checks is unmet: an
// application may be submitted only then.
func Complete(checks []Check) bool {
	for _, c := range checks {
		if c.Result == NotMet {
			return false
		}
	}
	return true
}

// Count tallies votes.
func Count(votes []*Vote) Tally {
	var t Tally
	for _, v := range votes {
		switch v.Choice {
		case VoteApprove:
			t.Approve++
		case VoteReject:
			t.Reject++
		case VoteAbstain:
			t.Abstain++
		}
	}
	return t
}

// Decide is the rule of the board's decision: open until the quorum of
// votes is cast (abstentions count towards it); then admit when more
// than st.MajorityPercent of the votes that do not abstain approve, and
// reject otherwise. A tie does not admit: with the default 50 % an equal
// number of approvals and rejections rejects, and so does a vote in which
// everyone abstained. The board may wait for further votes before it
// decides, as long as the application is open.
func Decide(t Tally, st Settings) string {
	if t.Cast() < max(st.Quorum, 1) {
		return OutcomeOpen
	}
	counted := t.Approve + t.Reject
	if counted > 0 && t.Approve*100 > st.MajorityPercent*counted {
		return OutcomeAdmit
	}
	return OutcomeReject
}
