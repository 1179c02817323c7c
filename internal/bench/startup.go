package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"pakt/internal/db"
	"pakt/internal/partner"
)

// StartupOptions configure a start-up benchmark. Options.Database is the
// seeded database to serve (required); Options.MaxDuration bounds the
// wait for the server; Options.Concurrency is not used.
type StartupOptions struct {
	Options
	// Searches is the number of directory searches sent after the server
	// is ready, the query kinds in turn.
	Searches int
	// Data is the server's data directory, where it keeps its directory
	// index snapshot; "" gives it an empty temporary one.
	Data string
}

// StartupReport is the outcome of a start-up benchmark. Times count from
// the start of the `pakt serve` process.
type StartupReport struct {
	Engine, Version, Location string
	// Partners is the number of organisations in the database.
	Partners int
	// FirstSearch is when the first directory search was answered
	// (GET /api/v1/partners, polled from the start).
	FirstSearch time.Duration
	// FirstSearchTook is how long that search's request took.
	FirstSearchTook time.Duration
	// Ready is when /readyz answered 200; ReadyStatus is what it answered
	// instead when the server has none (then Ready is when that was).
	Ready       time.Duration
	ReadyStatus int
	// Snapshot is the size of the directory index snapshots in the data
	// directory when the server started; 0 when there were none.
	Snapshot int64
	// AtReady is the server's resident memory when it was ready,
	// AfterSearches after the searches.
	AtReady, AfterSearches Memory
	Searches               []Series
	SearchesAll            Stats
	SearchesWall           time.Duration
}

// Startup starts `pakt serve` on a seeded database and measures how soon
// it answers a directory search, when /readyz says the index is complete,
// and its resident memory. The benchmark signs in with an API token of
// the admin BenchAdminEmail (created when missing), which it revokes at
// the end.
func Startup(ctx context.Context, o StartupOptions) (*StartupReport, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	if o.Database == "" || o.Searches <= 0 {
		return nil, errors.New("bench: the start-up benchmark needs a database and at least 1 search")
	}
	if !db.IsPostgres(o.Database) {
		// Opening a missing SQLite file would create it.
		if _, err := os.Stat(o.Database); err != nil {
			return nil, fmt.Errorf("bench: %w: the start-up benchmark needs a seeded database (pakt demo --partners N)", err)
		}
	}
	a, err := o.Open(ctx, o.Database)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	rep := &StartupReport{Engine: string(a.DB.Engine), Location: a.DB.URL}
	if rep.Version, err = a.DB.Version(ctx); err != nil {
		return nil, err
	}
	if rep.Partners, err = countOrganisations(ctx, a.DB); err != nil {
		return nil, err
	}
	if rep.Partners == 0 {
		return nil, fmt.Errorf("bench: %s has no organisations: seed it first (pakt demo --partners N)", a.DB.URL)
	}
	admin, err := benchAdmin(ctx, a.Auth, time.Hour)
	if err != nil {
		return nil, err
	}
	err = startup(ctx, o, admin, rep)
	return rep, errors.Join(err, a.Auth.RevokeToken(context.WithoutCancel(ctx), admin.actor, admin.tokenID))
}

func startup(ctx context.Context, o StartupOptions, admin login, rep *StartupReport) error {
	dataDir := o.Data
	if dataDir == "" {
		tmp, err := os.MkdirTemp("", "pakt-bench-data-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dataDir = tmp
	}
	snaps, _ := filepath.Glob(filepath.Join(dataDir, "directory-*.index"))
	for _, name := range snaps {
		if fi, err := os.Stat(name); err == nil {
			rep.Snapshot += fi.Size()
		}
	}
	client := newClient(2)
	defer client.CloseIdleConnections()
	wctx, cancel := context.WithTimeout(ctx, o.MaxDuration)
	defer cancel()

	fmt.Fprintf(o.Progress, "starting pakt serve on %s %s with %d organisations …\n", rep.Engine, rep.Location, rep.Partners)
	c, err := startChild(o.Options, o.Database, dataDir)
	if err != nil {
		return err
	}
	defer c.stop()
	type ready struct {
		at   time.Duration
		code int
		err  error
	}
	readyc := make(chan ready, 1)
	go func() {
		at, code, err := c.waitReady(wctx, client, 5*time.Millisecond)
		readyc <- ready{at, code, err}
	}()
	if rep.FirstSearch, rep.FirstSearchTook, err = c.waitSearch(wctx, client, "/api/v1/partners", admin.token); err != nil {
		return err
	}
	r := <-readyc
	if r.err != nil {
		return r.err
	}
	rep.Ready, rep.ReadyStatus = r.at, r.code
	if rep.ReadyStatus != http.StatusOK {
		// Without /readyz, searches wait for the index: it is complete
		// once the first search was answered.
		rep.Ready = max(rep.Ready, rep.FirstSearch)
	}
	if rep.AtReady, err = c.memory(); err != nil {
		return err
	}

	kinds := QueryKinds()
	paths := make([]string, len(kinds))
	matches := make([]int, len(kinds))
	for k, kind := range kinds {
		paths[k] = "/api/v1/partners?" + kind.Values().Encode()
		b, err := call(wctx, client, c.url, admin.token, http.MethodGet, paths[k], nil, http.StatusOK)
		if err != nil {
			return err
		}
		var res partner.Result
		if err := json.Unmarshal(b, &res); err != nil {
			return fmt.Errorf("bench: %s: %w", kind.Name, err)
		}
		matches[k] = res.Total
	}
	samples, wall, err := run(wctx, o.Searches, 1, func(ctx context.Context, i int) error {
		_, err := call(ctx, client, c.url, admin.token, http.MethodGet, paths[i%len(kinds)], nil, http.StatusOK)
		return err
	})
	if err != nil {
		return err
	}
	rep.Searches, rep.SearchesAll = bySeries(kinds, matches, samples)
	rep.SearchesWall = wall
	if rep.AfterSearches, err = c.memory(); err != nil {
		return err
	}
	return c.exited()
}

// Write prints the report as plain text.
func (r *StartupReport) Write(w io.Writer) {
	fmt.Fprintf(w, "pakt bench startup: pakt serve on %s %s (%s), %d organisations\n", r.Engine, r.Version, r.Location, r.Partners)
	fmt.Fprintf(w, "machine: %d CPUs (GOMAXPROCS %d), %s/%s, %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version())
	if r.Snapshot > 0 {
		fmt.Fprintf(w, "directory index snapshot in the data directory at the start: %.0f MiB\n", float64(r.Snapshot)/(1<<20))
	} else {
		fmt.Fprintln(w, "directory index snapshot in the data directory at the start: none")
	}
	fmt.Fprintf(w, "first directory search answered: %s after the process started (the request took %s)\n",
		r.FirstSearch.Round(time.Millisecond), r.FirstSearchTook.Round(time.Millisecond))
	if r.ReadyStatus == http.StatusOK {
		fmt.Fprintf(w, "index complete (/readyz 200): %s after the process started\n", r.Ready.Round(time.Millisecond))
	} else {
		fmt.Fprintf(w, "index complete: not available (/readyz answered %d); searches wait for the index, so it was complete at the first search\n", r.ReadyStatus)
	}
	fmt.Fprintf(w, "resident memory when ready: %.0f MiB (peak %.0f MiB)\n", float64(r.AtReady.RSS)/(1<<20), float64(r.AtReady.Peak)/(1<<20))
	fmt.Fprintf(w, "resident memory after %d searches: %.0f MiB (peak %.0f MiB)\n", r.SearchesAll.Count, float64(r.AfterSearches.RSS)/(1<<20), float64(r.AfterSearches.Peak)/(1<<20))
	fmt.Fprintln(w, "HTTP GET /api/v1/partners after ready, one client (admin, API token):")
	writeTable(w, r.Searches, r.SearchesAll, r.SearchesWall, "queries")
}
