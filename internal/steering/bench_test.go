package steering

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
)

// BenchmarkOverdueList measures the overdue-contact list, which every
// manager's dashboard shows, at 10 000 partners with three activities
// each. Run:
//
//	go test -run '^$' -bench OverdueList -benchtime 30x ./internal/steering/
func BenchmarkOverdueList(b *testing.B) {
	d := dbtest.SQLite(b)
	ctx := context.Background()
	now := time.Now().UTC()
	p := portfolio.NewService(d, time.Now)
	if err := p.EnsureDefaults(ctx); err != nil {
		b.Fatal(err)
	}
	s := NewService(d, time.Now)
	s.Quadrants, s.QuadrantOf = portfolio.QuadrantNames(), p.CurrentQuadrants
	if err := s.EnsureDefaults(ctx); err != nil {
		b.Fatal(err)
	}
	drafts := make([]partner.Draft, 10000)
	tiers := partner.Tiers
	for i := range drafts {
		name := fmt.Sprintf("Partner %05d GmbH", i)
		drafts[i].Input = partner.Input{LegalName: &name, Tier: &tiers[i%len(tiers)]}
	}
	ids, err := partner.NewService(d, time.Now).CreateAll(ctx, auth.System, drafts, nil)
	if err != nil {
		b.Fatal(err)
	}
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		for i, id := range ids {
			for k := range 3 {
				on := now.AddDate(0, 0, -(i%90)-k*30)
				a := &Activity{ID: fmt.Sprintf("a-%d-%d", i, k), OrgID: id, Kind: "meeting", On: time.Date(on.Year(), on.Month(), on.Day(), 0, 0, 0, 0, time.UTC),
					Personal: k != 1, CreatedAt: now}
				if err := insertActivity(ctx, tx, a); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	admin := &auth.Actor{Role: auth.RoleAdmin}
	benchCadences(ctx, b, s, admin)
	if _, err := s.OverdueList(ctx, admin, false); err != nil {
		b.Fatal(err)
	}
	durations := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		list, err := s.OverdueList(ctx, admin, false)
		if err != nil || len(list) == 0 {
			b.Fatalf("overdue: %d, %v", len(list), err)
		}
		durations = append(durations, time.Since(start))
	}
	b.StopTimer()
	reportPercentiles(b, durations)
}

// benchCadences gives every tier a cadence of 30 days besides the
// quadrants' defaults, so that every partner has one.
func benchCadences(ctx context.Context, b *testing.B, s *Service, admin *auth.Actor) {
	cads, err := s.Cadences(ctx, admin)
	if err != nil {
		b.Fatal(err)
	}
	for _, t := range partner.Tiers {
		cads = append(cads, Cadence{Scope: ScopeTier, Value: t, Days: 30})
	}
	if _, err := s.SetCadences(ctx, admin, cads); err != nil {
		b.Fatal(err)
	}
}

// reportPercentiles reports the median and the 99th percentile of the
// durations in milliseconds.
func reportPercentiles(b *testing.B, durations []time.Duration) {
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(durations[min(len(durations)-1, len(durations)*99/100)].Microseconds())/1000, "p99-ms")
}
