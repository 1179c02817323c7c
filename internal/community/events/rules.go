package events

import (
	"cmp"
	"slices"

	"pakt/internal/community"
)

// sees reports whether a caller of standing st sees an event: those who
// run the association and its members every event, the vendor's liaisons
// public ones only, nobody else any.
func sees(st community.Standing, public bool) bool {
	return st.Inside() || (st == community.Liaison && public)
}

// Queue sorts registrations first come, first served: by the moment each
// was asked for, then by id, so that two at the same moment always come
// in the same order in every process.
func Queue(regs []*Registration) {
	slices.SortStableFunc(regs, func(a, b *Registration) int {
		return cmp.Or(a.Requested.Compare(b.Requested), cmp.Compare(a.ID, b.ID))
	})
}

// Settle is the waiting list's rule. Given an event's capacity (0: no
// limit) and its registrations, it confirms those waiting, first come,
// first served, while places are free, numbers the rest's places on the
// waiting list, and returns the ones it confirmed. A confirmed place is
// never taken back, even when the capacity fell below the confirmed
// count; cancelled registrations take no place. It sorts regs (Queue).
func Settle(capacity int, regs []*Registration) (promoted []*Registration) {
	Queue(regs)
	confirmed := 0
	for _, r := range regs {
		if r.Status == StatusConfirmed {
			confirmed++
		}
	}
	position := 0
	for _, r := range regs {
		r.Position = 0
		if r.Status != StatusWaiting {
			continue
		}
		if capacity == 0 || confirmed < capacity {
			r.Status = StatusConfirmed
			confirmed++
			promoted = append(promoted, r)
			continue
		}
		position++
		r.Position = position
	}
	return promoted
}

// Match is the rule of the introductions suggested after an event: the
// organisations among others that share at least one competency with
// mine, those sharing the most first (then by id), each with the shared
// competencies in the order of mine. others maps an organisation to its
// competencies; mine's own organisation is left out by the caller.
func Match(mine []string, others map[string][]string) []Suggestion {
	var out []Suggestion
	for org, comps := range others {
		var shared []string
		for _, c := range mine {
			if slices.Contains(comps, c) && !slices.Contains(shared, c) {
				shared = append(shared, c)
			}
		}
		if len(shared) > 0 {
			out = append(out, Suggestion{OrgID: org, CompetencyID: shared[0], Shared: shared})
		}
	}
	slices.SortFunc(out, func(a, b Suggestion) int {
		return cmp.Or(cmp.Compare(len(b.Shared), len(a.Shared)), cmp.Compare(a.OrgID, b.OrgID))
	})
	return out
}
