package admission

import (
	"testing"
	"time"
)

// The criteria check shows, per required criterion, what the board reads:
// the declared independence for it to check, a certificate only while it
// has not expired, references counted against the configured minimum,
// and at least one competency. Criteria switched off are not shown.
func TestCheckCriteria(t *testing.T) {
	today := time.Date(2026, 6, 15, 14, 0, 0, 0, time.UTC)
	on := func(d time.Time) *time.Time { return &d }
	full := Evidence{Independent: true, HasCert: true, CertExpires: on(today.AddDate(1, 0, 0)), References: 2, Competencies: 1}
	def := DefaultSettings()
	three := def
	three.MinReferences = 3
	lenient := def
	lenient.Certified, lenient.Independent = false, false
	tests := []struct {
		name     string
		e        func(Evidence) Evidence
		st       Settings
		want     map[string]string
		complete bool
	}{
		{"everything given", func(e Evidence) Evidence { return e }, def,
			map[string]string{CriterionIndependent: ToCheck, CriterionCertified: Met, CriterionReferences: Met, CriterionCompetencies: Met}, true},
		{"independence not declared", func(e Evidence) Evidence { e.Independent = false; return e }, def,
			map[string]string{CriterionIndependent: NotMet, CriterionCertified: Met, CriterionReferences: Met, CriterionCompetencies: Met}, false},
		{"no certificate file", func(e Evidence) Evidence { e.HasCert = false; return e }, def,
			map[string]string{CriterionIndependent: ToCheck, CriterionCertified: NotMet, CriterionReferences: Met, CriterionCompetencies: Met}, false},
		{"certificate expired yesterday", func(e Evidence) Evidence { e.CertExpires = on(today.AddDate(0, 0, -1)); return e }, def,
			map[string]string{CriterionIndependent: ToCheck, CriterionCertified: NotMet, CriterionReferences: Met, CriterionCompetencies: Met}, false},
		{"certificate expires today", func(e Evidence) Evidence {
			e.CertExpires = on(time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC))
			return e
		}, def, map[string]string{CriterionIndependent: ToCheck, CriterionCertified: Met, CriterionReferences: Met, CriterionCompetencies: Met}, true},
		{"no expiry given", func(e Evidence) Evidence { e.CertExpires = nil; return e }, def,
			map[string]string{CriterionIndependent: ToCheck, CriterionCertified: NotMet, CriterionReferences: Met, CriterionCompetencies: Met}, false},
		{"one reference of two", func(e Evidence) Evidence { e.References = 1; return e }, def,
			map[string]string{CriterionIndependent: ToCheck, CriterionCertified: Met, CriterionReferences: NotMet, CriterionCompetencies: Met}, false},
		{"two references of three asked", func(e Evidence) Evidence { return e }, three,
			map[string]string{CriterionIndependent: ToCheck, CriterionCertified: Met, CriterionReferences: NotMet, CriterionCompetencies: Met}, false},
		{"no competency", func(e Evidence) Evidence { e.Competencies = 0; return e }, def,
			map[string]string{CriterionIndependent: ToCheck, CriterionCertified: Met, CriterionReferences: Met, CriterionCompetencies: NotMet}, false},
		{"criteria switched off are not asked", func(e Evidence) Evidence { e.HasCert, e.Independent = false, false; return e }, lenient,
			map[string]string{CriterionReferences: Met, CriterionCompetencies: Met}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckCriteria(tt.e(full), tt.st, today)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for _, c := range got {
				if tt.want[c.Criterion] != c.Result {
					t.Errorf("%s: got %s, want %s", c.Criterion, c.Result, tt.want[c.Criterion])
				}
			}
			if Complete(got) != tt.complete {
				t.Errorf("complete: got %v, want %v", !tt.complete, tt.complete)
			}
		})
	}
}

// The board decides once the quorum of votes is cast, abstentions
// included; then more approvals than rejections (or the configured share
// of the votes that do not abstain) admit, and a tie or a vote of
// abstentions only rejects.
func TestDecide(t *testing.T) {
	def := DefaultSettings()
	twoThirds := def
	twoThirds.MajorityPercent = 66
	one := def
	one.Quorum = 1
	tests := []struct {
		name string
		t    Tally
		st   Settings
		want string
	}{
		{"no votes", Tally{}, def, OutcomeOpen},
		{"two approvals, quorum of three", Tally{Approve: 2}, def, OutcomeOpen},
		{"three approvals", Tally{Approve: 3}, def, OutcomeAdmit},
		{"two to one", Tally{Approve: 2, Reject: 1}, def, OutcomeAdmit},
		{"one to two", Tally{Approve: 1, Reject: 2}, def, OutcomeReject},
		{"abstentions reach the quorum", Tally{Approve: 1, Abstain: 2}, def, OutcomeAdmit},
		{"tie with an abstention", Tally{Approve: 1, Reject: 1, Abstain: 1}, def, OutcomeReject},
		{"tie of two to two", Tally{Approve: 2, Reject: 2}, def, OutcomeReject},
		{"everyone abstains", Tally{Abstain: 3}, def, OutcomeReject},
		{"two thirds needed, two of three", Tally{Approve: 2, Reject: 1}, twoThirds, OutcomeAdmit},
		{"two thirds needed, three of five", Tally{Approve: 3, Reject: 2}, twoThirds, OutcomeReject},
		{"two thirds needed, abstentions do not count", Tally{Approve: 2, Reject: 1, Abstain: 4}, twoThirds, OutcomeAdmit},
		{"quorum of one", Tally{Reject: 1}, one, OutcomeReject},
		{"quorum of zero acts as one", Tally{}, Settings{MajorityPercent: 50}, OutcomeOpen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Decide(tt.t, tt.st); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// A board member's vote counts once, in its latest choice.
func TestCount(t *testing.T) {
	got := Count([]*Vote{{Choice: VoteApprove}, {Choice: VoteReject}, {Choice: VoteAbstain}, {Choice: VoteApprove}})
	if got != (Tally{Approve: 2, Reject: 1, Abstain: 1}) || got.Cast() != 4 {
		t.Errorf("got %+v", got)
	}
}
