package app_test

import (
	"context"
	"net/url"
	"time"

	"pakt/internal/auth"
	"pakt/internal/lifecycle"
)

// prospectOf creates a prospect owned by the fixture user of role and
// returns its organisation's id.
func (f *fixture) prospectOf(role string) string {
	f.t.Helper()
	owner := f.users[role]
	s := lifecycle.NewService(f.s.App.DB, time.Now, f.s.App.Partners)
	a := f.adminActor
	if owner.Role == auth.RoleRecruiter {
		a = owner.Actor()
	}
	p, err := s.Create(context.Background(), a, lifecycle.CreateInput{LegalName: f.unique("Interessent"), OwnerID: owner.ID})
	if err != nil {
		f.t.Fatal(err)
	}
	return p.OrgID
}

func init() {
	featureCases = append(featureCases, func() []matrixCase {
		own := func(path string) func(f *fixture) string {
			return func(f *fixture) string { return "/" + path + "/" + f.prospectOf("recruiter") }
		}
		admins := func(path string) func(f *fixture) string {
			return func(f *fixture) string { return "/" + path + "/" + f.prospectOf("admin") }
		}
		withSuffix := func(p func(*fixture) string, suffix string) func(*fixture) string {
			return func(f *fixture) string { return p(f) + suffix }
		}
		create := func(f *fixture) url.Values { return url.Values{"legal_name": {f.unique("Neuer Interessent")}} }
		createJSON := func(f *fixture) any { return map[string]string{"legal_name": f.unique("Neuer Interessent")} }
		edit := func(*fixture) url.Values { return url.Values{"next_step": {"Anrufen"}, "due_on": {"2026-12-01"}} }
		move := func(*fixture) url.Values { return url.Values{"stage": {"qualified"}} }
		return []matrixCase{
			{pattern: "GET /pipeline", path: static("/pipeline"), want: "admin,manager,recruiter:200 anon:303 *:404"},
			{pattern: "GET /pipeline/new", path: static("/pipeline/new"), want: "admin,manager,recruiter:200 anon:303 *:404"},
			{pattern: "POST /pipeline", path: static("/pipeline"), form: create, want: "admin,manager,recruiter:303 anon:401 *:404"},
			{pattern: "GET /pipeline/funnel", path: static("/pipeline/funnel"), want: "admin,manager:200 anon:303 *:404"},
			{pattern: "GET /pipeline/{id}", path: own("pipeline"), want: "admin,manager,recruiter:200 anon:303 *:404"},
			{pattern: "GET /pipeline/{id}", path: admins("pipeline"), want: "admin,manager:200 anon:303 *:404"},
			{pattern: "POST /pipeline/{id}", path: own("pipeline"), form: edit, want: "admin,manager,recruiter:303 anon:401 *:404"},
			{pattern: "POST /pipeline/{id}", path: admins("pipeline"), form: edit, want: "admin,manager:303 anon:401 *:404"},
			{pattern: "POST /pipeline/{id}/stage", path: withSuffix(own("pipeline"), "/stage"), form: move, want: "admin,manager,recruiter:303 anon:401 *:404"},
			{pattern: "POST /pipeline/{id}/stage", path: withSuffix(admins("pipeline"), "/stage"), form: move, want: "admin,manager:303 anon:401 *:404"},
			{pattern: "GET /api/v1/prospects", path: static("/api/v1/prospects"), want: "admin,manager,recruiter:200 anon:401 *:404"},
			{pattern: "POST /api/v1/prospects", path: static("/api/v1/prospects"), json: createJSON, want: "admin,manager,recruiter:201 anon:401 *:404"},
			{pattern: "GET /api/v1/prospects/{id}", path: own("api/v1/prospects"), want: "admin,manager,recruiter:200 anon:401 *:404"},
			{pattern: "GET /api/v1/prospects/{id}", path: admins("api/v1/prospects"), want: "admin,manager:200 anon:401 *:404"},
			{pattern: "PATCH /api/v1/prospects/{id}", path: own("api/v1/prospects"), json: func(*fixture) any { return map[string]string{"next_step": "Anrufen"} },
				want: "admin,manager,recruiter:200 anon:401 *:404"},
			{pattern: "PATCH /api/v1/prospects/{id}", path: admins("api/v1/prospects"), json: func(*fixture) any { return map[string]string{"next_step": "Anrufen"} },
				want: "admin,manager:200 anon:401 *:404"},
			{pattern: "POST /api/v1/prospects/{id}/stage", path: withSuffix(own("api/v1/prospects"), "/stage"), json: func(*fixture) any { return map[string]string{"stage": "qualified"} },
				want: "admin,manager,recruiter:200 anon:401 *:404"},
			{pattern: "POST /api/v1/prospects/{id}/stage", path: withSuffix(admins("api/v1/prospects"), "/stage"), json: func(*fixture) any { return map[string]string{"stage": "qualified"} },
				want: "admin,manager:200 anon:401 *:404"},
			{pattern: "GET /api/v1/pipeline/funnel", path: static("/api/v1/pipeline/funnel"), want: "admin,manager:200 anon:401 *:404"},
		}
	})
}
