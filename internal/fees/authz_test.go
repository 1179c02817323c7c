package fees_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/fees"
	"pakt/internal/i18n"
	"pakt/internal/lifecycle"
)

// The markers of what fees keep to staff and the recruiter concerned: the
// prospects on each recruiter's statement.
const (
	ownProspect     = "Eigener Interessent Provision GmbH"
	foreignProspect = "Fremder Interessent Provision AG"
)

// feeFixture holds the fees objects of one matrix run: the matrix's
// recruiter and another one, each with terms and a qualified prospect.
type feeFixture struct {
	own, foreign string
	month        string
}

// Staff see every recruiter's fees; programme admins set the terms,
// managers read them; a recruiter sees its own statements and
// performance, another recruiter's answer 404; partners and the anonymous
// see nothing.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	apptest.Matrix(t, "fees", func() []apptest.Case {
		ctx := context.Background()
		in := func(f *apptest.Fixture) *feeFixture {
			return apptest.Once(f, "fees", func() *feeFixture {
				s := f.S
				other := s.CreateUser(auth.RoleRecruiter, "")
				today := i18n.Day(time.Now(), s.App.Zone).Format(time.DateOnly)
				for _, r := range []struct {
					user     *auth.User
					prospect string
				}{{f.Users["recruiter"], ownProspect}, {other, foreignProspect}} {
					if _, err := s.App.Fees.SaveRule(ctx, f.AdminActor, r.user.ID, fees.RuleInput{Currency: "EUR", Stage: lifecycle.Qualified,
						StageFeeMinor: 20_000, WonFeeMinor: 100_000, ClawbackMonths: 6, ValidFrom: today}); err != nil {
						f.T.Fatal(err)
					}
					p, err := s.App.Pipeline.Create(ctx, r.user.Actor(), lifecycle.CreateInput{LegalName: r.prospect, Country: "DE"})
					if err != nil {
						f.T.Fatal(err)
					}
					if _, err := s.App.Pipeline.Move(ctx, r.user.Actor(), p.OrgID, lifecycle.Qualified, ""); err != nil {
						f.T.Fatal(err)
					}
				}
				f.Forbid(ownProspect, "anon", "padmin", "pmember", "other")
				f.Forbid(foreignProspect, "anon", "recruiter", "padmin", "pmember", "other")
				return &feeFixture{own: f.Users["recruiter"].ID, foreign: other.ID, month: s.App.Fees.CurrentMonth()}
			})
		}
		own := func(f *apptest.Fixture) string { return in(f).own }
		foreign := func(f *apptest.Fixture) string { return in(f).foreign }
		page := func(who func(*apptest.Fixture) string, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/fees/recruiters/" + who(f) + suffix }
		}
		statement := func(who func(*apptest.Fixture) string, prefix, ext string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return prefix + who(f) + "/statements/" + in(f).month + ext }
		}
		form := func(f *apptest.Fixture) url.Values {
			return url.Values{"currency": {"EUR"}, "stage": {"first_contact"}, "stage_fee": {"250"}, "won_fee": {"1000"}, "clawback_months": {"3"},
				"valid_from": {i18n.Day(time.Now(), f.S.App.Zone).AddDate(0, 0, 1).Format(time.DateOnly)}}
		}
		ruleJSON := func(f *apptest.Fixture) any {
			return map[string]any{"currency": "EUR", "stage": "contract", "stage_fee_minor": 50_000, "won_fee_minor": 200_000, "clawback_months": 4,
				"valid_from": i18n.Day(time.Now(), f.S.App.Zone).AddDate(0, 0, 2).Format(time.DateOnly)}
		}
		const mine, staffOnly, adminOnly = "admin,manager,recruiter:200 board,liaison:404 anon:303 *:404", "admin,manager:200 anon:303 *:404", "admin:200 manager:403 anon:303 *:404"
		const apiMine, apiStaff = "admin,manager,recruiter:200 board,liaison:404 anon:401 *:404", "admin,manager:200 anon:401 *:404"
		return []apptest.Case{
			{Pattern: "GET /fees", Path: func(f *apptest.Fixture) string { in(f); return "/fees" }, Want: mine},
			{Pattern: "GET /fees/recruiters/{id}", Path: page(own, ""), Want: mine},
			{Pattern: "GET /fees/recruiters/{id}", Path: page(foreign, ""), Want: staffOnly},
			{Pattern: "GET /fees/recruiters/{id}", Path: func(f *apptest.Fixture) string { return "/fees/recruiters/" + f.Users["manager"].ID },
				Want: "anon:303 *:404"},
			{Pattern: "GET /fees/recruiters/{id}/statements/{file}", Path: statement(own, "/fees/recruiters/", ""), Want: mine},
			{Pattern: "GET /fees/recruiters/{id}/statements/{file}", Path: statement(own, "/fees/recruiters/", ".csv"), Want: mine},
			{Pattern: "GET /fees/recruiters/{id}/statements/{file}", Path: statement(own, "/fees/recruiters/", ".pdf"), Want: mine},
			{Pattern: "GET /fees/recruiters/{id}/statements/{file}", Path: statement(foreign, "/fees/recruiters/", ""), Want: staffOnly},
			{Pattern: "GET /fees/recruiters/{id}/statements/{file}", Path: statement(foreign, "/fees/recruiters/", ".csv"), Want: staffOnly},
			{Pattern: "GET /fees/recruiters/{id}/statements/{file}", Path: statement(foreign, "/fees/recruiters/", ".pdf"), Want: staffOnly},
			{Pattern: "GET /fees/recruiters/{id}/statements/{file}", Path: page(own, "/statements/2026-13"), Want: "anon:303 *:404"},
			{Pattern: "GET /fees/recruiters/{id}/rule", Path: page(own, "/rule"), Want: adminOnly},
			{Pattern: "GET /fees/recruiters/{id}/rule", Path: page(foreign, "/rule"), Want: adminOnly},
			{Pattern: "POST /fees/recruiters/{id}/rule", Path: page(own, "/rule"), Form: form, Want: "admin:303 manager:403 anon:401 *:404"},
			{Pattern: "POST /fees/recruiters/{id}/rule", Path: page(foreign, "/rule"), Form: form, Want: "admin:303 manager:403 anon:401 *:404"},

			{Pattern: "GET /api/v1/fees/recruiters", Path: func(f *apptest.Fixture) string { in(f); return "/api/v1/fees/recruiters" }, Want: apiMine},
			{Pattern: "GET /api/v1/fees/recruiters/{id}/rules", Path: func(f *apptest.Fixture) string { return "/api/v1/fees/recruiters/" + own(f) + "/rules" }, Want: apiMine},
			{Pattern: "GET /api/v1/fees/recruiters/{id}/rules", Path: func(f *apptest.Fixture) string { return "/api/v1/fees/recruiters/" + foreign(f) + "/rules" }, Want: apiStaff},
			{Pattern: "POST /api/v1/fees/recruiters/{id}/rules", Path: func(f *apptest.Fixture) string { return "/api/v1/fees/recruiters/" + own(f) + "/rules" },
				JSON: ruleJSON, Want: "admin:201 manager:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/fees/recruiters/{id}/statements/{month}", Path: statement(own, "/api/v1/fees/recruiters/", ""), Want: apiMine},
			{Pattern: "GET /api/v1/fees/recruiters/{id}/statements/{month}", Path: statement(foreign, "/api/v1/fees/recruiters/", ""), Want: apiStaff},
			{Pattern: "GET /api/v1/fees/recruiters/{id}/performance", Path: func(f *apptest.Fixture) string { return "/api/v1/fees/recruiters/" + own(f) + "/performance" }, Want: apiMine},
			{Pattern: "GET /api/v1/fees/recruiters/{id}/performance", Path: func(f *apptest.Fixture) string { return "/api/v1/fees/recruiters/" + foreign(f) + "/performance" }, Want: apiStaff},
		}
	})
}
