package portfolio_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
)

// One organisation, rated alike in two profiles, lands in different
// quadrants: each profile weighs the criteria and places the scores its
// own way. The latest assessment, the portfolio, its cache and the
// quadrant other features steer by are kept per profile.
func TestProfilesWeighAndPlaceTheirOwnWay(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, c := newPortfolio(t, d)
		manager := &auth.Actor{UserID: "m1", Name: "Anna Berger", Role: auth.RoleManager}
		criteria, err := s.Criteria(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		var customers, strategy *portfolio.Criterion
		for _, c := range criteria {
			switch c.Slug {
			case "customer-base":
				customers = c
			case "strategic-fit":
				strategy = c
			}
		}
		orgs := partner.NewService(d, c.Now)
		o, err := orgs.Create(ctx, auth.System, partner.Input{LegalName: ptr("Wolkig GmbH")})
		if err != nil {
			t.Fatal(err)
		}
		org := o.ID

		// The cloud profile counts only the customer base on CAN and only
		// the strategic fit on WILL, with higher thresholds.
		weights := map[string]int{}
		for _, c := range criteria {
			weights[c.ID] = 0
		}
		weights[customers.ID], weights[strategy.ID] = 10, 10
		if _, err := s.SaveProfile(ctx, manager, "", portfolio.ProfileInput{NameDE: ptr("Cloud"), NameEN: ptr("Cloud")}); err == nil {
			t.Fatal("a manager made a profile")
		}
		cloud, err := s.SaveProfile(ctx, admin, "", portfolio.ProfileInput{NameDE: ptr("Cloud-Integrationspartner"), NameEN: ptr("Cloud integration partner"),
			CanThreshold: ptr(60), WillThreshold: ptr(70), Weights: weights})
		if err != nil {
			t.Fatal(err)
		}
		if cloud.Slug != "cloud-integration-partner" || cloud.Default || cloud.Weights[customers.ID] != 10 || len(cloud.Weights) != len(criteria) {
			t.Fatalf("the new profile: %+v", cloud)
		}
		// The customer base 5, everything else 1.
		ratings := rate(criteria, 1, 1)
		ratings[customers.ID] = portfolio.RatingInput{Score: ptr(5)}
		ratings[strategy.ID] = portfolio.RatingInput{Score: ptr(4)}
		inDefault, err := s.Assess(ctx, manager, org, portfolio.AssessmentInput{Ratings: ratings})
		if err != nil {
			t.Fatal(err)
		}
		inCloud, err := s.Assess(ctx, manager, org, portfolio.AssessmentInput{ProfileID: cloud.ID, Ratings: ratings})
		if err != nil {
			t.Fatal(err)
		}
		// Default: CAN (25×5 + 20+15+15+25)/(100×5) = 40 %; WILL (30×4 + 20+30+20)/(100×5) = 38 %.
		if inDefault.ProfileID != portfolio.DefaultProfile || inDefault.CanTenths != 400 || inDefault.WillTenths != 380 || inDefault.Quadrant != portfolio.Shadow {
			t.Fatalf("in the default profile: %+v", inDefault)
		}
		// Cloud: CAN 100 %, WILL 80 % against 60 and 70: a hero.
		if inCloud.ProfileID != cloud.ID || inCloud.CanTenths != 1000 || inCloud.WillTenths != 800 || inCloud.Quadrant != portfolio.Hero ||
			inCloud.CanThreshold != 60 || inCloud.WillThreshold != 70 {
			t.Fatalf("in the cloud profile: %+v", inCloud)
		}
		got, err := s.Assessment(ctx, manager, inCloud.ID)
		if err != nil || got.ProfileID != cloud.ID {
			t.Fatalf("the stored assessment: %+v, %v", got, err)
		}
		for _, sc := range got.Scores {
			if sc.Weight != cloud.Weights[sc.CriterionID] {
				t.Errorf("%s keeps weight %d, the profile's is %d", sc.NameEN, sc.Weight, cloud.Weights[sc.CriterionID])
			}
		}

		place := func(profile string) portfolio.Point {
			t.Helper()
			pf, err := s.Portfolio(ctx, manager, time.Time{}, portfolio.Filter{Profile: profile})
			if err != nil {
				t.Fatal(err)
			}
			if len(pf.Points) != 1 {
				t.Fatalf("portfolio of %q: %d points", profile, len(pf.Points))
			}
			return pf.Points[0]
		}
		if p := place(""); p.Quadrant != portfolio.Shadow || p.AssessmentID != inDefault.ID {
			t.Fatalf("the default portfolio shows %+v", p)
		}
		if p := place(cloud.ID); p.Quadrant != portfolio.Hero || p.AssessmentID != inCloud.ID {
			t.Fatalf("the cloud portfolio shows %+v", p)
		}
		// A later assessment in the cloud profile changes the cloud
		// portfolio (its cache reloads) and leaves the default one alone.
		c.now = c.now.Add(time.Hour)
		later, err := s.Assess(ctx, manager, org, portfolio.AssessmentInput{ProfileID: cloud.ID, Ratings: rate(criteria, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if p := place(cloud.ID); p.AssessmentID != later.ID || p.Quadrant != portfolio.Shadow {
			t.Fatalf("after a new cloud assessment the cloud portfolio shows %+v", p)
		}
		if p := place(portfolio.DefaultProfile); p.AssessmentID != inDefault.ID {
			t.Fatalf("a cloud assessment moved the default portfolio to %+v", p)
		}
		// On an earlier day (the history, not the cache) the same.
		pf, err := s.Portfolio(ctx, manager, c.now.AddDate(0, 0, 1), portfolio.Filter{Profile: cloud.ID})
		if err != nil || len(pf.Points) != 1 || pf.Points[0].AssessmentID != later.ID || pf.Thresholds.Can != 60 || pf.Profile != cloud.ID {
			t.Fatalf("the cloud portfolio of tomorrow: %+v, %v", pf, err)
		}
		// Raising the cloud thresholds places the old assessments anew.
		if _, err := s.SaveProfile(ctx, admin, cloud.ID, portfolio.ProfileInput{CanThreshold: ptr(5), WillThreshold: ptr(5)}); err != nil {
			t.Fatal(err)
		}
		if p := place(cloud.ID); p.Quadrant != portfolio.Hero {
			t.Fatalf("with thresholds of 5 the cloud portfolio shows %+v", p)
		}

		// Steering, funds and leads go by the default profile: a shadow
		// there, whatever the cloud profile says.
		quadrants, err := s.CurrentQuadrants(ctx, manager)
		if err != nil || quadrants[org] != string(portfolio.Shadow) {
			t.Fatalf("current quadrants: %v, %v", quadrants, err)
		}

		// The history names each assessment's profile.
		hist, err := s.History(ctx, manager, org)
		if err != nil || len(hist) != 3 {
			t.Fatalf("history: %d, %v", len(hist), err)
		}
		profiles := map[string]int{}
		for _, h := range hist {
			profiles[h.ProfileID]++
		}
		if profiles[portfolio.DefaultProfile] != 1 || profiles[cloud.ID] != 2 {
			t.Fatalf("history by profile: %v", profiles)
		}

		// An archived profile takes no new assessments, and the default
		// profile cannot be archived.
		if _, err := s.SaveProfile(ctx, admin, cloud.ID, portfolio.ProfileInput{Archived: ptr(true)}); err != nil {
			t.Fatal(err)
		}
		_, err = s.Assess(ctx, manager, org, portfolio.AssessmentInput{ProfileID: cloud.ID, Ratings: ratings})
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Invalid || e.Fields[0].Field != "profile_id" {
			t.Fatalf("an assessment in an archived profile: %v", err)
		}
		if p := place(cloud.ID); p.AssessmentID != later.ID {
			t.Fatal("an archived profile's portfolio lost its assessments")
		}
		if _, err := s.Assess(ctx, manager, org, portfolio.AssessmentInput{ProfileID: "nope", Ratings: ratings}); err == nil {
			t.Fatal("an assessment in an unknown profile was made")
		}
		if _, err := s.SaveProfile(ctx, admin, portfolio.DefaultProfile, portfolio.ProfileInput{Archived: ptr(true)}); err == nil {
			t.Fatal("the default profile was archived")
		}
		for _, id := range []string{"nope", "a\x00b", "Ü"} {
			if _, err := s.Portfolio(ctx, manager, time.Time{}, portfolio.Filter{Profile: id}); err == nil {
				t.Fatalf("the portfolio of an unknown profile %q", id)
			}
			if _, err := s.Assess(ctx, manager, org, portfolio.AssessmentInput{ProfileID: id, Ratings: ratings}); !isInvalid(err, "profile_id") {
				t.Fatalf("an assessment in an unknown profile %q: %v", id, err)
			}
			if _, err := s.ProfileQuestions(ctx, "de", id); !errors.Is(err, apperr.ErrNotFound) {
				t.Fatalf("the public questions of an unknown profile %q: %v", id, err)
			}
		}
		// A second profile cannot take a slug in use.
		_, err = s.SaveProfile(ctx, admin, "", portfolio.ProfileInput{NameDE: ptr("Zwei"), NameEN: ptr("Two"), Slug: ptr(cloud.Slug)})
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Invalid || e.Fields[0].Field != "slug" {
			t.Fatalf("a slug taken twice: %v", err)
		}
		// Partners see no profile.
		if _, err := s.Profiles(ctx, &auth.Actor{UserID: "p1", Role: auth.RolePartnerAdmin, OrgID: org}); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("a partner lists profiles: %v", err)
		}
	})
}

// admin is the programme's admin of the profiles' service tests.
var admin = &auth.Actor{UserID: "a1", Name: "Admin", Role: auth.RoleAdmin}

// newPortfolio returns the portfolio service of a new installation and
// its clock.
func newPortfolio(t *testing.T, d *db.DB) (*portfolio.Service, *clock) {
	t.Helper()
	c := &clock{now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	s := portfolio.NewService(d, c.Now)
	if err := s.EnsureDefaults(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s, c
}

// The default profile's weights are the criteria's own and its
// thresholds the programme's: changing one changes the other, and both
// are audited.
func TestDefaultProfileIsTheCriteriaAndThresholds(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newPortfolio(t, d)
		criteria, _ := s.Criteria(ctx, admin)
		def, err := s.Profile(ctx, admin, portfolio.DefaultProfile)
		if err != nil {
			t.Fatal(err)
		}
		if !def.Default || def.CanThreshold != 50 || def.Weights[criteria[0].ID] != criteria[0].Weight {
			t.Fatalf("the default profile: %+v", def)
		}
		if _, err := s.SaveProfile(ctx, admin, portfolio.DefaultProfile, portfolio.ProfileInput{CanThreshold: ptr(65),
			Weights: map[string]int{criteria[0].ID: 77}}); err != nil {
			t.Fatal(err)
		}
		th, _ := s.Thresholds(ctx, admin)
		after, _ := s.Criteria(ctx, admin)
		if th.Can != 65 || th.Will != 50 || after[0].Weight != 77 {
			t.Fatalf("after changing the default profile: thresholds %+v, weight %d", th, after[0].Weight)
		}
		if _, err := s.SetThresholds(ctx, admin, 40, 45); err != nil {
			t.Fatal(err)
		}
		if def, _ = s.Profile(ctx, admin, portfolio.DefaultProfile); def.CanThreshold != 40 || def.WillThreshold != 45 {
			t.Fatalf("the thresholds of the criteria page are not the default profile's: %+v", def)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE object_type = 'ideal_profile' AND object_id = $1`, portfolio.DefaultProfile).Scan(&n); err != nil || n != 1 {
			t.Fatalf("audited changes of the default profile: %d, %v", n, err)
		}
	})
}

// isInvalid reports whether err refuses field.
func isInvalid(err error, field string) bool {
	e, ok := apperr.As(err)
	return ok && e.Code == apperr.Invalid && slices.ContainsFunc(e.Fields, func(f apperr.FieldError) bool { return f.Field == field })
}
