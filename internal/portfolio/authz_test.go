package portfolio_test

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/portfolio"
)

// The portfolio is for programme staff: criteria, assessments, business
// cases and what companies told the public self-assessment.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	apptest.Matrix(t, "portfolio", func() []apptest.Case {
		return slices.Concat(portfolioCases(), profileCases(), businessCaseCases(), selfAssessmentCases())
	})
}

// assessmentOf makes an assessment of an organisation as the admin.
func assessmentOf(f *apptest.Fixture, org string) string {
	f.T.Helper()
	ctx := context.Background()
	criteria, err := f.S.App.Portfolio.Criteria(ctx, f.AdminActor)
	if err != nil {
		f.T.Fatal(err)
	}
	ratings := map[string]portfolio.RatingInput{}
	three := 3
	for _, c := range criteria {
		if c.Active {
			ratings[c.ID] = portfolio.RatingInput{Score: &three}
		}
	}
	as, err := f.S.App.Portfolio.Assess(ctx, f.AdminActor, org, portfolio.AssessmentInput{Ratings: ratings})
	if err != nil {
		f.T.Fatal(err)
	}
	return as.ID
}

func criterionID(f *apptest.Fixture) string {
	f.T.Helper()
	criteria, err := f.S.App.Portfolio.Criteria(context.Background(), f.AdminActor)
	if err != nil || len(criteria) == 0 {
		f.T.Fatalf("criteria: %v", err)
	}
	return criteria[0].ID
}

func portfolioCases() []apptest.Case {
	return func() []apptest.Case {
		assessForm := func(f *apptest.Fixture) url.Values {
			v := url.Values{}
			criteria, _ := f.S.App.Portfolio.Criteria(context.Background(), f.AdminActor)
			for _, c := range criteria {
				if c.Active {
					v.Set("score_"+c.ID, "4")
				}
			}
			return v
		}
		assessJSON := func(f *apptest.Fixture) any {
			r := map[string]any{}
			criteria, _ := f.S.App.Portfolio.Criteria(context.Background(), f.AdminActor)
			for _, c := range criteria {
				if c.Active {
					r[c.ID] = map[string]int{"score": 4}
				}
			}
			return map[string]any{"ratings": r}
		}
		criterionForm := func(f *apptest.Fixture) url.Values {
			return url.Values{"axis": {"can"}, "name_de": {f.Unique("Kriterium")}, "name_en": {f.Unique("Criterion")}, "weight": {"10"}, "active": {"on"}}
		}
		return []apptest.Case{
			{Pattern: "GET /portfolio", Path: apptest.Static("/portfolio"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /portfolio/export.csv", Path: apptest.Static("/portfolio/export.csv"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /portfolio/criteria", Path: apptest.Static("/portfolio/criteria"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "POST /portfolio/criteria", Path: apptest.Static("/portfolio/criteria"), Form: criterionForm, Want: "admin:303 manager:403 anon:401 *:404"},
			{Pattern: "POST /portfolio/criteria/{id}", Path: func(f *apptest.Fixture) string { return "/portfolio/criteria/" + criterionID(f) }, Form: criterionForm,
				Want: "admin:303 manager:403 anon:401 *:404"},
			{Pattern: "POST /portfolio/thresholds", Path: apptest.Static("/portfolio/thresholds"), Form: func(*apptest.Fixture) url.Values { return url.Values{"can": {"50"}, "will": {"50"}} },
				Want: "admin:303 manager:403 anon:401 *:404"},
			{Pattern: "POST /portfolio/actions", Path: apptest.Static("/portfolio/actions"), Form: func(*apptest.Fixture) url.Values {
				return url.Values{"hero_alert": {"on"}, "shadow_alert": {"on"}, "reassess_months": {"6"}, "warn_candidates": {"on"}, "warn_vampires": {"on"}}
			}, Want: "admin:303 manager:403 anon:401 *:404"},
			{Pattern: "GET /partners/{id}/assessments", Path: func(f *apptest.Fixture) string { return "/partners/" + f.A + "/assessments" }, Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /partners/{id}/assessments", Path: func(f *apptest.Fixture) string { return "/partners/" + f.B + "/assessments" }, Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "POST /partners/{id}/assessments", Path: func(f *apptest.Fixture) string { return "/partners/" + f.A + "/assessments" }, Form: assessForm,
				Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "GET /assessments/{id}", Path: func(f *apptest.Fixture) string { return "/assessments/" + assessmentOf(f, f.A) }, Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /api/v1/portfolio", Path: apptest.Static("/api/v1/portfolio"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/portfolio/migrations", Path: apptest.Static("/api/v1/portfolio/migrations?from=2026-01-01&to=2026-12-31"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/criteria", Path: apptest.Static("/api/v1/criteria"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/criteria", Path: apptest.Static("/api/v1/criteria"), JSON: func(f *apptest.Fixture) any {
				return map[string]any{"axis": "will", "name_de": f.Unique("Kriterium"), "name_en": f.Unique("Criterion"), "weight": 5}
			}, Want: "admin:201 manager:403 anon:401 *:404"},
			{Pattern: "PATCH /api/v1/criteria/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/criteria/" + criterionID(f) }, JSON: func(*apptest.Fixture) any { return map[string]any{"weight": 20} },
				Want: "admin:200 manager:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/portfolio/thresholds", Path: apptest.Static("/api/v1/portfolio/thresholds"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "PUT /api/v1/portfolio/thresholds", Path: apptest.Static("/api/v1/portfolio/thresholds"), JSON: func(*apptest.Fixture) any { return map[string]int{"can": 50, "will": 50} },
				Want: "admin:200 manager:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/portfolio/actions", Path: apptest.Static("/api/v1/portfolio/actions"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "PUT /api/v1/portfolio/actions", Path: apptest.Static("/api/v1/portfolio/actions"), JSON: func(*apptest.Fixture) any { return portfolio.DefaultActions },
				Want: "admin:200 manager:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/partners/{id}/assessments", Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.A + "/assessments" }, Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/partners/{id}/assessments", Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.B + "/assessments" }, Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/partners/{id}/assessments", Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.C + "/assessments" }, JSON: assessJSON,
				Want: "admin,manager:201 anon:401 *:404"},
			{Pattern: "GET /api/v1/assessments/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/assessments/" + assessmentOf(f, f.C) }, Want: "admin,manager:200 anon:401 *:404"},
		}
	}()
}

// Business cases are for programme staff only: every other role, even the
// organisation's own partner admin, is told that there is none.
func businessCaseCases() []apptest.Case {
	return func() []apptest.Case {
		// withCase makes sure the organisation has a business case, so that
		// reading it would succeed for anyone allowed to.
		withCase := func(org func(f *apptest.Fixture) string) func(f *apptest.Fixture) string {
			return func(f *apptest.Fixture) string {
				id := org(f)
				bc := portfolio.BusinessCase{InvestmentMinor: 1_000_000, MonthlyCostMinor: 50_000, MonthsToFirstDeal: 3,
					DealsPerMonthTenths: 15, MarginPerDealMinor: 120_000, RampUpMonths: 2}
				if _, err := portfolio.NewBusinessCases(f.S.App.DB, time.Now).Save(context.Background(), f.AdminActor, id, bc); err != nil {
					f.T.Fatal(err)
				}
				return "/partners/" + id + "/business-case"
			}
		}
		api := func(page func(f *apptest.Fixture) string) func(f *apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/api/v1" + page(f) }
		}
		orgA := func(f *apptest.Fixture) string { return f.A }
		orgB := func(f *apptest.Fixture) string { return f.B }
		orgC := func(f *apptest.Fixture) string { return f.C }
		form := func(*apptest.Fixture) url.Values {
			return url.Values{"currency": {"EUR"}, "investment": {"10000"}, "monthly_cost": {"500"}, "months_to_first_deal": {"3"},
				"deals_per_month": {"1.5"}, "margin_per_deal": {"1200"}, "ramp_up_months": {"2"}}
		}
		body := func(*apptest.Fixture) any {
			return map[string]any{"investment_minor": 1_000_000, "monthly_cost_minor": 50_000, "months_to_first_deal": 3,
				"deals_per_month_tenths": 15, "margin_per_deal_minor": 120_000, "ramp_up_months": 2}
		}
		return append([]apptest.Case{
			{Pattern: "GET /partners/{id}/business-case", Path: withCase(orgA), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /partners/{id}/business-case", Path: withCase(orgB), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /partners/{id}/business-case", Path: func(f *apptest.Fixture) string { return "/partners/" + f.NewOrg(true) + "/business-case" },
				Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "POST /partners/{id}/business-case", Path: func(f *apptest.Fixture) string { return "/partners/" + f.A + "/business-case" }, Form: form,
				Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "POST /partners/{id}/business-case", Path: func(f *apptest.Fixture) string { return "/partners/" + f.B + "/business-case" }, Form: form,
				Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "GET /api/v1/partners/{id}/business-case", Path: api(withCase(orgA)), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/partners/{id}/business-case", Path: api(withCase(orgC)), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/partners/{id}/business-case", Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.NewOrg(true) + "/business-case" },
				Want: "anon:401 *:404"},
			{Pattern: "PUT /api/v1/partners/{id}/business-case", Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.A + "/business-case" }, JSON: body,
				Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "PUT /api/v1/partners/{id}/business-case", Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.B + "/business-case" }, JSON: body,
				Want: "admin,manager:200 anon:401 *:404"},
		}, sharedCaseCases()...)
	}()
}

// profileOf makes an ideal-partner profile as the admin, offered in the
// public self-assessment when public.
func profileOf(f *apptest.Fixture, public bool) *portfolio.Profile {
	f.T.Helper()
	de, en := f.Unique("Profil"), f.Unique("Profile")
	p, err := f.S.App.Portfolio.SaveProfile(context.Background(), f.AdminActor, "", portfolio.ProfileInput{NameDE: &de, NameEN: &en, Public: &public})
	if err != nil {
		f.T.Fatal(err)
	}
	return p
}

// Ideal-partner profiles are staff's; admins make and change them. The
// profiles offered publicly are named to anyone.
func profileCases() []apptest.Case {
	form := func(f *apptest.Fixture) url.Values {
		return url.Values{"name_de": {f.Unique("Profil")}, "name_en": {f.Unique("Profile")}, "can_threshold": {"55"}, "will_threshold": {"45"}, "public": {"on"}}
	}
	page := func(f *apptest.Fixture) string { return "/portfolio/profiles/" + profileOf(f, false).ID }
	api := func(f *apptest.Fixture) string { return "/api/v1/portfolio/profiles/" + profileOf(f, false).ID }
	return []apptest.Case{
		{Pattern: "GET /portfolio/profiles", Path: apptest.Static("/portfolio/profiles"), Want: "admin,manager:200 anon:303 *:404"},
		{Pattern: "POST /portfolio/profiles", Path: apptest.Static("/portfolio/profiles"), Form: form, Want: "admin:303 manager:403 anon:401 *:404"},
		{Pattern: "GET /portfolio/profiles/{id}", Path: page, Want: "admin,manager:200 anon:303 *:404"},
		{Pattern: "GET /portfolio/profiles/{id}", Path: apptest.Static("/portfolio/profiles/" + portfolio.DefaultProfile), Want: "admin,manager:200 anon:303 *:404"},
		{Pattern: "POST /portfolio/profiles/{id}", Path: page, Form: form, Want: "admin:303 manager:403 anon:401 *:404"},
		{Pattern: "GET /api/v1/portfolio/profiles", Path: apptest.Static("/api/v1/portfolio/profiles"), Want: "admin,manager:200 anon:401 *:404"},
		{Pattern: "POST /api/v1/portfolio/profiles", Path: apptest.Static("/api/v1/portfolio/profiles"), JSON: func(f *apptest.Fixture) any {
			return map[string]any{"name_de": f.Unique("Profil"), "name_en": f.Unique("Profile"), "can_threshold": 60}
		}, Want: "admin:201 manager:403 anon:401 *:404"},
		{Pattern: "GET /api/v1/portfolio/profiles/{id}", Path: api, Want: "admin,manager:200 anon:401 *:404"},
		{Pattern: "PATCH /api/v1/portfolio/profiles/{id}", Path: api, JSON: func(f *apptest.Fixture) any {
			return map[string]any{"name_en": f.Unique("Profile"), "will_threshold": 40, "archived": true}
		}, Want: "admin:200 manager:403 anon:401 *:404"},
		{Pattern: "GET /api/v1/self-assessment/profiles", Path: apptest.Static("/api/v1/self-assessment/profiles"), Want: "*:200"},
	}
}

func selfAssessmentCases() []apptest.Case {
	return func() []apptest.Case {
		return []apptest.Case{
			{Pattern: "GET /ideal-partner", Path: apptest.Static("/ideal-partner"), Want: "*:200"},
			// The public form is rate limited per address, and all roles of
			// the matrix share one address.
			{Pattern: "POST /ideal-partner", Path: apptest.Static("/ideal-partner"), Form: func(f *apptest.Fixture) url.Values {
				v := url.Values{}
				for id, score := range f.SelfAnswers() {
					v.Set("answer_"+id, strconv.Itoa(score))
				}
				return v
			}, Want: "*:200|429"},
			{Pattern: "GET /api/v1/self-assessment/questions", Path: apptest.Static("/api/v1/self-assessment/questions"), Want: "*:200"},
			{Pattern: "POST /api/v1/self-assessment", Path: apptest.Static("/api/v1/self-assessment"), JSON: func(f *apptest.Fixture) any {
				return map[string]any{"answers": f.SelfAnswers()}
			}, Want: "*:200|429"},
			{Pattern: "GET /api/v1/partners/{id}/self-assessments", Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.A + "/self-assessments" },
				Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/self-assessment/stats", Path: apptest.Static("/api/v1/self-assessment/stats"), Want: "admin,manager:200 anon:401 *:404"},
		}
	}()
}
