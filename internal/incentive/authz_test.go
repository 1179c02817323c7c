package incentive_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/incentive"
)

// The markers of what incentives keep confidential: the customers of the
// deals on A's and C's statements.
const (
	inCustomerA     = "Alphakunde Prämie vertraulich"
	inCustomerC     = "Gammakunde Prämie geheim"
	inCustomerJoint = "Gemeinsamkunde Alpha-Gamma"
)

// inFixture holds the incentive objects of one matrix run.
type inFixture struct {
	rule    string
	quarter string
}

// Staff see every statement and the rules; programme admins write rules;
// a partner's users (admin and member) see their own statements and the
// terms in force; another partner, recruiters and the anonymous see none.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	var years atomic.Int64
	apptest.Matrix(t, "incentive", func() []apptest.Case {
		ctx := context.Background()
		in := func(f *apptest.Fixture) *inFixture {
			return apptest.Once(f, "incentive", func() *inFixture {
				// The app wires its own service; this one shares its
				// database, as deal registration's calls of Earn do.
				svc := incentive.NewService(f.S.App.DB, time.Now, f.S.App.Partners, nil)
				r, err := svc.CreateRule(ctx, f.AdminActor, incentive.RuleInput{Name: "Prämienregel Matrix", Currency: "EUR",
					Rates: incentive.Rates{Lead: 500, Delivery: 300, Referral: 1000, Reseller: 200}, P2PBonusBP: 200, ValidFrom: "2020-01-01"})
				if err != nil {
					f.T.Fatal(err)
				}
				now := time.Now()
				for i, d := range []incentive.WonDeal{
					{Customer: inCustomerA, Value: 1_000_000, Parties: []incentive.Party{{OrgID: f.A, Role: incentive.RoleLead, SplitBP: 10_000}}},
					{Customer: inCustomerC, Value: 2_000_000, Parties: []incentive.Party{{OrgID: f.C, Role: incentive.RoleLead, SplitBP: 10_000}}},
					{Customer: inCustomerJoint, Value: 3_000_000, Parties: []incentive.Party{{OrgID: f.A, Role: incentive.RoleDelivery, SplitBP: 4000},
						{OrgID: f.C, Role: incentive.RoleLead, SplitBP: 6000}}},
				} {
					d.ID, d.Currency, d.WonAt = fmt.Sprintf("matrix-deal-%d", i), "EUR", now
					if err := f.S.App.DB.Tx(ctx, func(tx *sql.Tx) error { _, err := svc.Earn(ctx, tx, d); return err }); err != nil {
						f.T.Fatal(err)
					}
				}
				for _, m := range []string{inCustomerA, inCustomerC, inCustomerJoint} {
					f.Forbid(m, "anon", "recruiter", "other")
				}
				f.Forbid(inCustomerC, "padmin", "pmember")
				return &inFixture{rule: r.ID, quarter: svc.CurrentQuarter()}
			})
		}
		statement := func(org func(*apptest.Fixture) string, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string {
				return "/incentives/statements/" + org(f) + "/" + in(f).quarter + suffix
			}
		}
		orgA := func(f *apptest.Fixture) string { return f.A }
		orgB := func(f *apptest.Fixture) string { return f.B }
		orgC := func(f *apptest.Fixture) string { return f.C }
		rule := func(suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/incentives/rules/" + in(f).rule + suffix }
		}
		apiRule := func(suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/api/v1/incentives/rules/" + in(f).rule + suffix }
		}
		// Each new rule gets a year of its own, so that none overlaps.
		newYear := func() string { return fmt.Sprint(2100 + years.Add(1)) }
		ruleForm := func(from, to string) url.Values {
			return url.Values{"name": {"Prämie USD"}, "currency": {"USD"}, "rate_lead": {"5"}, "rate_delivery": {"2,5"}, "rate_referral": {"10"},
				"rate_reseller": {"1"}, "p2p_bonus": {"2"}, "cap_deal": {"5000"}, "cap_quarter": {"20000"}, "valid_from": {from}, "valid_to": {to}}
		}
		ruleJSON := func(cur, from, to string) map[string]any {
			return map[string]any{"name": "API-Prämie", "currency": cur, "rates": map[string]any{"lead": 500, "delivery": 300, "referral": 1000, "reseller": 0},
				"p2p_bonus_bp": 250, "cap_deal_minor": 100_000, "cap_quarter_minor": 0, "valid_from": from, "valid_to": to}
		}
		return []apptest.Case{
			{Pattern: "GET /incentives", Path: func(f *apptest.Fixture) string { in(f); return "/incentives" }, Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /incentives", Path: func(f *apptest.Fixture) string { return "/incentives?quarter=" + in(f).quarter }, Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /incentives/statements/{org}/{file}", Path: statement(orgA, ""), Want: "admin,manager,padmin,pmember:200 anon:303 *:404"},
			{Pattern: "GET /incentives/statements/{org}/{file}", Path: statement(orgA, ".csv"), Want: "admin,manager,padmin,pmember:200 anon:303 *:404"},
			{Pattern: "GET /incentives/statements/{org}/{file}", Path: statement(orgA, ".pdf"), Want: "admin,manager,padmin,pmember:200 anon:303 *:404"},
			{Pattern: "GET /incentives/statements/{org}/{file}", Path: statement(orgC, ""), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /incentives/statements/{org}/{file}", Path: statement(orgC, ".csv"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /incentives/statements/{org}/{file}", Path: statement(orgB, ""), Want: "admin,manager,other:200 anon:303 *:404"},
			{Pattern: "GET /incentives/statements/{org}/{file}", Path: func(f *apptest.Fixture) string { return "/incentives/statements/" + f.A + "/2026-Q5" },
				Want: "anon:303 *:404"},
			{Pattern: "GET /incentives/rules", Path: apptest.Static("/incentives/rules"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /incentives/rules/new", Path: apptest.Static("/incentives/rules/new"), Want: "admin:200 manager:403 anon:303 *:404"},
			{Pattern: "POST /incentives/rules", Path: apptest.Static("/incentives/rules"), Form: func(*apptest.Fixture) url.Values {
				y := newYear()
				return ruleForm(y+"-01-01", y+"-12-31")
			}, Want: "admin:303 manager:403 anon:401 *:404"},
			{Pattern: "GET /incentives/rules/{id}", Path: rule(""), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /incentives/rules/{id}", Path: rule("?version=1"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /incentives/rules/{id}", Path: rule("?version=99"), Want: "anon:303 *:404"},
			{Pattern: "GET /incentives/rules/{id}/edit", Path: rule("/edit"), Want: "admin:200 manager:403 anon:303 *:404"},
			{Pattern: "POST /incentives/rules/{id}", Path: rule(""), Form: func(*apptest.Fixture) url.Values {
				v := ruleForm("2020-01-01", "")
				v.Set("currency", "EUR")
				v.Set("name", "Prämienregel Matrix geändert")
				return v
			}, Want: "admin:303 manager:403 anon:401 *:404"},

			{Pattern: "GET /api/v1/incentives/rules", Path: func(f *apptest.Fixture) string { in(f); return "/api/v1/incentives/rules" }, Want: "recruiter:404 anon:401 *:200"},
			{Pattern: "POST /api/v1/incentives/rules", Path: apptest.Static("/api/v1/incentives/rules"), JSON: func(*apptest.Fixture) any {
				y := newYear()
				return ruleJSON("USD", y+"-01-01", y+"-12-31")
			}, Want: "admin:201 manager:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/incentives/rules/{id}", Path: apiRule(""), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/incentives/rules/{id}", Path: apiRule("?version=1"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "PUT /api/v1/incentives/rules/{id}", Path: apiRule(""), JSON: func(*apptest.Fixture) any { return ruleJSON("EUR", "2020-01-01", "") },
				Want: "admin:200 manager:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/incentives/rules/{id}/versions", Path: apiRule("/versions"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/incentives/statements", Path: func(f *apptest.Fixture) string { return "/api/v1/incentives/statements?quarter=" + in(f).quarter },
				Want: "recruiter:404 anon:401 *:200"},
			{Pattern: "GET /api/v1/incentives/statements", Path: func(f *apptest.Fixture) string { in(f); return "/api/v1/incentives/statements" },
				Want: "recruiter:404 anon:401 *:200"},
			{Pattern: "GET /api/v1/incentives/statements/{org}/{quarter}", Path: func(f *apptest.Fixture) string {
				return "/api/v1/incentives/statements/" + f.A + "/" + in(f).quarter
			}, Want: "admin,manager,padmin,pmember:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/incentives/statements/{org}/{quarter}", Path: func(f *apptest.Fixture) string {
				return "/api/v1/incentives/statements/" + f.C + "/" + in(f).quarter
			}, Want: "admin,manager:200 anon:401 *:404"},
		}
	})
}
