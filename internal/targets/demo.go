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
// recruiter's. This year's revenue targets follow what the partners plan
// (read through PlanSums when set): the first manager must deliver more
// than its partners plan, the next less, and so on, so that the roll-up
// shows a gap either way; the year before asked 15 % less of everyone.
func SeedDemo(ctx context.Context, s *Service, admin *auth.Actor, managers, recruiters []*auth.Actor, end time.Time) error {
	year := end.In(i18n.ZoneOr(s.Zone)).Year()
	planned, deals := map[string]int64{}, map[string]int64{}
	if s.PlanSums != nil {
		sums, err := s.PlanSums(ctx, admin, strconv.Itoa(year))
		if err != nil {
			return err
		}
		for _, sum := range sums {
			if sum.Currency == DefaultCurrency {
				planned[sum.ManagerID] += sum.TargetRevenueMinor
				planned[""] += sum.TargetRevenueMinor
				deals[sum.ManagerID] += sum.TargetDeals
				deals[""] += sum.TargetDeals
			}
		}
	}
	// share is a percentage of what the partners plan, or an amount in
	// euro (a number of deals) where they plan nothing.
	revenue := func(manager string, share, euro int64) int64 {
		if p := planned[manager]; p > 0 {
			return p * share / 100 / 100_000 * 100_000 // whole thousands
		}
		return euro * 100
	}
	dealCount := func(manager string, share, n int64) int64 {
		if d := deals[manager]; d > 0 {
			return d * share / 100
		}
		return n
	}
	for _, y := range []int{year - 1, year} {
		period := strconv.Itoa(y)
		scale := int64(100)
		if y < year {
			scale = 85
		}
		h := *s
		h.Now = func() time.Time { return time.Date(y, time.January, 8, 9, 0, 0, 0, time.UTC) }
		if h.Now().After(end) {
			h.Now = func() time.Time { return end }
		}
		in := Input{Period: period, Currency: DefaultCurrency, RevenueMinor: revenue("", 110, 2_000_000) * scale / 100,
			Deals: dealCount("", 110, 60) * scale / 100, Certifications: 24, Recruits: 12 * scale / 100}
		if _, err := h.Save(ctx, admin, in); err != nil {
			return err
		}
		for i, m := range managers {
			share := []int64{125, 95, 110}[i%3]
			in := Input{UserID: m.UserID, Period: period, Currency: DefaultCurrency, RevenueMinor: revenue(m.UserID, share, int64(400_000+i*150_000)) * scale / 100,
				Deals: dealCount(m.UserID, share, int64(10+4*i)) * scale / 100, Certifications: int64(4 + i), Recruits: int64(2 + i%3)}
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
