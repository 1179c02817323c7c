package steering_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
	"pakt/internal/steering"
)

// The roll-up adds up a period's plans per responsible manager and
// currency: other periods, other currencies and deleted partners stay
// apart, and deals registered in pakt count as on each plan's page.
func TestPlanSums(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		users := auth.NewService(d, clock)
		staff := map[string]*auth.User{}
		for _, name := range []string{"anna", "ben"} {
			u, err := users.CreateUser(ctx, auth.System, auth.UserInput{Email: ptr(name + "@pakt.example"), Name: ptr(name), Role: ptr(auth.RoleManager),
				Password: ptr("ein-langes-passwort")})
			if err != nil {
				t.Fatal(err)
			}
			staff[name] = u
		}
		partners := partner.NewService(d, clock)
		org := func(name, manager string) string {
			in := partner.Input{LegalName: ptr(name)}
			if manager != "" {
				in.ManagerID = ptr(staff[manager].ID)
			}
			o, err := partners.Create(ctx, auth.System, in)
			if err != nil {
				t.Fatal(err)
			}
			return o.ID
		}
		a1, a2, b1, none, gone := org("Anna Eins GmbH", "anna"), org("Anna Zwei AG", "anna"), org("Ben Eins KG", "ben"), org("Niemand GmbH", ""), org("Gelöscht AG", "anna")
		s := steering.NewService(d, clock)
		admin := &auth.Actor{UserID: "admin", Name: "Admin", Role: auth.RoleAdmin}
		for _, p := range []struct {
			org, period, currency              string
			revenue, deals, certs, actual, won int64
		}{
			{a1, "2027", "EUR", 100_000, 5, 2, 30_000, 2},
			{a2, "2027", "EUR", 50_000, 3, 1, 10_000, 1},
			{a2, "2027-Q1", "EUR", 999_999, 9, 9, 999, 9}, // another period
			{a1, "2026", "EUR", 888_888, 8, 8, 888, 8},    // another year
			{b1, "2027", "CHF", 70_000, 2, 0, 5_000, 0},
			{none, "2027", "EUR", 20_000, 1, 1, 0, 0},
			{gone, "2027", "EUR", 777_777, 7, 7, 777, 7},
		} {
			if _, err := s.SavePlan(ctx, admin, p.org, steering.PlanInput{Period: p.period, Currency: p.currency, TargetRevenueMinor: p.revenue,
				TargetDeals: p.deals, TargetCertifications: p.certs, ActualRevenueMinor: p.actual, ActualDeals: p.won, ActualCertifications: p.certs / 2}); err != nil {
				t.Fatal(err)
			}
		}
		if err := partners.Delete(ctx, auth.System, gone); err != nil {
			t.Fatal(err)
		}
		want := []steering.PlanSum{
			{ManagerID: "", Currency: "EUR", Plans: 1, TargetRevenueMinor: 20_000, TargetDeals: 1, TargetCertifications: 1},
			{ManagerID: staff["anna"].ID, Currency: "EUR", Plans: 2, TargetRevenueMinor: 150_000, TargetDeals: 8, TargetCertifications: 3,
				ActualRevenueMinor: 40_000, ActualDeals: 3, ActualCertifications: 1},
			{ManagerID: staff["ben"].ID, Currency: "CHF", Plans: 1, TargetRevenueMinor: 70_000, TargetDeals: 2, ActualRevenueMinor: 5_000},
		}
		if staff["ben"].ID < staff["anna"].ID {
			want[1], want[2] = want[2], want[1]
		}
		got, err := s.PlanSums(ctx, admin, "2027", nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("PlanSums =\n%+v\nwant\n%+v", got, want)
		}

		// With deal registration each plan's won and open deals add up.
		s.DealFigures = dealFigures([]testDeal{
			{org: a1, currency: "EUR", won: true, on: "2027-02-01", valueMinor: 12_000},
			{org: a2, currency: "EUR", won: true, on: "2027-02-10", valueMinor: 3_000},
			{org: a2, currency: "EUR", on: "2027-11-01", valueMinor: 40_000, chance: 50},
			{org: b1, currency: "EUR", won: true, on: "2027-02-01", valueMinor: 99_000}, // not the plan's currency
		})
		got, err = s.PlanSums(ctx, admin, "2027", nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, sum := range got {
			if sum.ManagerID == staff["anna"].ID {
				if sum.FromDeals != (steering.DealFigures{WonDeals: 2, WonMinor: 15_000, ForecastMinor: 20_000}) || sum.RevenueMinor() != 55_000 || sum.Deals() != 5 {
					t.Errorf("Anna's sum with deals = %+v, revenue %d, deals %d", sum, sum.RevenueMinor(), sum.Deals())
				}
			} else if sum.FromDeals != (steering.DealFigures{}) {
				t.Errorf("%q %s counts deals %+v", sum.ManagerID, sum.Currency, sum.FromDeals)
			}
		}

		// Every partner's deals read at once give the same sums.
		perPlan := got
		hook := s.DealFigures
		s.DealFigures = nil
		calls := 0
		got, err = s.PlanSums(ctx, admin, "2027", func(ctx context.Context, from, to time.Time, currency string) (map[string]steering.DealFigures, error) {
			calls++
			out := map[string]steering.DealFigures{}
			for _, org := range []string{a1, a2, b1, none} {
				if out[org], err = hook(ctx, org, from, to, currency); err != nil {
					return nil, err
				}
			}
			return out, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, perPlan) || calls != 2 {
			t.Errorf("PlanSums with all deals at once (%d calls, want one per currency) =\n%+v\nwant\n%+v", calls, got, perPlan)
		}

		// Partners see no sums.
		for _, a := range []*auth.Actor{{UserID: "p", Role: auth.RolePartnerAdmin, OrgID: a1}, {UserID: "r", Role: auth.RoleRecruiter}, nil} {
			if _, err := s.PlanSums(ctx, a, "2027", nil); apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("PlanSums as %+v: %v, want not found", a, err)
			}
		}
	})
}
