package app_test

import (
	"context"
	"html"
	"strings"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/cosell"
	"pakt/internal/funds"
	"pakt/internal/lifecycle"
)

// TestOffboardingListsOpenItems: a partner being offboarded shows staff
// what it still has open in the other features, linked to their pages:
// its open deal and its fund request, not its rejected deal.
func TestOffboardingListsOpenItems(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		org := s.Org("Offene Posten GmbH")
		partnerAdmin := s.CreateUser(auth.RolePartnerAdmin, org).Actor()
		manager := s.CreateUser(auth.RoleManager, "")
		today := cosell.Day(time.Now(), s.App.Zone)
		deal := func(customer string) *cosell.Deal {
			d, err := s.App.Deals.Register(ctx, partnerAdmin, cosell.DealInput{Customer: cosell.Customer{Name: customer, Country: "DE", City: "Passau"},
				Solution: "Warenwirtschaft", ValueMinor: 1_000_000, Currency: "EUR", ExpectedClose: today.AddDate(0, 3, 0).Format(time.DateOnly)})
			if err != nil {
				t.Fatalf("register %s: %v", customer, err)
			}
			return d
		}
		open := deal("Ilz Bäckerei KG")
		closed := deal("Abgelehnt Brauerei GmbH")
		if _, err := s.App.Deals.Reject(ctx, manager.Actor(), closed.ID, "Kunde bereits betreut"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.App.Funds.SetBudget(ctx, manager.Actor(), funds.BudgetInput{OrgID: org, Period: funds.QuarterOf(time.Now().UTC()), AmountMinor: 1_000_000}); err != nil {
			t.Fatal(err)
		}
		fund, err := s.App.Funds.Request(ctx, partnerAdmin, funds.RequestInput{Kind: funds.KindWebinar, Title: "Webinar Lagerlogistik", PlannedOn: time.Now().UTC().Format(time.DateOnly), RequestedMinor: 150_000})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.App.Pipeline.StartOffboarding(ctx, manager.Actor(), org, lifecycle.OffboardingInput{Reason: "partner_request"}); err != nil {
			t.Fatal(err)
		}
		c := s.Login(manager.Email)
		c.Lang = "de"
		page := html.UnescapeString(c.Get("/partners/" + org + "/offboarding").Body)
		for _, want := range []string{`Deals: <a href="/deals/` + open.ID + `">Ilz Bäckerei KG</a>`, `Marketingmittel: <a href="/funds/` + fund.ID + `">Webinar Lagerlogistik</a>`} {
			if !strings.Contains(page, want) {
				t.Errorf("the offboarding page lacks %s:\n%.3000s", want, page)
			}
		}
		if strings.Contains(page, "Abgelehnt Brauerei GmbH") {
			t.Error("a rejected deal is listed as open")
		}
	})
}
