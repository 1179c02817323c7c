package portfolio_test

import (
	"context"
	"net/url"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/portfolio"
)

// sharedNote is the internal note of every business case the matrix
// shares: no answer to anyone but staff may show it.
const sharedNote = "Interne Notiz: Geschäftsführung zögert"

// sharedCaseOf saves a business case with an internal note for org and
// shares it with the organisation, once per fixture and organisation.
func sharedCaseOf(f *apptest.Fixture, org string) string {
	f.T.Helper()
	return apptest.Once(f, "shared-case:"+org, func() string {
		ctx := context.Background()
		cases := portfolio.NewBusinessCases(f.S.App.DB, time.Now)
		bc := portfolio.BusinessCase{InvestmentMinor: 1_000_000, MonthlyCostMinor: 50_000, MonthsToFirstDeal: 3,
			DealsPerMonthTenths: 15, MarginPerDealMinor: 120_000, RampUpMonths: 2, Note: sharedNote}
		if _, err := cases.Save(ctx, f.AdminActor, org, bc); err != nil {
			f.T.Fatal(err)
		}
		if _, err := cases.Share(ctx, f.AdminActor, org); err != nil {
			f.T.Fatal(err)
		}
		f.Forbid(sharedNote, "anon", "recruiter", "padmin", "pmember", "other")
		return org
	})
}

// A shared business case is read by the staff and the organisation's
// partner admins, adjusted by those admins only, and shared or unshared by
// staff; a partner member and every other partner are told there is none.
func sharedCaseCases() []apptest.Case {
	shared := func(org func(f *apptest.Fixture) string, suffix string) func(f *apptest.Fixture) string {
		return func(f *apptest.Fixture) string { return "/partners/" + sharedCaseOf(f, org(f)) + suffix }
	}
	api := func(org func(f *apptest.Fixture) string, suffix string) func(f *apptest.Fixture) string {
		return func(f *apptest.Fixture) string { return "/api/v1/partners/" + sharedCaseOf(f, org(f)) + suffix }
	}
	orgA := func(f *apptest.Fixture) string { return f.A }
	orgB := func(f *apptest.Fixture) string { return f.B }
	// fresh is a new organisation with a business case, shared when share
	// is set.
	fresh := func(share bool, prefix, suffix string) func(f *apptest.Fixture) string {
		return func(f *apptest.Fixture) string {
			id := f.NewOrg(true)
			cases := portfolio.NewBusinessCases(f.S.App.DB, time.Now)
			bc := portfolio.BusinessCase{InvestmentMinor: 1_000_000, MonthlyCostMinor: 50_000, MonthsToFirstDeal: 3,
				DealsPerMonthTenths: 15, MarginPerDealMinor: 120_000}
			if _, err := cases.Save(context.Background(), f.AdminActor, id, bc); err != nil {
				f.T.Fatal(err)
			}
			if share {
				if _, err := cases.Share(context.Background(), f.AdminActor, id); err != nil {
					f.T.Fatal(err)
				}
			}
			return prefix + id + suffix
		}
	}
	form := func(*apptest.Fixture) url.Values {
		return url.Values{"investment": {"8000"}, "monthly_cost": {"400"}, "months_to_first_deal": {"2"},
			"deals_per_month": {"2"}, "margin_per_deal": {"1500"}, "ramp_up_months": {"1"}}
	}
	body := func(*apptest.Fixture) any {
		return map[string]any{"investment_minor": 800_000, "monthly_cost_minor": 40_000, "months_to_first_deal": 2,
			"deals_per_month_tenths": 20, "margin_per_deal_minor": 150_000, "ramp_up_months": 1}
	}
	return []apptest.Case{
		{Pattern: "GET /partners/{id}/shared-business-case", Path: shared(orgA, "/shared-business-case"), Want: "admin,manager,padmin:200 anon:303 *:404"},
		{Pattern: "GET /partners/{id}/shared-business-case", Path: shared(orgB, "/shared-business-case"), Want: "admin,manager,other:200 anon:303 *:404"},
		{Pattern: "GET /partners/{id}/shared-business-case", Path: fresh(false, "/partners/", "/shared-business-case"), Want: "anon:303 *:404"},
		{Pattern: "GET /partners/{id}/shared-business-case.pdf", Path: shared(orgA, "/shared-business-case.pdf"), Want: "admin,manager,padmin:200 anon:303 *:404"},
		{Pattern: "GET /partners/{id}/shared-business-case.pdf", Path: shared(orgB, "/shared-business-case.pdf"), Want: "admin,manager,other:200 anon:303 *:404"},
		{Pattern: "POST /partners/{id}/shared-business-case", Path: shared(orgA, "/shared-business-case"), Form: form, Want: "padmin:303 anon:401 *:404"},
		{Pattern: "POST /partners/{id}/shared-business-case/reset", Path: shared(orgA, "/shared-business-case/reset"), Form: form, Want: "padmin:303 anon:401 *:404"},
		{Pattern: "POST /partners/{id}/business-case/share", Path: fresh(false, "/partners/", "/business-case/share"), Want: "admin,manager:303 anon:401 *:404"},
		{Pattern: "POST /partners/{id}/business-case/unshare", Path: fresh(true, "/partners/", "/business-case/unshare"), Want: "admin,manager:303 anon:401 *:404"},
		{Pattern: "GET /api/v1/partners/{id}/shared-business-case", Path: api(orgA, "/shared-business-case"), Want: "admin,manager,padmin:200 anon:401 *:404"},
		{Pattern: "GET /api/v1/partners/{id}/shared-business-case", Path: api(orgB, "/shared-business-case"), Want: "admin,manager,other:200 anon:401 *:404"},
		{Pattern: "PUT /api/v1/partners/{id}/shared-business-case/assumptions", Path: api(orgA, "/shared-business-case/assumptions"), JSON: body,
			Want: "padmin:200 anon:401 *:404"},
		{Pattern: "PUT /api/v1/partners/{id}/shared-business-case/assumptions", Path: api(orgB, "/shared-business-case/assumptions"), JSON: body,
			Want: "other:200 anon:401 *:404"},
		{Pattern: "DELETE /api/v1/partners/{id}/shared-business-case/assumptions", Path: api(orgA, "/shared-business-case/assumptions"),
			Want: "padmin:200 anon:401 *:404"},
		{Pattern: "POST /api/v1/partners/{id}/business-case/share", Path: fresh(false, "/api/v1/partners/", "/business-case/share"),
			Want: "admin,manager:200 anon:401 *:404"},
		{Pattern: "POST /api/v1/partners/{id}/business-case/unshare", Path: fresh(true, "/api/v1/partners/", "/business-case/unshare"),
			Want: "admin,manager:204 anon:401 *:404"},
	}
}
