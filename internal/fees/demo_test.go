package fees_test

import (
	"context"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/demo"
	"pakt/internal/fees"
)

// The demo's recruiter has terms in two versions, and its statements show
// stage fees, a won fee and a clawback of a partner without a first deal.
func TestSeedDemo(t *testing.T) {
	t.Parallel()
	for _, seed := range []int64{1, 7} {
		c := &clock{}
		c.set("2026-03-12")
		s := apptest.Start(t, withClock(c))
		ctx := context.Background()
		if _, err := demo.Seed(ctx, s.App.DemoOptions(40, seed, c.Now())); err != nil {
			t.Fatal(err)
		}
		staff := &auth.Actor{UserID: "demo-reader", Role: auth.RoleManager}
		list, err := s.App.Fees.Recruiters(ctx, staff, "de")
		tell(t, err)
		if len(list) != 1 || list[0].Rule == nil || list[0].Rule.Version != 2 || list[0].Rule.StageFeeMinor != 30_000 {
			t.Fatalf("seed %d: the demo's recruiter: %+v", seed, list)
		}
		months, err := s.App.Fees.Months(ctx, staff, list[0].ID)
		tell(t, err)
		kinds := map[string]int{}
		for _, m := range months {
			st, err := s.App.Fees.Statement(ctx, staff, list[0].ID, m.Month)
			tell(t, err)
			for _, l := range st.Lines {
				kinds[l.Kind]++
			}
		}
		if kinds[fees.LineStage] < 2 || kinds[fees.LineWon] != 1 || kinds[fees.LineClawback] != 1 {
			t.Errorf("seed %d: the demo's statements have %v lines, want stage fees, a won fee and a clawback", seed, kinds)
		}
	}
}
