package bench_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pakt/internal/app"
	"pakt/internal/bench"
	"pakt/internal/db/dbtest"
)

// serveEnv makes this test binary run pakt's command line instead of the
// tests: the benchmarks start it as their `pakt serve` child process.
const serveEnv = "PAKT_BENCH_TEST_SERVE=1"

func TestMain(m *testing.M) {
	if os.Getenv("PAKT_BENCH_TEST_SERVE") == "1" {
		os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// processOptions are options for the benchmarks that start `pakt serve`
// as a child process: this test binary.
func processOptions(t *testing.T, database string) bench.Options {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	o := options(t)
	o.Database, o.Executable, o.Env = database, exe, []string{serveEnv}
	return o
}

// mixedRun runs a few seconds of the mixed workload on a small database
// and checks what every report must show: each kind measured, no errors,
// and the servers' memory.
func mixedRun(t *testing.T, database string, servers int, think time.Duration) *bench.MixedReport {
	t.Helper()
	o := processOptions(t, database)
	o.Concurrency = 8
	rep, err := bench.Mixed(context.Background(), bench.MixedOptions{Options: o, Partners: 300, Duration: 3 * time.Second, Requests: 100000, Servers: servers, Think: think})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	rep.Write(&out)
	t.Log(out.String())
	if rep.All.Errors != 0 || len(rep.Failures) != 0 {
		t.Errorf("%d errors, want none: %v", rep.All.Errors, rep.Failures)
	}
	if len(rep.Kinds) != len(bench.MixedKinds) {
		t.Fatalf("%d kinds reported, want %d", len(rep.Kinds), len(bench.MixedKinds))
	}
	for _, k := range rep.Kinds {
		sane(t, k.Name, k.Stats, k.Count)
		if k.Count == 0 {
			t.Errorf("%s: no requests measured", k.Name)
		}
	}
	sane(t, "all", rep.All.Stats, rep.All.Count)
	if rep.Wall < 3*time.Second || rep.Wall > 10*time.Second {
		t.Errorf("the load ran %s, want about 3s", rep.Wall)
	}
	if len(rep.Ready) != servers || len(rep.Memory) != servers || len(rep.Servers) != servers {
		t.Fatalf("%d ready times, %d memory figures and %d server rows, want %d each", len(rep.Ready), len(rep.Memory), len(rep.Servers), servers)
	}
	for i, m := range rep.Memory {
		if m.RSS < 1<<20 || m.Peak < m.RSS || rep.Servers[i].Count == 0 {
			t.Errorf("server %d: resident %d, peak %d bytes, %d requests; want at least a MB, the peak at least the resident, some requests",
				i+1, m.RSS, m.Peak, rep.Servers[i].Count)
		}
	}
	for _, want := range []string{"directory", "concierge", "create", "update", "throughput"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	return rep
}

func TestMixedReport(t *testing.T) {
	rep := mixedRun(t, filepath.Join(t.TempDir(), "mixed.db"), 1, 0)
	if rep.Visible != nil {
		t.Errorf("one server, but a visibility probe reported %+v", rep.Visible)
	}
}

func TestMixedClientsPause(t *testing.T) {
	// 8 clients pausing 300 ms on average for 3 s send about 80 requests;
	// without pauses they send thousands.
	rep := mixedRun(t, filepath.Join(t.TempDir(), "think.db"), 1, 300*time.Millisecond)
	if n := rep.All.Count; n < 20 || n > 300 {
		t.Errorf("%d requests with pauses of 300 ms, want about 80", n)
	}
	var out strings.Builder
	rep.Write(&out)
	if !strings.Contains(out.String(), "each client pauses 300ms on average") {
		t.Errorf("report lacks the pause:\n%s", out.String())
	}
}

// checkVisible fails unless every change through one server showed in the
// other's search and profile within a second.
func checkVisible(t *testing.T, rep *bench.MixedReport) {
	t.Helper()
	v := rep.Visible
	if v == nil {
		t.Fatal("two servers, but no visibility probe")
	}
	if v.Search.Count == 0 || v.Profile.Count != v.Search.Count {
		t.Fatalf("%d changes in search, %d in profiles; want some, the same number", v.Search.Count, v.Profile.Count)
	}
	if v.Late != 0 || v.Unseen != 0 || v.Search.Max > time.Second || v.Profile.Max > time.Second {
		t.Errorf("%d late, %d unseen, max %s in search, %s in profiles; want all within a second", v.Late, v.Unseen, v.Search.Max, v.Profile.Max)
	}
}

func TestMixedTwoServersSQLite(t *testing.T) {
	checkVisible(t, mixedRun(t, filepath.Join(t.TempDir(), "peers.db"), 2, 0))
}

func TestMixedTwoServersPostgres(t *testing.T) {
	u := dbtest.PostgresURL(t)
	if u == "" {
		t.Skip("PAKT_TEST_POSTGRES is not set")
	}
	checkVisible(t, mixedRun(t, u, 2, 0))
}

func TestStartupReport(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "startup.db")
	o := processOptions(t, file)
	target, err := o.Open(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = bench.Seed(ctx, target.Partners, 300)
	if err := target.Close(); err != nil {
		t.Fatal(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	rep, err := bench.Startup(ctx, bench.StartupOptions{Options: o, Searches: 20})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	rep.Write(&out)
	t.Log(out.String())
	if rep.Partners != 300 || rep.FirstSearch <= 0 || rep.Ready <= 0 {
		t.Errorf("%d partners, first search %s, ready %s; want 300 and both positive", rep.Partners, rep.FirstSearch, rep.Ready)
	}
	if rep.AtReady.RSS < 1<<20 || rep.AfterSearches.Peak < rep.AtReady.RSS {
		t.Errorf("resident %d bytes when ready, peak %d after the searches; want at least a MB, the peak not below", rep.AtReady.RSS, rep.AfterSearches.Peak)
	}
	sane(t, "searches", rep.SearchesAll, 20)
	// A second run finds the bench admin made by the first; its server
	// writes a CPU profile (pakt serve --cpu-profile, here through the
	// environment) when it stops.
	prof := filepath.Join(t.TempDir(), "serve.prof")
	o.Env = append(o.Env, "PAKT_CPU_PROFILE="+prof)
	if _, err := bench.Startup(ctx, bench.StartupOptions{Options: o, Searches: 1}); err != nil {
		t.Errorf("second run: %v", err)
	}
	if b, err := os.ReadFile(prof); err != nil || len(b) < 64 || b[0] != 0x1f || b[1] != 0x8b {
		t.Errorf("the server's CPU profile: %d bytes, %v; want a gzip-compressed profile", len(b), err)
	}
}

func TestStartupRefusesEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	missing := filepath.Join(t.TempDir(), "missing.db")
	if _, err := bench.Startup(ctx, bench.StartupOptions{Options: processOptions(t, missing), Searches: 1}); err == nil {
		t.Error("a missing database: no error")
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("the refusal created the missing database")
	}
	empty := filepath.Join(t.TempDir(), "empty.db")
	o := processOptions(t, empty)
	target, err := o.Open(ctx, empty)
	if err != nil {
		t.Fatal(err)
	}
	target.Close()
	_, err = bench.Startup(ctx, bench.StartupOptions{Options: o, Searches: 1})
	if err == nil || !strings.Contains(err.Error(), "no organisations") {
		t.Errorf("a database without organisations: got %v, want a refusal", err)
	}
}
