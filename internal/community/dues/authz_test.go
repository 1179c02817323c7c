package dues_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/community/dues"
)

// The markers of what the fees keep confidential: A's ordinary fee and
// C's supporting fee, in both languages.
var (
	feeA = []string{"987.654,32", "987,654.32"}
	feeC = []string{"123.456,78", "123,456.78"}
)

// duesFixture holds the fees shared by the cases of one matrix run.
type duesFixture struct {
	feeA, feeC string
}

// The fees and resignations are the association's: its admins and board
// see and change everything; a member's users read its own fees and
// resignation, and its partner admins resign and withdraw; the vendor's
// liaison, managers, recruiters and a company that is not a member (other)
// see nothing. C's pending resignation and fee stay the board's.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	apptest.Matrix(t, "dues", func() []apptest.Case {
		ctx := context.Background()
		fx := func(f *apptest.Fixture) *duesFixture {
			return apptest.Once(f, "dues", func() *duesFixture {
				f.Association()
				svc := f.S.App.Dues
				if _, err := svc.SaveSettings(ctx, f.AdminActor, dues.SettingsInput{FeeOrdinary: new(int64(98765432)), FeeSupporting: new(int64(12345678))}); err != nil {
					f.T.Fatal(err)
				}
				if _, err := svc.Raise(ctx, f.AdminActor, time.Now().Year(), time.Now()); err != nil {
					f.T.Fatal(err)
				}
				fees, err := svc.Fees(ctx, f.AdminActor, 0, "de")
				if err != nil || len(fees) != 2 {
					f.T.Fatalf("the fixture's fees: %d, %v", len(fees), err)
				}
				x := &duesFixture{}
				for _, fee := range fees {
					if fee.OrgID == f.A {
						x.feeA = fee.ID
					} else {
						x.feeC = fee.ID
					}
				}
				if _, err := svc.Resign(ctx, &auth.Actor{UserID: f.Unique("c"), Role: auth.RolePartnerAdmin, OrgID: f.C}); err != nil {
					f.T.Fatal(err)
				}
				outside := []string{"anon", "manager", "recruiter", "liaison", "other"}
				for _, m := range feeA {
					f.Forbid(m, outside...)
				}
				for _, m := range feeC {
					f.Forbid(m, append(outside, "padmin", "pmember")...)
				}
				f.Forbid("Gamma Partner AG", outside...)
				f.Forbid("Alpha Partner GmbH", outside...)
				return x
			})
		}
		path := func(p string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { fx(f); return p }
		}
		fee := func(which func(*duesFixture) string, prefix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return prefix + which(fx(f)) + "/payment" }
		}
		a := func(x *duesFixture) string { return x.feeA }
		c := func(x *duesFixture) string { return x.feeC }
		today := time.Now().UTC().Format(time.DateOnly)
		paid := func(*apptest.Fixture) url.Values { return url.Values{"paid_on": {today}} }
		settings := func(*apptest.Fixture) url.Values {
			return url.Values{"fee_ordinary": {"987654,32"}, "fee_supporting": {"123456,78"}, "currency": {"EUR"}, "due_month": {"3"}, "due_day": {"31"},
				"remind_days": {"14"}, "notice_months": {"3"}, "notice_to": {"year"}}
		}
		const (
			runs    = "admin,board:200 liaison:404 anon:303 *:404"
			inside  = "admin,board,padmin,pmember:200 liaison:404 anon:303 *:404"
			change  = "admin,board:303 liaison:404 anon:401 *:404"
			resign  = "padmin:303 pmember:403 board,liaison:404 anon:401 *:404"
			apiRuns = "admin,board:200 liaison:404 anon:401 *:404"
			apiIn   = "admin,board,padmin,pmember:200 liaison:404 anon:401 *:404"
		)
		return []apptest.Case{
			{Pattern: "GET /community/dues", Path: path("/community/dues"), Want: inside},
			{Pattern: "GET /community/dues/history", Path: path("/community/dues/history"), Want: runs},
			{Pattern: "GET /community/dues/settings", Path: path("/community/dues/settings"), Want: runs},
			{Pattern: "POST /community/dues/settings", Path: path("/community/dues/settings"), Form: settings, Want: change},
			{Pattern: "POST /community/dues/fees/{id}/payment", Path: fee(c, "/community/dues/fees/"), Form: paid, Want: change},
			{Pattern: "POST /community/dues/fees/{id}/payment", Path: fee(a, "/community/dues/fees/"), Form: paid, Want: change},
			{Pattern: "POST /community/dues/resignation", Path: path("/community/dues/resignation"), Want: resign},
			{Pattern: "POST /community/dues/resignation/withdraw", Path: path("/community/dues/resignation/withdraw"), Want: resign},

			{Pattern: "GET /api/v1/community/dues/settings", Path: path("/api/v1/community/dues/settings"), Want: apiRuns},
			{Pattern: "PATCH /api/v1/community/dues/settings", Path: path("/api/v1/community/dues/settings"),
				JSON: func(*apptest.Fixture) any { return map[string]any{"remind_days": 10, "currency": "EUR"} }, Want: apiRuns},
			{Pattern: "GET /api/v1/community/dues/fees", Path: path("/api/v1/community/dues/fees"), Want: apiIn},
			{Pattern: "PUT /api/v1/community/dues/fees/{id}/payment", Path: fee(c, "/api/v1/community/dues/fees/"),
				JSON: func(*apptest.Fixture) any { return map[string]any{"paid_on": today} }, Want: apiRuns},
			{Pattern: "GET /api/v1/community/dues/resignations", Path: path("/api/v1/community/dues/resignations"), Want: apiIn},
			{Pattern: "POST /api/v1/community/dues/resignation", Path: path("/api/v1/community/dues/resignation"),
				Want: "padmin:201 pmember:403 board,liaison:404 anon:401 *:404"},
			{Pattern: "POST /api/v1/community/dues/resignation/withdraw", Path: path("/api/v1/community/dues/resignation/withdraw"),
				Want: "padmin:200 pmember:403 board,liaison:404 anon:401 *:404"},
			{Pattern: "GET /api/v1/community/dues/history", Path: path("/api/v1/community/dues/history"), Want: apiRuns},
		}
	})
}
