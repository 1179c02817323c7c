package cosell_test

import (
	"context"
	"testing"
	"time"

	"pakt/internal/cosell"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

// The figures of every partner at once are those Plan gives each one:
// won deals and the weighted open ones of the period, in its currency.
func TestPlanPerOrg(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		approved := func(name, domain string) *cosell.Deal {
			return e.must(e.svc.Approve(ctx, e.staff, e.register(e.aAdmin, name, domain, "DE").ID))
		}
		e.must(e.svc.Win(ctx, e.aAdmin, approved("Kunde Eins GmbH", "kunde-eins.de").ID, nil))
		e.must(e.svc.SetStage(ctx, e.aAdmin, approved("Kunde Zwei AG", "kunde-zwei.de").ID, "negotiate"))
		approved("Kunde Drei KG", "kunde-drei.de")
		c := e.must(e.svc.Approve(ctx, e.staff, e.register(e.cAdmin, "Kunde Vier GmbH", "kunde-vier.de", "AT").ID))
		e.must(e.svc.Win(ctx, e.cAdmin, c.ID, nil))

		from, to := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)
		per, err := e.svc.PlanPerOrg(ctx, from, to, "EUR")
		if err != nil {
			t.Fatal(err)
		}
		if len(per) != 2 {
			t.Errorf("figures of %d partners, want A's and C's", len(per))
		}
		for _, org := range []string{e.A, e.B, e.C} {
			one, err := e.svc.Plan(ctx, org, from, to, "EUR")
			if err != nil {
				t.Fatal(err)
			}
			if per[org] != one {
				t.Errorf("%s: %+v at once, %+v alone", org, per[org], one)
			}
		}
		if a := per[e.A]; a.WonDeals != 1 || a.WonMinor != 4_800_000 || a.ForecastMinor == 0 {
			t.Errorf("A's figures %+v, want one won deal and a forecast", a)
		}
		if per, err := e.svc.PlanPerOrg(ctx, from, to, "USD"); err != nil || len(per) != 0 {
			t.Errorf("figures in USD: %v (%v), want none", per, err)
		}
		if per, err := e.svc.PlanPerOrg(ctx, to.AddDate(0, 0, 1), to.AddDate(0, 6, 0), "EUR"); err != nil || len(per) != 0 {
			t.Errorf("figures of the second half: %v (%v), want none", per, err)
		}
	})
}
