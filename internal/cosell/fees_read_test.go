package cosell_test

import (
	"context"
	"testing"
	"time"

	"pakt/internal/cosell"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

// A partner's first win counts whether it registered the deal or took
// part in it; a partner that declined its part or won nothing has none,
// and a later win does not move the first.
func TestFirstWins(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		first := e.now
		deal := e.must(e.svc.Approve(ctx, e.staff, e.register(e.aAdmin, "Autohaus Kern KG", "", "DE").ID))
		e.must(e.svc.AddParty(ctx, e.aAdmin, deal.ID, e.C, []cosell.Share{{OrgID: e.A, Role: cosell.RoleLead, SplitBP: 6000},
			{OrgID: e.C, Role: cosell.RoleDelivery, SplitBP: 4000}}))
		e.must(e.svc.Answer(ctx, e.cAdmin, deal.ID, true))
		e.must(e.svc.Win(ctx, e.aAdmin, deal.ID, nil))
		e.now = e.now.AddDate(0, 1, 0)
		later := e.must(e.svc.Approve(ctx, e.staff, e.register(e.aAdmin, "Bäckerei Später GmbH", "", "DE").ID))
		e.must(e.svc.Win(ctx, e.aAdmin, later.ID, nil))

		wins, err := e.svc.FirstWins(ctx, []string{e.A, e.B, e.C})
		if err != nil {
			t.Fatal(err)
		}
		if len(wins) != 2 || !wins[e.A].Equal(first.UTC().Truncate(time.Microsecond)) || !wins[e.C].Equal(wins[e.A]) {
			t.Errorf("first wins: %v, want A and C on %v", wins, first)
		}
		if none, err := e.svc.FirstWins(ctx, nil); err != nil || len(none) != 0 {
			t.Errorf("no organisations: %v %v", none, err)
		}
	})
}
