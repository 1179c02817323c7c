// Package bench measures pakt under load: directory searches and profile
// creates through the real HTTP server on 127.0.0.1, on a fresh database
// seeded with demo data. The `pakt bench` command runs it; the Go
// benchmarks of the directory share its query mix and seeding.
//
// Every run is bounded: by the number of requests and by a maximum
// duration, whichever comes first.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/demo"
	"pakt/internal/partner"
)

// QueryKind is one kind of directory query in the benchmark mix.
type QueryKind struct {
	// Name is short and without spaces, for tables and benchmark names.
	Name  string
	Query partner.Query
}

// QueryKinds returns the benchmark's directory queries: facets only, text,
// text with a facet, a typo, and a free-resources period, each with every
// facet count, as the API gives them with facets=all; and a plain page in
// name order without counts, as the directory's first page without facets.
func QueryKinds() []QueryKind {
	var facets, textFacets, free partner.Query
	facets.Filters[partner.FacetCountry] = []string{"DE"}
	facets.Filters[partner.FacetTier] = []string{"gold"}
	textFacets.Text = "security"
	textFacets.Filters[partner.FacetRegion] = []string{"Bayern"}
	free.FreeFrom = partner.Date{Time: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)}
	free.FreeTo = partner.Date{Time: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)}
	kinds := []QueryKind{
		{"facets", facets},
		{"text", partner.Query{Text: "mueller it"}},
		{"text+facets", textFacets},
		{"typo", partner.Query{Text: "mulller"}},
		{"free-period", free},
	}
	for i := range kinds {
		kinds[i].Query.Facets = partner.AllFacets
	}
	return append(kinds, QueryKind{"plain-page", partner.Query{}})
}

// Values returns the query as GET /api/v1/partners parameters.
func (k QueryKind) Values() url.Values {
	q := k.Query
	v := url.Values{}
	if q.Text != "" {
		v.Set("q", q.Text)
	}
	for f, name := range partner.FacetNames {
		if len(q.Filters[f]) > 0 {
			v[name] = slices.Clone(q.Filters[f])
		}
	}
	if !q.FreeFrom.IsZero() {
		v.Set("free_from", q.FreeFrom.String())
	}
	if !q.FreeTo.IsZero() {
		v.Set("free_to", q.FreeTo.String())
	}
	if q.Sort != "" {
		v.Set("sort", q.Sort)
	}
	if len(q.Facets) > 0 {
		v.Set("facets", strings.Join(q.Facets, ","))
	}
	if q.Page > 0 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	if q.PerPage > 0 {
		v.Set("per_page", strconv.Itoa(q.PerPage))
	}
	return v
}

// Seed creates the demo competency taxonomy and n demo organisations
// (demo.Drafts with seed 1) through the bulk load (see Insert). It
// returns the competency ids and how long loading the organisations took.
func Seed(ctx context.Context, s *partner.Service, n int) ([]string, time.Duration, error) {
	ids, err := SeedCompetencies(ctx, s)
	if err != nil {
		return nil, 0, err
	}
	drafts := demo.Drafts(1, n, ids)
	start := time.Now()
	if _, err := Insert(ctx, s, drafts); err != nil {
		return nil, 0, err
	}
	return ids, time.Since(start), nil
}

// Insert loads drafts as the demo loads its partners: partner.InsertAll
// (validated as CreateAll, without audit entries) in transactions of
// demo.BulkPart organisations, through COPY on PostgreSQL, and the
// planner's statistics after. It returns the new ids in the order of
// drafts.
func Insert(ctx context.Context, s *partner.Service, drafts []partner.Draft) ([]string, error) {
	ids := make([]string, 0, len(drafts))
	load, err := s.DB.Loader(ctx)
	if err != nil {
		return nil, err
	}
	for at := 0; at < len(drafts); at += demo.BulkPart {
		part := drafts[at:min(at+demo.BulkPart, len(drafts))]
		err := load.Part(ctx, func(b *db.Bulk) error {
			got, err := s.InsertAll(ctx, b, auth.System, part)
			ids = append(ids, got...)
			return err
		})
		if err != nil {
			return nil, errors.Join(fmt.Errorf("seed organisations %d–%d: %w", at+1, at+len(part), err), load.Close())
		}
	}
	if err := load.Close(); err != nil {
		return nil, err
	}
	return ids, s.DB.Analyze(ctx)
}

// SeedCompetencies creates the demo competency taxonomy and returns the
// ids, "vr" first as demo.Drafts expects.
func SeedCompetencies(ctx context.Context, s *partner.Service) ([]string, error) {
	var ids []string
	for _, in := range demo.Competencies() {
		c, err := s.SaveCompetency(ctx, auth.System, "", in)
		if err != nil {
			return nil, fmt.Errorf("seed competency %s: %w", *in.Slug, err)
		}
		ids = append(ids, c.ID)
	}
	return ids, nil
}

// Stats summarises the latencies of a series of operations.
type Stats struct {
	Count              int
	P50, P90, P99, Max time.Duration
}

// Summarise returns the count and the nearest-rank percentiles of d; it
// sorts d.
func Summarise(d []time.Duration) Stats {
	slices.Sort(d)
	return Stats{Count: len(d), P50: Percentile(d, 50), P90: Percentile(d, 90), P99: Percentile(d, 99), Max: Percentile(d, 100)}
}

// Percentile returns the nearest-rank p-th percentile (0 < p ≤ 100) of the
// sorted durations, or 0 for none.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	// The smallest value with at least p% of the values at or below it.
	rank := int(math.Ceil(float64(len(sorted))*p/100)) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

// sample is the duration of call i.
type sample struct {
	i int
	d time.Duration
}

// run calls do with i = 0 … n-1 from conc goroutines until all n calls are
// made or ctx ends, and returns the duration of each call made, in call
// order, with the wall time of the whole run. The first error of a call
// stops the run and is returned.
func run(ctx context.Context, n, conc int, do func(ctx context.Context, i int) error) ([]sample, time.Duration, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var next atomic.Int64
	per := make([][]sample, conc)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range conc {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				t := time.Now()
				err := do(ctx, i)
				d := time.Since(t)
				if err != nil {
					if ctx.Err() == nil {
						cancel(err)
					}
					return
				}
				per[w] = append(per[w], sample{i, d})
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		return nil, wall, err
	}
	var out []sample
	for _, s := range per {
		out = append(out, s...)
	}
	slices.SortFunc(out, func(a, b sample) int { return a.i - b.i })
	return out, wall, nil
}

// Series is the latency summary of one kind of operation, or of all.
type Series struct {
	Name string
	Stats
	// Matches is what the operation found, where that means something
	// (the total of a directory query); -1 otherwise.
	Matches int
}

// writeTable prints series as a plain-text table, with the throughput of
// all of them over wall.
func writeTable(w io.Writer, series []Series, all Stats, wall time.Duration, unit string) {
	fmt.Fprintf(w, "  %-12s %6s %8s %9s %9s %9s %9s\n", "kind", "count", "matches", "p50", "p90", "p99", "max")
	for _, s := range series {
		m := "-"
		if s.Matches >= 0 {
			m = strconv.Itoa(s.Matches)
		}
		fmt.Fprintf(w, "  %-12s %6d %8s %9s %9s %9s %9s\n", s.Name, s.Count, m, ms(s.P50), ms(s.P90), ms(s.P99), ms(s.Max))
	}
	if len(series) > 1 {
		fmt.Fprintf(w, "  %-12s %6d %8s %9s %9s %9s %9s\n", "all", all.Count, "", ms(all.P50), ms(all.P90), ms(all.P99), ms(all.Max))
	}
	fmt.Fprintf(w, "  throughput: %.0f %s/s (%d in %s)\n", PerSecond(all.Count, wall), unit, all.Count, wall.Round(time.Millisecond))
}

// PerSecond returns n operations over d as a rate per second.
func PerSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// ms formats a latency in milliseconds with three decimals.
func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 3, 64) + "ms"
}
