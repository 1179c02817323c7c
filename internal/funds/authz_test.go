package funds_test

import (
	"context"
	"net/url"
	"strconv"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/funds"
)

// The markers of what funds keep confidential: C's activity, its amount
// and proof file, and A's proof file.
const (
	fdTitleC  = "Gamma-Hausmesse vertraulich"
	fdAmountC = "7,777 €"
	fdFileC   = "gamma-beleg-vertraulich.png"
	fdTitleA  = "Alpha-Webinar intern"
	fdFileA   = "alpha-beleg-intern.pdf"
)

// pdf and png are the smallest files the proof check takes.
var (
	pdf = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
	png = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde")
)

type fdFixture struct {
	svc            *funds.Service
	quarter, today string
	actA, actC     string // A's claimed activity with a file; C's requested one
	fileA          string
}

// Funds are for staff (admins and managers) and partner users, each
// partner its own; the recruiter sees nothing. Partner admins request and
// claim, members read, staff decide and set budgets.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	apptest.Matrix(t, "funds", func() []apptest.Case {
		ctx := context.Background()
		asC := func(f *apptest.Fixture) *auth.Actor {
			return &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: f.C, Name: "Gamma"}
		}
		asA := func(f *apptest.Fixture) *auth.Actor { return f.Users["padmin"].Actor() }
		fx := func(f *apptest.Fixture) *fdFixture {
			return apptest.Once(f, "funds", func() *fdFixture {
				now := time.Now().UTC()
				x := &fdFixture{svc: funds.NewService(f.S.App.DB, time.Now, nil, f.S.App.Partners), quarter: funds.QuarterOf(now), today: now.Format(time.DateOnly)}
				for _, org := range []string{f.A, f.C} {
					if _, err := x.svc.SetBudget(ctx, f.AdminActor, funds.BudgetInput{OrgID: org, Period: x.quarter, AmountMinor: 10_000_000}); err != nil {
						f.T.Fatal(err)
					}
				}
				c, err := x.svc.Request(ctx, asC(f), funds.RequestInput{Kind: funds.KindTradeFair, Title: fdTitleC, PlannedOn: x.today, RequestedMinor: 777_700})
				if err != nil {
					f.T.Fatal(err)
				}
				x.actC = c.ID
				a, err := x.svc.Request(ctx, asA(f), funds.RequestInput{Kind: funds.KindWebinar, Title: fdTitleA, PlannedOn: x.today, RequestedMinor: 150_000})
				if err != nil {
					f.T.Fatal(err)
				}
				x.actA = a.ID
				if _, err := x.svc.Decide(ctx, f.AdminActor, a.ID, funds.Decision{Status: funds.StatusApproved}); err != nil {
					f.T.Fatal(err)
				}
				if _, err := x.svc.Claim(ctx, asA(f), a.ID, funds.ClaimInput{ClaimedMinor: 150_000}, []funds.Upload{{Name: fdFileA, Content: pdf}}); err != nil {
					f.T.Fatal(err)
				}
				files, err := x.svc.Files(ctx, f.AdminActor, a.ID)
				if err != nil || len(files) != 1 {
					f.T.Fatal(files, err)
				}
				x.fileA = files[0].ID
				// C's claimed activity holds C's file.
				c2, err := x.svc.Request(ctx, asC(f), funds.RequestInput{Kind: funds.KindPrint, Title: fdTitleC, PlannedOn: x.today, RequestedMinor: 777_700})
				if err == nil {
					_, err = x.svc.Decide(ctx, f.AdminActor, c2.ID, funds.Decision{Status: funds.StatusApproved})
				}
				if err == nil {
					_, err = x.svc.Claim(ctx, asC(f), c2.ID, funds.ClaimInput{ClaimedMinor: 777_700}, []funds.Upload{{Name: fdFileC, Content: png}})
				}
				if err != nil {
					f.T.Fatal(err)
				}
				for _, m := range []string{fdTitleC, fdAmountC, fdFileC} {
					f.Forbid(m, "anon", "recruiter", "padmin", "pmember", "other")
				}
				for _, m := range []string{fdTitleA, fdFileA} {
					f.Forbid(m, "anon", "recruiter", "other")
				}
				return x
			})
		}
		// fresh is a new activity of A in the state wanted.
		fresh := func(state string) func(f *apptest.Fixture) string {
			return func(f *apptest.Fixture) string {
				x := fx(f)
				a, err := x.svc.Request(ctx, asA(f), funds.RequestInput{Kind: funds.KindEvent, Title: f.Unique("Alpha-Veranstaltung"), PlannedOn: x.today, RequestedMinor: 10_000})
				if err == nil && state != funds.StatusRequested {
					_, err = x.svc.Decide(ctx, f.AdminActor, a.ID, funds.Decision{Status: funds.StatusApproved})
				}
				if err == nil && state == funds.StatusClaimed {
					_, err = x.svc.Claim(ctx, asA(f), a.ID, funds.ClaimInput{ClaimedMinor: 10_000}, []funds.Upload{{Name: "beleg.pdf", Content: pdf}})
				}
				if err != nil {
					f.T.Fatal(err)
				}
				return a.ID
			}
		}
		page := func(id func(*apptest.Fixture) string, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/funds/" + id(f) + suffix }
		}
		api := func(id func(*apptest.Fixture) string, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/api/v1/funds/activities/" + id(f) + suffix }
		}
		actA := func(f *apptest.Fixture) string { return fx(f).actA }
		actC := func(f *apptest.Fixture) string { return fx(f).actC }
		requestForm := func(f *apptest.Fixture) url.Values {
			return url.Values{"kind": {"webinar"}, "title": {f.Unique("Webinar")}, "planned_on": {fx(f).today}, "requested": {"100"}, "expected_leads": {"5"}, "description": {"Ein Webinar."}}
		}
		const readA = "admin,manager,padmin,pmember:200 anon:303 *:404"
		const readC = "admin,manager:200 anon:303 *:404"
		const apiA = "admin,manager,padmin,pmember:200 anon:401 *:404"
		return []apptest.Case{
			{Pattern: "GET /funds", Path: func(f *apptest.Fixture) string { fx(f); return "/funds" }, Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /funds", Path: func(f *apptest.Fixture) string {
				return "/funds?status=claimed&period=" + fx(f).quarter + "&quarter=" + fx(f).quarter + "&org=" + f.C
			}, Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "POST /funds", Path: apptest.Static("/funds"), Form: requestForm, Want: "padmin:303 admin,manager,pmember:403 other:422 recruiter:404 anon:401"},
			{Pattern: "GET /funds/budgets", Path: func(f *apptest.Fixture) string { return "/funds/budgets?period=" + fx(f).quarter }, Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "POST /funds/budgets", Path: apptest.Static("/funds/budgets"), Form: func(f *apptest.Fixture) url.Values {
				return url.Values{"org_id": {f.A}, "period": {fx(f).quarter}, "amount": {"200000"}}
			}, Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "GET /portfolio/money", Path: func(f *apptest.Fixture) string { fx(f); return "/portfolio/money" }, Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /portfolio/money", Path: func(f *apptest.Fixture) string { return "/portfolio/money?sort=won&period=" + fx(f).quarter }, Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /funds/{id}", Path: page(actA, ""), Want: readA},
			{Pattern: "GET /funds/{id}", Path: page(actC, ""), Want: readC},
			{Pattern: "GET /funds/{id}", Path: page(fresh(funds.StatusRequested), ""), Want: readA},
			{Pattern: "GET /funds/{id}", Path: page(fresh(funds.StatusApproved), ""), Want: readA},
			{Pattern: "POST /funds/{id}/decision", Path: page(fresh(funds.StatusRequested), "/decision"), Form: func(*apptest.Fixture) url.Values {
				return url.Values{"status": {"approved"}, "approved": {"50"}}
			}, Want: "admin,manager:303 padmin,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /funds/{id}/decision", Path: page(fresh(funds.StatusClaimed), "/decision"), Form: func(*apptest.Fixture) url.Values {
				return url.Values{"status": {"returned"}, "reason": {"Die Rechnung fehlt."}}
			}, Want: "admin,manager:303 padmin,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /funds/{id}/claim", Path: page(fresh(funds.StatusApproved), "/claim"), Form: func(*apptest.Fixture) url.Values {
				return url.Values{"claimed": {"100"}}
			}, Want: "padmin:422 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /funds/{id}/links", Path: page(actA, "/links"), Form: func(*apptest.Fixture) url.Values { return url.Values{"ref": {"deal/unbekannt"}} },
				Want: "admin,manager,padmin:422 pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /funds/{id}/unlink", Path: page(actA, "/unlink"), Form: func(*apptest.Fixture) url.Values { return url.Values{"ref": {"deal/unbekannt"}} },
				Want: "admin,manager,padmin:303 pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "GET /funds/files/{id}", Path: func(f *apptest.Fixture) string { return "/funds/files/" + fx(f).fileA }, Want: readA},

			{Pattern: "GET /api/v1/funds/activities", Path: func(f *apptest.Fixture) string { fx(f); return "/api/v1/funds/activities?status=" }, Want: "recruiter:404 anon:401 *:200"},
			{Pattern: "POST /api/v1/funds/activities", Path: apptest.Static("/api/v1/funds/activities"), JSON: func(f *apptest.Fixture) any {
				return map[string]any{"kind": "content", "title": f.Unique("Whitepaper"), "description": "Text", "planned_on": fx(f).today, "requested_minor": 5000, "expected_leads": 2}
			}, Want: "padmin:201 admin,manager,pmember:403 other:422 recruiter:404 anon:401"},
			{Pattern: "GET /api/v1/funds/activities/{id}", Path: api(actA, ""), Want: apiA},
			{Pattern: "GET /api/v1/funds/activities/{id}", Path: api(actC, ""), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/funds/activities/{id}/decision", Path: api(fresh(funds.StatusRequested), "/decision"), JSON: func(*apptest.Fixture) any {
				return map[string]any{"status": "rejected", "reason": "Kein Bezug zum Programm."}
			}, Want: "admin,manager:200 padmin,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "GET /api/v1/funds/activities/{id}/files", Path: api(actA, "/files"), Want: apiA},
			{Pattern: "GET /api/v1/funds/activities/{id}/links", Path: api(actA, "/links"), Want: apiA},
			{Pattern: "POST /api/v1/funds/activities/{id}/links", Path: api(actA, "/links"), JSON: func(*apptest.Fixture) any {
				return map[string]any{"kind": "deal", "ref_id": "unbekannt"}
			}, Want: "admin,manager,padmin:422 pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "GET /api/v1/funds/budgets", Path: func(f *apptest.Fixture) string { return "/api/v1/funds/budgets?period=" + fx(f).quarter }, Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/funds/budgets/{org}/{period}", Path: func(f *apptest.Fixture) string { return "/api/v1/funds/budgets/" + f.A + "/" + fx(f).quarter }, Want: apiA},
			{Pattern: "GET /api/v1/funds/budgets/{org}/{period}", Path: func(f *apptest.Fixture) string { return "/api/v1/funds/budgets/" + f.C + "/" + fx(f).quarter },
				Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "PUT /api/v1/funds/budgets", Path: apptest.Static("/api/v1/funds/budgets"), JSON: func(f *apptest.Fixture) any {
				return map[string]any{"org_id": f.A, "period": fx(f).quarter, "amount_minor": 20_000_000}
			}, Want: "admin,manager:200 padmin,pmember,other:403 recruiter:404 anon:401"},
			{Pattern: "GET /api/v1/funds/money", Path: func(f *apptest.Fixture) string {
				fx(f)
				return "/api/v1/funds/money?period=" + strconv.Itoa(time.Now().UTC().Year())
			}, Want: "admin,manager:200 anon:401 *:404"},
		}
	})
}
