package bench_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"pakt/internal/bench"
)

// While 150 clients send the mixed workload, the benchmark's own
// PostgreSQL server is stopped for 3 seconds and started again, once
// stopped fast and once immediately (crash recovery at the start): pakt
// answers 503 with Retry-After meanwhile (nothing else fails, nothing
// hangs, the server lives on), serves again soon after the restart and
// says it is ready again, and every create it acknowledged is in the
// database. Bounded: 12 seconds of load each, longer only until 4 seconds
// after the database is back.
func TestMixedSurvivesADatabaseRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL server and pakt serve")
	}
	for _, mode := range []string{"fast", "immediate"} {
		t.Run(mode, func(t *testing.T) { restartRun(t, mode) })
	}
}

func restartRun(t *testing.T, mode string) {
	o := processOptions(t, "")
	o.Concurrency = 150
	rep, err := bench.Mixed(context.Background(), bench.MixedOptions{Options: o, Partners: 300, Duration: 12 * time.Second,
		Requests: 1000000, Servers: 1, RestartDB: 3 * time.Second, StopMode: mode})
	if errors.Is(err, bench.ErrNoPostgres) && os.Getenv("CI") == "" {
		t.Skipf("outside CI: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	rep.Write(&out)
	t.Log(out.String())
	g := rep.Outage
	if g == nil {
		t.Fatal("no outage in the report")
	}
	if g.Failed != 0 || rep.All.Errors != 0 {
		t.Errorf("%d failures other than 503 with Retry-After, want none: %v", g.Failed, rep.Failures)
	}
	if g.Unavailable == 0 || g.During.Count == 0 {
		t.Errorf("%d answers 503 with Retry-After, %d requests while the database was away; want some", g.Unavailable, g.During.Count)
	}
	// While the database is away the pool tries one connection at a time
	// and fails the other requests at once: nobody waits long for the
	// 503, not even on a busy machine.
	if g.During.Max > 5*time.Second {
		t.Errorf("a request under way while the database was away took %s, want at most 5s", g.During.Max)
	}
	if g.After.Count == 0 || g.FirstSuccess < 0 || g.FirstSuccess > 5*time.Second || g.LastUnavailable > 8*time.Second {
		t.Errorf("after the restart: %d successes, the first after %s, the last 503 after %s; want successes within 5s and no 503 after 8s",
			g.After.Count, g.FirstSuccess, g.LastUnavailable)
	}
	if len(g.Ready) != 1 || g.Ready[0] != 200 {
		t.Errorf("/readyz at the end: %v, want 200: ready again", g.Ready)
	}
	if g.Acknowledged == 0 || g.Lost != 0 {
		t.Errorf("%d of %d acknowledged creates lost, want some creates and none lost", g.Lost, g.Acknowledged)
	}
}
