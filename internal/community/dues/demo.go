package dues

import (
	"context"
	"time"

	"pakt/internal/auth"
)

// SeedDemo sets the demo association's fees (1,200 EUR a year for an
// ordinary member, 300 EUR for a supporting one, due on 31 March, with
// three months' notice to the end of the year), raises the fees of last
// year and this year for the memberships that ran in mid-January, records
// last year's as paid but every seventh (overdue now) and a third of this
// year's, and lets one member resign (pending). admins are the partner
// admins by organisation; the members over time come from the memberships
// the association's demo started.
func SeedDemo(ctx context.Context, s *Service, admin *auth.Actor, admins map[string]*auth.Actor, now time.Time) error {
	in := SettingsInput{FeeOrdinary: new(int64(120000)), FeeSupporting: new(int64(30000)), Currency: new("EUR"), DueMonth: new(3), DueDay: new(31),
		RemindDays: new(14), NoticeMonths: new(3), NoticeTo: new(ToYear)}
	if _, err := s.SaveSettings(ctx, admin, in); err != nil {
		return err
	}
	year := now.Year()
	for _, y := range []int{year - 1, year} {
		on := earlier(time.Date(y, 1, 15, 0, 0, 0, 0, time.UTC), dayOf(now))
		if _, err := s.Raise(ctx, admin, y, on); err != nil {
			return err
		}
		fees, err := s.Fees(ctx, admin, y, "de")
		if err != nil {
			return err
		}
		for i, f := range fees {
			if (y < year && i%7 == 6) || (y == year && i%3 != 0) {
				continue
			}
			// Paid between three weeks before the due day and the due day,
			// never after today.
			paid := earlier(f.DueOn.AddDate(0, 0, -(i*5)%21), dayOf(now))
			if _, err := s.Pay(ctx, admin, f.ID, Payment{PaidOn: paid.Format(time.DateOnly)}); err != nil {
				return err
			}
		}
	}
	members, err := s.Community.Members(ctx, admin, "de")
	if err != nil {
		return err
	}
	for i := len(members) - 1; i > 0; i-- {
		if a := admins[members[i].OrgID]; a != nil {
			_, err := s.Resign(ctx, a)
			return err
		}
	}
	return nil
}

// earlier returns the earlier of two moments.
func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
