package app_test

import (
	"context"
	"net/url"
	"time"

	"pakt/internal/enablement"
)

// Onboarding tasks and people's certifications: staff see and change every
// organisation's, a partner admin its own (ticking only partner-side tasks),
// a partner member reads its own; everyone else is told there are none. The
// set-up (checklists, trainings, requirements) is read by staff and changed
// by admins.
func init() {
	featureCases = append(featureCases, func() []matrixCase {
		svc := func(f *fixture) *enablement.Service { return enablement.NewService(f.s.App.DB, time.Now) }
		training := func(f *fixture) string {
			t, err := svc(f).AddTraining(context.Background(), f.adminActor, enablement.TrainingInput{NameDE: f.unique("Schulung"), NameEN: f.unique("Training"), ValidityMonths: 12})
			if err != nil {
				f.t.Fatal(err)
			}
			return t.ID
		}
		task := func(org func(f *fixture) string, side string) func(f *fixture) string {
			return func(f *fixture) string {
				t, err := svc(f).AddTask(context.Background(), f.adminActor, org(f), enablement.TaskInput{TitleDE: "Aufgabe", TitleEN: "Task", Responsible: side, DueOn: "2026-01-01"})
				if err != nil {
					f.t.Fatal(err)
				}
				return t.ID
			}
		}
		cert := func(f *fixture, org string) string {
			c, err := svc(f).AddCertification(context.Background(), f.adminActor, org, enablement.CertificationInput{Person: "Person", TrainingID: training(f), AchievedOn: "2026-01-01"})
			if err != nil {
				f.t.Fatal(err)
			}
			return c.ID
		}
		item := func(f *fixture) string {
			c, err := svc(f).AddChecklistItem(context.Background(), f.adminActor, enablement.ChecklistInput{Tier: "gold", TitleDE: "Punkt", TitleEN: "Item", Responsible: "partner", DueAfterDays: 7})
			if err != nil {
				f.t.Fatal(err)
			}
			return c.ID
		}
		req := func(f *fixture) string {
			r, err := svc(f).AddRequirement(context.Background(), f.adminActor, enablement.RequirementInput{Tier: "gold", TrainingID: training(f), Required: 1})
			if err != nil {
				f.t.Fatal(err)
			}
			return r.ID
		}
		orgA := func(f *fixture) string { return f.A }
		orgB := func(f *fixture) string { return f.B }
		orgC := func(f *fixture) string { return f.C }
		path := func(org func(f *fixture) string, suffix string) func(f *fixture) string {
			return func(f *fixture) string { return "/partners/" + org(f) + suffix }
		}
		api := func(org func(f *fixture) string, suffix string) func(f *fixture) string {
			return func(f *fixture) string { return "/api/v1/partners/" + org(f) + suffix }
		}
		taskForm := func(*fixture) url.Values {
			return url.Values{"title_de": {"Neu"}, "title_en": {"New"}, "responsible": {"partner"}, "due_on": {"2026-06-01"}}
		}
		taskJSON := func(*fixture) any {
			return map[string]any{"title_de": "Neu", "title_en": "New", "responsible": "partner", "due_on": "2026-06-01"}
		}
		doneForm := func(*fixture) url.Values { return url.Values{"done": {"1"}} }
		certForm := func(f *fixture) url.Values {
			return url.Values{"person": {"Neu"}, "training_id": {training(f)}, "achieved_on": {"2026-01-01"}}
		}
		certJSON := func(f *fixture) any {
			return map[string]any{"person": "Neu", "training_id": training(f), "achieved_on": "2026-01-01"}
		}
		empty := func(*fixture) any { return map[string]any{} }
		const (
			ownRead  = "admin,manager,padmin,pmember:200 anon:303 *:404"
			bRead    = "admin,manager,other:200 anon:303 *:404"
			ownStaff = "admin,manager:303 padmin,pmember:403 anon:401 *:404"
			bStaff   = "admin,manager:303 other:403 anon:401 *:404"
			ownEdit  = "admin,manager,padmin:303 pmember:403 anon:401 *:404"
			bEdit    = "admin,manager,other:303 anon:401 *:404"
			admin303 = "admin:303 manager:403 anon:401 *:404"
			admin201 = "admin:201 manager:403 anon:401 *:404"
			admin204 = "admin:204 manager:403 anon:401 *:404"
		)
		return []matrixCase{
			{pattern: "GET /enablement", path: static("/enablement"), want: "admin,manager:200 anon:303 *:404"},
			{pattern: "POST /enablement/checklist", path: static("/enablement/checklist"), want: admin303,
				form: func(*fixture) url.Values {
					return url.Values{"tier": {"gold"}, "title_de": {"Neu"}, "title_en": {"New"}, "responsible": {"partner"}, "due_after_days": {"7"}}
				}},
			{pattern: "POST /enablement/checklist/{item}/delete", path: func(f *fixture) string { return "/enablement/checklist/" + item(f) + "/delete" }, want: admin303},
			{pattern: "POST /enablement/trainings", path: static("/enablement/trainings"), want: admin303,
				form: func(f *fixture) url.Values {
					return url.Values{"name_de": {f.unique("Schulung")}, "name_en": {f.unique("Training")}, "validity_months": {"24"}}
				}},
			{pattern: "POST /enablement/requirements", path: static("/enablement/requirements"), want: admin303,
				form: func(f *fixture) url.Values {
					return url.Values{"tier": {"gold"}, "training_id": {training(f)}, "required": {"2"}}
				}},
			{pattern: "POST /enablement/requirements/{req}/delete", path: func(f *fixture) string { return "/enablement/requirements/" + req(f) + "/delete" }, want: admin303},

			{pattern: "GET /partners/{id}/onboarding", path: path(orgA, "/onboarding"), want: ownRead},
			{pattern: "GET /partners/{id}/onboarding", path: path(orgB, "/onboarding"), want: bRead},
			{pattern: "GET /partners/{id}/onboarding", path: path(orgC, "/onboarding"), want: "admin,manager:200 anon:303 *:404"},
			{pattern: "POST /partners/{id}/onboarding", path: path(orgA, "/onboarding"), form: taskForm, want: ownStaff},
			{pattern: "POST /partners/{id}/onboarding", path: path(orgB, "/onboarding"), form: taskForm, want: bStaff},
			{pattern: "POST /partners/{id}/onboarding/start", path: path(orgA, "/onboarding/start"), want: ownStaff},
			{pattern: "POST /partners/{id}/onboarding/start", path: path(orgB, "/onboarding/start"), want: bStaff},
			{pattern: "POST /partners/{id}/onboarding/{task}", path: func(f *fixture) string { return "/partners/" + f.A + "/onboarding/" + task(orgA, "partner")(f) },
				form: doneForm, want: ownEdit},
			{pattern: "POST /partners/{id}/onboarding/{task}", path: func(f *fixture) string { return "/partners/" + f.A + "/onboarding/" + task(orgA, "programme")(f) },
				form: doneForm, want: ownStaff},
			{pattern: "POST /partners/{id}/onboarding/{task}", path: func(f *fixture) string { return "/partners/" + f.B + "/onboarding/" + task(orgB, "partner")(f) },
				form: doneForm, want: bEdit},
			{pattern: "POST /partners/{id}/onboarding/{task}", path: func(f *fixture) string { return "/partners/" + f.A + "/onboarding/" + task(orgB, "partner")(f) },
				form: doneForm, want: "anon:401 *:404"},

			{pattern: "GET /partners/{id}/certifications", path: func(f *fixture) string { cert(f, f.A); return "/partners/" + f.A + "/certifications" }, want: ownRead},
			{pattern: "GET /partners/{id}/certifications", path: func(f *fixture) string { cert(f, f.B); return "/partners/" + f.B + "/certifications" }, want: bRead},
			{pattern: "POST /partners/{id}/people-certifications", path: path(orgA, "/people-certifications"), form: certForm, want: ownEdit},
			{pattern: "POST /partners/{id}/people-certifications", path: path(orgC, "/people-certifications"), form: certForm,
				want: "admin,manager:303 anon:401 *:404"},
			{pattern: "POST /partners/{id}/people-certifications/{cert}/delete", path: func(f *fixture) string {
				return "/partners/" + f.A + "/people-certifications/" + cert(f, f.A) + "/delete"
			}, want: ownEdit},
			{pattern: "POST /partners/{id}/people-certifications/{cert}/delete", path: func(f *fixture) string {
				return "/partners/" + f.B + "/people-certifications/" + cert(f, f.B) + "/delete"
			}, want: bEdit},
			{pattern: "POST /partners/{id}/people-certifications/{cert}/delete", path: func(f *fixture) string {
				return "/partners/" + f.A + "/people-certifications/" + cert(f, f.B) + "/delete"
			}, want: "anon:401 *:404"},

			{pattern: "GET /api/v1/partners/{id}/onboarding-tasks", path: api(orgA, "/onboarding-tasks"), want: "admin,manager,padmin,pmember:200 anon:401 *:404"},
			{pattern: "GET /api/v1/partners/{id}/onboarding-tasks", path: api(orgB, "/onboarding-tasks"), want: "admin,manager,other:200 anon:401 *:404"},
			{pattern: "POST /api/v1/partners/{id}/onboarding-tasks", path: api(orgA, "/onboarding-tasks"), json: taskJSON,
				want: "admin,manager:201 padmin,pmember:403 anon:401 *:404"},
			{pattern: "POST /api/v1/partners/{id}/onboarding-tasks", path: api(orgC, "/onboarding-tasks"), json: taskJSON, want: "admin,manager:201 anon:401 *:404"},
			{pattern: "POST /api/v1/partners/{id}/onboarding-tasks/start", path: api(orgA, "/onboarding-tasks/start"), json: empty,
				want: "admin,manager:201 padmin,pmember:403 anon:401 *:404"},
			{pattern: "PATCH /api/v1/partners/{id}/onboarding-tasks/{task}", path: func(f *fixture) string {
				return "/api/v1/partners/" + f.A + "/onboarding-tasks/" + task(orgA, "partner")(f)
			}, json: func(*fixture) any { return map[string]any{"done": true} }, want: "admin,manager,padmin:200 pmember:403 anon:401 *:404"},
			{pattern: "PATCH /api/v1/partners/{id}/onboarding-tasks/{task}", path: func(f *fixture) string {
				return "/api/v1/partners/" + f.A + "/onboarding-tasks/" + task(orgA, "programme")(f)
			}, json: func(*fixture) any { return map[string]any{"done": true} }, want: "admin,manager:200 padmin,pmember:403 anon:401 *:404"},
			{pattern: "PATCH /api/v1/partners/{id}/onboarding-tasks/{task}", path: func(f *fixture) string {
				return "/api/v1/partners/" + f.B + "/onboarding-tasks/" + task(orgB, "partner")(f)
			}, json: func(*fixture) any { return map[string]any{"done": true} }, want: "admin,manager,other:200 anon:401 *:404"},

			{pattern: "GET /api/v1/partners/{id}/person-certifications", path: func(f *fixture) string {
				cert(f, f.A)
				return "/api/v1/partners/" + f.A + "/person-certifications"
			}, want: "admin,manager,padmin,pmember:200 anon:401 *:404"},
			{pattern: "GET /api/v1/partners/{id}/person-certifications", path: api(orgB, "/person-certifications"), want: "admin,manager,other:200 anon:401 *:404"},
			{pattern: "POST /api/v1/partners/{id}/person-certifications", path: api(orgA, "/person-certifications"), json: certJSON,
				want: "admin,manager,padmin:201 pmember:403 anon:401 *:404"},
			{pattern: "POST /api/v1/partners/{id}/person-certifications", path: api(orgB, "/person-certifications"), json: certJSON,
				want: "admin,manager,other:201 anon:401 *:404"},
			{pattern: "DELETE /api/v1/partners/{id}/person-certifications/{cert}", path: func(f *fixture) string {
				return "/api/v1/partners/" + f.A + "/person-certifications/" + cert(f, f.A)
			}, want: "admin,manager,padmin:204 pmember:403 anon:401 *:404"},
			{pattern: "DELETE /api/v1/partners/{id}/person-certifications/{cert}", path: func(f *fixture) string {
				return "/api/v1/partners/" + f.C + "/person-certifications/" + cert(f, f.C)
			}, want: "admin,manager:204 anon:401 *:404"},

			{pattern: "GET /api/v1/enablement", path: static("/api/v1/enablement"), want: "admin,manager:200 anon:401 *:404"},
			{pattern: "GET /api/v1/enablement/alerts", path: static("/api/v1/enablement/alerts"), want: "anon:401 *:200"},
			{pattern: "POST /api/v1/enablement/checklist", path: static("/api/v1/enablement/checklist"), want: admin201,
				json: func(*fixture) any {
					return map[string]any{"tier": "gold", "title_de": "Neu", "title_en": "New", "responsible": "programme", "due_after_days": 3}
				}},
			{pattern: "DELETE /api/v1/enablement/checklist/{item}", path: func(f *fixture) string { return "/api/v1/enablement/checklist/" + item(f) }, want: admin204},
			{pattern: "POST /api/v1/enablement/trainings", path: static("/api/v1/enablement/trainings"), want: admin201,
				json: func(f *fixture) any {
					return map[string]any{"name_de": f.unique("Schulung"), "name_en": f.unique("Training"), "validity_months": 12}
				}},
			{pattern: "POST /api/v1/enablement/requirements", path: static("/api/v1/enablement/requirements"), want: admin201,
				json: func(f *fixture) any {
					return map[string]any{"tier": "silver", "training_id": training(f), "required": 1}
				}},
			{pattern: "DELETE /api/v1/enablement/requirements/{req}", path: func(f *fixture) string { return "/api/v1/enablement/requirements/" + req(f) }, want: admin204},
		}
	})
}
