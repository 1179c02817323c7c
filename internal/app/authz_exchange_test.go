package app_test

import (
	"context"
	"net/url"
	"sync"

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

var exFixtures sync.Map // *fixture → *exFixture

// The exchange is for partner users and staff; recruiters do not see it.
// Listings are posted and answered by users of published partners (A, not
// B); answers are seen by the poster, the answerer and staff; the customer
// by the poster and staff (and the accepted partner after the reveal).
func init() {
	featureCases = append(featureCases, func() []matrixCase {
		ctx := context.Background()
		svc := func(f *fixture) *exchange.Service { return f.s.App.Exchange }
		// asC acts for partner C, which has no user of its own.
		asC := func(f *fixture) *auth.Actor {
			return &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: f.C, Name: "Gamma"}
		}
		asA := func(f *fixture) *auth.Actor { return f.users["padmin"].Actor() }
		post := func(f *fixture, a *auth.Actor, customer string) string {
			l, err := svc(f).Create(ctx, a, exchange.ListingInput{Kind: new(exchange.KindSeeking), Title: new(f.unique("Projekt")), Description: new("Beschreibung"),
				Topics: &[]string{f.competency}, Country: new("DE"), From: new("2027-01-04"), To: new("2027-02-26"), EffortTenths: new(100),
				CustomerIndustry: new("retail"), CustomerName: new(customer)})
			if err != nil {
				f.t.Fatal(err)
			}
			return l.ID
		}
		answer := func(f *fixture, a *auth.Actor, listing, msg string) string {
			ans, err := svc(f).Answer(ctx, a, listing, exchange.AnswerInput{Message: msg})
			if err != nil {
				f.t.Fatal(err)
			}
			return ans.ID
		}
		ex := func(f *fixture) *exFixture {
			if x, ok := exFixtures.Load(f); ok {
				return x.(*exFixture)
			}
			x := &exFixture{listingC: post(f, asC(f), exCustomerC), listingA: post(f, asA(f), exCustomerA)}
			answer(f, asA(f), x.listingC, exAnswerA)
			answer(f, asC(f), x.listingA, exAnswerC)
			for _, r := range []string{"anon", "recruiter", "other"} {
				f.secretsForbidden[r] = append(f.secretsForbidden[r], exCustomerC, exCustomerA, exAnswerA, exAnswerC)
			}
			for _, r := range []string{"padmin", "pmember"} {
				f.secretsForbidden[r] = append(f.secretsForbidden[r], exCustomerC)
			}
			exFixtures.Store(f, x)
			return x
		}
		listingC := func(f *fixture) string { return ex(f).listingC }
		listingA := func(f *fixture) string { return ex(f).listingA }
		// closedC is a fresh listing of C, closed without answers.
		closedC := func(f *fixture) string {
			id := post(f, asC(f), exCustomerC)
			if _, err := svc(f).Close(ctx, asC(f), id); err != nil {
				f.t.Fatal(err)
			}
			return id
		}
		freshC := func(f *fixture) string { ex(f); return post(f, asC(f), exCustomerC) }
		freshA := func(f *fixture) string { ex(f); return post(f, asA(f), exCustomerA) }
		// answerOfC is C's answer to a fresh listing of A; answerOfA is
		// A's answer to a fresh listing of C.
		answerOfC := func(f *fixture) string { return answer(f, asC(f), freshA(f), exAnswerC) }
		answerOfA := func(f *fixture) string { return answer(f, asA(f), freshC(f), exAnswerA) }
		// acceptedA is a fresh listing of A with C's answer accepted.
		acceptedA := func(f *fixture) string {
			id := freshA(f)
			if _, err := svc(f).Accept(ctx, asA(f), answer(f, asC(f), id, exAnswerC)); err != nil {
				f.t.Fatal(err)
			}
			return id
		}
		page := func(id func(*fixture) string, suffix string) func(*fixture) string {
			return func(f *fixture) string { return "/exchange/" + id(f) + suffix }
		}
		api := func(id func(*fixture) string, suffix string) func(*fixture) string {
			return func(f *fixture) string { return "/api/v1/exchange/listings/" + id(f) + suffix }
		}
		listingForm := func(f *fixture) url.Values {
			return url.Values{"kind": {"seeking"}, "title": {f.unique("Neues Projekt")}, "description": {"Wir suchen Hilfe."}, "topics": {f.competency},
				"country": {"DE"}, "from": {"2027-01-04"}, "to": {"2027-02-26"}, "effort": {"12,5"}, "customer_name": {exCustomerA}}
		}
		listingJSON := func(f *fixture) any {
			return map[string]any{"kind": "offering", "title": f.unique("API-Angebot"), "description": "Freie Leute", "topics": []string{f.competency},
				"country": "AT", "from": "2027-01-04", "to": "2027-02-26", "skill": "Go", "amount_tenths": 50, "unit": "days"}
		}
		message := func(*fixture) url.Values { return url.Values{"message": {"Wir können helfen."}} }
		return []matrixCase{
			{pattern: "GET /exchange", path: static("/exchange"), want: "recruiter:404 anon:303 *:200"},
			{pattern: "GET /exchange", path: func(f *fixture) string {
				ex(f)
				return "/exchange?q=projekt&kind=seeking&topic=" + f.competency + "&status=all&mine=1&answered=1&region=&country=DE"
			}, want: "recruiter:404 anon:303 *:200"},
			{pattern: "GET /exchange/new", path: static("/exchange/new?kind=offering"), want: "padmin:200 admin,manager,pmember,other:403 recruiter:404 anon:303"},
			{pattern: "POST /exchange", path: static("/exchange"), form: listingForm, want: "padmin:303 admin,manager,pmember,other:403 recruiter:404 anon:401"},
			{pattern: "GET /exchange/subscription", path: static("/exchange/subscription"), want: "padmin,pmember,other:200 anon:303 *:404"},
			{pattern: "POST /exchange/subscription", path: static("/exchange/subscription"), form: func(f *fixture) url.Values {
				return url.Values{"frequency": {"weekly"}, "topics": {f.competency}}
			}, want: "padmin,pmember,other:303 anon:401 *:404"},
			{pattern: "GET /exchange/{id}", path: page(listingC, ""), want: "recruiter:404 anon:303 *:200"},
			{pattern: "GET /exchange/{id}", path: page(listingA, ""), want: "recruiter:404 anon:303 *:200"},
			{pattern: "GET /exchange/{id}", path: page(closedC, ""), want: "admin,manager:200 anon:303 *:404"},
			{pattern: "GET /exchange/{id}/edit", path: page(listingA, "/edit"), want: "padmin:200 admin,manager,pmember,other:403 recruiter:404 anon:303"},
			{pattern: "GET /exchange/{id}/edit", path: page(listingC, "/edit"), want: "recruiter:404 anon:303 *:403"},
			{pattern: "POST /exchange/{id}", path: page(listingA, ""), form: listingForm, want: "padmin:303 admin,manager,pmember,other:403 recruiter:404 anon:401"},
			{pattern: "POST /exchange/{id}", path: page(listingC, ""), form: listingForm, want: "recruiter:404 anon:401 *:403"},
			{pattern: "POST /exchange/{id}/close", path: page(freshC, "/close"), want: "admin,manager:303 padmin,pmember,other:403 recruiter:404 anon:401"},
			{pattern: "POST /exchange/{id}/close", path: page(freshA, "/close"), want: "admin,manager,padmin:303 pmember,other:403 recruiter:404 anon:401"},
			{pattern: "POST /exchange/{id}/reveal", path: page(acceptedA, "/reveal"), want: "padmin:303 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "POST /exchange/{id}/reveal", path: page(listingC, "/reveal"), want: "recruiter:404 anon:401 *:403"},
			{pattern: "POST /exchange/{id}/answers", path: page(freshC, "/answers"), form: message, want: "padmin:303 admin,manager,pmember,other:403 recruiter:404 anon:401"},
			{pattern: "POST /exchange/{id}/answers", path: page(listingA, "/answers"), form: message, want: "recruiter:404 anon:401 *:403"},
			{pattern: "POST /exchange/answers/{id}/shortlist", path: func(f *fixture) string { return "/exchange/answers/" + answerOfC(f) + "/shortlist" },
				form: func(*fixture) url.Values { return url.Values{"on": {"1"}} }, want: "padmin:303 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "POST /exchange/answers/{id}/shortlist", path: func(f *fixture) string { return "/exchange/answers/" + answerOfA(f) + "/shortlist" },
				want: "admin,manager,padmin,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "POST /exchange/answers/{id}/accept", path: func(f *fixture) string { return "/exchange/answers/" + answerOfC(f) + "/accept" },
				want: "padmin:303 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "POST /exchange/answers/{id}/accept", path: func(f *fixture) string { return "/exchange/answers/" + answerOfA(f) + "/accept" },
				want: "admin,manager,padmin,pmember:403 other,recruiter:404 anon:401"},

			{pattern: "GET /api/v1/exchange/listings", path: func(f *fixture) string { ex(f); return "/api/v1/exchange/listings?per_page=100&status=" },
				want: "recruiter:404 anon:401 *:200"},
			{pattern: "POST /api/v1/exchange/listings", path: static("/api/v1/exchange/listings"), json: listingJSON,
				want: "padmin:201 admin,manager,pmember,other:403 recruiter:404 anon:401"},
			{pattern: "GET /api/v1/exchange/listings/{id}", path: api(listingC, ""), want: "recruiter:404 anon:401 *:200"},
			{pattern: "GET /api/v1/exchange/listings/{id}", path: api(listingA, ""), want: "recruiter:404 anon:401 *:200"},
			{pattern: "GET /api/v1/exchange/listings/{id}", path: api(closedC, ""), want: "admin,manager:200 anon:401 *:404"},
			{pattern: "PATCH /api/v1/exchange/listings/{id}", path: api(listingA, ""), json: func(f *fixture) any { return map[string]any{"title": f.unique("Umbenannt")} },
				want: "padmin:200 admin,manager,pmember,other:403 recruiter:404 anon:401"},
			{pattern: "PATCH /api/v1/exchange/listings/{id}", path: api(freshC, ""), json: func(*fixture) any { return map[string]any{"status": "closed"} },
				want: "admin,manager:200 padmin,pmember,other:403 recruiter:404 anon:401"},
			{pattern: "GET /api/v1/exchange/listings/{id}/answers", path: api(listingC, "/answers"), want: "recruiter:404 anon:401 *:200"},
			{pattern: "GET /api/v1/exchange/listings/{id}/answers", path: api(listingA, "/answers"), want: "recruiter:404 anon:401 *:200"},
			{pattern: "POST /api/v1/exchange/listings/{id}/answers", path: api(freshC, "/answers"), json: func(*fixture) any { return map[string]any{"message": "Gern."} },
				want: "padmin:201 admin,manager,pmember,other:403 recruiter:404 anon:401"},
			{pattern: "PATCH /api/v1/exchange/answers/{id}", path: func(f *fixture) string { return "/api/v1/exchange/answers/" + answerOfC(f) },
				json: func(*fixture) any { return map[string]any{"status": "shortlisted"} }, want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "PATCH /api/v1/exchange/answers/{id}", path: func(f *fixture) string { return "/api/v1/exchange/answers/" + answerOfC(f) },
				json: func(*fixture) any { return map[string]any{"status": "accepted"} }, want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "PATCH /api/v1/exchange/answers/{id}", path: func(f *fixture) string { return "/api/v1/exchange/answers/" + answerOfA(f) },
				json: func(*fixture) any { return map[string]any{"status": "accepted"} }, want: "admin,manager,padmin,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "POST /api/v1/exchange/listings/{id}/reveal", path: api(acceptedA, "/reveal"), want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{pattern: "GET /api/v1/exchange/subscription", path: static("/api/v1/exchange/subscription"), want: "padmin,pmember,other:200 anon:401 *:404"},
			{pattern: "PUT /api/v1/exchange/subscription", path: static("/api/v1/exchange/subscription"), json: func(*fixture) any {
				return map[string]any{"frequency": "daily", "topics": []string{}}
			}, want: "padmin,pmember,other:200 anon:401 *:404"},
		}
	})
}
