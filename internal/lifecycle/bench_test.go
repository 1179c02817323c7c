package lifecycle

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
)

// BenchmarkFunnel measures the funnel report over 50 000 prospects, each
// with a history of one to eight stage changes over the past year. Run:
//
//	go test -run '^$' -bench Funnel -benchtime 20x ./internal/lifecycle/
//	PAKT_TEST_POSTGRES=… go test -run '^$' -bench 'Funnel/engine=postgres' -benchtime 20x ./internal/lifecycle/
func BenchmarkFunnel(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run("engine="+engine, func(b *testing.B) {
			var d *db.DB
			if engine == "sqlite" {
				d = dbtest.SQLite(b)
			} else if d = dbtest.Postgres(b); d == nil {
				b.Skip("PAKT_TEST_POSTGRES not set")
			}
			now := time.Now().UTC()
			s := NewService(d, func() time.Time { return now }, partner.NewService(d, time.Now))
			seedFunnel(b, d, 50000, now)
			admin := &auth.Actor{Role: auth.RoleAdmin}
			funnel := func() {
				r, err := s.Funnel(context.Background(), admin, time.Time{}, time.Time{})
				if err != nil || r.Prospects != 50000 {
					b.Fatalf("funnel: %+v, %v", r, err)
				}
			}
			funnel() // the first call loads the history
			b.Run("steady", func(b *testing.B) { measure(b, func(int) {}, funnel) })
			// The first funnel after a prospect moved reloads the history.
			prospects, err := listProspects(context.Background(), d, "")
			if err != nil {
				b.Fatal(err)
			}
			b.Run("after-change", func(b *testing.B) {
				measure(b, func(i int) {
					p := prospects[i%len(prospects)]
					if _, err := s.Move(context.Background(), admin, p.OrgID, Stages[i%7], ""); err != nil {
						b.Fatal(err)
					}
				}, funnel)
			})
		})
	}
}

// measure runs fn b.N times, each after an untimed change, and reports the
// p50 and p99 in milliseconds.
func measure(b *testing.B, change func(i int), fn func()) {
	b.ReportAllocs()
	d := make([]time.Duration, 0, b.N)
	for i := range b.N {
		b.StopTimer()
		change(i)
		b.StartTimer()
		start := time.Now()
		fn()
		d = append(d, time.Since(start))
	}
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(d[min(len(d)-1, len(d)*99/100)].Microseconds())/1000, "p99-ms")
}

func seedFunnel(b *testing.B, d *db.DB, n int, now time.Time) {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	drafts := make([]partner.Draft, n)
	kind, status := partner.KindProspect, "prospect"
	for i := range drafts {
		name := fmt.Sprintf("Aussicht %05d GmbH", i)
		drafts[i].Input = partner.Input{LegalName: &name, Kind: &kind, Status: &status}
	}
	ids, err := partner.NewService(d, time.Now).CreateAll(ctx, auth.System, drafts, nil)
	if err != nil {
		b.Fatal(err)
	}
	changes := 0
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		for i, id := range ids {
			at := now.AddDate(0, 0, -365+i%300)
			furthest := 1 + (i*7)%8 // how many stages it got through
			p := &Prospect{OrgID: id, Stage: Stages[furthest-1], Source: SourceImport, CreatedAt: at, UpdatedAt: at, StageSince: at}
			if i%9 == 0 {
				p.Stage, p.LostReason = Lost, "Kein Budget"
			}
			if err := insertProspect(ctx, tx, p); err != nil {
				return err
			}
			from := ""
			for st := 0; st < furthest; st++ {
				if err := insertChange(ctx, tx, &Change{OrgID: id, From: from, To: Stages[st], At: at}, db.NewID()); err != nil {
					return err
				}
				from, at = Stages[st], at.Add(time.Duration(3+i%20)*24*time.Hour)
				changes++
			}
			if p.Stage == Lost {
				if err := insertChange(ctx, tx, &Change{OrgID: id, From: from, To: Lost, At: at}, db.NewID()); err != nil {
					return err
				}
				changes++
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	fmt.Printf("seeded %d prospects with %d stage changes in %s\n", n, changes, time.Since(start).Round(time.Millisecond))
}
