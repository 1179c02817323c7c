package targets_test

import (
	"context"
	"net/url"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/targets"
)

// tgFixture holds the targets objects of one matrix run.
type tgFixture struct {
	// manager2 and recruiter2 are further staff with targets, whom only
	// admins see.
	manager2, recruiter2 *auth.User
}

// Admins see and set every target; a partner manager sees its own line
// and may not set targets (403); a recruiter sees its own recruitment
// target and nothing else; partners and the anonymous see nothing.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	apptest.Matrix(t, "targets", func() []apptest.Case {
		ctx := context.Background()
		tg := func(f *apptest.Fixture) *tgFixture {
			return apptest.Once(f, "targets", func() *tgFixture {
				x := &tgFixture{manager2: f.S.CreateUser(auth.RoleManager, ""), recruiter2: f.S.CreateUser(auth.RoleRecruiter, "")}
				svc := f.S.App.Targets
				period := svc.CurrentPeriod()
				for _, in := range []targets.Input{
					{Period: period, RevenueMinor: 5_000_000_00, Deals: 50, Recruits: 10},
					{UserID: f.Users["manager"].ID, Period: period, RevenueMinor: 1_000_000_00, Deals: 10, Recruits: 3},
					{UserID: x.manager2.ID, Period: period, RevenueMinor: 2_000_000_00, Deals: 20, Recruits: 4},
					{UserID: f.Users["recruiter"].ID, Period: period, Recruits: 5},
					{UserID: x.recruiter2.ID, Period: period, Recruits: 6},
				} {
					if _, err := svc.Save(ctx, f.AdminActor, in); err != nil {
						f.T.Fatal(err)
					}
				}
				// Only admins see other people's targets.
				f.Forbid(x.manager2.Name, "anon", "manager", "recruiter", "padmin", "pmember", "other")
				f.Forbid(x.recruiter2.Name, "anon", "manager", "recruiter", "padmin", "pmember", "other")
				f.Forbid(f.Users["manager"].Name, "anon", "recruiter", "padmin", "pmember", "other")
				f.Forbid(f.Users["recruiter"].Name, "anon", "manager", "padmin", "pmember", "other")
				return x
			})
		}
		page := func(q string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { tg(f); return "/targets" + q }
		}
		edit := func(user func(*apptest.Fixture) string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string {
				tg(f)
				return "/targets/edit?period=" + f.S.App.Targets.CurrentPeriod() + "&user=" + url.QueryEscape(user(f))
			}
		}
		programme := func(*apptest.Fixture) string { return "" }
		recruiter2 := func(f *apptest.Fixture) string { return tg(f).recruiter2.ID }
		manager2 := func(f *apptest.Fixture) string { return tg(f).manager2.ID }
		form := func(f *apptest.Fixture) url.Values {
			return url.Values{"period": {f.S.App.Targets.CurrentPeriod()}, "user": {tg(f).manager2.ID}, "currency": {"EUR"},
				"revenue": {"2000000"}, "deals": {"20"}, "certifications": {"4"}, "recruits": {"4"}}
		}
		return []apptest.Case{
			{Pattern: "GET /targets", Path: page(""), Want: "admin,manager,recruiter:200 board,liaison:404 anon:303 *:404"},
			{Pattern: "GET /targets", Path: page("?period=2025-Q3"), Want: "admin,manager,recruiter:200 board,liaison:404 anon:303 *:404"},
			{Pattern: "GET /targets", Path: page("?period=2025-Q5"), Want: "admin,manager,recruiter:422 board,liaison:404 anon:303 *:404"},
			{Pattern: "GET /targets/edit", Path: edit(programme), Want: "admin:200 manager:403 anon:303 *:404"},
			{Pattern: "GET /targets/edit", Path: edit(manager2), Want: "admin:200 manager:403 anon:303 *:404"},
			{Pattern: "GET /targets/edit", Path: edit(recruiter2), Want: "admin:200 manager:403 anon:303 *:404"},
			{Pattern: "GET /targets/edit", Path: edit(func(f *apptest.Fixture) string { return f.A }), Want: "manager:403 anon:303 *:404"},
			{Pattern: "POST /targets", Path: apptest.Static("/targets"), Form: form, Want: "admin:303 manager:403 anon:401 *:404"},

			{Pattern: "GET /api/v1/targets", Path: func(f *apptest.Fixture) string { tg(f); return "/api/v1/targets" }, Want: "admin,manager,recruiter:200 board,liaison:404 anon:401 *:404"},
			{Pattern: "GET /api/v1/targets", Path: func(f *apptest.Fixture) string { tg(f); return "/api/v1/targets?period=2025-H2" },
				Want: "admin,manager,recruiter:200 board,liaison:404 anon:401 *:404"},
			{Pattern: "PUT /api/v1/targets", Path: apptest.Static("/api/v1/targets"), JSON: func(f *apptest.Fixture) any {
				return map[string]any{"user_id": tg(f).recruiter2.ID, "period": f.S.App.Targets.CurrentPeriod(), "recruits": 7}
			}, Want: "admin:200 manager:403 anon:401 *:404"},
		}
	})
}
