package concierge_test

// Concierge ranking benchmark: Service.Matches over demo partners on SQLite,
// with everything a request does (change counters, the taxonomy, the
// asker's own place, the facts from the directory index, responsiveness
// and pins, ranking, the reasons of the first 20). The 100k dataset takes
// about a minute to seed and runs only with PAKT_BENCH_LARGE=1:
//
//	PAKT_BENCH_LARGE=1 go test -run '^$' -bench Matches -benchtime 400x ./internal/concierge/
//
// The 1m size runs on a database seeded beforehand by
// `pakt demo --partners 1000000 --no-serve`, named by PAKT_BENCH_1M.
//
// It reports the p50 and p99 latency in µs and the number of matches.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/bench"
	"pakt/internal/concierge"
	"pakt/internal/db"
	"pakt/internal/demo"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

type benchSet struct {
	svc   *concierge.Service
	comps map[string]string // slug → id
	asker *auth.Actor
	err   error
}

var (
	benchOnce sync.Map // size → *benchSet
	benchMu   sync.Mutex
)

func benchData(b *testing.B, n int, large bool) *benchSet {
	b.Helper()
	if large && (testing.Short() || os.Getenv("PAKT_BENCH_LARGE") != "1") {
		b.Skip("set PAKT_BENCH_LARGE=1 (and do not pass -short) for the large dataset")
	}
	if n == seededSize && os.Getenv("PAKT_BENCH_1M") == "" {
		b.Skip("set PAKT_BENCH_1M to a database of `pakt demo --partners 1000000` for the 1m dataset")
	}
	benchMu.Lock()
	defer benchMu.Unlock()
	if v, ok := benchOnce.Load(n); ok {
		return v.(*benchSet)
	}
	bs := buildBench(b, n)
	benchOnce.Store(n, bs)
	if bs.err != nil {
		b.Fatal(bs.err)
	}
	return bs
}

func buildBench(b *testing.B, n int) *benchSet {
	ctx := context.Background()
	// PAKT_BENCH_DIR keeps the seeded database between runs (for
	// profiling); by default it is made in a temporary directory.
	dir := os.Getenv("PAKT_BENCH_DIR")
	if dir == "" {
		tmp, err := os.MkdirTemp("", "pakt-concierge-bench-")
		if err != nil {
			return &benchSet{err: err}
		}
		b.Cleanup(func() { os.RemoveAll(tmp) })
		dir = tmp
	}
	file := filepath.Join(dir, fmt.Sprintf("concierge-%d.db", n))
	if n == seededSize {
		file = os.Getenv("PAKT_BENCH_1M")
	}
	_, statErr := os.Stat(file)
	d, err := db.Open(ctx, file)
	if err != nil {
		return &benchSet{err: err}
	}
	b.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		return &benchSet{err: err}
	}
	clock := func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	ps := partner.NewService(d, clock)
	comps := map[string]string{}
	if statErr != nil {
		start := time.Now()
		if _, _, err := bench.Seed(ctx, ps, n); err != nil {
			return &benchSet{err: err}
		}
		fmt.Printf("concierge dataset: %d partners seeded in %s\n", n, time.Since(start).Round(time.Millisecond))
	}
	taxonomy, err := ps.Competencies(ctx)
	if err != nil {
		return &benchSet{err: err}
	}
	for _, c := range taxonomy {
		comps[c.Slug] = c.ID
	}
	res, err := ps.Search(ctx, &auth.Actor{Role: auth.RoleAdmin}, partner.Query{Text: demo.ShowcaseName})
	if err != nil || len(res.Hits) == 0 {
		return &benchSet{err: fmt.Errorf("showcase partner: %v", err)}
	}
	svc := concierge.NewService(d, clock, ps, notify.NewService(d, clock, nil, nil))
	// The showcase partner asks, as partners do on the concierge page.
	asker := &auth.Actor{UserID: "bench", Role: auth.RolePartnerAdmin, OrgID: res.Hits[0].ID, Lang: "de"}
	return &benchSet{svc: svc, comps: comps, asker: asker}
}

// seededSize is the size of the dataset seeded beforehand (PAKT_BENCH_1M).
const seededSize = 1_000_000

// BenchmarkMatches measures a concierge question per dataset size and
// kind of question.
func BenchmarkMatches(b *testing.B) {
	ctx := context.Background()
	for _, size := range []struct {
		name  string
		n     int
		large bool
	}{{"10k", 10_000, false}, {"100k", 100_000, true}, {"1m", seededSize, true}} {
		b.Run("size="+size.name, func(b *testing.B) {
			bs := benchData(b, size.n, size.large)
			kinds := []struct {
				name string
				q    concierge.Query
			}{
				{"competency", concierge.Query{Competencies: []string{bs.comps["vr"]}}},
				{"competencies+period", concierge.Query{Competencies: []string{bs.comps["vr"], bs.comps["ar"], bs.comps["cloud-migration"]}, From: "2027-03-01", To: "2027-03-31"}},
				{"competency+region", concierge.Query{Competencies: []string{bs.comps["security"]}, Region: "Bavaria"}},
				{"competency+radius", concierge.Query{Competencies: []string{bs.comps["azure"]}, City: "Frankfurt", RadiusKm: 150}},
				{"topic", concierge.Query{Topic: "Schulung Cloud"}},
			}
			for _, kind := range kinds {
				b.Run("kind="+kind.name, func(b *testing.B) {
					res, err := bs.svc.Matches(ctx, bs.asker, kind.q, "de")
					if err != nil {
						b.Fatal(err)
					}
					if res.Total == 0 {
						b.Fatalf("%s matches nothing", kind.name)
					}
					durs := make([]time.Duration, b.N)
					b.ReportAllocs()
					b.ResetTimer()
					for i := range b.N {
						t0 := time.Now()
						if _, err := bs.svc.Matches(ctx, bs.asker, kind.q, "de"); err != nil {
							b.Fatal(err)
						}
						durs[i] = time.Since(t0)
					}
					b.StopTimer()
					slices.Sort(durs)
					b.ReportMetric(float64(bench.Percentile(durs, 50))/1e3, "p50-µs")
					b.ReportMetric(float64(bench.Percentile(durs, 99))/1e3, "p99-µs")
					b.ReportMetric(float64(res.Total), "matches")
				})
			}
		})
	}
}
