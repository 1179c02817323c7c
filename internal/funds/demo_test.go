package funds_test

import (
	"context"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/demo"
	"pakt/internal/funds"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
)

// The demo's funds hold activities in every state, the showcase partner's
// among them, proof files, and money paid to Vampires that the money view
// shows.
func TestSeedFunds(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		authSvc := auth.NewService(d, clock)
		authSvc.OrgExists = partner.Exists
		authSvc.Password = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
		partners := partner.NewService(d, clock)
		pf := portfolio.NewService(d, clock)
		if err := pf.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		svc := funds.NewService(d, clock, nil, partners)
		svc.Quadrants, svc.QuadrantOf = portfolio.QuadrantNames(), pf.CurrentQuadrants
		if _, err := demo.Seed(ctx, demo.Options{DB: d, Auth: authSvc, Partners: partners, Portfolio: pf, Funds: svc, Count: 40, Seed: 1, Now: now}); err != nil {
			t.Fatal(err)
		}
		staff := &auth.Actor{Role: auth.RoleAdmin}
		all, err := svc.Activities(ctx, staff, funds.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		states := map[string]int{}
		for _, x := range all {
			states[x.Status]++
		}
		for _, s := range funds.Statuses {
			if states[s] == 0 {
				t.Errorf("no activity is %s: %v", s, states)
			}
		}
		u, _, err := authSvc.Login(ctx, "admin@mueller-it.de", demo.PartnerPassword, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		mine, err := svc.Activities(ctx, u.Actor(), funds.Filter{})
		if err != nil || len(mine) < 4 {
			t.Errorf("the showcase partner's activities: %d %v", len(mine), err)
		}
		b, err := svc.Budget(ctx, u.Actor(), u.OrgID, "2026-Q1")
		if err != nil || b.Amount == 0 || b.Paid == 0 {
			t.Errorf("the showcase partner's budget: %+v %v", b, err)
		}
		m, err := svc.Money(ctx, staff, "2026")
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range m.Quadrants {
			if q.Quadrant == "vampire" && q.Paid == 0 {
				t.Errorf("no money went to Vampires: %+v", m.Quadrants)
			}
		}
	})
}
