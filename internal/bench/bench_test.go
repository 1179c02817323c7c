package bench_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pakt/internal/app"
	"pakt/internal/bench"
)

func opener(ctx context.Context, location string) (*bench.Target, error) {
	a, err := app.Open(ctx, app.Config{Database: location, Addr: "127.0.0.1:0", Migrate: true, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, err
	}
	return &bench.Target{DB: a.DB, Auth: a.Auth, Partners: a.Partners, Listen: a.Listen, Run: a.Run, Close: a.Close}, nil
}

func options(t *testing.T) bench.Options {
	return bench.Options{Open: opener, Database: filepath.Join(t.TempDir(), "bench.db"), Concurrency: 2, MaxDuration: time.Minute}
}

// sane fails unless s counts want operations with 0 < p50 ≤ p90 ≤ p99 ≤ max.
func sane(t *testing.T, what string, s bench.Stats, want int) {
	t.Helper()
	if s.Count != want || s.P50 <= 0 || s.P90 < s.P50 || s.P99 < s.P90 || s.Max < s.P99 {
		t.Errorf("%s: count %d, p50 %s, p90 %s, p99 %s, max %s; want count %d and 0 < p50 ≤ p90 ≤ p99 ≤ max",
			what, s.Count, s.P50, s.P90, s.P99, s.Max, want)
	}
}

func TestDirectoryReport(t *testing.T) {
	ctx := context.Background()
	rep, err := bench.Directory(ctx, bench.DirectoryOptions{Options: options(t), Partners: 300, Queries: 60})
	if err != nil {
		t.Fatal(err)
	}
	sane(t, "client", rep.ClientAll, 60)
	sane(t, "server", rep.ServerAll, 60)
	if rep.Seeding <= 0 || rep.IndexLoad <= 0 || rep.ClientWall <= 0 || rep.ServerWall <= 0 {
		t.Errorf("seeding %s, index load %s, walls %s and %s; want all positive", rep.Seeding, rep.IndexLoad, rep.ClientWall, rep.ServerWall)
	}
	kinds := bench.QueryKinds()
	if len(rep.Client) != len(kinds) || len(rep.Server) != len(kinds) {
		t.Fatalf("%d client and %d server series, want %d each", len(rep.Client), len(rep.Server), len(kinds))
	}
	for i, k := range kinds {
		sane(t, "client "+k.Name, rep.Client[i].Stats, 10)
		sane(t, "server "+k.Name, rep.Server[i].Stats, 10)
	}
	// The showcase partner is always among the drafts.
	if rep.Client[1].Name != "text" || rep.Client[1].Matches < 1 {
		t.Errorf("%q found %d partners, want Müller IT at least", rep.Client[1].Name, rep.Client[1].Matches)
	}
	var out strings.Builder
	rep.Write(&out)
	for _, want := range []string{"300 partners on sqlite", "facets", "free-period", "throughput"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestCreatesReport(t *testing.T) {
	rep, err := bench.Creates(context.Background(), bench.CreatesOptions{Options: options(t), Count: 30, Readers: 2, GetPartners: 20})
	if err != nil {
		t.Fatal(err)
	}
	sane(t, "creates", rep.Creates, 30)
	if rep.Wall <= 0 {
		t.Errorf("wall time %s, want positive", rep.Wall)
	}
	if rep.Gets.Count < 1 || rep.Gets.P50 <= 0 || rep.Gets.P50 > rep.Gets.Max {
		t.Errorf("gets beside the creates: %+v, want at least one with sane figures", rep.Gets)
	}
	var out strings.Builder
	rep.Write(&out)
	if !strings.Contains(out.String(), "by 2 readers at the same time") {
		t.Errorf("report lacks the readers' line:\n%s", out.String())
	}
}

func TestRefusesNonEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	o := options(t)
	if _, err := bench.Creates(ctx, bench.CreatesOptions{Options: o, Count: 1}); err != nil {
		t.Fatal(err)
	}
	_, err := bench.Creates(ctx, bench.CreatesOptions{Options: o, Count: 1})
	if err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("second run on the same database: got %v, want a refusal as not empty", err)
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 200; i++ {
		d = append(d, time.Duration(i))
	}
	for _, tc := range []struct {
		p    float64
		want time.Duration
	}{{50, 100}, {90, 180}, {99, 198}, {100, 200}, {0.1, 1}} {
		if got := bench.Percentile(d, tc.p); got != tc.want {
			t.Errorf("p%v of 1…200: got %d, want %d", tc.p, got, tc.want)
		}
	}
	if got := bench.Percentile(nil, 50); got != 0 {
		t.Errorf("p50 of nothing: got %d, want 0", got)
	}
}
