package steering_test

import (
	"context"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
	"pakt/internal/steering"
)

// testDeal is a deal as the plan hook sees it, for tests without deal
// registration.
type testDeal struct {
	org, currency string
	won           bool
	on            string // closed (won) or expected to close (open)
	valueMinor    int64
	chance        int64 // percent, for open deals
}

// dealFigures is a small stand-in for deal registration's plan figures:
// won deals closed in [from, to] and open deals expected in it, weighted.
func dealFigures(deals []testDeal) func(context.Context, string, time.Time, time.Time, string) (steering.DealFigures, error) {
	return func(_ context.Context, org string, from, to time.Time, currency string) (steering.DealFigures, error) {
		var f steering.DealFigures
		for _, d := range deals {
			on, _ := time.Parse(time.DateOnly, d.on)
			if d.org != org || d.currency != currency || on.Before(from) || on.After(to) {
				continue
			}
			if d.won {
				f.WonDeals++
				f.WonMinor += d.valueMinor
			} else {
				f.ForecastMinor += d.valueMinor * d.chance / 100
			}
		}
		return f, nil
	}
}

// A plan counts the partner's deals in pakt on top of what was entered by
// hand for business outside pakt, and forecasts the rest of the period;
// without deal registration it counts the entries alone, as before.
func TestPlansCountDeals(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
		s := steering.NewService(d, func() time.Time { return now })
		manager := &auth.Actor{UserID: "m1", Name: "Anna Berger", Role: auth.RoleManager}
		o, err := partner.NewService(d, func() time.Time { return now }).Create(ctx, auth.System, partner.Input{LegalName: ptr("Plan & Partner GmbH")})
		if err != nil {
			t.Fatal(err)
		}
		other, err := partner.NewService(d, func() time.Time { return now }).Create(ctx, auth.System, partner.Input{LegalName: ptr("Andere AG")})
		if err != nil {
			t.Fatal(err)
		}
		member := &auth.Actor{UserID: "p1", Role: auth.RolePartnerMember, OrgID: o.ID}
		in := steering.PlanInput{Period: "2027-H1", TargetRevenueMinor: 10_000_000, TargetDeals: 4, ActualRevenueMinor: 1_000_000, ActualDeals: 1}

		// Without deal registration: only what was entered by hand.
		p, err := s.SavePlan(ctx, manager, o.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if p.FromDeals != (steering.DealFigures{}) || *p.Attainment.Revenue != 10 || *p.Attainment.Deals != 25 {
			t.Fatalf("plan without deals: %+v, attainment revenue %d deals %d", p.FromDeals, *p.Attainment.Revenue, *p.Attainment.Deals)
		}

		s.DealFigures = dealFigures([]testDeal{
			{org: o.ID, currency: "EUR", won: true, on: "2027-01-15", valueMinor: 2_000_000},
			{org: o.ID, currency: "EUR", won: true, on: "2027-06-30", valueMinor: 1_500_000},
			{org: o.ID, currency: "EUR", won: true, on: "2027-07-01", valueMinor: 9_000_000}, // after the period
			{org: o.ID, currency: "USD", won: true, on: "2027-02-01", valueMinor: 9_000_000}, // another currency
			{org: other.ID, currency: "EUR", won: true, on: "2027-02-01", valueMinor: 9_000_000},
			{org: o.ID, currency: "EUR", on: "2027-05-31", valueMinor: 4_000_000, chance: 50},
			{org: o.ID, currency: "EUR", on: "2027-04-01", valueMinor: 1_000_000, chance: 10},
		})
		plans, err := s.Plans(ctx, member, o.ID)
		if err != nil || len(plans) != 1 {
			t.Fatalf("plans %+v %v", plans, err)
		}
		p = plans[0]
		want := steering.DealFigures{WonDeals: 2, WonMinor: 3_500_000, ForecastMinor: 2_100_000}
		if p.FromDeals != want {
			t.Fatalf("from deals %+v, want %+v", p.FromDeals, want)
		}
		// 10,000 € by hand + 35,000 € won in pakt of 100,000 €; 1 + 2 of 4 deals.
		if p.RevenueMinor() != 4_500_000 || *p.Attainment.Revenue != 45 || p.Deals() != 3 || *p.Attainment.Deals != 75 || p.GapMinor() != 5_500_000 {
			t.Fatalf("attainment revenue %d deals %d, gap %d", *p.Attainment.Revenue, *p.Attainment.Deals, p.GapMinor())
		}
		// The manual figures stay what was entered: further, outside pakt.
		if p.ActualRevenueMinor != 1_000_000 || p.ActualDeals != 1 {
			t.Fatalf("manual actuals changed: %d, %d", p.ActualRevenueMinor, p.ActualDeals)
		}

		// Saving answers with the deals counted too; the plan in another
		// currency sees none of the euro deals.
		in.Currency = "USD"
		p, err = s.SavePlan(ctx, manager, o.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if p.FromDeals != (steering.DealFigures{WonDeals: 1, WonMinor: 9_000_000}) || *p.Attainment.Revenue != 100 || *p.Attainment.Deals != 50 || p.GapMinor() != 0 {
			t.Fatalf("plan in USD: %+v, revenue %d %%", p.FromDeals, *p.Attainment.Revenue)
		}
	})
}
