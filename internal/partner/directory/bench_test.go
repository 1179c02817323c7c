package directory_test

// Directory benchmarks. They are benchmarks, not timed tests: `go test`
// runs none of them. Datasets of demo organisations are built once per
// `go test` process and shared by every sub-benchmark:
//
//	go test -run '^$' -bench . -benchtime 2s ./internal/partner/
//
// runs the 10k datasets on SQLite (and on PostgreSQL when
// PAKT_TEST_POSTGRES holds a URL). The 100k datasets take minutes to
// build and run only with PAKT_BENCH_LARGE=1 and without -short. The 1m
// size runs on SQLite only, on a database seeded beforehand by
// `pakt demo --partners 1000000 --no-serve`, named by PAKT_BENCH_1M (a copy:
// BenchmarkSearchAfterChange changes a city in it). See BENCHMARKS.md for
// the figures and the exact commands.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/bench"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/demo"
	"pakt/internal/partner"
)

func TestMain(m *testing.M) {
	code := m.Run()
	datasets.close()
	os.Exit(code)
}

// benchSizes are the dataset sizes; large ones need PAKT_BENCH_LARGE=1,
// the seeded one PAKT_BENCH_1M.
var benchSizes = []struct {
	name  string
	n     int
	large bool
}{{"10k", 10_000, false}, {"100k", 100_000, true}, {"1m", 1_000_000, true}}

// seededSize is the size whose database is seeded beforehand (PAKT_BENCH_1M).
const seededSize = "1m"

var benchEngines = []string{"sqlite", "postgres"}

// dataset is a database seeded with n demo organisations and a Service
// whose index is loaded.
type dataset struct {
	db      *db.DB
	svc     *partner.Service
	seeding time.Duration
	err     error
}

// datasetCache holds the datasets of this process by engine and size.
type datasetCache struct {
	mu       sync.Mutex
	sets     map[string]*dataset
	cleanups []func() error
}

var datasets = &datasetCache{sets: map[string]*dataset{}}

// get returns the dataset of n organisations on engine, building it on
// first use; it skips b when the engine or size is not enabled.
func (c *datasetCache) get(b *testing.B, engine, size string, n int, large bool) *dataset {
	b.Helper()
	if large && (testing.Short() || os.Getenv("PAKT_BENCH_LARGE") != "1") {
		b.Skip("size ", size, ": set PAKT_BENCH_LARGE=1 (and do not pass -short) to run it")
	}
	if engine == "postgres" && os.Getenv("PAKT_TEST_POSTGRES") == "" {
		b.Skip("PAKT_TEST_POSTGRES not set: PostgreSQL benchmarks skipped")
	}
	if size == seededSize && (engine != "sqlite" || os.Getenv("PAKT_BENCH_1M") == "") {
		b.Skip("size ", size, ": on SQLite with PAKT_BENCH_1M naming a database of `pakt demo --partners 1000000`")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	key := engine + "/" + size
	ds, ok := c.sets[key]
	if !ok {
		ds = c.build(engine, n, size == seededSize)
		c.sets[key] = ds
		if ds.err == nil && ds.seeding > 0 {
			// Printed, not logged: the log of a benchmark with
			// sub-benchmarks shows only with -v.
			fmt.Printf("dataset engine=%s/size=%s: %d demo partners loaded in %s (%.0f/s)\n",
				engine, size, n, ds.seeding.Round(time.Millisecond), bench.PerSecond(n, ds.seeding))
		}
	}
	if ds.err != nil {
		b.Fatalf("dataset %s: %v", key, ds.err)
	}
	return ds
}

func (c *datasetCache) build(engine string, n int, seeded bool) *dataset {
	ctx := context.Background()
	var location string
	switch {
	case seeded:
		location = os.Getenv("PAKT_BENCH_1M")
	case engine == "sqlite":
		dir, err := os.MkdirTemp("", "pakt-bench-")
		if err != nil {
			return &dataset{err: err}
		}
		c.cleanups = append(c.cleanups, func() error { return os.RemoveAll(dir) })
		location = filepath.Join(dir, "pakt.db")
	default:
		u, drop, err := dbtest.NewPostgresSchema(os.Getenv("PAKT_TEST_POSTGRES"))
		if err != nil {
			return &dataset{err: err}
		}
		c.cleanups = append(c.cleanups, drop)
		location = u
	}
	d, err := db.Open(ctx, location)
	if err != nil {
		return &dataset{err: err}
	}
	// Closed before the schema or file goes: cleanups run last first.
	c.cleanups = append(c.cleanups, d.Close)
	if _, err := d.Migrate(ctx); err != nil {
		return &dataset{err: err}
	}
	svc := partner.NewService(d, clock)
	var took time.Duration
	if !seeded {
		if _, took, err = bench.Seed(ctx, svc, n); err != nil {
			return &dataset{err: err}
		}
	}
	// The searches measure warm queries; the cold load has its own
	// benchmark.
	if err := svc.Index.Refresh(ctx); err != nil {
		return &dataset{err: err}
	}
	return &dataset{db: d, svc: svc, seeding: took}
}

func (c *datasetCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range slices.Backward(c.cleanups) {
		if err := f(); err != nil {
			fmt.Fprintln(os.Stderr, "benchmark cleanup:", err)
		}
	}
}

// benchActor searches as programme staff, like the bench command's admin
// with its API token: every organisation is visible.
var benchActor = &auth.Actor{UserID: "bench", Role: auth.RoleAdmin}

// BenchmarkSearch measures Service.Search (with the change-counter query
// it makes each time) per engine, dataset size and query kind, and reports
// the p50 and p99 latency of the iterations in µs.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	for _, engine := range benchEngines {
		b.Run("engine="+engine, func(b *testing.B) {
			for _, size := range benchSizes {
				b.Run("size="+size.name, func(b *testing.B) {
					ds := datasets.get(b, engine, size.name, size.n, size.large)
					for _, kind := range bench.QueryKinds() {
						b.Run("kind="+kind.Name, func(b *testing.B) {
							r, err := ds.svc.Search(ctx, benchActor, kind.Query)
							if err != nil {
								b.Fatal(err)
							}
							if r.Total == 0 {
								b.Fatalf("%s finds nothing: the benchmark would measure an empty result", kind.Name)
							}
							durs := make([]time.Duration, b.N)
							b.ReportAllocs()
							b.ResetTimer()
							for i := range b.N {
								start := time.Now()
								if _, err := ds.svc.Search(ctx, benchActor, kind.Query); err != nil {
									b.Fatal(err)
								}
								durs[i] = time.Since(start)
							}
							b.StopTimer()
							slices.Sort(durs)
							b.ReportMetric(float64(bench.Percentile(durs, 50))/1e3, "p50-µs")
							b.ReportMetric(float64(bench.Percentile(durs, 99))/1e3, "p99-µs")
							b.ReportMetric(float64(r.Total), "matches")
						})
					}
				})
			}
		})
	}
}

// BenchmarkSearchAfterChange measures the first facets-only search after
// one organisation changed (its city, through Service.Update, outside the
// timer): the index then loads the change and rebuilds its term and name
// order before it answers. It runs after BenchmarkSearch, whose datasets
// it changes only in that one city.
func BenchmarkSearchAfterChange(b *testing.B) {
	ctx := context.Background()
	q := bench.QueryKinds()[0].Query
	for _, engine := range benchEngines {
		b.Run("engine="+engine, func(b *testing.B) {
			for _, size := range benchSizes {
				b.Run("size="+size.name, func(b *testing.B) {
					ds := datasets.get(b, engine, size.name, size.n, size.large)
					r, err := ds.svc.Search(ctx, benchActor, partner.Query{Text: demo.ShowcaseName})
					if err != nil || len(r.Hits) == 0 {
						b.Fatalf("the showcase partner is not found: %v", err)
					}
					id := r.Hits[0].ID
					durs := make([]time.Duration, b.N)
					b.ReportAllocs()
					b.ResetTimer()
					for i := range b.N {
						b.StopTimer()
						city := fmt.Sprintf("München %d", i)
						if _, err := ds.svc.Update(ctx, benchActor, id, partner.Input{City: &city}); err != nil {
							b.Fatal(err)
						}
						b.StartTimer()
						start := time.Now()
						if _, err := ds.svc.Search(ctx, benchActor, q); err != nil {
							b.Fatal(err)
						}
						durs[i] = time.Since(start)
					}
					b.StopTimer()
					slices.Sort(durs)
					b.ReportMetric(float64(bench.Percentile(durs, 50))/1e3, "p50-µs")
					b.ReportMetric(float64(bench.Percentile(durs, 99))/1e3, "p99-µs")
				})
			}
		})
	}
}

// BenchmarkIndexLoad measures the cold load of the directory index (Refresh
// on a new Index) and reports the heap it holds in MB: the growth of the
// live heap (HeapAlloc after a GC) over the load. HeapInuse varies with
// how freed spans are reused and is not used.
func BenchmarkIndexLoad(b *testing.B) {
	ctx := context.Background()
	for _, engine := range benchEngines {
		b.Run("engine="+engine, func(b *testing.B) {
			for _, size := range benchSizes {
				b.Run("size="+size.name, func(b *testing.B) {
					ds := datasets.get(b, engine, size.name, size.n, size.large)
					var heap uint64
					b.ReportAllocs()
					b.ResetTimer()
					for range b.N {
						b.StopTimer()
						var before, after runtime.MemStats
						runtime.GC()
						runtime.ReadMemStats(&before)
						ix := partner.NewIndex(ds.db)
						b.StartTimer()
						if err := ix.Refresh(ctx); err != nil {
							b.Fatal(err)
						}
						b.StopTimer()
						runtime.GC()
						runtime.ReadMemStats(&after)
						runtime.KeepAlive(ix)
						heap = max(heap, after.HeapAlloc-min(after.HeapAlloc, before.HeapAlloc))
						b.StartTimer()
					}
					b.StopTimer()
					b.ReportMetric(float64(heap)/(1<<20), "MB-heap")
				})
			}
		})
	}
}
