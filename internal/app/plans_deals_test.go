package app_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/cosell"
	"pakt/internal/steering"
)

// A partner's plan counts the deals it registered and won in pakt, and
// forecasts its open approved deals weighted by stage.
func TestPlanCountsRegisteredDeals(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	org := s.Org("Planvoll Systemhaus GmbH")
	partnerAdmin := s.CreateUser(auth.RolePartnerAdmin, org).Actor()
	manager := s.CreateUser(auth.RoleManager, "")
	today := cosell.Day(time.Now(), s.App.Zone)
	year := today.Format("2006")
	if _, err := s.App.Steering.SavePlan(ctx, manager.Actor(), org, steering.PlanInput{Period: year, TargetRevenueMinor: 10_000_000, TargetDeals: 4,
		ActualRevenueMinor: 1_000_000, ActualDeals: 2}); err != nil {
		t.Fatal(err)
	}
	deal := func(customer, stage string, valueMinor int64) *cosell.Deal {
		d, err := s.App.Deals.Register(ctx, partnerAdmin, cosell.DealInput{Customer: cosell.Customer{Name: customer, Country: "DE", City: "Passau"},
			Solution: "Warenwirtschaft", ValueMinor: valueMinor, Currency: "EUR", ExpectedClose: year + "-12-31", Stage: stage})
		if err != nil {
			t.Fatalf("register %s: %v", customer, err)
		}
		if d, err = s.App.Deals.Approve(ctx, manager.Actor(), d.ID); err != nil {
			t.Fatalf("approve %s: %v", customer, err)
		}
		return d
	}
	won := deal("Donau Getränke GmbH", "", 3_000_000)
	if _, err := s.App.Deals.Win(ctx, partnerAdmin, won.ID, nil); err != nil {
		t.Fatal(err)
	}
	deal("Ilz Bäckerei KG", "propose", 4_000_000) // open: 50 % of 40,000 €

	res := s.Login(manager.Email).Get("/partners/" + org + "/plans")
	if res.Status != http.StatusOK {
		t.Fatalf("plan page: %d\n%.2000s", res.Status, res.Body)
	}
	apptest.InOrder(t, res.Body, "40,000 EUR / 100,000 EUR", "40 %", "3 / 4", "75 %",
		"Won in pakt", `<td class="num">1</td>`, `<td class="num">30,000 EUR</td>`,
		"Further, outside pakt", `<td class="num">2</td>`, `<td class="num">10,000 EUR</td>`,
		"Forecast for the period: 20,000 EUR", "Still missing to the revenue target: 60,000 EUR.")
}
