package survey_test

import (
	"context"
	"net/url"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
	"pakt/internal/survey"
)

// The markers of what the survey keeps confidential: A's free text (A
// does not share its name) and C's (C does).
const (
	svTextA = "Alphas vertrauliche Umfrageantwort"
	svTextC = "Gammas vertrauliche Umfrageantwort"
)

// svFixture holds the rounds shared by the cases of one matrix run.
type svFixture struct {
	open     string // sent to A, B and C; A and C answered
	withoutB string // sent while B was paused: B may not answer it
	closed   string // closed by an admin
}

// The survey is staff's to read and admins' to run: managers read the
// results (without the names of partners that did not agree) but neither
// start nor close rounds nor change the questions. A partner's admins
// answer the rounds their organisation was sent and see nothing else; a
// partner member, a recruiter and a partner not sent a round see nothing.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	apptest.Matrix(t, "survey", func() []apptest.Case {
		ctx := context.Background()
		svc := func(f *apptest.Fixture) *survey.Service { return f.S.App.Survey }
		staff := func(f *apptest.Fixture) *auth.Actor { return f.AdminActor }
		start := func(f *apptest.Fixture) string {
			r, err := svc(f).Start(ctx, staff(f))
			if err != nil {
				f.T.Fatal(err)
			}
			return r.ID
		}
		answer := func(f *apptest.Fixture, round, org, text string, named bool) {
			admin := &auth.Actor{UserID: f.Unique("u"), Role: auth.RolePartnerAdmin, OrgID: org}
			if _, err := svc(f).Answer(ctx, admin, round, survey.AnswerInput{Score: new(7), Named: named,
				Values: []survey.Value{{Position: 1, Scale: new(4)}, {Position: 3, Text: text}}}); err != nil {
				f.T.Fatal(err)
			}
		}
		status := func(f *apptest.Fixture, org, st string) {
			if _, err := f.S.App.Partners.Update(ctx, auth.System, org, partner.Input{Status: &st}); err != nil {
				f.T.Fatal(err)
			}
		}
		sv := func(f *apptest.Fixture) *svFixture {
			return apptest.Once(f, "survey", func() *svFixture {
				x := &svFixture{open: start(f)}
				answer(f, x.open, f.A, svTextA, false)
				answer(f, x.open, f.C, svTextC, true)
				status(f, f.B, "paused")
				x.withoutB = start(f)
				status(f, f.B, "active")
				x.closed = start(f)
				if _, err := svc(f).Close(ctx, staff(f), x.closed); err != nil {
					f.T.Fatal(err)
				}
				for _, role := range []string{"anon", "recruiter", "pmember", "other"} {
					f.Forbid(svTextA, role)
				}
				for _, role := range []string{"anon", "recruiter", "padmin", "pmember", "other"} {
					f.Forbid(svTextC, role)
					f.Forbid("Gamma Partner AG", role)
				}
				// A did not agree that managers see its name.
				f.Forbid("Alpha Partner GmbH", "manager", "other")
				return x
			})
		}
		open := func(f *apptest.Fixture) string { return sv(f).open }
		withoutB := func(f *apptest.Fixture) string { return sv(f).withoutB }
		closed := func(f *apptest.Fixture) string { return sv(f).closed }
		fresh := func(f *apptest.Fixture) string { sv(f); return start(f) }
		page := func(id func(*apptest.Fixture) string, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/survey/rounds/" + id(f) + suffix }
		}
		api := func(id func(*apptest.Fixture) string, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/api/v1/survey/rounds/" + id(f) + suffix }
		}
		answerForm := func(*apptest.Fixture) url.Values {
			return url.Values{"score": {"8"}, "answer_1": {"4"}, "answer_2": {"3"}, "answer_3": {"Mehr Schulungen vor Ort."}}
		}
		answerJSON := func(*apptest.Fixture) any {
			return map[string]any{"score": 9, "values": []map[string]any{{"position": 2, "scale": 5}, {"position": 3, "text": "Gern mehr Leads."}}, "named": true}
		}
		settingsForm := func(*apptest.Fixture) url.Values {
			return url.Values{"interval_months": {"6"}, "open_days": {"21"},
				"q1_de": {"Wie zufrieden sind Sie mit Ihrem Partnermanager?"}, "q1_en": {"How satisfied are you with your partner manager?"}, "q1_kind": {"scale"},
				"q2_de": {"Wie hilfreich sind unsere Schulungen?"}, "q2_en": {"How helpful are our trainings?"}, "q2_kind": {"scale"},
				"q3_de": {"Was sollen wir verbessern?"}, "q3_en": {"What should we improve?"}, "q3_kind": {"text"}}
		}
		return []apptest.Case{
			{Pattern: "GET /survey", Path: func(f *apptest.Fixture) string { sv(f); return "/survey" }, Want: "admin,manager,padmin,other:200 anon:303 *:404"},
			{Pattern: "GET /survey/rounds/{id}", Path: page(open, ""), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /survey/rounds/{id}/answer", Path: page(open, "/answer"), Want: "padmin,other:200 admin,manager:403 anon:303 *:404"},
			{Pattern: "GET /survey/rounds/{id}/answer", Path: page(withoutB, "/answer"), Want: "padmin:200 admin,manager:403 anon:303 *:404"},
			{Pattern: "GET /survey/rounds/{id}/answer", Path: page(closed, "/answer"), Want: "padmin,other:200 admin,manager:403 anon:303 *:404"},
			{Pattern: "POST /survey/rounds/{id}/answer", Path: page(open, "/answer"), Form: answerForm, Want: "padmin,other:303 admin,manager:403 anon:401 *:404"},
			{Pattern: "POST /survey/rounds/{id}/answer", Path: page(withoutB, "/answer"), Form: answerForm, Want: "padmin:303 admin,manager:403 anon:401 *:404"},
			{Pattern: "POST /survey/rounds/{id}/answer", Path: page(closed, "/answer"), Form: answerForm, Want: "padmin,other:409 admin,manager:403 anon:401 *:404"},
			{Pattern: "POST /survey/rounds/{id}/close", Path: page(fresh, "/close"), Want: "admin:303 manager:403 anon:401 *:404"},
			{Pattern: "POST /survey/rounds", Path: func(f *apptest.Fixture) string { sv(f); return "/survey/rounds" }, Want: "admin:303 manager:403 anon:401 *:404"},
			{Pattern: "GET /survey/settings", Path: apptest.Static("/survey/settings"), Want: "admin:200 manager:403 anon:303 *:404"},
			{Pattern: "POST /survey/settings", Path: apptest.Static("/survey/settings"), Form: settingsForm, Want: "admin:303 manager:403 anon:401 *:404"},

			{Pattern: "GET /api/v1/survey/rounds", Path: func(f *apptest.Fixture) string { sv(f); return "/api/v1/survey/rounds" }, Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/survey/rounds", Path: apptest.Static("/api/v1/survey/rounds"), Want: "admin:201 manager:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/survey/rounds/{id}", Path: api(open, ""), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/survey/rounds/{id}/close", Path: api(fresh, "/close"), Want: "admin:200 manager:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/survey/invitations", Path: func(f *apptest.Fixture) string { sv(f); return "/api/v1/survey/invitations" }, Want: "padmin,other:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/survey/rounds/{id}/answer", Path: api(open, "/answer"), Want: "padmin,other:200 admin,manager:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/survey/rounds/{id}/answer", Path: api(withoutB, "/answer"), Want: "padmin:200 admin,manager:403 anon:401 *:404"},
			{Pattern: "POST /api/v1/survey/rounds/{id}/answer", Path: api(open, "/answer"), JSON: answerJSON, Want: "padmin,other:200 admin,manager:403 anon:401 *:404"},
			{Pattern: "POST /api/v1/survey/rounds/{id}/answer", Path: api(withoutB, "/answer"), JSON: answerJSON, Want: "padmin:200 admin,manager:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/survey/settings", Path: apptest.Static("/api/v1/survey/settings"), Want: "admin:200 manager:403 anon:401 *:404"},
			{Pattern: "PATCH /api/v1/survey/settings", Path: apptest.Static("/api/v1/survey/settings"), JSON: func(*apptest.Fixture) any { return map[string]any{"open_days": 14} },
				Want: "admin:200 manager:403 anon:401 *:404"},
		}
	})
}
