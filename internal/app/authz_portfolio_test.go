package app_test

import (
	"context"
	"net/url"

	"pakt/internal/portfolio"
)

// assessmentOf makes an assessment of an organisation as the admin.
func (f *fixture) assessmentOf(org string) string {
	f.t.Helper()
	ctx := context.Background()
	criteria, err := f.s.App.Portfolio.Criteria(ctx, f.adminActor)
	if err != nil {
		f.t.Fatal(err)
	}
	ratings := map[string]portfolio.RatingInput{}
	three := 3
	for _, c := range criteria {
		if c.Active {
			ratings[c.ID] = portfolio.RatingInput{Score: &three}
		}
	}
	as, err := f.s.App.Portfolio.Assess(ctx, f.adminActor, org, portfolio.AssessmentInput{Ratings: ratings})
	if err != nil {
		f.t.Fatal(err)
	}
	return as.ID
}

func (f *fixture) criterionID() string {
	f.t.Helper()
	criteria, err := f.s.App.Portfolio.Criteria(context.Background(), f.adminActor)
	if err != nil || len(criteria) == 0 {
		f.t.Fatalf("criteria: %v", err)
	}
	return criteria[0].ID
}

func init() {
	featureCases = append(featureCases, func() []matrixCase {
		assessForm := func(f *fixture) url.Values {
			v := url.Values{}
			criteria, _ := f.s.App.Portfolio.Criteria(context.Background(), f.adminActor)
			for _, c := range criteria {
				if c.Active {
					v.Set("score_"+c.ID, "4")
				}
			}
			return v
		}
		assessJSON := func(f *fixture) any {
			r := map[string]any{}
			criteria, _ := f.s.App.Portfolio.Criteria(context.Background(), f.adminActor)
			for _, c := range criteria {
				if c.Active {
					r[c.ID] = map[string]int{"score": 4}
				}
			}
			return map[string]any{"ratings": r}
		}
		criterionForm := func(f *fixture) url.Values {
			return url.Values{"axis": {"can"}, "name_de": {f.unique("Kriterium")}, "name_en": {f.unique("Criterion")}, "weight": {"10"}, "active": {"on"}}
		}
		return []matrixCase{
			{pattern: "GET /portfolio", path: static("/portfolio"), want: "admin,manager:200 anon:303 *:404"},
			{pattern: "GET /portfolio/export.csv", path: static("/portfolio/export.csv"), want: "admin,manager:200 anon:303 *:404"},
			{pattern: "GET /portfolio/criteria", path: static("/portfolio/criteria"), want: "admin,manager:200 anon:303 *:404"},
			{pattern: "POST /portfolio/criteria", path: static("/portfolio/criteria"), form: criterionForm, want: "admin:303 manager:403 anon:401 *:404"},
			{pattern: "POST /portfolio/criteria/{id}", path: func(f *fixture) string { return "/portfolio/criteria/" + f.criterionID() }, form: criterionForm,
				want: "admin:303 manager:403 anon:401 *:404"},
			{pattern: "POST /portfolio/thresholds", path: static("/portfolio/thresholds"), form: func(*fixture) url.Values { return url.Values{"can": {"50"}, "will": {"50"}} },
				want: "admin:303 manager:403 anon:401 *:404"},
			{pattern: "GET /partners/{id}/assessments", path: func(f *fixture) string { return "/partners/" + f.A + "/assessments" }, want: "admin,manager:200 anon:303 *:404"},
			{pattern: "GET /partners/{id}/assessments", path: func(f *fixture) string { return "/partners/" + f.B + "/assessments" }, want: "admin,manager:200 anon:303 *:404"},
			{pattern: "POST /partners/{id}/assessments", path: func(f *fixture) string { return "/partners/" + f.A + "/assessments" }, form: assessForm,
				want: "admin,manager:303 anon:401 *:404"},
			{pattern: "GET /assessments/{id}", path: func(f *fixture) string { return "/assessments/" + f.assessmentOf(f.A) }, want: "admin,manager:200 anon:303 *:404"},
			{pattern: "GET /api/v1/portfolio", path: static("/api/v1/portfolio"), want: "admin,manager:200 anon:401 *:404"},
			{pattern: "GET /api/v1/portfolio/migrations", path: static("/api/v1/portfolio/migrations?from=2026-01-01&to=2026-12-31"), want: "admin,manager:200 anon:401 *:404"},
			{pattern: "GET /api/v1/criteria", path: static("/api/v1/criteria"), want: "admin,manager:200 anon:401 *:404"},
			{pattern: "POST /api/v1/criteria", path: static("/api/v1/criteria"), json: func(f *fixture) any {
				return map[string]any{"axis": "will", "name_de": f.unique("Kriterium"), "name_en": f.unique("Criterion"), "weight": 5}
			}, want: "admin:201 manager:403 anon:401 *:404"},
			{pattern: "PATCH /api/v1/criteria/{id}", path: func(f *fixture) string { return "/api/v1/criteria/" + f.criterionID() }, json: func(*fixture) any { return map[string]any{"weight": 20} },
				want: "admin:200 manager:403 anon:401 *:404"},
			{pattern: "GET /api/v1/portfolio/thresholds", path: static("/api/v1/portfolio/thresholds"), want: "admin,manager:200 anon:401 *:404"},
			{pattern: "PUT /api/v1/portfolio/thresholds", path: static("/api/v1/portfolio/thresholds"), json: func(*fixture) any { return map[string]int{"can": 50, "will": 50} },
				want: "admin:200 manager:403 anon:401 *:404"},
			{pattern: "GET /api/v1/partners/{id}/assessments", path: func(f *fixture) string { return "/api/v1/partners/" + f.A + "/assessments" }, want: "admin,manager:200 anon:401 *:404"},
			{pattern: "GET /api/v1/partners/{id}/assessments", path: func(f *fixture) string { return "/api/v1/partners/" + f.B + "/assessments" }, want: "admin,manager:200 anon:401 *:404"},
			{pattern: "POST /api/v1/partners/{id}/assessments", path: func(f *fixture) string { return "/api/v1/partners/" + f.C + "/assessments" }, json: assessJSON,
				want: "admin,manager:201 anon:401 *:404"},
			{pattern: "GET /api/v1/assessments/{id}", path: func(f *fixture) string { return "/api/v1/assessments/" + f.assessmentOf(f.C) }, want: "admin,manager:200 anon:401 *:404"},
		}
	})
}
