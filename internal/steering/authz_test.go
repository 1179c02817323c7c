package steering_test

import (
	"context"
	"net/url"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/steering"
)

// Steering is for programme staff; a partner's own users read only their
// own plans (never the activities with their internal notes); changing the
// cadences is for admins.
func TestAuthorisationMatrix(t *testing.T) {
	apptest.Matrix(t, "steering", func() []apptest.Case {
		org := func(id func(f *apptest.Fixture) string, suffix string) func(f *apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/partners/" + id(f) + suffix }
		}
		api := func(page func(f *apptest.Fixture) string) func(f *apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/api/v1" + page(f) }
		}
		orgA := func(f *apptest.Fixture) string { return f.A }
		orgB := func(f *apptest.Fixture) string { return f.B }
		svc := func(f *apptest.Fixture) *steering.Service {
			return f.S.App.Steering
		}
		// activity records a fresh activity with A and returns its path.
		activity := func(f *apptest.Fixture) string {
			a, err := svc(f).AddActivity(context.Background(), f.AdminActor, f.A, steering.ActivityInput{Kind: "call", On: "2026-01-05", Notes: "Interne Notiz"})
			if err != nil {
				f.T.Fatal(err)
			}
			return "/partners/" + f.A + "/activities/" + a.ID
		}
		// withPlan makes sure the organisation has a plan, so that reading it
		// would succeed for anyone allowed to.
		withPlan := func(id func(f *apptest.Fixture) string) func(f *apptest.Fixture) string {
			return func(f *apptest.Fixture) string {
				if _, err := svc(f).SavePlan(context.Background(), f.AdminActor, id(f), steering.PlanInput{Period: "2027", TargetDeals: 4, ActualDeals: 1}); err != nil {
					f.T.Fatal(err)
				}
				return "/partners/" + id(f) + "/plans"
			}
		}
		actForm := func(*apptest.Fixture) url.Values {
			return url.Values{"kind": {"meeting"}, "on": {"2026-01-05"}, "participants": {"CEO"}, "notes": {"Gut"}, "initiated_by": {"partner"}}
		}
		planForm := func(*apptest.Fixture) url.Values {
			return url.Values{"period": {"2027-H1"}, "target_revenue": {"100000"}, "target_deals": {"5"}, "actual_deals": {"2"}}
		}
		return []apptest.Case{
			{Pattern: "GET /partners/{id}/activities", Path: org(orgA, "/activities"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /partners/{id}/activities", Path: org(orgB, "/activities"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "POST /partners/{id}/activities", Path: org(orgA, "/activities"), Form: actForm, Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "POST /partners/{id}/activities/{activity}/delete", Path: func(f *apptest.Fixture) string { return activity(f) + "/delete" },
				Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "GET /partners/{id}/plans", Path: withPlan(orgA), Want: "admin,manager,padmin,pmember:200 anon:303 *:404"},
			{Pattern: "GET /partners/{id}/plans", Path: withPlan(orgB), Want: "admin,manager,other:200 anon:303 *:404"},
			{Pattern: "POST /partners/{id}/plans", Path: org(orgA, "/plans"), Form: planForm, Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "POST /partners/{id}/plans", Path: org(orgB, "/plans"), Form: planForm, Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "GET /steering/cadence", Path: apptest.Static("/steering/cadence"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "POST /steering/cadence", Path: apptest.Static("/steering/cadence"), Form: func(*apptest.Fixture) url.Values {
				return url.Values{"quadrant.hero": {"14"}, "quadrant.candidate": {"30"}, "quadrant.vampire": {"90"}, "quadrant.shadow": {"60"}}
			}, Want: "admin:303 manager:403 anon:401 *:404"},
			{Pattern: "GET /steering/overdue", Path: apptest.Static("/steering/overdue"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /steering/overdue", Path: apptest.Static("/steering/overdue?mine=1"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /steering/vampires", Path: apptest.Static("/steering/vampires"), Want: "admin,manager:200 anon:303 *:404"},
			// The head of channel (an admin) sees every manager, a manager its
			// own row and the team's totals; nobody else sees the team.
			{Pattern: "GET /steering/team", Path: apptest.Static("/steering/team"), Want: "admin,manager:200 anon:303 *:404"},

			{Pattern: "GET /api/v1/partners/{id}/activities", Path: api(org(orgA, "/activities")), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/partners/{id}/activities", Path: api(org(orgA, "/activities")), JSON: func(*apptest.Fixture) any {
				return map[string]any{"kind": "qbr", "on": "2026-01-05", "initiated_by": "partner"}
			}, Want: "admin,manager:201 anon:401 *:404"},
			{Pattern: "DELETE /api/v1/partners/{id}/activities/{activity}", Path: api(activity), Want: "admin,manager:204 anon:401 *:404"},
			{Pattern: "GET /api/v1/partners/{id}/plans", Path: api(withPlan(orgA)), Want: "admin,manager,padmin,pmember:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/partners/{id}/plans", Path: api(withPlan(orgB)), Want: "admin,manager,other:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/partners/{id}/plans", Path: api(org(orgA, "/plans")), JSON: func(*apptest.Fixture) any {
				return map[string]any{"period": "2027-Q1", "target_deals": 3}
			}, Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/steering/cadence", Path: apptest.Static("/api/v1/steering/cadence"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "PUT /api/v1/steering/cadence", Path: apptest.Static("/api/v1/steering/cadence"), JSON: func(*apptest.Fixture) any {
				return map[string]any{"items": steering.DefaultCadences}
			}, Want: "admin:200 manager:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/steering/overdue", Path: apptest.Static("/api/v1/steering/overdue"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/steering/overdue", Path: apptest.Static("/api/v1/steering/overdue?mine=true"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/steering/team", Path: apptest.Static("/api/v1/steering/team"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/steering/vampire-costs", Path: apptest.Static("/api/v1/steering/vampire-costs"), Want: "admin,manager:200 anon:401 *:404"},
		}
	})
}
