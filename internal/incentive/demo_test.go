package incentive_test

import (
	"context"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/incentive"
)

// The demo has an incentive rule for EUR valid through the year, changed
// once, so that the rule page shows a past version; partners read it as
// the terms in force.
func TestSeedDemo(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.now = time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC)
		admin := &auth.Actor{UserID: "u-sabine", Email: "admin@demo.example", Role: auth.RoleAdmin}
		if err := incentive.SeedDemo(ctx, e.svc, admin, e.now); err != nil {
			t.Fatal(err)
		}
		rules, err := e.svc.Rules(ctx, e.aMember)
		if err != nil || len(rules) != 1 {
			t.Fatalf("terms: %d, %v", len(rules), err)
		}
		r := rules[0]
		if r.Currency != "EUR" || r.ValidFrom != "2026-01-01" || r.ValidTo != "2026-12-31" || r.CurrentVersion != 2 || r.P2PBonusBP != 250 {
			t.Errorf("the demo rule: %+v", r)
		}
		old, err := e.svc.Rule(ctx, e.manager, r.ID, 1)
		if err != nil || old.P2PBonusBP != 150 || !old.CreatedAt.Before(r.CreatedAt) || r.CreatedAt.After(e.now) {
			t.Errorf("version 1: %+v, %v", old, err)
		}
	})
}
