package app_test

import (
	"context"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/enablement"
	"pakt/internal/lifecycle"
	"pakt/internal/portfolio"
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
		// The stage gates' evidence is not the point here: the move
		// overrides them.
		if _, err := s.App.Pipeline.MoveWith(ctx, admin, p.OrgID, lifecycle.MoveInput{Stage: lifecycle.Won, OverrideReason: "Übernahme aus dem Altsystem"}); err != nil {
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

// The stage gates ask portfolio: an assessment lets a prospect be won, a
// business case that breaks even in time lets it enter the contract stage.
func TestStageGatesAskPortfolio(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		admin := s.CreateUser(auth.RoleAdmin, "").Actor()
		p, err := s.App.Pipeline.Create(ctx, admin, lifecycle.CreateInput{LegalName: "Nachweis GmbH"})
		if err != nil {
			t.Fatal(err)
		}
		// Steering's C-level meetings are not connected yet: overridden.
		if _, err := s.App.Pipeline.MoveWith(ctx, admin, p.OrgID, lifecycle.MoveInput{Stage: lifecycle.BusinessCase, OverrideReason: "Treffen folgt"}); err != nil {
			t.Fatal(err)
		}
		refused := func(stage, field string) {
			t.Helper()
			_, err := s.App.Pipeline.Move(ctx, admin, p.OrgID, stage, "")
			if e, ok := apperr.As(err); !ok || e.Code != apperr.Conflict || len(e.Fields) != 1 || e.Fields[0].Field != field {
				t.Fatalf("move to %s: got %v, want a conflict on %s", stage, err, field)
			}
		}
		refused(lifecycle.Contract, "gate_business_case")
		cases := portfolio.NewBusinessCases(s.App.DB, time.Now)
		// Breaks even in month 20: too late for the default 12 months.
		slow := portfolio.BusinessCase{Currency: "EUR", InvestmentMinor: 2_000_000, MonthsToFirstDeal: 1, DealsPerMonthTenths: 10, MarginPerDealMinor: 100_000}
		if _, err := cases.Save(ctx, admin, p.OrgID, slow); err != nil {
			t.Fatal(err)
		}
		if m, ok, err := cases.BreakEvenMonth(ctx, p.OrgID); err != nil || !ok || m != 20 {
			t.Fatalf("the slow case breaks even in month %d (%v, %v), want 20", m, ok, err)
		}
		refused(lifecycle.Contract, "gate_business_case")
		fast := slow
		fast.MarginPerDealMinor = 400_000
		if _, err := cases.Save(ctx, admin, p.OrgID, fast); err != nil {
			t.Fatal(err)
		}
		if _, err := s.App.Pipeline.Move(ctx, admin, p.OrgID, lifecycle.Onboarding, ""); err != nil {
			t.Fatalf("with a business case breaking even in month 5: %v", err)
		}
		refused(lifecycle.Won, "gate_assessment")
		criteria, err := s.App.Portfolio.Criteria(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		three, ratings := 3, map[string]portfolio.RatingInput{}
		for _, c := range criteria {
			if c.Active {
				ratings[c.ID] = portfolio.RatingInput{Score: &three}
			}
		}
		if _, err := s.App.Portfolio.Assess(ctx, admin, p.OrgID, portfolio.AssessmentInput{Ratings: ratings}); err != nil {
			t.Fatal(err)
		}
		if won, err := s.App.Pipeline.Move(ctx, admin, p.OrgID, lifecycle.Won, ""); err != nil || won.Stage != lifecycle.Won {
			t.Fatalf("won after the assessment: %v", err)
		}
	})
}
