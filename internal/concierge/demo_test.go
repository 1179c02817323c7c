package concierge_test

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/concierge"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/demo"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// demoServices returns the services the demo's organisations and users
// are made with.
func demoServices(d *db.DB) (*auth.Service, *partner.Service) {
	authSvc := auth.NewService(d, time.Now)
	authSvc.OrgExists = partner.Exists
	return authSvc, partner.NewService(d, time.Now)
}

// The demo's introductions cover every state, and the showcase partner has
// sent and received ones to show.
func TestSeedConcierge(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	authSvc, partners := demoServices(d)
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	c := concierge.NewService(d, time.Now, partners, notify.NewService(d, time.Now, nil, slog.New(slog.DiscardHandler)))
	if _, err := demo.Seed(ctx, demo.Options{DB: d, Auth: authSvc, Partners: partners, Concierge: c, Count: 60, Seed: 1, Now: now}); err != nil {
		t.Fatal(err)
	}
	admin := &auth.Actor{UserID: "x", Role: auth.RoleAdmin}
	st, err := c.Stats(ctx, admin, "de")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range concierge.Statuses {
		if st.ByStatus[s] == 0 {
			t.Errorf("no introduction is %s: %v", s, st.ByStatus)
		}
	}
	if st.Outcomes[concierge.OutcomeJointDeal] == 0 || st.Outcomes[concierge.OutcomeNoFit] == 0 {
		t.Errorf("outcomes: %v", st.Outcomes)
	}
	users, err := authSvc.ListUsers(ctx, auth.System)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(users, func(u *auth.User) bool { return u.Email == "admin@"+demo.ShowcaseDomain })
	if i < 0 {
		t.Fatal("no showcase admin")
	}
	u := users[i]
	list, err := c.Introductions(ctx, u.Actor())
	if err != nil {
		t.Fatal(err)
	}
	sent, received := 0, 0
	for _, in := range list {
		if in.AskerOrgID == u.OrgID {
			sent++
		} else {
			received++
		}
		if in.CreatedAt.After(now) {
			t.Errorf("an introduction from the future: %v", in.CreatedAt)
		}
	}
	if sent < 3 || received < 2 {
		t.Errorf("Müller IT has %d sent and %d received introductions", sent, received)
	}
	pins, err := c.Pins(ctx, admin)
	if err != nil || len(pins) < 2 {
		t.Errorf("pins: %v, %v", pins, err)
	}
}
