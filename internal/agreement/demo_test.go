package agreement_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"pakt/internal/agreement"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/demo"
	"pakt/internal/partner"
)

// demoServices returns the services the demo's organisations and users
// are made with.
func demoServices(d *db.DB) (*auth.Service, *partner.Service) {
	authSvc := auth.NewService(d, time.Now)
	authSvc.OrgExists = partner.Exists
	return authSvc, partner.NewService(d, time.Now)
}

// The demo has cooperation agreements in every state, most of them with
// the showcase partner, in German with umlauts.
func TestSeedAgreements(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		authSvc, partners := demoServices(d)
		agreements := agreement.NewService(d, time.Now, nil)
		now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
		if _, err := demo.Seed(ctx, demo.Options{DB: d, Auth: authSvc, Partners: partners, Agreements: agreements, Count: 40, Seed: 1, Now: now}); err != nil {
			t.Fatalf("seed: %v", err)
		}
		staff := &auth.Actor{UserID: "x", Role: auth.RoleAdmin}
		all, err := agreements.List(ctx, staff, "")
		if err != nil {
			t.Fatal(err)
		}
		status := map[string]int{}
		renegotiated := false
		for _, ag := range all {
			status[ag.Status]++
			if ag.Status == agreement.StatusNegotiation && ag.CurrentVersion > 1 {
				all := true
				for _, p := range ag.Parties {
					all = all && p.AcceptedVersion == ag.CurrentVersion-1
				}
				renegotiated = renegotiated || all
			}
			if ag.UpdatedAt.After(now) || ag.CreatedAt.Before(now.AddDate(0, 0, -60)) {
				t.Errorf("%s: created %v, changed %v; want within the last weeks", ag.Title, ag.CreatedAt, ag.UpdatedAt)
			}
		}
		if len(all) != 5 || status[agreement.StatusDraft] != 1 || status[agreement.StatusNegotiation] != 2 || status[agreement.StatusInForce] != 2 || !renegotiated {
			t.Errorf("agreements by status: %v of %d; one back in negotiation: %v", status, len(all), renegotiated)
		}
		u, _, err := authSvc.Login(ctx, "admin@mueller-it.de", demo.PartnerPassword, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		mine, err := agreements.List(ctx, u.Actor(), "")
		if err != nil || len(mine) != 4 {
			t.Fatalf("Müller IT's agreements: %d, %v", len(mine), err)
		}
		ag, err := agreements.Get(ctx, u.Actor(), mine[len(mine)-1].ID)
		if err != nil || ag.Title != "Digitaler Zwilling für die Stadtwerke Würzburg" || ag.Parties[0].Name != demo.ShowcaseName ||
			!strings.Contains(ag.Content.Understanding.Scope, "3D-Visualisierung") {
			t.Errorf("the oldest: %+v, %v", ag, err)
		}
	})
}
