package community

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"pakt/internal/auth"
	"pakt/internal/partner"
)

// DemoMembers is how many organisations the demo makes members at most.
const DemoMembers = 40

// SeedDemo runs an association beside the vendor programme (ModeBoth)
// with some forty members: the showcase partner, every organisation of
// kind member and then every fifth partner, joined over the past six
// years, every seventh a supporting member, and one more that resigned
// last year. drafts are the organisations' inputs in the order of orgs;
// ended and unpublished ones do not join.
func SeedDemo(ctx context.Context, s *Service, admin *auth.Actor, orgs []string, drafts []partner.Draft, now time.Time) error {
	mode := ModeBoth
	if _, err := s.SaveSettings(ctx, admin, SettingsInput{Mode: &mode}); err != nil {
		return err
	}
	var members []int
	for pass := range 2 {
		for i, d := range drafts {
			if len(members) == DemoMembers {
				break
			}
			kind, status := *d.Input.Kind, *d.Input.Status
			if !*d.Input.Published || status == "ended" || i >= len(orgs) {
				continue
			}
			switch {
			case pass == 0 && (i == 0 || kind == partner.KindMember),
				pass == 1 && i%5 == 2 && kind == partner.KindPartner:
				members = append(members, i)
			}
		}
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		for n, i := range members {
			kind := KindOrdinary
			if n%7 == 6 {
				kind = KindSupporting
			}
			// Joined from six years ago to a month ago, spread evenly.
			starts := now.AddDate(0, 0, -30-(6*365-30)*(len(members)-1-n)/max(1, len(members)-1))
			if _, err := s.StartMembership(ctx, tx, admin, orgs[i], kind, starts); err != nil {
				return err
			}
		}
		// One that resigned: the last partner not a member, joined four
		// years ago and left at the end of last year.
		for i := len(drafts) - 1; i > 0 && i < len(orgs); i-- {
			if *drafts[i].Input.Kind != partner.KindPartner || *drafts[i].Input.Status == "ended" || slices.Contains(members, i) {
				continue
			}
			if _, err := s.StartMembership(ctx, tx, admin, orgs[i], KindOrdinary, now.AddDate(-4, 0, 0)); err != nil {
				return err
			}
			_, err := s.EndMembership(ctx, tx, admin, orgs[i], time.Date(now.Year()-1, 12, 31, 0, 0, 0, 0, time.UTC))
			return err
		}
		return nil
	})
}
