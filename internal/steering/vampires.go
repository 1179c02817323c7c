package steering

import (
	"cmp"
	"context"
	"slices"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/i18n"
	"pakt/internal/partner"
)

// VampireQuarters is how many quarters, the current one included, the
// report on what vampires cost looks back.
const VampireQuarters = 4

// quadrantVampire is the portfolio's name of the quadrant the seed says to
// leave alone.
const quadrantVampire = "vampire"

// VampireFigures are the time and money spent on vampires.
type VampireFigures struct {
	Activities int `json:"activities"`
	Minutes    int `json:"minutes"`
	// PaidMinor is the marketing funds paid, in euro cents.
	PaidMinor int64 `json:"paid_minor" doc:"marketing funds paid, in euro cents"`
}

// VampireQuarter is one quarter of the report.
type VampireQuarter struct {
	Quarter string `json:"quarter"`
	VampireFigures
}

// VampirePartner is one vampire's figures over the report's quarters.
type VampirePartner struct {
	OrgID     string `json:"org_id"`
	LegalName string `json:"legal_name"`
	ManagerID string `json:"manager_id"`
	VampireFigures
}

// VampireCosts is "what vampires cost us": the time managers spent with
// the partners that are vampires today, and the money paid to them, per
// quarter. Vampires are willing but not able; the seed says to leave them
// alone, and this shows what not doing so costs.
type VampireCosts struct {
	// Vampires is how many partners are vampires today.
	Vampires int `json:"vampires"`
	// Quarters are the last VampireQuarters quarters, oldest first.
	Quarters []VampireQuarter `json:"quarters"`
	Total    VampireFigures   `json:"total"`
	// Partners are the vampires with any figure, the most time first.
	Partners []VampirePartner `json:"partners"`
	// Money says whether funds paid are counted (marketing funds wired).
	Money bool `json:"money"`
}

// spent is one activity's minutes with an organisation on a day.
type spent struct {
	org     string
	on      time.Time
	minutes int
}

// vampireCosts sums the activities and the money paid (per quarter, per
// organisation) of the vampires over quarters, oldest first.
func vampireCosts(vampires map[string]Contact, quarters []string, acts []spent, paid []map[string]int64) *VampireCosts {
	out := &VampireCosts{Vampires: len(vampires), Quarters: make([]VampireQuarter, len(quarters)), Partners: []VampirePartner{}, Money: paid != nil}
	at := make(map[string]int, len(quarters))
	for i, q := range quarters {
		out.Quarters[i].Quarter, at[q] = q, i
	}
	per := map[string]*VampireFigures{}
	figures := func(org string) *VampireFigures {
		if per[org] == nil {
			per[org] = &VampireFigures{}
		}
		return per[org]
	}
	for _, a := range acts {
		i, ok := at[i18n.Quarter(a.on, time.UTC)]
		if _, vampire := vampires[a.org]; !ok || !vampire {
			continue
		}
		for _, f := range []*VampireFigures{&out.Quarters[i].VampireFigures, figures(a.org), &out.Total} {
			f.Activities++
			f.Minutes += a.minutes
		}
	}
	for i, byOrg := range paid {
		for org, minor := range byOrg {
			if _, vampire := vampires[org]; !vampire || minor == 0 {
				continue
			}
			for _, f := range []*VampireFigures{&out.Quarters[i].VampireFigures, figures(org), &out.Total} {
				f.PaidMinor += minor
			}
		}
	}
	for org, f := range per {
		c := vampires[org]
		out.Partners = append(out.Partners, VampirePartner{OrgID: org, LegalName: c.LegalName, ManagerID: c.ManagerID, VampireFigures: *f})
	}
	slices.SortFunc(out.Partners, func(a, b VampirePartner) int {
		return cmp.Or(cmp.Compare(b.Minutes, a.Minutes), cmp.Compare(b.PaidMinor, a.PaidMinor), cmp.Compare(a.LegalName, b.LegalName), cmp.Compare(a.OrgID, b.OrgID))
	})
	return out
}

// VampireCosts returns what the partners that are vampires today cost in
// time and money over the last VampireQuarters quarters (staff).
func (s *Service) VampireCosts(ctx context.Context, a *auth.Actor) (*VampireCosts, error) {
	if err := Permit(a, "", ReadOverdue); err != nil {
		return nil, err
	}
	quadrants := map[string]string{}
	if s.QuadrantOf != nil {
		var err error
		if quadrants, err = s.QuadrantOf(ctx, a); err != nil {
			return nil, err
		}
	}
	contacts, err := s.lastContacts(ctx)
	if err != nil {
		return nil, err
	}
	st, err := partner.LoadSteering(ctx, s.DB, a)
	if err != nil {
		return nil, err
	}
	vampires := map[string]Contact{}
	for _, c := range contacts {
		if quadrants[c.OrgID] == quadrantVampire && st.Has(c.OrgID, c.ManagerID) {
			vampires[c.OrgID] = c
		}
	}
	quarters, first, end := lastQuarters(s.now(), VampireQuarters)
	acts, err := db.Query(ctx, s.DB, func(r db.Row) (spent, error) {
		var x spent
		return x, r.Scan(&x.org, &x.on, &x.minutes)
	}, `SELECT org_id, held_on, minutes FROM activities WHERE held_on >= $1 AND held_on < $2`, first, end)
	if err != nil {
		return nil, err
	}
	var paid []map[string]int64
	if s.PaidPerOrg != nil {
		paid = make([]map[string]int64, VampireQuarters)
		for i := range paid {
			from := first.AddDate(0, 3*i, 0)
			if paid[i], err = s.PaidPerOrg(ctx, from, from.AddDate(0, 3, 0)); err != nil {
				return nil, err
			}
		}
	}
	return vampireCosts(vampires, quarters, acts, paid), nil
}
