package lifecycle_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/lifecycle"
)

// prospectOf creates a prospect owned by the fixture user of role and
// returns its organisation's id.
func prospectOf(f *apptest.Fixture, role string) string {
	f.T.Helper()
	owner := f.Users[role]
	s := lifecycle.NewService(f.S.App.DB, time.Now, f.S.App.Partners)
	a := f.AdminActor
	if owner.Role == auth.RoleRecruiter {
		a = owner.Actor()
	}
	p, err := s.Create(context.Background(), a, lifecycle.CreateInput{LegalName: f.Unique("Interessent"), OwnerID: owner.ID})
	if err != nil {
		f.T.Fatal(err)
	}
	return p.OrgID
}

func TestAuthorisationMatrix(t *testing.T) {
	apptest.Matrix(t, "lifecycle", func() []apptest.Case {
		own := func(path string) func(f *apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/" + path + "/" + prospectOf(f, "recruiter") }
		}
		admins := func(path string) func(f *apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/" + path + "/" + prospectOf(f, "admin") }
		}
		withSuffix := func(p func(*apptest.Fixture) string, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return p(f) + suffix }
		}
		create := func(f *apptest.Fixture) url.Values { return url.Values{"legal_name": {f.Unique("Neuer Interessent")}} }
		createJSON := func(f *apptest.Fixture) any { return map[string]string{"legal_name": f.Unique("Neuer Interessent")} }
		edit := func(*apptest.Fixture) url.Values {
			return url.Values{"next_step": {"Anrufen"}, "due_on": {"2026-12-01"}}
		}
		move := func(*apptest.Fixture) url.Values { return url.Values{"stage": {"qualified"}} }
		gates := func(*apptest.Fixture) url.Values {
			return url.Values{"gate_business_case": {"clevel_meeting"}, "gate_contract": {"business_case"}, "gate_won": {"assessment"}, "break_even_months": {"12"}}
		}
		gatesJSON := func(*apptest.Fixture) any { return lifecycle.DefaultGates() }
		cases := []apptest.Case{
			{Pattern: "GET /pipeline/gates", Path: apptest.Static("/pipeline/gates"), Want: "admin,manager,recruiter:200 board,liaison:404 anon:303 *:404"},
			{Pattern: "POST /pipeline/gates", Path: apptest.Static("/pipeline/gates"), Form: gates, Want: "admin:303 manager:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/pipeline/gates", Path: apptest.Static("/api/v1/pipeline/gates"), Want: "admin,manager,recruiter:200 board,liaison:404 anon:401 *:404"},
			{Pattern: "PUT /api/v1/pipeline/gates", Path: apptest.Static("/api/v1/pipeline/gates"), JSON: gatesJSON, Want: "admin:200 manager:403 anon:401 *:404"},
			{Pattern: "GET /pipeline", Path: apptest.Static("/pipeline"), Want: "admin,manager,recruiter:200 board,liaison:404 anon:303 *:404"},
			{Pattern: "GET /pipeline/new", Path: apptest.Static("/pipeline/new"), Want: "admin,manager,recruiter:200 board,liaison:404 anon:303 *:404"},
			{Pattern: "POST /pipeline", Path: apptest.Static("/pipeline"), Form: create, Want: "admin,manager,recruiter:303 board,liaison:404 anon:401 *:404"},
			{Pattern: "GET /pipeline/funnel", Path: apptest.Static("/pipeline/funnel"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /pipeline/{id}", Path: own("pipeline"), Want: "admin,manager,recruiter:200 board,liaison:404 anon:303 *:404"},
			{Pattern: "GET /pipeline/{id}", Path: admins("pipeline"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "POST /pipeline/{id}", Path: own("pipeline"), Form: edit, Want: "admin,manager,recruiter:303 board,liaison:404 anon:401 *:404"},
			{Pattern: "POST /pipeline/{id}", Path: admins("pipeline"), Form: edit, Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "POST /pipeline/{id}/stage", Path: withSuffix(own("pipeline"), "/stage"), Form: move, Want: "admin,manager,recruiter:303 board,liaison:404 anon:401 *:404"},
			{Pattern: "POST /pipeline/{id}/stage", Path: withSuffix(admins("pipeline"), "/stage"), Form: move, Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "GET /api/v1/prospects", Path: apptest.Static("/api/v1/prospects"), Want: "admin,manager,recruiter:200 board,liaison:404 anon:401 *:404"},
			{Pattern: "POST /api/v1/prospects", Path: apptest.Static("/api/v1/prospects"), JSON: createJSON, Want: "admin,manager,recruiter:201 board,liaison:404 anon:401 *:404"},
			{Pattern: "GET /api/v1/prospects/{id}", Path: own("api/v1/prospects"), Want: "admin,manager,recruiter:200 board,liaison:404 anon:401 *:404"},
			{Pattern: "GET /api/v1/prospects/{id}", Path: admins("api/v1/prospects"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "PATCH /api/v1/prospects/{id}", Path: own("api/v1/prospects"), JSON: func(*apptest.Fixture) any { return map[string]string{"next_step": "Anrufen"} },
				Want: "admin,manager,recruiter:200 board,liaison:404 anon:401 *:404"},
			{Pattern: "PATCH /api/v1/prospects/{id}", Path: admins("api/v1/prospects"), JSON: func(*apptest.Fixture) any { return map[string]string{"next_step": "Anrufen"} },
				Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/prospects/{id}/stage", Path: withSuffix(own("api/v1/prospects"), "/stage"), JSON: func(*apptest.Fixture) any { return map[string]string{"stage": "qualified"} },
				Want: "admin,manager,recruiter:200 board,liaison:404 anon:401 *:404"},
			{Pattern: "POST /api/v1/prospects/{id}/stage", Path: withSuffix(admins("api/v1/prospects"), "/stage"), JSON: func(*apptest.Fixture) any { return map[string]string{"stage": "qualified"} },
				Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/pipeline/funnel", Path: apptest.Static("/api/v1/pipeline/funnel"), Want: "admin,manager:200 anon:401 *:404"},
		}
		return append(cases, onboardCases()...)
	})
}
