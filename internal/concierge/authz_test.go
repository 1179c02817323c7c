package concierge_test

import (
	"context"
	"net/url"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/concierge"
	"pakt/internal/partner"
)

// The concierge serves staff and partner users, never recruiters. An
// introduction exists for its two organisations and for staff; the
// target's side sees it only once it was asked; contact persons appear
// only after the target accepted. Pins, settings and statistics are for
// staff; only admins change the settings.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	apptest.Matrix(t, "concierge", func() []apptest.Case {
		ctx := context.Background()
		// forbid adds markers no role but staff and the parties may read.
		forbid := func(f *apptest.Fixture, roles []string, markers ...string) {
			for _, m := range markers {
				f.Forbid(m, roles...)
			}
		}
		// withTopic gives A, B and C the fixture's competency, so that a
		// match would show B (unpublished) and the asker if it leaked.
		withTopic := func(f *apptest.Fixture) {
			comps := []string{f.Competency}
			for _, id := range []string{f.A, f.B, f.C} {
				if _, err := f.S.App.Partners.Update(ctx, auth.System, id, partner.Input{Competencies: &comps}); err != nil {
					f.T.Fatal(err)
				}
			}
		}
		// partnerX makes a published partner with a contact and a partner
		// admin, none of the matrix's roles.
		partnerX := func(f *apptest.Fixture) (string, *auth.Actor) {
			id := f.NewOrg(true)
			if err := partner.SaveEntry(ctx, f.S.App.Partners, auth.System, id, &partner.Contact{Name: "Xaver", Email: "xaver@x.example", DecisionMaker: true}); err != nil {
				f.T.Fatal(err)
			}
			return id, f.S.CreateUser(auth.RolePartnerAdmin, id).Actor()
		}
		svc := func(f *apptest.Fixture) *concierge.Service { return f.S.App.Concierge }
		padmin := func(f *apptest.Fixture) *auth.Actor { return f.Users["padmin"].Actor() }
		request := func(f *apptest.Fixture, from *auth.Actor, to, topic string) *concierge.Introduction {
			in, err := svc(f).RequestIntroduction(ctx, from, concierge.IntroInput{TargetOrgID: to, Topic: topic, Message: "Wollen wir reden?"})
			if err != nil {
				f.T.Fatal(err)
			}
			return in
		}
		decide := func(f *apptest.Fixture, a *auth.Actor, id, action string) {
			if _, err := svc(f).Decide(ctx, a, id, action, ""); err != nil {
				f.T.Fatal(err)
			}
		}
		// aToC is an open introduction between A and C: B must not see it,
		// nor A the contact of C (a marker of the fixture).
		acByFixture := map[*apptest.Fixture]string{}
		aToC := func(f *apptest.Fixture) string {
			if id, ok := acByFixture[f]; ok {
				return id
			}
			forbid(f, []string{"other", "recruiter", "anon"}, "Vertraulich A-C")
			acByFixture[f] = request(f, padmin(f), f.C, "Vertraulich A-C").ID
			return acByFixture[f]
		}
		// aToXAccepted is an introduction of A to a new partner X that X
		// accepted: A sees X's contact, B nothing of it.
		aToXAccepted := func(f *apptest.Fixture) string {
			x, xAdmin := partnerX(f)
			forbid(f, []string{"other", "recruiter", "anon"}, "xaver@x.example")
			in := request(f, padmin(f), x, "Angenommen A-X")
			decide(f, xAdmin, in.ID, concierge.ActionAccept)
			return in.ID
		}
		// xToA is a request of a new partner X to A, waiting for A's answer.
		xToA := func(f *apptest.Fixture) string {
			_, xAdmin := partnerX(f)
			return request(f, xAdmin, f.A, "Anfrage X-A").ID
		}
		// aToX is a request of A to a new partner X, waiting for its answer.
		aToX := func(f *apptest.Fixture) string {
			x, _ := partnerX(f)
			return request(f, padmin(f), x, "Anfrage A-X").ID
		}
		// aToXPending waits for a concierge's approval.
		aToXPending := func(f *apptest.Fixture) string {
			set := func(on bool) {
				if _, err := svc(f).SaveSettings(ctx, f.AdminActor, concierge.Settings{ApprovalRequired: on}); err != nil {
					f.T.Fatal(err)
				}
			}
			set(true)
			defer set(false)
			x, _ := partnerX(f)
			return request(f, padmin(f), x, "Freigabe A-X").ID
		}
		pin := func(f *apptest.Fixture) string {
			p, err := svc(f).AddPin(ctx, f.AdminActor, concierge.PinInput{OrgID: f.C, CompetencyID: f.NewCompetency()})
			if err != nil {
				f.T.Fatal(err)
			}
			return p.ID
		}
		intro := func(id func(*apptest.Fixture) string, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/introductions/" + id(f) + suffix }
		}
		api := func(page func(*apptest.Fixture) string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/api/v1" + page(f) }
		}
		matches := func(prefix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string {
				withTopic(f)
				return prefix + "?competency=" + f.Competency + "&topic=Partner&city=K%C3%B6ln"
			}
		}
		newIntroForm := func(f *apptest.Fixture) url.Values {
			return url.Values{"target_org_id": {f.NewOrg(true)}, "topic": {"Neue Anfrage"}, "message": {"Hallo"}}
		}
		outcome := func(*apptest.Fixture) url.Values { return url.Values{"outcome": {"cooperation"}} }

		const (
			party    = "admin,manager,padmin,pmember:200 other,recruiter:404 anon:303"
			partyAPI = "admin,manager,padmin,pmember:200 other,recruiter:404 anon:401"
		)
		cases := []apptest.Case{
			{Pattern: "GET /concierge", Path: apptest.Static("/concierge"), Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /concierge", Path: matches("/concierge"), Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /concierge", Path: apptest.Static("/concierge?radius_km=50"), Want: "recruiter:404 anon:303 *:422"},
			{Pattern: "GET /concierge/pins", Path: apptest.Static("/concierge/pins"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "POST /concierge/pins", Path: apptest.Static("/concierge/pins"), Form: func(f *apptest.Fixture) url.Values {
				return url.Values{"org_id": {f.C}, "competency_id": {f.NewCompetency()}}
			}, Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "POST /concierge/pins/{id}/delete", Path: func(f *apptest.Fixture) string { return "/concierge/pins/" + pin(f) + "/delete" },
				Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "POST /concierge/settings", Path: apptest.Static("/concierge/settings"), Form: func(*apptest.Fixture) url.Values { return url.Values{} },
				Want: "admin:303 manager:403 anon:401 *:404"},
			{Pattern: "GET /concierge/stats", Path: apptest.Static("/concierge/stats"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /introductions", Path: func(f *apptest.Fixture) string { aToC(f); return "/introductions" }, Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /introductions/new", Path: func(f *apptest.Fixture) string { return "/introductions/new?to=" + f.C },
				Want: "padmin,other:200 admin,manager,pmember:403 recruiter:404 anon:303"},
			{Pattern: "GET /introductions/new", Path: func(f *apptest.Fixture) string { return "/introductions/new?to=" + f.B },
				Want: "admin,manager:403 anon:303 *:404"},
			{Pattern: "POST /introductions", Path: apptest.Static("/introductions"), Form: newIntroForm,
				Want: "padmin,other:303 admin,manager,pmember:403 recruiter:404 anon:401"},
			{Pattern: "POST /introductions", Path: apptest.Static("/introductions"), Form: func(f *apptest.Fixture) url.Values {
				return url.Values{"target_org_id": {f.B}, "topic": {"Geheim"}, "message": {"Hallo"}}
			}, Want: "admin,manager:403 anon:401 *:404"},
			{Pattern: "GET /introductions/{id}", Path: intro(aToC, ""), Want: party},
			{Pattern: "GET /introductions/{id}", Path: intro(aToXAccepted, ""), Want: party},
			{Pattern: "GET /introductions/{id}", Path: intro(aToXPending, ""), Want: party},
			{Pattern: "GET /introductions/{id}", Path: intro(xToA, ""), Want: party},
			{Pattern: "POST /introductions/{id}/approve", Path: intro(aToXPending, "/approve"), Want: "admin,manager:303 padmin,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /introductions/{id}/reject", Path: intro(aToXPending, "/reject"), Form: func(*apptest.Fixture) url.Values { return url.Values{"reason": {"Nein"}} },
				Want: "admin,manager:303 padmin,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /introductions/{id}/accept", Path: intro(xToA, "/accept"), Want: "padmin:303 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /introductions/{id}/decline", Path: intro(xToA, "/decline"), Want: "padmin:303 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /introductions/{id}/accept", Path: intro(aToX, "/accept"), Want: "padmin,pmember,admin,manager:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /introductions/{id}/withdraw", Path: intro(aToX, "/withdraw"), Want: "padmin:303 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /introductions/{id}/outcome", Path: intro(aToXAccepted, "/outcome"), Form: outcome,
				Want: "padmin:303 admin,manager,pmember:403 other,recruiter:404 anon:401"},

			{Pattern: "GET /api/v1/concierge/matches", Path: matches("/api/v1/concierge/matches"), Want: "recruiter:404 anon:401 *:200"},
			{Pattern: "GET /api/v1/concierge/pins", Path: apptest.Static("/api/v1/concierge/pins"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/concierge/pins", Path: apptest.Static("/api/v1/concierge/pins"), JSON: func(f *apptest.Fixture) any {
				return map[string]string{"org_id": f.C, "competency_id": f.NewCompetency()}
			}, Want: "admin,manager:201 anon:401 *:404"},
			{Pattern: "DELETE /api/v1/concierge/pins/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/concierge/pins/" + pin(f) },
				Want: "admin,manager:204 anon:401 *:404"},
			{Pattern: "GET /api/v1/concierge/settings", Path: apptest.Static("/api/v1/concierge/settings"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "PUT /api/v1/concierge/settings", Path: apptest.Static("/api/v1/concierge/settings"), JSON: func(*apptest.Fixture) any {
				return map[string]bool{"approval_required": false}
			}, Want: "admin:200 manager:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/concierge/stats", Path: apptest.Static("/api/v1/concierge/stats"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/introductions", Path: func(f *apptest.Fixture) string { aToC(f); return "/api/v1/introductions" }, Want: "recruiter:404 anon:401 *:200"},
			{Pattern: "POST /api/v1/introductions", Path: apptest.Static("/api/v1/introductions"), JSON: func(f *apptest.Fixture) any {
				return map[string]string{"target_org_id": f.NewOrg(true), "topic": "API", "message": "Hallo"}
			}, Want: "padmin,other:201 admin,manager,pmember:403 recruiter:404 anon:401"},
			{Pattern: "GET /api/v1/introductions/{id}", Path: api(intro(aToC, "")), Want: partyAPI},
			{Pattern: "GET /api/v1/introductions/{id}", Path: api(intro(aToXAccepted, "")), Want: partyAPI},
			{Pattern: "POST /api/v1/introductions/{id}/approve", Path: api(intro(aToXPending, "/approve")), Want: "admin,manager:200 padmin,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /api/v1/introductions/{id}/reject", Path: api(intro(aToXPending, "/reject")), JSON: func(*apptest.Fixture) any { return map[string]string{"reason": "Nein"} },
				Want: "admin,manager:200 padmin,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /api/v1/introductions/{id}/accept", Path: api(intro(xToA, "/accept")), Want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /api/v1/introductions/{id}/decline", Path: api(intro(xToA, "/decline")), Want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /api/v1/introductions/{id}/withdraw", Path: api(intro(aToX, "/withdraw")), Want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /api/v1/introductions/{id}/outcome", Path: api(intro(aToXAccepted, "/outcome")), JSON: func(*apptest.Fixture) any {
				return map[string]string{"outcome": "joint_deal"}
			}, Want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"},
		}
		return cases
	})
}
