package app_test

import (
	"context"
	"net/url"
	"time"

	"pakt/internal/portfolio"
)

// Business cases are for programme staff only: every other role, even the
// organisation's own partner admin, is told that there is none.
func init() {
	featureCases = append(featureCases, func() []matrixCase {
		// withCase makes sure the organisation has a business case, so that
		// reading it would succeed for anyone allowed to.
		withCase := func(org func(f *fixture) string) func(f *fixture) string {
			return func(f *fixture) string {
				id := org(f)
				bc := portfolio.BusinessCase{InvestmentMinor: 1_000_000, MonthlyCostMinor: 50_000, MonthsToFirstDeal: 3,
					DealsPerMonthTenths: 15, MarginPerDealMinor: 120_000, RampUpMonths: 2}
				if _, err := portfolio.NewBusinessCases(f.s.App.DB, time.Now).Save(context.Background(), f.adminActor, id, bc); err != nil {
					f.t.Fatal(err)
				}
				return "/partners/" + id + "/business-case"
			}
		}
		api := func(page func(f *fixture) string) func(f *fixture) string {
			return func(f *fixture) string { return "/api/v1" + page(f) }
		}
		orgA := func(f *fixture) string { return f.A }
		orgB := func(f *fixture) string { return f.B }
		orgC := func(f *fixture) string { return f.C }
		form := func(*fixture) url.Values {
			return url.Values{"currency": {"EUR"}, "investment": {"10000"}, "monthly_cost": {"500"}, "months_to_first_deal": {"3"},
				"deals_per_month": {"1.5"}, "margin_per_deal": {"1200"}, "ramp_up_months": {"2"}}
		}
		body := func(*fixture) any {
			return map[string]any{"investment_minor": 1_000_000, "monthly_cost_minor": 50_000, "months_to_first_deal": 3,
				"deals_per_month_tenths": 15, "margin_per_deal_minor": 120_000, "ramp_up_months": 2}
		}
		return []matrixCase{
			{pattern: "GET /partners/{id}/business-case", path: withCase(orgA), want: "admin,manager:200 anon:303 *:404"},
			{pattern: "GET /partners/{id}/business-case", path: withCase(orgB), want: "admin,manager:200 anon:303 *:404"},
			{pattern: "GET /partners/{id}/business-case", path: func(f *fixture) string { return "/partners/" + f.newOrg(true) + "/business-case" },
				want: "admin,manager:200 anon:303 *:404"},
			{pattern: "POST /partners/{id}/business-case", path: func(f *fixture) string { return "/partners/" + f.A + "/business-case" }, form: form,
				want: "admin,manager:303 anon:401 *:404"},
			{pattern: "POST /partners/{id}/business-case", path: func(f *fixture) string { return "/partners/" + f.B + "/business-case" }, form: form,
				want: "admin,manager:303 anon:401 *:404"},
			{pattern: "GET /api/v1/partners/{id}/business-case", path: api(withCase(orgA)), want: "admin,manager:200 anon:401 *:404"},
			{pattern: "GET /api/v1/partners/{id}/business-case", path: api(withCase(orgC)), want: "admin,manager:200 anon:401 *:404"},
			{pattern: "GET /api/v1/partners/{id}/business-case", path: func(f *fixture) string { return "/api/v1/partners/" + f.newOrg(true) + "/business-case" },
				want: "anon:401 *:404"},
			{pattern: "PUT /api/v1/partners/{id}/business-case", path: func(f *fixture) string { return "/api/v1/partners/" + f.A + "/business-case" }, json: body,
				want: "admin,manager:200 anon:401 *:404"},
			{pattern: "PUT /api/v1/partners/{id}/business-case", path: func(f *fixture) string { return "/api/v1/partners/" + f.B + "/business-case" }, json: body,
				want: "admin,manager:200 anon:401 *:404"},
		}
	})
}
