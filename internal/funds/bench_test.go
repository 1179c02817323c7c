package funds_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/funds"
)

// BenchmarkMoneyView10k measures the data of "where does the money go"
// over 10 000 partners on SQLite, each with a budget, a paid activity and
// an open one, the hooks filled with maps of 10 000 entries; it reports the
// 99th percentile.
func BenchmarkMoneyView10k(b *testing.B) {
	ctx := context.Background()
	d := dbtest.SQLite(b)
	const n = 10_000
	now := time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)
	ids := make([]string, n)
	quadrants := make(map[string]string, n)
	leads := make(map[string]funds.OrgLeads, n)
	won := make(map[string]map[string]int64, n)
	names := []string{"hero", "candidate", "vampire", "shadow"}
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		for i := range ids {
			ids[i] = db.NewID()
			if err := funds.BenchSeed(ctx, tx, ids[i], i, now); err != nil {
				return err
			}
			quadrants[ids[i]] = names[i%len(names)]
			leads[ids[i]] = funds.OrgLeads{Given: i % 7, Accepted: i % 5, Converted: i % 3}
			won[ids[i]] = map[string]int64{"EUR": int64(i%11) * 100_000}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	svc := funds.NewService(d, func() time.Time { return now }, nil, nil)
	svc.Quadrants = names
	svc.QuadrantOf = func(context.Context, *auth.Actor) (map[string]string, error) { return quadrants, nil }
	svc.LeadsPerOrg = func(context.Context, time.Time, time.Time) (map[string]funds.OrgLeads, error) { return leads, nil }
	svc.WonPerOrg = func(context.Context, time.Time, time.Time) (map[string]map[string]int64, error) { return won, nil }
	staff := &auth.Actor{Role: auth.RoleManager}
	var took []time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		m, err := svc.Money(ctx, staff, "2026")
		if err != nil || len(m.Partners) != n {
			b.Fatal(err, len(m.Partners))
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	p99 := took[min(len(took)-1, len(took)*99/100)]
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
}
