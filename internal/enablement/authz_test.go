package enablement_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/enablement"
	"pakt/internal/upload"
)

// Onboarding tasks and people's certifications: staff see and change every
// organisation's, a partner admin its own (ticking only partner-side tasks),
// a partner member reads its own; everyone else is told there are none. The
// set-up (checklists, trainings, requirements) is read by staff and changed
// by admins.
func TestAuthorisationMatrix(t *testing.T) {
	apptest.Matrix(t, "enablement", func() []apptest.Case {
		svc := func(f *apptest.Fixture) *enablement.Service { return enablement.NewService(f.S.App.DB, time.Now) }
		training := func(f *apptest.Fixture) string {
			t, err := svc(f).AddTraining(context.Background(), f.AdminActor, enablement.TrainingInput{NameDE: f.Unique("Schulung"), NameEN: f.Unique("Training"), ValidityMonths: 12})
			if err != nil {
				f.T.Fatal(err)
			}
			return t.ID
		}
		task := func(org func(f *apptest.Fixture) string, side string) func(f *apptest.Fixture) string {
			return func(f *apptest.Fixture) string {
				t, err := svc(f).AddTask(context.Background(), f.AdminActor, org(f), enablement.TaskInput{TitleDE: "Aufgabe", TitleEN: "Task", Responsible: side, DueOn: "2026-01-01"})
				if err != nil {
					f.T.Fatal(err)
				}
				return t.ID
			}
		}
		cert := func(f *apptest.Fixture, org string) string {
			c, err := svc(f).AddCertification(context.Background(), f.AdminActor, org, enablement.CertificationInput{Person: "Person", TrainingID: training(f), AchievedOn: "2026-01-01"})
			if err != nil {
				f.T.Fatal(err)
			}
			return c.ID
		}
		// proven records a certification with a certificate number, which
		// staff can verify, and returns its id.
		proven := func(f *apptest.Fixture, org string) string {
			c, err := svc(f).AddCertification(context.Background(), f.AdminActor, org, enablement.CertificationInput{Person: f.Unique("Person"), TrainingID: training(f),
				AchievedOn: "2026-01-01", ProofNumber: "CERT-4711"})
			if err != nil {
				f.T.Fatal(err)
			}
			return c.ID
		}
		// filed records a certification with its certificate as a file and
		// returns its id.
		filed := func(f *apptest.Fixture, org string) string {
			id := cert(f, org)
			if _, err := svc(f).AttachProof(context.Background(), f.AdminActor, org, id, upload.File{Name: "zertifikat.pdf", Content: []byte("%PDF-1.4\n%%EOF\n")}); err != nil {
				f.T.Fatal(err)
			}
			return id
		}
		proofForm := func(*apptest.Fixture) url.Values { return url.Values{"form_id": {"proof"}} }
		item := func(f *apptest.Fixture) string {
			c, err := svc(f).AddChecklistItem(context.Background(), f.AdminActor, enablement.ChecklistInput{Tier: "gold", TitleDE: "Punkt", TitleEN: "Item", Responsible: "partner", DueAfterDays: 7})
			if err != nil {
				f.T.Fatal(err)
			}
			return c.ID
		}
		req := func(f *apptest.Fixture) string {
			r, err := svc(f).AddRequirement(context.Background(), f.AdminActor, enablement.RequirementInput{Tier: "gold", TrainingID: training(f), Required: 1})
			if err != nil {
				f.T.Fatal(err)
			}
			return r.ID
		}
		orgA := func(f *apptest.Fixture) string { return f.A }
		orgB := func(f *apptest.Fixture) string { return f.B }
		orgC := func(f *apptest.Fixture) string { return f.C }
		path := func(org func(f *apptest.Fixture) string, suffix string) func(f *apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/partners/" + org(f) + suffix }
		}
		api := func(org func(f *apptest.Fixture) string, suffix string) func(f *apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/api/v1/partners/" + org(f) + suffix }
		}
		taskForm := func(*apptest.Fixture) url.Values {
			return url.Values{"title_de": {"Neu"}, "title_en": {"New"}, "responsible": {"partner"}, "due_on": {"2026-06-01"}}
		}
		taskJSON := func(*apptest.Fixture) any {
			return map[string]any{"title_de": "Neu", "title_en": "New", "responsible": "partner", "due_on": "2026-06-01"}
		}
		doneForm := func(*apptest.Fixture) url.Values { return url.Values{"done": {"1"}} }
		certForm := func(f *apptest.Fixture) url.Values {
			return url.Values{"person": {"Neu"}, "training_id": {training(f)}, "achieved_on": {"2026-01-01"}}
		}
		certJSON := func(f *apptest.Fixture) any {
			return map[string]any{"person": "Neu", "training_id": training(f), "achieved_on": "2026-01-01"}
		}
		empty := func(*apptest.Fixture) any { return map[string]any{} }
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
		return []apptest.Case{
			{Pattern: "GET /enablement", Path: apptest.Static("/enablement"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "POST /enablement/checklist", Path: apptest.Static("/enablement/checklist"), Want: admin303,
				Form: func(*apptest.Fixture) url.Values {
					return url.Values{"tier": {"gold"}, "title_de": {"Neu"}, "title_en": {"New"}, "responsible": {"partner"}, "due_after_days": {"7"}}
				}},
			{Pattern: "POST /enablement/checklist/{item}/delete", Path: func(f *apptest.Fixture) string { return "/enablement/checklist/" + item(f) + "/delete" }, Want: admin303},
			{Pattern: "POST /enablement/trainings", Path: apptest.Static("/enablement/trainings"), Want: admin303,
				Form: func(f *apptest.Fixture) url.Values {
					return url.Values{"name_de": {f.Unique("Schulung")}, "name_en": {f.Unique("Training")}, "validity_months": {"24"}}
				}},
			{Pattern: "POST /enablement/requirements", Path: apptest.Static("/enablement/requirements"), Want: admin303,
				Form: func(f *apptest.Fixture) url.Values {
					return url.Values{"tier": {"gold"}, "training_id": {training(f)}, "required": {"2"}}
				}},
			{Pattern: "POST /enablement/requirements/{req}/delete", Path: func(f *apptest.Fixture) string { return "/enablement/requirements/" + req(f) + "/delete" }, Want: admin303},

			{Pattern: "GET /partners/{id}/onboarding", Path: path(orgA, "/onboarding"), Want: ownRead},
			{Pattern: "GET /partners/{id}/onboarding", Path: path(orgB, "/onboarding"), Want: bRead},
			{Pattern: "GET /partners/{id}/onboarding", Path: path(orgC, "/onboarding"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "POST /partners/{id}/onboarding", Path: path(orgA, "/onboarding"), Form: taskForm, Want: ownStaff},
			{Pattern: "POST /partners/{id}/onboarding", Path: path(orgB, "/onboarding"), Form: taskForm, Want: bStaff},
			{Pattern: "POST /partners/{id}/onboarding/start", Path: path(orgA, "/onboarding/start"), Want: ownStaff},
			{Pattern: "POST /partners/{id}/onboarding/start", Path: path(orgB, "/onboarding/start"), Want: bStaff},
			{Pattern: "POST /partners/{id}/onboarding/{task}", Path: func(f *apptest.Fixture) string { return "/partners/" + f.A + "/onboarding/" + task(orgA, "partner")(f) },
				Form: doneForm, Want: ownEdit},
			{Pattern: "POST /partners/{id}/onboarding/{task}", Path: func(f *apptest.Fixture) string {
				return "/partners/" + f.A + "/onboarding/" + task(orgA, "programme")(f)
			},
				Form: doneForm, Want: ownStaff},
			{Pattern: "POST /partners/{id}/onboarding/{task}", Path: func(f *apptest.Fixture) string { return "/partners/" + f.B + "/onboarding/" + task(orgB, "partner")(f) },
				Form: doneForm, Want: bEdit},
			{Pattern: "POST /partners/{id}/onboarding/{task}", Path: func(f *apptest.Fixture) string { return "/partners/" + f.A + "/onboarding/" + task(orgB, "partner")(f) },
				Form: doneForm, Want: "anon:401 *:404"},

			{Pattern: "GET /partners/{id}/certifications", Path: func(f *apptest.Fixture) string { cert(f, f.A); return "/partners/" + f.A + "/certifications" }, Want: ownRead},
			{Pattern: "GET /partners/{id}/certifications", Path: func(f *apptest.Fixture) string { cert(f, f.B); return "/partners/" + f.B + "/certifications" }, Want: bRead},
			{Pattern: "POST /partners/{id}/people-certifications", Path: path(orgA, "/people-certifications"), Form: certForm, Want: ownEdit},
			{Pattern: "POST /partners/{id}/people-certifications", Path: path(orgC, "/people-certifications"), Form: certForm,
				Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "POST /partners/{id}/people-certifications/{cert}/delete", Path: func(f *apptest.Fixture) string {
				return "/partners/" + f.A + "/people-certifications/" + cert(f, f.A) + "/delete"
			}, Want: ownEdit},
			{Pattern: "POST /partners/{id}/people-certifications/{cert}/verify", Path: func(f *apptest.Fixture) string {
				return "/partners/" + f.A + "/people-certifications/" + proven(f, f.A) + "/verify"
			}, Want: "admin,manager:303 padmin,pmember:403 anon:401 *:404"},
			{Pattern: "POST /partners/{id}/people-certifications/{cert}/verify", Path: func(f *apptest.Fixture) string {
				return "/partners/" + f.A + "/people-certifications/" + proven(f, f.B) + "/verify"
			}, Want: "anon:401 *:404"},
			{Pattern: "POST /partners/{id}/people-certifications/{cert}/delete", Path: func(f *apptest.Fixture) string {
				return "/partners/" + f.B + "/people-certifications/" + cert(f, f.B) + "/delete"
			}, Want: bEdit},
			// A post without a file is refused for a missing file by those
			// who may upload.
			{Pattern: "POST /partners/{id}/people-certifications/{cert}/proof", Path: func(f *apptest.Fixture) string {
				return "/partners/" + f.A + "/people-certifications/" + cert(f, f.A) + "/proof"
			}, Form: proofForm, Want: "admin,manager,padmin:422 pmember:403 anon:401 *:404"},
			{Pattern: "POST /partners/{id}/people-certifications/{cert}/proof", Path: func(f *apptest.Fixture) string {
				return "/partners/" + f.A + "/people-certifications/" + cert(f, f.B) + "/proof"
			}, Form: proofForm, Want: "anon:401 *:404"},
			{Pattern: "GET /partners/{id}/people-certifications/{cert}/proof", Path: func(f *apptest.Fixture) string {
				return "/partners/" + f.A + "/people-certifications/" + filed(f, f.A) + "/proof"
			}, Want: ownRead},
			{Pattern: "GET /partners/{id}/people-certifications/{cert}/proof", Path: func(f *apptest.Fixture) string {
				return "/partners/" + f.B + "/people-certifications/" + filed(f, f.B) + "/proof"
			}, Want: bRead},
			{Pattern: "GET /partners/{id}/people-certifications/{cert}/proof", Path: func(f *apptest.Fixture) string {
				return "/partners/" + f.A + "/people-certifications/" + filed(f, f.B) + "/proof"
			}, Want: "anon:303 *:404"},
			{Pattern: "POST /partners/{id}/people-certifications/{cert}/delete", Path: func(f *apptest.Fixture) string {
				return "/partners/" + f.A + "/people-certifications/" + cert(f, f.B) + "/delete"
			}, Want: "anon:401 *:404"},

			{Pattern: "GET /api/v1/partners/{id}/onboarding-tasks", Path: api(orgA, "/onboarding-tasks"), Want: "admin,manager,padmin,pmember:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/partners/{id}/onboarding-tasks", Path: api(orgB, "/onboarding-tasks"), Want: "admin,manager,other:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/partners/{id}/onboarding-tasks", Path: api(orgA, "/onboarding-tasks"), JSON: taskJSON,
				Want: "admin,manager:201 padmin,pmember:403 anon:401 *:404"},
			{Pattern: "POST /api/v1/partners/{id}/onboarding-tasks", Path: api(orgC, "/onboarding-tasks"), JSON: taskJSON, Want: "admin,manager:201 anon:401 *:404"},
			{Pattern: "POST /api/v1/partners/{id}/onboarding-tasks/start", Path: api(orgA, "/onboarding-tasks/start"), JSON: empty,
				Want: "admin,manager:201 padmin,pmember:403 anon:401 *:404"},
			{Pattern: "PATCH /api/v1/partners/{id}/onboarding-tasks/{task}", Path: func(f *apptest.Fixture) string {
				return "/api/v1/partners/" + f.A + "/onboarding-tasks/" + task(orgA, "partner")(f)
			}, JSON: func(*apptest.Fixture) any { return map[string]any{"done": true} }, Want: "admin,manager,padmin:200 pmember:403 anon:401 *:404"},
			{Pattern: "PATCH /api/v1/partners/{id}/onboarding-tasks/{task}", Path: func(f *apptest.Fixture) string {
				return "/api/v1/partners/" + f.A + "/onboarding-tasks/" + task(orgA, "programme")(f)
			}, JSON: func(*apptest.Fixture) any { return map[string]any{"done": true} }, Want: "admin,manager:200 padmin,pmember:403 anon:401 *:404"},
			{Pattern: "PATCH /api/v1/partners/{id}/onboarding-tasks/{task}", Path: func(f *apptest.Fixture) string {
				return "/api/v1/partners/" + f.B + "/onboarding-tasks/" + task(orgB, "partner")(f)
			}, JSON: func(*apptest.Fixture) any { return map[string]any{"done": true} }, Want: "admin,manager,other:200 anon:401 *:404"},

			{Pattern: "GET /api/v1/partners/{id}/person-certifications", Path: func(f *apptest.Fixture) string {
				cert(f, f.A)
				return "/api/v1/partners/" + f.A + "/person-certifications"
			}, Want: "admin,manager,padmin,pmember:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/partners/{id}/person-certifications", Path: api(orgB, "/person-certifications"), Want: "admin,manager,other:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/partners/{id}/person-certifications", Path: api(orgA, "/person-certifications"), JSON: certJSON,
				Want: "admin,manager,padmin:201 pmember:403 anon:401 *:404"},
			{Pattern: "POST /api/v1/partners/{id}/person-certifications", Path: api(orgB, "/person-certifications"), JSON: certJSON,
				Want: "admin,manager,other:201 anon:401 *:404"},
			{Pattern: "POST /api/v1/partners/{id}/person-certifications/{cert}/verify", Path: func(f *apptest.Fixture) string {
				return "/api/v1/partners/" + f.A + "/person-certifications/" + proven(f, f.A) + "/verify"
			}, Want: "admin,manager:200 padmin,pmember:403 anon:401 *:404"},
			{Pattern: "DELETE /api/v1/partners/{id}/person-certifications/{cert}", Path: func(f *apptest.Fixture) string {
				return "/api/v1/partners/" + f.A + "/person-certifications/" + cert(f, f.A)
			}, Want: "admin,manager,padmin:204 pmember:403 anon:401 *:404"},
			{Pattern: "DELETE /api/v1/partners/{id}/person-certifications/{cert}", Path: func(f *apptest.Fixture) string {
				return "/api/v1/partners/" + f.C + "/person-certifications/" + cert(f, f.C)
			}, Want: "admin,manager:204 anon:401 *:404"},

			{Pattern: "GET /api/v1/enablement", Path: apptest.Static("/api/v1/enablement"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/enablement/alerts", Path: apptest.Static("/api/v1/enablement/alerts"), Want: "anon:401 *:200"},
			{Pattern: "POST /api/v1/enablement/checklist", Path: apptest.Static("/api/v1/enablement/checklist"), Want: admin201,
				JSON: func(*apptest.Fixture) any {
					return map[string]any{"tier": "gold", "title_de": "Neu", "title_en": "New", "responsible": "programme", "due_after_days": 3}
				}},
			{Pattern: "DELETE /api/v1/enablement/checklist/{item}", Path: func(f *apptest.Fixture) string { return "/api/v1/enablement/checklist/" + item(f) }, Want: admin204},
			{Pattern: "POST /api/v1/enablement/trainings", Path: apptest.Static("/api/v1/enablement/trainings"), Want: admin201,
				JSON: func(f *apptest.Fixture) any {
					return map[string]any{"name_de": f.Unique("Schulung"), "name_en": f.Unique("Training"), "validity_months": 12}
				}},
			{Pattern: "POST /api/v1/enablement/requirements", Path: apptest.Static("/api/v1/enablement/requirements"), Want: admin201,
				JSON: func(f *apptest.Fixture) any {
					return map[string]any{"tier": "silver", "training_id": training(f), "required": 1}
				}},
			{Pattern: "DELETE /api/v1/enablement/requirements/{req}", Path: func(f *apptest.Fixture) string { return "/api/v1/enablement/requirements/" + req(f) }, Want: admin204},
		}
	})
}
