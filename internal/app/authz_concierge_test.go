package app_test

import (
	"context"
	"net/url"
	"slices"

	"pakt/internal/auth"
	"pakt/internal/concierge"
	"pakt/internal/partner"
)

// The concierge serves staff and partner users, never recruiters. An
// introduction exists for its two organisations and for staff; the
// target's side sees it only once it was asked; contact persons appear
// only after the target accepted. Pins, settings and statistics are for
// staff; only admins change the settings.
func init() {
	featureCases = append(featureCases, func() []matrixCase {
		ctx := context.Background()
		// forbid adds markers no role but staff and the parties may read.
		forbid := func(f *fixture, roles []string, markers ...string) {
			for _, r := range roles {
				for _, m := range markers {
					if !slices.Contains(f.secretsForbidden[r], m) {
						f.secretsForbidden[r] = append(f.secretsForbidden[r], m)
					}
				}
			}
		}
		// withTopic gives A, B and C the fixture's competency, so that a
		// match would show B (unpublished) and the asker if it leaked.
		withTopic := func(f *fixture) {
			comps := []string{f.competency}
			for _, id := range []string{f.A, f.B, f.C} {
				if _, err := f.s.App.Partners.Update(ctx, auth.System, id, partner.Input{Competencies: &comps}); err != nil {
					f.t.Fatal(err)
				}
			}
		}
		// partnerX makes a published partner with a contact and a partner
		// admin, none of the matrix's roles.
		partnerX := func(f *fixture) (string, *auth.Actor) {
			id := f.newOrg(true)
			if err := partner.SaveEntry(ctx, f.s.App.Partners, auth.System, id, &partner.Contact{Name: "Xaver", Email: "xaver@x.example", DecisionMaker: true}); err != nil {
				f.t.Fatal(err)
			}
			return id, f.s.CreateUser(auth.RolePartnerAdmin, id).Actor()
		}
		svc := func(f *fixture) *concierge.Service { return f.s.App.Concierge }
		padmin := func(f *fixture) *auth.Actor { return f.users["padmin"].Actor() }
		request := func(f *fixture, from *auth.Actor, to, topic string) *concierge.Introduction {
			in, err := svc(f).RequestIntroduction(ctx, from, concierge.IntroInput{TargetOrgID: to, Topic: topic, Message: "Wollen wir reden?"})
			if err != nil {
				f.t.Fatal(err)
			}
			return in
		}
		decide := func(f *fixture, a *auth.Actor, id, action string) {
			if _, err := svc(f).Decide(ctx, a, id, action, ""); err != nil {
				f.t.Fatal(err)
			}
		}
		// aToC is an open introduction between A and C: B must not see it,
		// nor A the contact of C (a marker of the fixture).
		acByFixture := map[*fixture]string{}
		aToC := func(f *fixture) string {
			if id, ok := acByFixture[f]; ok {
				return id
			}
			forbid(f, []string{"other", "recruiter", "anon"}, "Vertraulich A-C")
			acByFixture[f] = request(f, padmin(f), f.C, "Vertraulich A-C").ID
			return acByFixture[f]
		}
		// aToXAccepted is an introduction of A to a new partner X that X
		// accepted: A sees X's contact, B nothing of it.
		aToXAccepted := func(f *fixture) string {
			x, xAdmin := partnerX(f)
			forbid(f, []string{"other", "recruiter", "anon"}, "xaver@x.example")
			in := request(f, padmin(f), x, "Angenommen A-X")
			decide(f, xAdmin, in.ID, concierge.ActionAccept)
			return in.ID
		}
		// xToA is a request of a new partner X to A, waiting for A's answer.
		xToA := func(f *fixture) string {
			_, xAdmin := partnerX(f)
			return request(f, xAdmin, f.A, "Anfrage X-A").ID
		}
		// aToX is a request of A to a new partner X, waiting for its answer.
		aToX := func(f *fixture) string {
			x, _ := partnerX(f)
			return request(f, padmin(f), x, "Anfrage A-X").ID
		}
		// aToXPending waits for a concierge's approval.
		aToXPending := func(f *fixture) string {
			set := func(on bool) {
				if _, err := svc(f).SaveSettings(ctx, f.adminActor, concierge.Settings{ApprovalRequired: on}); err != nil {
					f.t.Fatal(err)
				}
			}
			set(true)
			defer set(false)
			x, _ := partnerX(f)
			return request(f, padmin(f), x, "Freigabe A-X").ID
		}
		pin := func(f *fixture) string {
			p, err := svc(f).AddPin(ctx, f.adminActor, concierge.PinInput{OrgID: f.C, CompetencyID: f.newCompetency()})
			if err != nil {
				f.t.Fatal(err)
			}
			return p.ID
		}
		intro := func(id func(*fixture) string, suffix string) func(*fixture) string {
			return func(f *fixture) string { return "/introductions/" + id(f) + suffix }
		}
		api := func(page func(*fixture) string) func(*fixture) string {
			return func(f *fixture) string { return "/api/v1" + page(f) }
		}
		matches := func(prefix string) func(*fixture) string {
			return func(f *fixture) string {
				withTopic(f)
				return prefix + "?competency=" + f.competency + "&topic=Partner&city=K%C3%B6ln"
			}
		}
		newIntroForm := func(f *fixture) url.Values {
			return url.Values{"target_org_id": {f.newOrg(true)}, "topic": {"Neue Anfrage"}, "message": {"Hallo"}}
		}
		outcome := func(*fixture) url.Values { return url.Values{"outcome": {"cooperation"}} }

		const (
			party    = "admin,manager,padmin,pmember:200 other,recruiter:404 anon:303"
			partyAPI = "admin,manager,padmin,pmember:200 other,recruiter:404 anon:401"
		)
		cases := []matrixCase{
			{pattern: "GET /concierge", path: static("/concierge"), want: "recruiter:404 anon:303 *:200"},
			{pattern: "GET /concierge", path: matches("/concierge"), want: "recruiter:404 anon:303 *:200"},
			{pattern: "GET /concierge", path: static("/concierge?radius_km=50"), want: "recruiter:404 anon:303 *:422"},
			{pattern: "GET /concierge/pins", path: static("/concierge/pins"), want: "admin,manager:200 anon:303 *:404"},
			{pattern: "POST /concierge/pins", path: static("/concierge/pins"), form: func(f *fixture) url.Values {
				return url.Values{"org_id": {f.C}, "competency_id": {f.newCompetency()}}
			}, want: "admin,manager:303 anon:401 *:404"},
			{pattern: "POST /concierge/pins/{id}/delete", path: func(f *fixture) string { return "/concierge/pins/" + pin(f) + "/delete" },
				want: "admin,manager:303 anon:401 *:404"},
			{pattern: "POST /concierge/settings", path: static("/concierge/settings"), form: func(*fixture) url.Values { return url.Values{} },
				want: "admin:303 manager:403 anon:401 *:404"},
			{pattern: "GET /concierge/stats", path: static("/concierge/stats"), want: "admin,manager:200 anon:303 *:404"},
			{pattern: "GET /introductions", path: func(f *fixture) string { aToC(f); return "/introductions" }, want: "recruiter:404 anon:303 *:200"},
			{pattern: "GET /introductions/new", path: func(f *fixture) string { return "/introductions/new?to=" + f.C },
				want: "padmin,other:200 admin,manager,pmember:403 recruiter:404 anon:303"},
			{pattern: "GET /introductions/new", path: func(f *fixture) string { return "/introductions/new?to=" + f.B },
				want: "admin,manager:403 anon:303 *:404"},
			{pattern: "POST /introductions", path: static("/introductions"), form: newIntroForm,
				want: "padmin,other:303 admin,manager,pmember:403 recruiter:404 anon:401"},
			{pattern: "POST /introductions", path: static("/introductions"), form: func(f *fixture) url.Values {
				return url.Values{"target_org_id": {f.B}, "topic": {"Geheim"}, "message": {"Hallo"}}
			}, want: "admin,manager:403 anon:401 *:404"},
			{pattern: "GET /introductions/{id}", path: intro(aToC, ""), want: party},
			{pattern: "GET /introductions/{id}", path: intro(aToXAccepted, ""), want: party},
			{pattern: "GET /introductions/{id}", path: intro(aToXPending, ""), want: party},
			{pattern: "GET /introductions/{id}", path: intro(xToA, ""), want: party},
			{pattern: "POST /introductions/{id}/approve", path: intro(aToXPending, "/approve"), want: "admin,manager:303 padmin,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "POST /introductions/{id}/reject", path: intro(aToXPending, "/reject"), form: func(*fixture) url.Values { return url.Values{"reason": {"Nein"}} },
				want: "admin,manager:303 padmin,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "POST /introductions/{id}/accept", path: intro(xToA, "/accept"), want: "padmin:303 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "POST /introductions/{id}/decline", path: intro(xToA, "/decline"), want: "padmin:303 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "POST /introductions/{id}/accept", path: intro(aToX, "/accept"), want: "padmin,pmember,admin,manager:403 other,recruiter:404 anon:401"},
			{pattern: "POST /introductions/{id}/withdraw", path: intro(aToX, "/withdraw"), want: "padmin:303 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "POST /introductions/{id}/outcome", path: intro(aToXAccepted, "/outcome"), form: outcome,
				want: "padmin:303 admin,manager,pmember:403 other,recruiter:404 anon:401"},

			{pattern: "GET /api/v1/concierge/matches", path: matches("/api/v1/concierge/matches"), want: "recruiter:404 anon:401 *:200"},
			{pattern: "GET /api/v1/concierge/pins", path: static("/api/v1/concierge/pins"), want: "admin,manager:200 anon:401 *:404"},
			{pattern: "POST /api/v1/concierge/pins", path: static("/api/v1/concierge/pins"), json: func(f *fixture) any {
				return map[string]string{"org_id": f.C, "competency_id": f.newCompetency()}
			}, want: "admin,manager:201 anon:401 *:404"},
			{pattern: "DELETE /api/v1/concierge/pins/{id}", path: func(f *fixture) string { return "/api/v1/concierge/pins/" + pin(f) },
				want: "admin,manager:204 anon:401 *:404"},
			{pattern: "GET /api/v1/concierge/settings", path: static("/api/v1/concierge/settings"), want: "admin,manager:200 anon:401 *:404"},
			{pattern: "PUT /api/v1/concierge/settings", path: static("/api/v1/concierge/settings"), json: func(*fixture) any {
				return map[string]bool{"approval_required": false}
			}, want: "admin:200 manager:403 anon:401 *:404"},
			{pattern: "GET /api/v1/concierge/stats", path: static("/api/v1/concierge/stats"), want: "admin,manager:200 anon:401 *:404"},
			{pattern: "GET /api/v1/introductions", path: func(f *fixture) string { aToC(f); return "/api/v1/introductions" }, want: "recruiter:404 anon:401 *:200"},
			{pattern: "POST /api/v1/introductions", path: static("/api/v1/introductions"), json: func(f *fixture) any {
				return map[string]string{"target_org_id": f.newOrg(true), "topic": "API", "message": "Hallo"}
			}, want: "padmin,other:201 admin,manager,pmember:403 recruiter:404 anon:401"},
			{pattern: "GET /api/v1/introductions/{id}", path: api(intro(aToC, "")), want: partyAPI},
			{pattern: "GET /api/v1/introductions/{id}", path: api(intro(aToXAccepted, "")), want: partyAPI},
			{pattern: "POST /api/v1/introductions/{id}/approve", path: api(intro(aToXPending, "/approve")), want: "admin,manager:200 padmin,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "POST /api/v1/introductions/{id}/reject", path: api(intro(aToXPending, "/reject")), json: func(*fixture) any { return map[string]string{"reason": "Nein"} },
				want: "admin,manager:200 padmin,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "POST /api/v1/introductions/{id}/accept", path: api(intro(xToA, "/accept")), want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "POST /api/v1/introductions/{id}/decline", path: api(intro(xToA, "/decline")), want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "POST /api/v1/introductions/{id}/withdraw", path: api(intro(aToX, "/withdraw")), want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "POST /api/v1/introductions/{id}/outcome", path: api(intro(aToXAccepted, "/outcome")), json: func(*fixture) any {
				return map[string]string{"outcome": "joint_deal"}
			}, want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"},
		}
		return cases
	})
}
