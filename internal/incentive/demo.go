package incentive

import (
	"context"
	"fmt"
	"time"

	"pakt/internal/auth"
	"pakt/internal/i18n"
)

// SeedDemo makes the demo's incentive rule: one for EUR valid through the
// year of end (the demo's now), saved as a first version at the start of
// the year and changed once since, so that the rule page shows a past
// version. The demo's statements come from the deals the demo wins: deal
// registration calls Earn, which needs no seeding of its own.
func SeedDemo(ctx context.Context, s *Service, admin *auth.Actor, end time.Time) error {
	year := end.In(i18n.ZoneOr(s.Zone)).Year()
	first := time.Date(year, time.January, 2, 9, 0, 0, 0, time.UTC)
	if first.After(end) {
		first = end
	}
	in := RuleInput{Name: fmt.Sprintf("Partner-Incentive %d", year), Currency: "EUR",
		Rates:      Rates{Lead: 500, Delivery: 300, Referral: 1000, Reseller: 200},
		P2PBonusBP: 150, CapDealMinor: 500_000, CapQuarterMinor: 2_500_000,
		ValidFrom: fmt.Sprintf("%d-01-01", year), ValidTo: fmt.Sprintf("%d-12-31", year)}
	h := *s
	h.Now = func() time.Time { return first }
	r, err := h.CreateRule(ctx, admin, in)
	if err != nil {
		return err
	}
	// In the spring the programme raised the P2P bonus to win more joint
	// deals.
	in.P2PBonusBP = 250
	later := first.AddDate(0, 2, 0)
	if later.After(end) {
		later = end
	}
	h.Now = func() time.Time { return later }
	_, err = h.UpdateRule(ctx, admin, r.ID, in)
	return err
}
