package portfolio_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
)

type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func ptr[T any](v T) *T { return &v }

// rate rates every active criterion of an axis with the same score.
func rate(criteria []*portfolio.Criterion, can, will int) map[string]portfolio.RatingInput {
	out := map[string]portfolio.RatingInput{}
	for _, c := range criteria {
		if !c.Active {
			continue
		}
		s := can
		if c.Axis == portfolio.AxisWill {
			s = will
		}
		out[c.ID] = portfolio.RatingInput{Score: ptr(s)}
	}
	return out
}

func TestAssessmentsAndPortfolio(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
		s := portfolio.NewService(d, c.Now)
		if err := s.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		manager := &auth.Actor{UserID: "m1", Name: "Anna Berger", Role: auth.RoleManager}
		admin := &auth.Actor{UserID: "a1", Name: "Admin", Role: auth.RoleAdmin}
		partnerUser := &auth.Actor{UserID: "p1", Role: auth.RolePartnerAdmin, OrgID: "x"}
		criteria, err := s.Criteria(ctx, manager)
		if err != nil {
			t.Fatal(err)
		}
		if len(criteria) != 9 {
			t.Fatalf("a new installation has %d criteria, want the 9 defaults", len(criteria))
		}
		th, _ := s.Thresholds(ctx, manager)
		if th.Can != 50 || th.Will != 50 {
			t.Fatalf("default thresholds %+v", th)
		}
		orgs := partner.NewService(d, c.Now)
		mk := func(name string) string {
			o, err := orgs.Create(ctx, auth.System, partner.Input{LegalName: ptr(name), Tier: ptr("gold"), Region: ptr("Bayern")})
			if err != nil {
				t.Fatal(err)
			}
			return o.ID
		}
		hero, vamp := mk("Held GmbH"), mk("Vampir AG")
		as, err := s.Assess(ctx, manager, hero, portfolio.AssessmentInput{Ratings: rate(criteria, 2, 2), Note: "Erstgespräch"})
		if err != nil {
			t.Fatal(err)
		}
		if as.Quadrant != portfolio.Shadow || as.CanTenths != 400 || as.AssessorName != "Anna Berger" {
			t.Fatalf("first assessment: %+v", as)
		}
		if _, err := s.Assess(ctx, manager, vamp, portfolio.AssessmentInput{Ratings: rate(criteria, 1, 5)}); err != nil {
			t.Fatal(err)
		}
		// Later the hero improves; meanwhile an admin changes a weight.
		c.now = time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)
		if _, err := s.SaveCriterion(ctx, admin, criteria[0].ID, portfolio.CriterionInput{Weight: ptr(90), NameEN: ptr("Installed base")}); err != nil {
			t.Fatal(err)
		}
		second, err := s.Assess(ctx, manager, hero, portfolio.AssessmentInput{Ratings: rate(criteria, 4, 4)})
		if err != nil {
			t.Fatal(err)
		}
		if second.Quadrant != portfolio.Hero {
			t.Fatalf("second assessment %s, want hero", second.Quadrant)
		}
		first, err := s.Assessment(ctx, manager, as.ID)
		if err != nil {
			t.Fatal(err)
		}
		if first.CanTenths != 400 || first.Scores[0].Weight == 90 || first.Scores[0].NameEN == "Installed base" {
			t.Fatalf("the old assessment was rewritten by the criterion change: %+v", first.Scores[0])
		}
		hist, _ := s.History(ctx, manager, hero)
		if len(hist) != 2 || hist[0].ID != second.ID {
			t.Fatalf("history: %d entries", len(hist))
		}
		p, err := s.Portfolio(ctx, manager, time.Time{}, portfolio.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Points) != 2 || p.Counts[portfolio.Hero] != 1 || p.Counts[portfolio.Vampire] != 1 {
			t.Fatalf("portfolio today: %+v", p.Counts)
		}
		if p, _ := s.Portfolio(ctx, manager, time.Time{}, portfolio.Filter{Tier: "silver"}); len(p.Points) != 0 {
			t.Fatalf("tier filter: %d points", len(p.Points))
		}
		// A change of the organisation shows at once, though the portfolio
		// keeps today's points between changes.
		if _, err := orgs.Update(ctx, auth.System, vamp, partner.Input{Tier: ptr("silver")}); err != nil {
			t.Fatal(err)
		}
		if p, _ := s.Portfolio(ctx, manager, time.Time{}, portfolio.Filter{Tier: "silver"}); len(p.Points) != 1 || p.Points[0].OrgID != vamp {
			t.Fatalf("after a tier change the silver portfolio has %d points", len(p.Points))
		}
		if err := orgs.Delete(ctx, auth.System, vamp); err != nil {
			t.Fatal(err)
		}
		if p, _ := s.Portfolio(ctx, manager, time.Time{}, portfolio.Filter{}); len(p.Points) != 1 {
			t.Fatalf("after a deletion the portfolio has %d points, want 1", len(p.Points))
		}
		moves, err := s.Migrations(ctx, manager, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), portfolio.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(moves) != 1 || moves[0].OrgID != hero || moves[0].From != portfolio.Shadow || moves[0].To != portfolio.Hero {
			t.Fatalf("migrations: %+v", moves)
		}
		// Raising the thresholds places the hero anew in the portfolio, while
		// its assessment keeps the quadrant it was given.
		if _, err := s.SetThresholds(ctx, admin, 95, 50); err != nil {
			t.Fatal(err)
		}
		p, _ = s.Portfolio(ctx, manager, time.Time{}, portfolio.Filter{})
		if p.Counts[portfolio.Hero] != 0 || p.Counts[portfolio.Vampire] != 1 {
			t.Fatalf("after raising the CAN threshold: %+v", p.Counts)
		}
		if again, _ := s.Assessment(ctx, manager, second.ID); again.Quadrant != portfolio.Hero {
			t.Fatal("a threshold change rewrote an assessment")
		}

		// Partners see none of it.
		if _, err := s.Portfolio(ctx, partnerUser, time.Time{}, portfolio.Filter{}); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("partner reads the portfolio: %v", err)
		}
		if _, err := s.History(ctx, partnerUser, hero); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("partner reads assessments: %v", err)
		}
		if _, err := s.SaveCriterion(ctx, manager, "", portfolio.CriterionInput{Axis: ptr("can"), NameDE: ptr("X"), NameEN: ptr("X")}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a manager changes criteria: %v", err)
		}
	})
}

func TestAssessmentValidation(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	ctx := context.Background()
	s := portfolio.NewService(d, time.Now)
	if err := s.EnsureDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	manager := &auth.Actor{Role: auth.RoleManager}
	criteria, _ := s.Criteria(ctx, manager)
	o, _ := partner.NewService(d, time.Now).Create(ctx, auth.System, partner.Input{LegalName: ptr("Prüfling GmbH")})
	onlyCan := map[string]portfolio.RatingInput{}
	for _, c := range criteria {
		if c.Axis == portfolio.AxisCan {
			onlyCan[c.ID] = portfolio.RatingInput{Score: ptr(3)}
		}
	}
	onlyCan["no-such-criterion"] = portfolio.RatingInput{Score: ptr(1)}
	onlyCan[criteria[0].ID] = portfolio.RatingInput{Score: ptr(6)}
	_, err := s.Assess(ctx, manager, o.ID, portfolio.AssessmentInput{Ratings: onlyCan, AssessedOn: "2999-01-01"})
	e, ok := apperr.As(err)
	if !ok {
		t.Fatalf("got %v, want validation errors", err)
	}
	want := map[string]string{"ratings": "validation.rate_will", "ratings.no-such-criterion": "validation.unknown_criterion",
		"ratings." + criteria[0].ID: "validation.range", "assessed_on": "validation.not_future"}
	for _, f := range e.Fields {
		if want[f.Field] == f.Key {
			delete(want, f.Field)
		}
	}
	if len(want) > 0 {
		t.Fatalf("missing field errors %v in %+v", want, e.Fields)
	}
	if hist, _ := s.History(ctx, manager, o.ID); len(hist) != 0 {
		t.Fatal("a refused assessment was saved")
	}
	if _, err := s.Assess(ctx, manager, "no-such-org", portfolio.AssessmentInput{}); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("assessing an unknown organisation: %v", err)
	}
}

func TestAssessAllIsAllOrNothing(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := portfolio.NewService(d, time.Now)
		if err := s.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		manager := &auth.Actor{Role: auth.RoleManager}
		criteria, _ := s.Criteria(ctx, manager)
		o, _ := partner.NewService(d, time.Now).Create(ctx, auth.System, partner.Input{LegalName: ptr("Stapel GmbH")})
		_, err := s.AssessAll(ctx, manager, []portfolio.OrgAssessment{
			{OrgID: o.ID, Input: portfolio.AssessmentInput{Ratings: rate(criteria, 4, 4)}},
			{OrgID: o.ID, Input: portfolio.AssessmentInput{Ratings: rate(criteria, 4, 4), AssessedOn: "31.12.2025"}},
			{OrgID: "unknown", Input: portfolio.AssessmentInput{Ratings: rate(criteria, 4, 4)}},
		})
		var be *apperr.BatchError
		if !errors.As(err, &be) || len(be.Items) != 2 || be.Items[0].Index != 1 || be.Items[1].Index != 2 {
			t.Fatalf("got %v, want items 1 and 2 refused", err)
		}
		if hist, _ := s.History(ctx, manager, o.ID); len(hist) != 0 {
			t.Fatalf("a refused batch saved %d assessments", len(hist))
		}
	})
}
