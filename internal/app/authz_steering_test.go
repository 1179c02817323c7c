package app_test

import (
	"context"
	"net/url"

	"pakt/internal/steering"
)

// Steering is for programme staff; a partner's own users read only their
// own plans (never the activities with their internal notes); changing the
// cadences is for admins.
func init() {
	featureCases = append(featureCases, func() []matrixCase {
		org := func(id func(f *fixture) string, suffix string) func(f *fixture) string {
			return func(f *fixture) string { return "/partners/" + id(f) + suffix }
		}
		api := func(page func(f *fixture) string) func(f *fixture) string {
			return func(f *fixture) string { return "/api/v1" + page(f) }
		}
		orgA := func(f *fixture) string { return f.A }
		orgB := func(f *fixture) string { return f.B }
		svc := func(f *fixture) *steering.Service {
			return f.s.App.Steering
		}
		// activity records a fresh activity with A and returns its path.
		activity := func(f *fixture) string {
			a, err := svc(f).AddActivity(context.Background(), f.adminActor, f.A, steering.ActivityInput{Kind: "call", On: "2026-01-05", Notes: "Interne Notiz"})
			if err != nil {
				f.t.Fatal(err)
			}
			return "/partners/" + f.A + "/activities/" + a.ID
		}
		// withPlan makes sure the organisation has a plan, so that reading it
		// would succeed for anyone allowed to.
		withPlan := func(id func(f *fixture) string) func(f *fixture) string {
			return func(f *fixture) string {
				if _, err := svc(f).SavePlan(context.Background(), f.adminActor, id(f), steering.PlanInput{Period: "2027", TargetDeals: 4, ActualDeals: 1}); err != nil {
					f.t.Fatal(err)
				}
				return "/partners/" + id(f) + "/plans"
			}
		}
		actForm := func(*fixture) url.Values {
			return url.Values{"kind": {"meeting"}, "on": {"2026-01-05"}, "participants": {"CEO"}, "notes": {"Gut"}}
		}
		planForm := func(*fixture) url.Values {
			return url.Values{"period": {"2027-H1"}, "target_revenue": {"100000"}, "target_deals": {"5"}, "actual_deals": {"2"}}
		}
		return []matrixCase{
			{pattern: "GET /partners/{id}/activities", path: org(orgA, "/activities"), want: "admin,manager:200 anon:303 *:404"},
			{pattern: "GET /partners/{id}/activities", path: org(orgB, "/activities"), want: "admin,manager:200 anon:303 *:404"},
			{pattern: "POST /partners/{id}/activities", path: org(orgA, "/activities"), form: actForm, want: "admin,manager:303 anon:401 *:404"},
			{pattern: "POST /partners/{id}/activities/{activity}/delete", path: func(f *fixture) string { return activity(f) + "/delete" },
				want: "admin,manager:303 anon:401 *:404"},
			{pattern: "GET /partners/{id}/plans", path: withPlan(orgA), want: "admin,manager,padmin,pmember:200 anon:303 *:404"},
			{pattern: "GET /partners/{id}/plans", path: withPlan(orgB), want: "admin,manager,other:200 anon:303 *:404"},
			{pattern: "POST /partners/{id}/plans", path: org(orgA, "/plans"), form: planForm, want: "admin,manager:303 anon:401 *:404"},
			{pattern: "POST /partners/{id}/plans", path: org(orgB, "/plans"), form: planForm, want: "admin,manager:303 anon:401 *:404"},
			{pattern: "GET /steering/cadence", path: static("/steering/cadence"), want: "admin,manager:200 anon:303 *:404"},
			{pattern: "POST /steering/cadence", path: static("/steering/cadence"), form: func(*fixture) url.Values {
				return url.Values{"quadrant.hero": {"14"}, "quadrant.candidate": {"30"}, "quadrant.vampire": {"90"}, "quadrant.shadow": {"60"}}
			}, want: "admin:303 manager:403 anon:401 *:404"},
			{pattern: "GET /steering/overdue", path: static("/steering/overdue"), want: "admin,manager:200 anon:303 *:404"},
			{pattern: "GET /steering/overdue", path: static("/steering/overdue?mine=1"), want: "admin,manager:200 anon:303 *:404"},

			{pattern: "GET /api/v1/partners/{id}/activities", path: api(org(orgA, "/activities")), want: "admin,manager:200 anon:401 *:404"},
			{pattern: "POST /api/v1/partners/{id}/activities", path: api(org(orgA, "/activities")), json: func(*fixture) any {
				return map[string]any{"kind": "qbr", "on": "2026-01-05"}
			}, want: "admin,manager:201 anon:401 *:404"},
			{pattern: "DELETE /api/v1/partners/{id}/activities/{activity}", path: api(activity), want: "admin,manager:204 anon:401 *:404"},
			{pattern: "GET /api/v1/partners/{id}/plans", path: api(withPlan(orgA)), want: "admin,manager,padmin,pmember:200 anon:401 *:404"},
			{pattern: "GET /api/v1/partners/{id}/plans", path: api(withPlan(orgB)), want: "admin,manager,other:200 anon:401 *:404"},
			{pattern: "POST /api/v1/partners/{id}/plans", path: api(org(orgA, "/plans")), json: func(*fixture) any {
				return map[string]any{"period": "2027-Q1", "target_deals": 3}
			}, want: "admin,manager:200 anon:401 *:404"},
			{pattern: "GET /api/v1/steering/cadence", path: static("/api/v1/steering/cadence"), want: "admin,manager:200 anon:401 *:404"},
			{pattern: "PUT /api/v1/steering/cadence", path: static("/api/v1/steering/cadence"), json: func(*fixture) any {
				return map[string]any{"items": steering.DefaultCadences}
			}, want: "admin:200 manager:403 anon:401 *:404"},
			{pattern: "GET /api/v1/steering/overdue", path: static("/api/v1/steering/overdue"), want: "admin,manager:200 anon:401 *:404"},
			{pattern: "GET /api/v1/steering/overdue", path: static("/api/v1/steering/overdue?mine=true"), want: "admin,manager:200 anon:401 *:404"},
		}
	})
}
