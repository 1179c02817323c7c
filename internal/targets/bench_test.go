package targets_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/partner"
	"pakt/internal/targets"
)

// BenchmarkRollup10k measures the roll-up an admin's targets page shows
// for a programme of 10 000 partner plans of one year on SQLite: 100
// managers with 100 partners each, every manager and the programme with a
// target, 2 % of the plans in CHF; through the whole app, so that the
// plan sums (steering), the deals of every partner at once (deal
// registration) and the prospects won (pipeline) are read as in
// production. It reports the 99th percentile; the target is 50 ms. Run:
//
//	go test -run '^$' -bench Rollup10k -benchtime 50x ./internal/targets/
func BenchmarkRollup10k(b *testing.B) {
	ctx := context.Background()
	s := apptest.Start(b)
	const managers, perManager = 100, 100
	admin := s.CreateUser(auth.RoleAdmin, "").Actor()
	period := "2026"
	drafts := make([]partner.Draft, 0, managers*perManager)
	for m := range managers {
		u := s.CreateUser(auth.RoleManager, "")
		if _, err := s.App.Targets.Save(ctx, admin, targetsInput(u.ID, period, int64(m))); err != nil {
			b.Fatal(err)
		}
		for i := range perManager {
			name := fmt.Sprintf("Partner %03d-%03d GmbH", m, i)
			drafts = append(drafts, partner.Draft{Input: partner.Input{LegalName: &name, ManagerID: &u.ID}})
		}
	}
	if _, err := s.App.Targets.Save(ctx, admin, targetsInput("", period, 0)); err != nil {
		b.Fatal(err)
	}
	ids, err := s.App.Partners.CreateAll(ctx, auth.System, drafts, nil)
	if err != nil {
		b.Fatal(err)
	}
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	now := time.Now().UTC()
	rows := make([][]any, len(ids))
	for i, id := range ids {
		cur := "EUR"
		if i%50 == 0 {
			cur = "CHF"
		}
		target := int64(50_000+(i%7)*25_000) * 100
		rows[i] = []any{db.NewID(), id, period, from, to, cur, target, int64(4 + i%6), int64(1 + i%3), target * int64(i%90) / 100, int64(i % 5), int64(i % 3), "Bench", now}
	}
	err = s.App.DB.Bulk(ctx, func(bl *db.Bulk) error {
		return bl.Insert(ctx, "plans", []string{"id", "org_id", "period", "starts_on", "ends_on", "currency", "target_revenue_minor", "target_deals",
			"target_certifications", "actual_revenue_minor", "actual_deals", "actual_certifications", "updated_by", "updated_at"}, rows)
	})
	if err != nil {
		b.Fatal(err)
	}
	check := func() {
		r, err := s.App.Targets.Rollup(ctx, admin, period, "de")
		if err != nil {
			b.Fatal(err)
		}
		if r.Programme.Plans != len(ids)-len(ids)/50 || len(r.Managers) != managers {
			b.Fatalf("the roll-up counts %d plans and %d managers", r.Programme.Plans, len(r.Managers))
		}
	}
	check()
	took := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		check()
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	p99 := took[min(len(took)-1, len(took)*99/100)]
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
}

// targetsInput is a target of user ("" the programme) for period that
// varies with n.
func targetsInput(user, period string, n int64) targets.Input {
	return targets.Input{UserID: user, Period: period, Currency: "EUR", RevenueMinor: (5_000_000 + n*100_000) * 100, Deals: 40 + n%20, Certifications: 10, Recruits: 3}
}
