package app_test

import (
	"context"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/enablement"
	"pakt/internal/lifecycle"
)

// A won prospect becomes a partner in the entry tier and gets that tier's
// onboarding checklist.
func TestWonProspectIsOnboarded(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		admin := s.CreateUser(auth.RoleAdmin, "").Actor()
		for _, item := range []enablement.ChecklistInput{
			{Tier: "registered", TitleDE: "Partnervertrag unterschreiben", TitleEN: "Sign the partner agreement", Responsible: "partner", DueAfterDays: 14},
			{Tier: "registered", TitleDE: "Zugang zum Portal einrichten", TitleEN: "Set up portal access", Responsible: "programme", DueAfterDays: 7},
			{Tier: "gold", TitleDE: "Gold-Workshop", TitleEN: "Gold workshop", Responsible: "programme", DueAfterDays: 30},
		} {
			if _, err := s.App.Enablement.AddChecklistItem(ctx, admin, item); err != nil {
				t.Fatal(err)
			}
		}
		p, err := s.App.Pipeline.Create(ctx, admin, lifecycle.CreateInput{LegalName: "Gewonnen GmbH"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.App.Pipeline.Move(ctx, admin, p.OrgID, lifecycle.Won, ""); err != nil {
			t.Fatal(err)
		}
		o, err := s.App.Partners.Get(ctx, admin, p.OrgID)
		if err != nil {
			t.Fatal(err)
		}
		if o.Kind != "partner" || o.Status != "onboarding" || o.Tier != "registered" {
			t.Fatalf("won prospect: kind %s, status %s, tier %q", o.Kind, o.Status, o.Tier)
		}
		tasks, err := s.App.Enablement.Tasks(ctx, admin, p.OrgID)
		if err != nil || len(tasks) != 2 {
			t.Fatalf("onboarding tasks of the new partner: %d, %v; want the 2 of its tier", len(tasks), err)
		}
	})
}
