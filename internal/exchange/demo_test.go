package exchange_test

import (
	"context"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/demo"
	"pakt/internal/exchange"
	"pakt/internal/partner"
)

// The demo's exchange has open listings of both kinds, answered ones,
// decided ones with the customer revealed to the accepted partner, an
// expired and a closed one; Müller IT posts and answers.
func TestSeedExchange(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		authSvc, partners := demoServices(d)
		now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		svc := exchange.NewService(d, func() time.Time { return now }, partners, nil)
		start := time.Now()
		if _, err := demo.Seed(ctx, demo.Options{DB: d, Auth: authSvc, Partners: partners, Exchange: svc, Count: 60, Seed: 1, Now: now}); err != nil {
			t.Fatal(err)
		}
		t.Logf("seeded 60 partners with the exchange in %v", time.Since(start))
		u, _, err := authSvc.Login(ctx, "admin@mueller-it.de", demo.PartnerPassword, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		mueller := u.Actor()
		all, err := svc.Listings(ctx, &auth.Actor{Role: auth.RoleAdmin}, exchange.Filter{PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		status := map[string]int{}
		kinds := map[string]int{}
		for _, l := range all.Items {
			status[l.Status]++
			kinds[l.Kind]++
		}
		if status[exchange.StatusOpen] < 8 || status[exchange.StatusClosed] < 3 || status[exchange.StatusExpired] != 1 ||
			kinds[exchange.KindSeeking] < 5 || kinds[exchange.KindOffering] < 3 {
			t.Errorf("listings by status %v and kind %v", status, kinds)
		}
		mine, err := svc.Listings(ctx, mueller, exchange.Filter{Mine: true})
		if err != nil || mine.Total < 3 {
			t.Fatalf("Müller IT's own listings: %v, %v", mine, err)
		}
		shortlisted := false
		for _, l := range mine.Items {
			answers, err := svc.Answers(ctx, mueller, l.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range answers {
				shortlisted = shortlisted || a.Status == exchange.AnswerShortlisted
			}
		}
		if !shortlisted {
			t.Error("no answer to Müller IT is shortlisted")
		}
		answered, err := svc.Listings(ctx, mueller, exchange.Filter{Answered: true})
		if err != nil {
			t.Fatal(err)
		}
		won := false
		for _, l := range answered.Items {
			if l.AcceptedOrgID == mueller.OrgID && l.CustomerName == "Hansen Logistik GmbH" && l.AgreementLink != "" {
				won = true
			}
		}
		if answered.Total < 3 || !won {
			t.Errorf("Müller IT answered %d listings, accepted with the customer revealed: %v", answered.Total, won)
		}
	})
}

// demoServices returns the services the demo's organisations and users
// are made with.
func demoServices(d *db.DB) (*auth.Service, *partner.Service) {
	authSvc := auth.NewService(d, time.Now)
	authSvc.OrgExists = partner.Exists
	return authSvc, partner.NewService(d, time.Now)
}
