package cosell_test

import (
	"context"
	"net/url"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/cosell"
)

// The markers of what deal registration keeps confidential: the customers
// and solutions of A's and B's deals, and C's, which nobody but staff and
// C may read.
const (
	dealCustomerA = "Alphakunde Vertraulich GmbH"
	dealCustomerB = "Konfliktkunde Streng GmbH"
	dealSolutionB = "Betalösung Geheimsache"
	dealCustomerC = "Gammakunde Verschlossen AG"
)

type dealFixture struct {
	dealA, dealB, dealC string
	// conflictA is the conflict of A's registration of B's customer.
	dealAB string
}

// Deals are for staff and partner users; recruiters do not see them. A
// partner sees the deals its organisation is a party of, and of a
// conflict only that the customer is protected: never the other partner,
// its deal or its solution.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	apptest.Matrix(t, "cosell", func() []apptest.Case {
		ctx := context.Background()
		svc := func(f *apptest.Fixture) *cosell.Service { return f.S.App.Deals }
		asA := func(f *apptest.Fixture) *auth.Actor { return f.Users["padmin"].Actor() }
		asB := func(f *apptest.Fixture) *auth.Actor { return f.Users["other"].Actor() }
		asC := func(f *apptest.Fixture) *auth.Actor {
			return &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: f.C, Name: "Gamma"}
		}
		register := func(f *apptest.Fixture, a *auth.Actor, customer, solution string) string {
			d, err := svc(f).Register(ctx, a, cosell.DealInput{Customer: cosell.Customer{Name: customer, Country: "DE"}, Solution: solution,
				Competencies: []string{f.Competency}, ValueMinor: 1_234_500, Currency: "EUR", ExpectedClose: "2099-06-30"})
			if err != nil {
				f.T.Fatal(err)
			}
			return d.ID
		}
		approve := func(f *apptest.Fixture, id string) string {
			if _, err := svc(f).Approve(ctx, f.AdminActor, id); err != nil {
				f.T.Fatal(err)
			}
			return id
		}
		fx := func(f *apptest.Fixture) *dealFixture {
			return apptest.Once(f, "cosell", func() *dealFixture {
				x := &dealFixture{dealB: approve(f, register(f, asB(f), dealCustomerB, dealSolutionB)),
					dealA: register(f, asA(f), dealCustomerA, "Alphalösung"), dealC: register(f, asC(f), dealCustomerC, "Gammalösung")}
				x.dealAB = register(f, asA(f), dealCustomerB, "Alphas zweiter Anlauf")
				f.Forbid(dealCustomerA, "other", "recruiter", "anon")
				f.Forbid(dealSolutionB, "padmin", "pmember", "recruiter", "anon")
				f.Forbid(dealCustomerC, "padmin", "pmember", "other", "recruiter", "anon")
				return x
			})
		}
		freshA := func(f *apptest.Fixture) string { fx(f); return register(f, asA(f), f.Unique("Frischkunde"), "Lösung") }
		approvedA := func(f *apptest.Fixture) string { return approve(f, freshA(f)) }
		// withC is an approved deal of A with C as an accepted delivery
		// partner.
		withC := func(f *apptest.Fixture) string {
			id := approvedA(f)
			if _, err := svc(f).AddParty(ctx, asA(f), id, f.C, []cosell.Share{{OrgID: f.A, Role: cosell.RoleLead, SplitBP: 6000}, {OrgID: f.C, Role: cosell.RoleDelivery, SplitBP: 4000}}); err != nil {
				f.T.Fatal(err)
			}
			if _, err := svc(f).Answer(ctx, asC(f), id, true); err != nil {
				f.T.Fatal(err)
			}
			return id
		}
		// invitingA is C's deal that invites A.
		invitingA := func(f *apptest.Fixture) string {
			fx(f)
			id := register(f, asC(f), f.Unique("Gammas Kunde"), "Lösung")
			if _, err := svc(f).AddParty(ctx, asC(f), id, f.A, []cosell.Share{{OrgID: f.C, Role: cosell.RoleLead, SplitBP: 5000}, {OrgID: f.A, Role: cosell.RoleDelivery, SplitBP: 5000}}); err != nil {
				f.T.Fatal(err)
			}
			return id
		}
		// proposedByC is withC with C's proposal of another split.
		proposedByC := func(f *apptest.Fixture) string {
			id := withC(f)
			if _, err := svc(f).ProposeSplit(ctx, asC(f), id, []cosell.Share{{OrgID: f.A, Role: cosell.RoleLead, SplitBP: 5000}, {OrgID: f.C, Role: cosell.RoleDelivery, SplitBP: 5000}}); err != nil {
				f.T.Fatal(err)
			}
			return id
		}
		// conflict is a fresh conflict: A registers B's customer again.
		conflict := func(f *apptest.Fixture) string {
			fx(f)
			id := register(f, asA(f), dealCustomerB, "Noch ein Anlauf")
			d, err := svc(f).Deal(ctx, f.AdminActor, id)
			if err != nil || len(d.Conflicts) == 0 {
				f.T.Fatalf("no conflict: %v", err)
			}
			return d.Conflicts[0].ID
		}
		oldConflict := func(f *apptest.Fixture) string {
			d, err := svc(f).Deal(ctx, f.AdminActor, fx(f).dealAB)
			if err != nil || len(d.Conflicts) == 0 {
				f.T.Fatalf("no conflict: %v", err)
			}
			return d.Conflicts[0].ID
		}
		page := func(id func(*apptest.Fixture) string, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/deals/" + id(f) + suffix }
		}
		api := func(id func(*apptest.Fixture) string, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/api/v1/deals/" + id(f) + suffix }
		}
		dealA := func(f *apptest.Fixture) string { return fx(f).dealA }
		dealB := func(f *apptest.Fixture) string { return fx(f).dealB }
		dealC := func(f *apptest.Fixture) string { return fx(f).dealC }
		dealAB := func(f *apptest.Fixture) string { return fx(f).dealAB }
		dealForm := func(f *apptest.Fixture) url.Values {
			return url.Values{"customer_name": {f.Unique("Formkunde")}, "customer_country": {"DE"}, "solution": {"Beratung"}, "competencies": {f.Competency},
				"value": {"12000"}, "currency": {"EUR"}, "expected_close": {"2099-01-31"}, "stage": {"qualify"}, "description": {"Text"}}
		}
		dealJSON := func(f *apptest.Fixture) any {
			return map[string]any{"customer": map[string]any{"name": f.Unique("API-Kunde"), "country": "AT", "domain": "api-kunde.example"},
				"solution": "Beratung", "value_minor": 990000, "currency": "EUR", "expected_close": "2099-02-28"}
		}
		sharesForm := func(f *apptest.Fixture) url.Values {
			return url.Values{"org": {f.C}, "role_" + f.A: {"lead"}, "split_" + f.A: {"60"}, "role_" + f.C: {"delivery"}, "split_" + f.C: {"40"}}
		}
		splitForm := func(f *apptest.Fixture) url.Values {
			return url.Values{"role_" + f.A: {"lead"}, "split_" + f.A: {"55"}, "role_" + f.C: {"delivery"}, "split_" + f.C: {"45"}}
		}
		splitJSON := func(f *apptest.Fixture) any {
			return map[string]any{"shares": []map[string]any{{"org_id": f.A, "role": "lead", "split_bp": 5500}, {"org_id": f.C, "role": "delivery", "split_bp": 4500}}}
		}
		const (
			staffOnly   = "admin,manager:200 anon:303 *:404"
			staffWrite  = "admin,manager:303 padmin,pmember:403 other,recruiter:404 anon:401"
			leadWrite   = "admin,manager,padmin:303 pmember:403 other,recruiter:404 anon:401"
			adminWrite  = "padmin:303 admin,manager,pmember:403 other,recruiter:404 anon:401"
			apiStaff    = "admin,manager:200 padmin,pmember:403 other,recruiter:404 anon:401"
			apiLead     = "admin,manager,padmin:200 pmember:403 other,recruiter:404 anon:401"
			apiAdminOwn = "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"
		)
		reason := func(*apptest.Fixture) url.Values { return url.Values{"reason": {"Kein Bedarf beim Kunden."}} }
		return []apptest.Case{
			{Pattern: "GET /deals", Path: func(f *apptest.Fixture) string { fx(f); return "/deals" }, Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /deals", Path: func(f *apptest.Fixture) string { fx(f); return "/deals?status=registered&q=kunde&conflicts=1" }, Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /deals", Path: apptest.Static("/deals?status=bogus"), Want: "recruiter:404 anon:303 *:422"},
			{Pattern: "GET /deals/new", Path: apptest.Static("/deals/new"), Want: "padmin,pmember,other:200 admin,manager:403 recruiter:404 anon:303"},
			{Pattern: "POST /deals", Path: apptest.Static("/deals"), Form: dealForm, Want: "padmin,pmember,other:303 admin,manager:403 recruiter:404 anon:401"},
			{Pattern: "GET /deal-conflicts", Path: func(f *apptest.Fixture) string { fx(f); return "/deal-conflicts" }, Want: staffOnly},
			{Pattern: "GET /deal-conflicts/{id}", Path: func(f *apptest.Fixture) string { return "/deal-conflicts/" + oldConflict(f) }, Want: staffOnly},
			{Pattern: "POST /deal-conflicts/{id}", Path: func(f *apptest.Fixture) string { return "/deal-conflicts/" + conflict(f) },
				Form: func(*apptest.Fixture) url.Values { return url.Values{"decision": {"distinct"}} }, Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "GET /deals/settings", Path: apptest.Static("/deals/settings"), Want: staffOnly},
			{Pattern: "POST /deals/settings", Path: apptest.Static("/deals/settings"), Form: func(*apptest.Fixture) url.Values { return url.Values{"protection_days": {"90"}} },
				Want: "admin:303 manager:403 anon:401 *:404"},
			{Pattern: "GET /deals/{id}", Path: page(dealA, ""), Want: "admin,manager,padmin,pmember:200 other,recruiter:404 anon:303"},
			{Pattern: "GET /deals/{id}", Path: page(dealB, ""), Want: "admin,manager,other:200 padmin,pmember,recruiter:404 anon:303"},
			{Pattern: "GET /deals/{id}", Path: page(dealAB, ""), Want: "admin,manager,padmin,pmember:200 other,recruiter:404 anon:303"},
			{Pattern: "GET /deals/{id}", Path: page(dealC, ""), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "POST /deals/{id}/approve", Path: page(freshA, "/approve"), Want: staffWrite},
			{Pattern: "POST /deals/{id}/reject", Path: page(freshA, "/reject"), Form: reason, Want: staffWrite},
			{Pattern: "POST /deals/{id}/extend", Path: page(approvedA, "/extend"), Want: staffWrite},
			{Pattern: "POST /deals/{id}/won", Path: page(approvedA, "/won"), Form: func(*apptest.Fixture) url.Values { return url.Values{"value": {"15000"}} }, Want: leadWrite},
			{Pattern: "POST /deals/{id}/lost", Path: page(approvedA, "/lost"), Form: reason, Want: leadWrite},
			{Pattern: "POST /deals/{id}/stage", Path: page(approvedA, "/stage"), Form: func(*apptest.Fixture) url.Values { return url.Values{"stage": {"propose"}} }, Want: leadWrite},
			{Pattern: "GET /deals/{id}/parties", Path: page(dealA, "/parties"), Want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:303"},
			{Pattern: "GET /deals/{id}/parties", Path: func(f *apptest.Fixture) string {
				return "/deals/" + fx(f).dealA + "/parties?org=" + f.C + "&role=delivery"
			},
				Want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:303"},
			{Pattern: "POST /deals/{id}/parties", Path: page(freshA, "/parties"), Form: sharesForm, Want: adminWrite},
			{Pattern: "POST /deals/{id}/answer", Path: page(invitingA, "/answer"), Form: func(*apptest.Fixture) url.Values { return url.Values{"accept": {"1"}} }, Want: adminWrite},
			{Pattern: "POST /deals/{id}/answer", Path: page(invitingA, "/answer"), Form: func(*apptest.Fixture) url.Values { return url.Values{"accept": {"0"}} }, Want: adminWrite},
			{Pattern: "GET /deals/{id}/split", Path: page(withC, "/split"), Want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:303"},
			{Pattern: "POST /deals/{id}/split", Path: page(withC, "/split"), Form: splitForm, Want: adminWrite},
			{Pattern: "POST /deals/{id}/split/vote", Path: page(proposedByC, "/split/vote"), Form: func(*apptest.Fixture) url.Values { return url.Values{"agree": {"1"}} }, Want: adminWrite},

			{Pattern: "GET /api/v1/deals", Path: func(f *apptest.Fixture) string { fx(f); return "/api/v1/deals?per_page=100" }, Want: "recruiter:404 anon:401 *:200"},
			{Pattern: "POST /api/v1/deals", Path: apptest.Static("/api/v1/deals"), JSON: dealJSON, Want: "padmin,pmember,other:201 admin,manager:403 recruiter:404 anon:401"},
			{Pattern: "GET /api/v1/deals/{id}", Path: api(dealA, ""), Want: "admin,manager,padmin,pmember:200 other,recruiter:404 anon:401"},
			{Pattern: "GET /api/v1/deals/{id}", Path: api(dealAB, ""), Want: "admin,manager,padmin,pmember:200 other,recruiter:404 anon:401"},
			{Pattern: "GET /api/v1/deals/{id}", Path: api(dealC, ""), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "PATCH /api/v1/deals/{id}", Path: api(approvedA, ""), JSON: func(*apptest.Fixture) any { return map[string]any{"stage": "negotiate"} }, Want: apiLead},
			{Pattern: "POST /api/v1/deals/{id}/decision", Path: api(freshA, "/decision"), JSON: func(*apptest.Fixture) any { return map[string]any{"decision": "approve"} }, Want: apiStaff},
			{Pattern: "POST /api/v1/deals/{id}/decision", Path: api(freshA, "/decision"), JSON: func(*apptest.Fixture) any { return map[string]any{"decision": "reject", "reason": "Doppelt"} }, Want: apiStaff},
			{Pattern: "POST /api/v1/deals/{id}/extension", Path: api(approvedA, "/extension"), Want: apiStaff},
			{Pattern: "POST /api/v1/deals/{id}/outcome", Path: api(approvedA, "/outcome"), JSON: func(*apptest.Fixture) any { return map[string]any{"status": "won", "value_minor": 1500000} }, Want: apiLead},
			{Pattern: "POST /api/v1/deals/{id}/outcome", Path: api(approvedA, "/outcome"), JSON: func(*apptest.Fixture) any { return map[string]any{"status": "lost", "reason": "Budget gestrichen"} }, Want: apiLead},
			{Pattern: "GET /api/v1/deals/{id}/proposal", Path: func(f *apptest.Fixture) string {
				return "/api/v1/deals/" + fx(f).dealA + "/proposal?org_id=" + f.C + "&role=referral"
			},
				Want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /api/v1/deals/{id}/parties", Path: api(freshA, "/parties"), JSON: func(f *apptest.Fixture) any {
				return map[string]any{"org_id": f.C, "shares": []map[string]any{{"org_id": f.A, "role": "lead", "split_bp": 7000}, {"org_id": f.C, "role": "referral", "split_bp": 3000}}}
			}, Want: apiAdminOwn},
			{Pattern: "POST /api/v1/deals/{id}/answer", Path: api(invitingA, "/answer"), JSON: func(*apptest.Fixture) any { return map[string]any{"accept": true} }, Want: apiAdminOwn},
			{Pattern: "POST /api/v1/deals/{id}/split", Path: api(withC, "/split"), JSON: splitJSON, Want: apiAdminOwn},
			{Pattern: "POST /api/v1/deals/{id}/split/vote", Path: api(proposedByC, "/split/vote"), JSON: func(*apptest.Fixture) any { return map[string]any{"agree": false} }, Want: apiAdminOwn},
			{Pattern: "GET /api/v1/deal-conflicts", Path: func(f *apptest.Fixture) string { fx(f); return "/api/v1/deal-conflicts?status=open" }, Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/deal-conflicts/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/deal-conflicts/" + oldConflict(f) }, Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/deal-conflicts/{id}/decision", Path: func(f *apptest.Fixture) string { return "/api/v1/deal-conflicts/" + conflict(f) + "/decision" },
				JSON: func(*apptest.Fixture) any { return map[string]any{"decision": "first_come"} }, Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/deal-settings", Path: apptest.Static("/api/v1/deal-settings"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "PUT /api/v1/deal-settings", Path: apptest.Static("/api/v1/deal-settings"), JSON: func(*apptest.Fixture) any { return map[string]any{"protection_days": 90} },
				Want: "admin:200 manager:403 anon:401 *:404"},
		}
	})
}
