package steering_test

import (
	"context"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/demo"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
	"pakt/internal/steering"
)

// The demo's two managers work in visibly different styles: one proactive
// and meeting the partners' C-level, the other reactive and talking to
// technicians.
func TestSeedManagerStyles(t *testing.T) {
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
		svc := steering.NewService(d, clock)
		svc.Quadrants, svc.QuadrantOf = portfolio.QuadrantNames(), pf.CurrentQuadrants
		if err := svc.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Seed(ctx, demo.Options{DB: d, Auth: authSvc, Partners: partners, Portfolio: pf, Steering: svc, Count: 40, Seed: 1, Now: now}); err != nil {
			t.Fatal(err)
		}
		team, err := svc.Team(ctx, &auth.Actor{Role: auth.RoleAdmin}, "de")
		if err != nil {
			t.Fatal(err)
		}
		if len(team.Managers) != 2 {
			t.Fatalf("%d managers in the demo's team view, want 2", len(team.Managers))
		}
		var strategist, technician *steering.ManagerFigures
		for i, m := range team.Managers {
			if *m.CLevelPct >= 60 && *m.ProactivePct >= 80 {
				strategist = &team.Managers[i]
			}
			if *m.CLevelPct <= 20 && *m.ProactivePct <= 40 {
				technician = &team.Managers[i]
			}
		}
		for _, m := range team.Managers {
			t.Logf("%s: %d activities, C-level %d %%, proactive %d %%", m.Name, m.Activities, *m.CLevelPct, *m.ProactivePct)
		}
		if strategist == nil || technician == nil {
			t.Fatal("want one proactive manager meeting the C-level and one reactive with the technicians")
		}
	})
}
