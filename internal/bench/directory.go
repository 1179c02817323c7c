package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"time"

	"pakt/internal/partner"
)

// DirectoryOptions configure a directory benchmark.
type DirectoryOptions struct {
	Options
	// Partners is the number of demo organisations to seed.
	Partners int
	// Queries is the number of searches to send; QueryKinds take turns.
	Queries int
}

// DirectoryReport is the outcome of a directory benchmark.
type DirectoryReport struct {
	Engine, Version, Location string
	Partners, Queries         int
	Concurrency               int
	MaxDuration               time.Duration
	// Seeding is the time loading the organisations took.
	Seeding time.Duration
	// IndexLoad is the cold load of the directory index, IndexHeap the heap
	// it holds: the growth of the live heap (runtime.MemStats.HeapAlloc
	// after a GC), in bytes.
	IndexLoad time.Duration
	IndexHeap uint64
	// Client is GET /api/v1/partners as the client sees it over loopback,
	// by query kind; Server is Service.Search called in-process with the
	// same mix and concurrency.
	Client, Server       []Series
	ClientAll, ServerAll Stats
	ClientWall           time.Duration
	ServerWall           time.Duration
}

// Directory seeds a fresh database with o.Partners demo organisations,
// serves it on 127.0.0.1 and measures o.Queries directory searches through
// the API, then the same searches in-process.
func Directory(ctx context.Context, o DirectoryOptions) (*DirectoryReport, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	if o.Partners <= 0 || o.Queries <= 0 {
		return nil, errors.New("bench: partners and queries must be at least 1")
	}
	s, err := openFresh(ctx, o.Options)
	if err != nil {
		return nil, err
	}
	rep, err := directory(ctx, s, o)
	return rep, errors.Join(err, s.close())
}

func directory(ctx context.Context, s *server, o DirectoryOptions) (*DirectoryReport, error) {
	rep := &DirectoryReport{Engine: s.engine, Version: s.version, Location: s.location, Partners: o.Partners, Queries: o.Queries,
		Concurrency: o.Concurrency, MaxDuration: o.MaxDuration}
	fmt.Fprintf(o.Progress, "seeding %d partners into %s %s …\n", o.Partners, s.engine, s.location)
	var err error
	if _, rep.Seeding, err = Seed(ctx, s.app.Partners, o.Partners); err != nil {
		return nil, err
	}

	// The cold load, measured before the server runs so that nothing else
	// allocates meanwhile.
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	if err := s.app.Partners.Index.Refresh(ctx); err != nil {
		return nil, err
	}
	rep.IndexLoad = time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	if after.HeapAlloc > before.HeapAlloc {
		rep.IndexHeap = after.HeapAlloc - before.HeapAlloc
	}

	if err := s.start(ctx, o.Concurrency); err != nil {
		return nil, err
	}
	kinds := QueryKinds()
	paths := make([]string, len(kinds))
	matches := make([]int, len(kinds))
	// One request of each kind first: it checks that the API answers as
	// Search does, and warms connections and caches.
	for k, kind := range kinds {
		paths[k] = "/api/v1/partners?" + kind.Values().Encode()
		body, err := s.request(ctx, http.MethodGet, paths[k], nil, http.StatusOK)
		if err != nil {
			return nil, err
		}
		var got partner.Result
		if err := json.Unmarshal(body, &got); err != nil {
			return nil, fmt.Errorf("bench: %s: %w", kind.Name, err)
		}
		want, err := s.app.Partners.Search(ctx, s.admin, kind.Query)
		if err != nil {
			return nil, err
		}
		if got.Total != want.Total {
			return nil, fmt.Errorf("bench: %s: the API found %d, Search %d", kind.Name, got.Total, want.Total)
		}
		matches[k] = want.Total
	}

	fmt.Fprintf(o.Progress, "sending %d queries over HTTP, concurrency %d …\n", o.Queries, o.Concurrency)
	rctx, cancel := context.WithTimeout(ctx, o.MaxDuration)
	samples, wall, err := run(rctx, o.Queries, o.Concurrency, func(ctx context.Context, i int) error {
		_, err := s.request(ctx, http.MethodGet, paths[i%len(kinds)], nil, http.StatusOK)
		return err
	})
	cancel()
	if err != nil {
		return nil, err
	}
	rep.Client, rep.ClientAll = bySeries(kinds, matches, samples)
	rep.ClientWall = wall

	fmt.Fprintf(o.Progress, "running %d searches in-process …\n", o.Queries)
	rctx, cancel = context.WithTimeout(ctx, o.MaxDuration)
	samples, wall, err = run(rctx, o.Queries, o.Concurrency, func(ctx context.Context, i int) error {
		_, err := s.app.Partners.Search(ctx, s.admin, kinds[i%len(kinds)].Query)
		return err
	})
	cancel()
	if err != nil {
		return nil, err
	}
	rep.Server, rep.ServerAll = bySeries(kinds, matches, samples)
	rep.ServerWall = wall
	return rep, nil
}

// bySeries groups samples by query kind (call i is kind i mod the number of
// kinds) and summarises each and all.
func bySeries(kinds []QueryKind, matches []int, samples []sample) ([]Series, Stats) {
	per := make([][]time.Duration, len(kinds))
	all := make([]time.Duration, 0, len(samples))
	for _, s := range samples {
		per[s.i%len(kinds)] = append(per[s.i%len(kinds)], s.d)
		all = append(all, s.d)
	}
	out := make([]Series, len(kinds))
	for k, kind := range kinds {
		out[k] = Series{Name: kind.Name, Stats: Summarise(per[k]), Matches: matches[k]}
	}
	return out, Summarise(all)
}

// Write prints the report as plain text.
func (r *DirectoryReport) Write(w io.Writer) {
	fmt.Fprintf(w, "pakt bench directory: %d partners on %s %s, %d queries, concurrency %d\n", r.Partners, r.Engine, r.Version, r.Queries, r.Concurrency)
	fmt.Fprintf(w, "machine: %d CPUs (GOMAXPROCS %d), %s/%s, %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Fprintf(w, "seeding: %d demo partners loaded in %s (%.0f partners/s)\n", r.Partners, r.Seeding.Round(time.Millisecond), PerSecond(r.Partners, r.Seeding))
	fmt.Fprintf(w, "index: cold load %s, %.1f MiB live heap\n", r.IndexLoad.Round(time.Millisecond), float64(r.IndexHeap)/(1<<20))
	fmt.Fprintln(w, "HTTP GET /api/v1/partners, client side over loopback (admin, API token; query kinds in turn):")
	writeTable(w, r.Client, r.ClientAll, r.ClientWall, "queries")
	r.stopped(w, r.ClientAll)
	fmt.Fprintln(w, "server time: Service.Search in-process, same mix and concurrency:")
	writeTable(w, r.Server, r.ServerAll, r.ServerWall, "queries")
	r.stopped(w, r.ServerAll)
}

func (r *DirectoryReport) stopped(w io.Writer, s Stats) {
	if s.Count < r.Queries {
		fmt.Fprintf(w, "  stopped after the maximum duration %s: %d of %d queries done\n", r.MaxDuration, s.Count, r.Queries)
	}
}
