package leads_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/demo"
	"pakt/internal/leads"
	"pakt/internal/partner"
)

// The demo's leads come in every state, several offered to Müller IT, and
// every accepted lead is a registered deal.
func TestSeedLeads(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		authSvc := auth.NewService(d, time.Now)
		authSvc.OrgExists = partner.Exists
		partners := partner.NewService(d, time.Now)
		now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		svc := leads.NewService(d, func() time.Time { return now }, partners, nil)
		deals := 0
		svc.RegisterDeal = func(_ context.Context, _ *sql.Tx, nd leads.NewDeal) (string, error) {
			deals++
			return "deal-" + nd.LeadID, nil
		}
		if _, err := demo.Seed(ctx, demo.Options{DB: d, Auth: authSvc, Partners: partners, Leads: svc, Count: 60, Seed: 1, Now: now}); err != nil {
			t.Fatal(err)
		}
		staff := &auth.Actor{Role: auth.RoleAdmin}
		all, err := svc.Leads(ctx, staff, leads.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		states := map[string]int{}
		moved := map[string]int{}
		for _, l := range all {
			states[l.State]++
			full, err := svc.Lead(ctx, staff, l.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range full.Offers {
				moved[o.Outcome]++
			}
			if l.State == leads.StateOffered && !l.Deadline.After(now) {
				t.Errorf("%s is offered with its deadline %v past", l.CustomerName, l.Deadline)
			}
		}
		for _, s := range leads.States {
			if states[s] == 0 {
				t.Errorf("no lead %s: %v", s, states)
			}
		}
		if moved[leads.OutcomeDeclined] < 5 || moved[leads.OutcomeExpired] < 3 || moved[leads.OutcomeAccepted] != states[leads.StateAccepted] ||
			deals != states[leads.StateAccepted] {
			t.Errorf("offers by outcome %v, %d deals for %d accepted leads", moved, deals, states[leads.StateAccepted])
		}
		u, _, err := authSvc.Login(ctx, "admin@"+demo.ShowcaseDomain, demo.PartnerPassword, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		mine, err := svc.Leads(ctx, u.Actor(), leads.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		offered, accepted := 0, 0
		for _, l := range mine {
			switch l.State {
			case leads.StateOffered:
				offered++
			case leads.StateAccepted:
				accepted++
			}
		}
		if offered < 2 || accepted < 2 {
			t.Errorf("Müller IT sees %d offered and %d accepted leads, want at least 2 each", offered, accepted)
		}
		camps, err := svc.Campaigns(ctx, staff)
		if err != nil || len(camps) != 3 {
			t.Errorf("campaigns: %d, %v", len(camps), err)
		}
	})
}
