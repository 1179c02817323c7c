package targets

import (
	"context"
	"strconv"
	"time"

	"pakt/internal/auth"
	"pakt/internal/i18n"
)

// SeedDemo sets the targets of the year of end (the demo's now) and of the
// year before: the programme's, each partner manager's and each
// recruiter's. The managers' targets differ, so that the roll-up shows
// some ahead of their partners' plans and some behind.
func SeedDemo(ctx context.Context, s *Service, admin *auth.Actor, managers, recruiters []*auth.Actor, end time.Time) error {
	year := end.In(i18n.ZoneOr(s.Zone)).Year()
	for _, y := range []int{year - 1, year} {
		period := strconv.Itoa(y)
		// The year before asked less of everyone.
		grow := int64(100 + 15*(y-year+1))
		h := *s
		h.Now = func() time.Time { return time.Date(y, time.January, 8, 9, 0, 0, 0, time.UTC) }
		if y == year && h.Now().After(end) {
			h.Now = func() time.Time { return end }
		}
		if _, err := h.Save(ctx, admin, Input{Period: period, Currency: "EUR", RevenueMinor: 2_400_000_00 * grow / 100,
			Deals: 60 * grow / 100, Certifications: 24, Recruits: 12}); err != nil {
			return err
		}
		for i, m := range managers {
			in := Input{UserID: m.UserID, Period: period, Currency: "EUR", RevenueMinor: int64(400_000+i*150_000) * 100 * grow / 100,
				Deals: int64(10+4*i) * grow / 100, Certifications: int64(4 + i), Recruits: int64(2 + i%3)}
			if _, err := h.Save(ctx, admin, in); err != nil {
				return err
			}
		}
		for i, r := range recruiters {
			if _, err := h.Save(ctx, admin, Input{UserID: r.UserID, Period: period, Recruits: int64(3 + 2*i)}); err != nil {
				return err
			}
		}
	}
	return nil
}
