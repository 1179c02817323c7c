package exchange_test

import (
	"context"
	"net/url"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/exchange"
)

// The markers of what the exchange keeps confidential: the customers of
// C's and A's listings, and the answers A and C gave each other.
const (
	exCustomerC = "Gammakunde Geheim KG"
	exCustomerA = "Alphakunde Geheim AG"
	exAnswerA   = "Alpha-Antwort vertraulich"
	exAnswerC   = "Gamma-Antwort vertraulich"
)

// exFixture holds the exchange objects shared by the cases of one
// matrix run.
type exFixture struct {
	listingC string // C's open listing that A answered
	listingA string // A's open listing that C answered
}

// The exchange is for partner users and staff; recruiters do not see it.
// Listings are posted and answered by users of published partners (A, not
// B); answers are seen by the poster, the answerer and staff; the customer
// by the poster and staff (and the accepted partner after the reveal).
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	apptest.Matrix(t, "exchange", func() []apptest.Case {
		ctx := context.Background()
		svc := func(f *apptest.Fixture) *exchange.Service { return f.S.App.Exchange }
		// asC acts for partner C, which has no user of its own.
		asC := func(f *apptest.Fixture) *auth.Actor {
			return &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: f.C, Name: "Gamma"}
		}
		asA := func(f *apptest.Fixture) *auth.Actor { return f.Users["padmin"].Actor() }
		post := func(f *apptest.Fixture, a *auth.Actor, customer string) string {
			l, err := svc(f).Create(ctx, a, exchange.ListingInput{Kind: new(exchange.KindSeeking), Title: new(f.Unique("Projekt")), Description: new("Beschreibung"),
				Topics: &[]string{f.Competency}, Country: new("DE"), From: new("2027-01-04"), To: new("2027-02-26"), EffortTenths: new(100),
				CustomerIndustry: new("retail"), CustomerName: new(customer)})
			if err != nil {
				f.T.Fatal(err)
			}
			return l.ID
		}
		answer := func(f *apptest.Fixture, a *auth.Actor, listing, msg string) string {
			ans, err := svc(f).Answer(ctx, a, listing, exchange.AnswerInput{Message: msg})
			if err != nil {
				f.T.Fatal(err)
			}
			return ans.ID
		}
		ex := func(f *apptest.Fixture) *exFixture {
			return apptest.Once(f, "exchange", func() *exFixture {
				x := &exFixture{listingC: post(f, asC(f), exCustomerC), listingA: post(f, asA(f), exCustomerA)}
				answer(f, asA(f), x.listingC, exAnswerA)
				answer(f, asC(f), x.listingA, exAnswerC)
				for _, m := range []string{exCustomerC, exCustomerA, exAnswerA, exAnswerC} {
					f.Forbid(m, "anon", "recruiter", "other")
				}
				f.Forbid(exCustomerC, "padmin", "pmember")
				return x
			})
		}
		listingC := func(f *apptest.Fixture) string { return ex(f).listingC }
		listingA := func(f *apptest.Fixture) string { return ex(f).listingA }
		// closedC is a fresh listing of C, closed without answers.
		closedC := func(f *apptest.Fixture) string {
			id := post(f, asC(f), exCustomerC)
			if _, err := svc(f).Close(ctx, asC(f), id); err != nil {
				f.T.Fatal(err)
			}
			return id
		}
		freshC := func(f *apptest.Fixture) string { ex(f); return post(f, asC(f), exCustomerC) }
		freshA := func(f *apptest.Fixture) string { ex(f); return post(f, asA(f), exCustomerA) }
		// answerOfC is C's answer to a fresh listing of A; answerOfA is
		// A's answer to a fresh listing of C.
		answerOfC := func(f *apptest.Fixture) string { return answer(f, asC(f), freshA(f), exAnswerC) }
		answerOfA := func(f *apptest.Fixture) string { return answer(f, asA(f), freshC(f), exAnswerA) }
		// acceptedA is a fresh listing of A with C's answer accepted.
		acceptedA := func(f *apptest.Fixture) string {
			id := freshA(f)
			if _, err := svc(f).Accept(ctx, asA(f), answer(f, asC(f), id, exAnswerC)); err != nil {
				f.T.Fatal(err)
			}
			return id
		}
		page := func(id func(*apptest.Fixture) string, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/exchange/" + id(f) + suffix }
		}
		api := func(id func(*apptest.Fixture) string, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/api/v1/exchange/listings/" + id(f) + suffix }
		}
		listingForm := func(f *apptest.Fixture) url.Values {
			return url.Values{"kind": {"seeking"}, "title": {f.Unique("Neues Projekt")}, "description": {"Wir suchen Hilfe."}, "topics": {f.Competency},
				"country": {"DE"}, "from": {"2027-01-04"}, "to": {"2027-02-26"}, "effort": {"12,5"}, "customer_name": {exCustomerA}}
		}
		listingJSON := func(f *apptest.Fixture) any {
			return map[string]any{"kind": "offering", "title": f.Unique("API-Angebot"), "description": "Freie Leute", "topics": []string{f.Competency},
				"country": "AT", "from": "2027-01-04", "to": "2027-02-26", "skill": "Go", "amount_tenths": 50, "unit": "days"}
		}
		message := func(*apptest.Fixture) url.Values { return url.Values{"message": {"Wir können helfen."}} }
		return []apptest.Case{
			{Pattern: "GET /exchange", Path: apptest.Static("/exchange"), Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /exchange", Path: func(f *apptest.Fixture) string {
				ex(f)
				return "/exchange?q=projekt&kind=seeking&topic=" + f.Competency + "&status=all&mine=1&answered=1&region=&country=DE"
			}, Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /exchange/new", Path: apptest.Static("/exchange/new?kind=offering"), Want: "padmin:200 admin,manager,pmember,other:403 recruiter:404 anon:303"},
			{Pattern: "POST /exchange", Path: apptest.Static("/exchange"), Form: listingForm, Want: "padmin:303 admin,manager,pmember,other:403 recruiter:404 anon:401"},
			{Pattern: "GET /exchange/subscription", Path: apptest.Static("/exchange/subscription"), Want: "padmin,pmember,other:200 anon:303 *:404"},
			{Pattern: "POST /exchange/subscription", Path: apptest.Static("/exchange/subscription"), Form: func(f *apptest.Fixture) url.Values {
				return url.Values{"frequency": {"weekly"}, "topics": {f.Competency}}
			}, Want: "padmin,pmember,other:303 anon:401 *:404"},
			{Pattern: "GET /exchange/{id}", Path: page(listingC, ""), Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /exchange/{id}", Path: page(listingA, ""), Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /exchange/{id}", Path: page(closedC, ""), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /exchange/{id}/edit", Path: page(listingA, "/edit"), Want: "padmin:200 admin,manager,pmember,other:403 recruiter:404 anon:303"},
			{Pattern: "GET /exchange/{id}/edit", Path: page(listingC, "/edit"), Want: "recruiter:404 anon:303 *:403"},
			{Pattern: "POST /exchange/{id}", Path: page(listingA, ""), Form: listingForm, Want: "padmin:303 admin,manager,pmember,other:403 recruiter:404 anon:401"},
			{Pattern: "POST /exchange/{id}", Path: page(listingC, ""), Form: listingForm, Want: "recruiter:404 anon:401 *:403"},
			{Pattern: "POST /exchange/{id}/close", Path: page(freshC, "/close"), Want: "admin,manager:303 padmin,pmember,other:403 recruiter:404 anon:401"},
			{Pattern: "POST /exchange/{id}/close", Path: page(freshA, "/close"), Want: "admin,manager,padmin:303 pmember,other:403 recruiter:404 anon:401"},
			{Pattern: "POST /exchange/{id}/reveal", Path: page(acceptedA, "/reveal"), Want: "padmin:303 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /exchange/{id}/reveal", Path: page(listingC, "/reveal"), Want: "recruiter:404 anon:401 *:403"},
			{Pattern: "POST /exchange/{id}/answers", Path: page(freshC, "/answers"), Form: message, Want: "padmin:303 admin,manager,pmember,other:403 recruiter:404 anon:401"},
			{Pattern: "POST /exchange/{id}/answers", Path: page(listingA, "/answers"), Form: message, Want: "recruiter:404 anon:401 *:403"},
			{Pattern: "POST /exchange/answers/{id}/shortlist", Path: func(f *apptest.Fixture) string { return "/exchange/answers/" + answerOfC(f) + "/shortlist" },
				Form: func(*apptest.Fixture) url.Values { return url.Values{"on": {"1"}} }, Want: "padmin:303 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /exchange/answers/{id}/shortlist", Path: func(f *apptest.Fixture) string { return "/exchange/answers/" + answerOfA(f) + "/shortlist" },
				Want: "admin,manager,padmin,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /exchange/answers/{id}/accept", Path: func(f *apptest.Fixture) string { return "/exchange/answers/" + answerOfC(f) + "/accept" },
				Want: "padmin:303 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /exchange/answers/{id}/accept", Path: func(f *apptest.Fixture) string { return "/exchange/answers/" + answerOfA(f) + "/accept" },
				Want: "admin,manager,padmin,pmember:403 other,recruiter:404 anon:401"},

			{Pattern: "GET /api/v1/exchange/listings", Path: func(f *apptest.Fixture) string { ex(f); return "/api/v1/exchange/listings?per_page=100&status=" },
				Want: "recruiter:404 anon:401 *:200"},
			{Pattern: "POST /api/v1/exchange/listings", Path: apptest.Static("/api/v1/exchange/listings"), JSON: listingJSON,
				Want: "padmin:201 admin,manager,pmember,other:403 recruiter:404 anon:401"},
			{Pattern: "GET /api/v1/exchange/listings/{id}", Path: api(listingC, ""), Want: "recruiter:404 anon:401 *:200"},
			{Pattern: "GET /api/v1/exchange/listings/{id}", Path: api(listingA, ""), Want: "recruiter:404 anon:401 *:200"},
			{Pattern: "GET /api/v1/exchange/listings/{id}", Path: api(closedC, ""), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "PATCH /api/v1/exchange/listings/{id}", Path: api(listingA, ""), JSON: func(f *apptest.Fixture) any { return map[string]any{"title": f.Unique("Umbenannt")} },
				Want: "padmin:200 admin,manager,pmember,other:403 recruiter:404 anon:401"},
			{Pattern: "PATCH /api/v1/exchange/listings/{id}", Path: api(freshC, ""), JSON: func(*apptest.Fixture) any { return map[string]any{"status": "closed"} },
				Want: "admin,manager:200 padmin,pmember,other:403 recruiter:404 anon:401"},
			{Pattern: "GET /api/v1/exchange/listings/{id}/answers", Path: api(listingC, "/answers"), Want: "recruiter:404 anon:401 *:200"},
			{Pattern: "GET /api/v1/exchange/listings/{id}/answers", Path: api(listingA, "/answers"), Want: "recruiter:404 anon:401 *:200"},
			{Pattern: "POST /api/v1/exchange/listings/{id}/answers", Path: api(freshC, "/answers"), JSON: func(*apptest.Fixture) any { return map[string]any{"message": "Gern."} },
				Want: "padmin:201 admin,manager,pmember,other:403 recruiter:404 anon:401"},
			{Pattern: "PATCH /api/v1/exchange/answers/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/exchange/answers/" + answerOfC(f) },
				JSON: func(*apptest.Fixture) any { return map[string]any{"status": "shortlisted"} }, Want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "PATCH /api/v1/exchange/answers/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/exchange/answers/" + answerOfC(f) },
				JSON: func(*apptest.Fixture) any { return map[string]any{"status": "accepted"} }, Want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "PATCH /api/v1/exchange/answers/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/exchange/answers/" + answerOfA(f) },
				JSON: func(*apptest.Fixture) any { return map[string]any{"status": "accepted"} }, Want: "admin,manager,padmin,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /api/v1/exchange/listings/{id}/reveal", Path: api(acceptedA, "/reveal"), Want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "GET /api/v1/exchange/subscription", Path: apptest.Static("/api/v1/exchange/subscription"), Want: "padmin,pmember,other:200 anon:401 *:404"},
			{Pattern: "PUT /api/v1/exchange/subscription", Path: apptest.Static("/api/v1/exchange/subscription"), JSON: func(*apptest.Fixture) any {
				return map[string]any{"frequency": "daily", "topics": []string{}}
			}, Want: "padmin,pmember,other:200 anon:401 *:404"},
		}
	})
}
