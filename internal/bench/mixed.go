package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"pakt/internal/demo"
	"pakt/internal/partner"
)

// MixedOptions configure a mixed-workload benchmark.
type MixedOptions struct {
	// Options.Concurrency is the number of clients; Options.MaxDuration
	// bounds Duration.
	Options
	// Partners is the number of demo organisations to seed.
	Partners int
	// Duration is how long the clients send requests.
	Duration time.Duration
	// Requests bounds the number of requests; the run ends at whichever
	// of Duration and Requests comes first.
	Requests int
	// Think is the mean pause of a client between its requests, drawn
	// from an exponential distribution (at most 5 × Think), as people
	// read a page before they ask for the next; 0, the default, sends
	// the next request as soon as the answer is in.
	Think time.Duration
	// Servers is the number of `pakt serve` processes on the database; the
	// clients take turns between them. With two or more, a probe also
	// measures how long a change made through one takes to show in the
	// others.
	Servers int
	// RestartDB, when positive, runs the workload on a PostgreSQL server
	// of the benchmark's own (see Postgres; Options.Database must be
	// empty) and stops that server for RestartDB a third into the run,
	// then starts it again: see Outage.
	RestartDB time.Duration
	// StopMode is how the server is stopped for RestartDB, as `pg_ctl
	// stop -m`: "fast" (the default) or "immediate".
	StopMode string
}

// The kinds of request of the mixed workload, in the order of the report.
const (
	kindDirectory = iota
	kindProfile
	kindAPIList
	kindConcierge
	kindUpdate
	kindCreate
	kindCount
)

// MixedKinds names the request kinds of the mixed workload.
var MixedKinds = [kindCount]string{"directory", "profile", "api-list", "concierge", "update", "create"}

// mixedShare is the workload: of every 20 requests of a client, 5
// directory pages, 5 profile pages, 4 API lists, 4 concierge questions and
// 2 writes (10 %): creates by staff, profile updates by partner admins.
var mixedShare = [20]int{
	kindDirectory, kindProfile, kindAPIList, kindConcierge, kindDirectory,
	kindProfile, kindAPIList, kindConcierge, kindUpdate, kindDirectory,
	kindProfile, kindAPIList, kindConcierge, kindDirectory, kindProfile,
	kindAPIList, kindConcierge, kindDirectory, kindProfile, kindUpdate,
}

// KindStats is the latency summary of one kind of request with the number
// that failed (a transport error or an unexpected status); failed requests
// are not in the latencies.
type KindStats struct {
	Name string
	Stats
	Errors int
}

// MixedReport is the outcome of a mixed-workload benchmark.
type MixedReport struct {
	Engine, Version, Location string
	Partners, Clients         int
	Duration                  time.Duration
	Think                     time.Duration
	// Seeding is the time loading the organisations took.
	Seeding time.Duration
	// Ready is, per server, the time from its process start until it
	// answered a search and /readyz said 200 (or had none).
	Ready []time.Duration
	// Kinds are the request kinds in the order of MixedKinds; All is all
	// of them, Servers all requests per server.
	Kinds   []KindStats
	All     KindStats
	Servers []KindStats
	Wall    time.Duration
	// Memory is each server's resident memory at the end.
	Memory []Memory
	// Failures are the first few errors.
	Failures []string
	// Visible is, with two or more servers, the delay from a change's
	// answer through one server until a request to another's directory
	// search (Search) and profile (Profile) that shows it is sent; Late
	// counts changes not shown within a second, Unseen those not shown
	// within 5 seconds.
	Visible *Visibility
	// Outage is, with MixedOptions.RestartDB, what the clients met while
	// the database was restarted.
	Outage *Outage
}

// Visibility is the delay until one server shows a change made through
// another.
type Visibility struct {
	Search, Profile Stats
	Late, Unseen    int
}

// mixedWorld is what the clients need: servers, logins and the seeded
// organisations.
type mixedWorld struct {
	urls     []string
	staff    login
	partners []login  // partner admins, one per organisation in owned
	owned    []string // organisations of the partner admins
	listed   []string // organisations every user sees
	probe    []string // listed organisations nobody else changes
	comps    map[string]string
	creates  [][]byte
}

// Mixed seeds a fresh database with o.Partners demo organisations, starts
// o.Servers `pakt serve` processes on it and lets o.Concurrency clients
// send the mixed workload for o.Duration.
func Mixed(ctx context.Context, o MixedOptions) (*MixedReport, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	if o.Partners <= 0 || o.Duration <= 0 || o.Requests <= 0 || o.Servers <= 0 {
		return nil, errors.New("bench: partners, duration, requests and servers must be at least 1")
	}
	var pg *Postgres
	if o.RestartDB > 0 && o.RestartDB > min(o.Duration, o.MaxDuration)/3 {
		return nil, errors.New("bench: the database can be away for a third of --duration at most, so that the run measures before and after")
	}
	if o.StopMode == "" {
		o.StopMode = "fast"
	}
	if o.StopMode != "fast" && o.StopMode != "immediate" {
		return nil, fmt.Errorf("bench: stop mode %q: want fast or immediate", o.StopMode)
	}
	if o.RestartDB > 0 {
		if o.Database != "" {
			return nil, errors.New("bench: a restart of the database runs on a PostgreSQL server of the benchmark's own: leave --database and PAKT_DATABASE unset")
		}
		fmt.Fprintf(o.Progress, "making a PostgreSQL server of the benchmark's own (initdb) …\n")
		var err error
		if pg, err = StartPostgres(ctx); err != nil {
			return nil, err
		}
		o.Database = pg.URL
	}
	s, err := openFresh(ctx, o.Options)
	if err != nil {
		return nil, closePostgres(err, pg)
	}
	rep, err := mixed(ctx, s, o, pg)
	return rep, closePostgres(errors.Join(err, s.close()), pg)
}

// closePostgres stops pg, if any, and joins its error to err.
func closePostgres(err error, pg *Postgres) error {
	if pg == nil {
		return err
	}
	return errors.Join(err, pg.Close())
}

func mixed(ctx context.Context, s *server, o MixedOptions, pg *Postgres) (*MixedReport, error) {
	rep := &MixedReport{Engine: s.engine, Version: s.version, Location: s.location, Partners: o.Partners, Clients: o.Concurrency,
		Duration: min(o.Duration, o.MaxDuration), Think: o.Think}
	fmt.Fprintf(o.Progress, "seeding %d partners into %s %s …\n", o.Partners, s.engine, s.location)
	w, err := seedMixed(ctx, s, o, rep)
	if err != nil {
		return nil, err
	}
	dataDir, err := os.MkdirTemp("", "pakt-bench-data-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dataDir)
	client := newClient(o.Concurrency + 2)
	defer client.CloseIdleConnections()

	children := make([]*child, o.Servers)
	defer func() {
		for _, c := range children {
			c.stop()
		}
	}()
	fmt.Fprintf(o.Progress, "starting %d × pakt serve, waiting until ready …\n", o.Servers)
	for i := range children {
		if children[i], err = startChild(o.Options, s.open, dataDir); err != nil {
			return nil, err
		}
		w.urls = append(w.urls, children[i].url)
	}
	uctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	for _, c := range children {
		if err := c.up(uctx, client, w.staff.token); err != nil {
			return nil, err
		}
		rep.Ready = append(rep.Ready, time.Since(c.started))
	}
	// One request of each kind by each kind of user first: it checks that
	// every route answers, and warms connections.
	for kind := range kindCount {
		for who := range 2 * len(w.urls) {
			if _, _, err := w.send(ctx, client, who, 0, kind, 0); err != nil {
				return nil, err
			}
		}
	}

	fmt.Fprintf(o.Progress, "%d clients send the mixed workload for %s …\n", o.Concurrency, rep.Duration)
	rctx, stop := context.WithCancel(ctx)
	defer stop()
	var probe sync.WaitGroup
	if o.Servers > 1 {
		rep.Visible = &Visibility{}
		probe.Go(func() { *rep.Visible = w.visibility(rctx, client, 0) })
	}
	var restart outageTimes
	restarted := make(chan struct{})
	start := time.Now()
	if pg != nil {
		probe.Go(func() {
			defer close(restarted)
			restart = restartDuring(rctx, pg, o.StopMode, start, rep.Duration/3, o.RestartDB)
		})
	} else {
		close(restarted)
	}
	// The run lasts its duration, and with a restart at least a third of
	// it longer than the database took to come back (crash recovery on a
	// busy machine can outlast the planned run), so that what follows the
	// restart is measured too.
	go func() {
		defer stop()
		if !pause(rctx, rep.Duration) {
			return
		}
		select {
		case <-restarted:
		case <-rctx.Done():
			return
		}
		if pg != nil {
			pause(rctx, time.Until(start.Add(restart.restarted+rep.Duration/3)))
		}
	}()
	results, failures, wall := w.load(rctx, client, start, o.Concurrency, o.Requests, o.Think, pg != nil)
	stop()
	probe.Wait()
	rep.Wall, rep.Failures = wall, failures
	rep.summarise(results, o.Servers)
	if pg != nil {
		if restart.err != nil {
			return nil, restart.err
		}
		if rep.Outage, err = outage(ctx, s, results, restart); err != nil {
			return nil, err
		}
		for _, c := range children {
			code, _, err := status(ctx, client, c.url+"/readyz", "")
			if err != nil {
				return nil, err
			}
			rep.Outage.Ready = append(rep.Outage.Ready, code)
		}
	}
	for _, c := range children {
		m, err := c.memory()
		if err != nil {
			return nil, err
		}
		rep.Memory = append(rep.Memory, m)
		if err := c.exited(); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// seedMixed seeds the organisations and makes the users: the bench admin
// and a partner admin for each of up to 50 listed organisations.
func seedMixed(ctx context.Context, s *server, o MixedOptions, rep *MixedReport) (*mixedWorld, error) {
	ps := s.app.Partners
	ids, err := SeedCompetencies(ctx, ps)
	if err != nil {
		return nil, err
	}
	w := &mixedWorld{comps: map[string]string{}}
	for i, c := range demo.Competencies() {
		w.comps[*c.Slug] = ids[i]
	}
	drafts := demo.Drafts(1, o.Partners, ids)
	start := time.Now()
	orgs, err := Insert(ctx, ps, drafts)
	if err != nil {
		return nil, fmt.Errorf("seed %d organisations: %w", o.Partners, err)
	}
	rep.Seeding = time.Since(start)
	for i, d := range drafts {
		in := d.Input
		if partner.Listed(deref(in.Kind), deref(in.Status), in.Published != nil && *in.Published, false) {
			w.listed = append(w.listed, orgs[i])
		}
	}
	if len(w.listed) < 2 {
		return nil, fmt.Errorf("bench: only %d of %d demo partners are listed; seed more", len(w.listed), o.Partners)
	}
	// Half of the listed organisations, at most 50, get a partner admin;
	// the probe changes the others.
	n := min(50, len(w.listed)/2)
	w.owned, w.probe = w.listed[:n], w.listed[n:]
	life := 24 * time.Hour
	if w.staff, err = benchAdmin(ctx, s.app.Auth, life); err != nil {
		return nil, err
	}
	if w.partners, err = partnerAdmins(ctx, s.app.Auth, w.owned, life); err != nil {
		return nil, err
	}
	// Creates cycle through 1 000 new demo organisations (names need not
	// be unique).
	for _, d := range demo.Drafts(2, min(1000, max(o.Partners, 10)), ids) {
		b, err := json.Marshal(d.Input)
		if err != nil {
			return nil, err
		}
		w.creates = append(w.creates, b)
	}
	return w, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// directoryPages are the HTML directory pages of the workload.
var directoryPages = []string{"/partners", "/partners?country=DE&tier=gold", "/partners?q=mueller+it", "/partners?q=security&region=Bayern"}

// send makes request j of client c, of the given kind. Even clients are
// the staff admin, odd ones a partner admin; each pair of clients uses
// the next server, so that the servers share both kinds of user. It
// returns the server's index and the answer's body.
func (w *mixedWorld) send(ctx context.Context, client *http.Client, c, j, kind int, pick uint64) (int, []byte, error) {
	srv := (c / 2) % len(w.urls)
	staff := c%2 == 0
	who := w.staff
	var own string
	if !staff {
		k := (c / 2) % len(w.partners)
		who, own = w.partners[k], w.owned[k]
	}
	method, path, want := http.MethodGet, "", http.StatusOK
	var body []byte
	switch kind {
	case kindDirectory:
		path = directoryPages[j%len(directoryPages)]
	case kindProfile:
		path = "/partners/" + w.listed[pick%uint64(len(w.listed))]
	case kindAPIList:
		kinds := QueryKinds()
		path = "/api/v1/partners?" + kinds[j%len(kinds)].Values().Encode()
	case kindConcierge:
		path = "/api/v1/concierge/matches?" + w.question(j).Encode()
	case kindUpdate, kindCreate:
		if staff {
			kind, method, path, want = kindCreate, http.MethodPost, "/api/v1/partners", http.StatusCreated
			body = w.creates[pick%uint64(len(w.creates))]
		} else {
			kind, method, path = kindUpdate, http.MethodPatch, "/api/v1/partners/"+own
			body, _ = json.Marshal(map[string]string{"description": fmt.Sprintf("Benchmark change %d of client %d.", j, c)})
		}
	}
	answer, err := call(ctx, client, w.urls[srv], who.token, method, path, body, want)
	if err != nil {
		return srv, nil, fmt.Errorf("%s: %w", MixedKinds[kind], err)
	}
	return srv, answer, nil
}

// question returns concierge question j mod 5: the kinds of the
// concierge's Go benchmark.
func (w *mixedWorld) question(j int) url.Values {
	switch j % 5 {
	case 0:
		return url.Values{"competency": {w.comps["vr"]}}
	case 1:
		return url.Values{"competency": {w.comps["vr"], w.comps["ar"], w.comps["cloud-migration"]}, "from": {"2027-03-01"}, "to": {"2027-03-31"}}
	case 2:
		return url.Values{"competency": {w.comps["security"]}, "region": {"Bavaria"}}
	case 3:
		return url.Values{"competency": {w.comps["azure"]}, "city": {"Frankfurt"}, "radius_km": {"150"}}
	default:
		return url.Values{"topic": {"Schulung Cloud"}}
	}
}

// result is one request of the load.
type result struct {
	kind, server int
	// at is when the request was sent, from the start of the load; d is
	// how long its answer took.
	at, d  time.Duration
	failed bool
	// unavailable is an answer 503 with Retry-After, expected (and not
	// failed) while the database is restarted.
	unavailable bool
	// created is the id of the organisation a create made.
	created string
}

// maxFailures ends a run early: a server that fails this often is broken,
// and failing fast would only flood the report.
const maxFailures = 1000

// load runs the clients until ctx ends or n requests were sent, and
// returns every request's result, the first failures and the wall time.
// With retryable, answers 503 with Retry-After are expected rather than
// failures. Times are from start, the start of the load.
func (w *mixedWorld) load(ctx context.Context, client *http.Client, start time.Time, clients, n int, think time.Duration, retryable bool) ([]result, []string, time.Duration) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var sent, failed atomic.Int64
	var mu sync.Mutex
	var failures []string
	per := make([][]result, clients)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(c), 12))
			for j := 0; ctx.Err() == nil && sent.Add(1) <= int64(n); j++ {
				if think > 0 && !pause(ctx, time.Duration(min(rng.ExpFloat64(), 5)*float64(think))) {
					return
				}
				kind := mixedShare[(j+c)%len(mixedShare)]
				t := time.Now()
				srv, body, err := w.send(ctx, client, c, j, kind, rng.Uint64())
				d := time.Since(t)
				if err != nil && ctx.Err() != nil {
					return // cut off by the end of the run
				}
				if kind == kindUpdate && c%2 == 0 {
					kind = kindCreate
				}
				r := result{kind: kind, server: srv, at: t.Sub(start), d: d}
				switch {
				case retryable && retryLater(err):
					r.unavailable, err = true, nil
				case err == nil && kind == kindCreate:
					r.created, err = createdID(body)
				}
				r.failed = err != nil
				per[c] = append(per[c], r)
				if err != nil {
					mu.Lock()
					if len(failures) < 5 {
						failures = append(failures, err.Error())
					}
					mu.Unlock()
					if failed.Add(1) >= maxFailures {
						cancel()
					}
				}
			}
		})
	}
	wg.Wait()
	return slices.Concat(per...), failures, time.Since(start)
}

// pause waits for d, or until ctx ends; it reports whether d passed.
func pause(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// summarise groups the results by kind and by server.
func (r *MixedReport) summarise(results []result, servers int) {
	group := func(name string, keep func(result) bool) KindStats {
		var d []time.Duration
		errs := 0
		for _, x := range results {
			switch {
			case !keep(x), x.unavailable:
			case x.failed:
				errs++
			default:
				d = append(d, x.d)
			}
		}
		return KindStats{Name: name, Stats: Summarise(d), Errors: errs}
	}
	for k, name := range MixedKinds {
		r.Kinds = append(r.Kinds, group(name, func(x result) bool { return x.kind == k }))
	}
	r.All = group("all", func(result) bool { return true })
	for i := range servers {
		r.Servers = append(r.Servers, group(fmt.Sprintf("server %d", i+1), func(x result) bool { return x.server == i }))
	}
}

// Write prints the report as plain text.
func (r *MixedReport) Write(w io.Writer) {
	fmt.Fprintf(w, "pakt bench mixed: %d partners on %s %s, %d clients for %s, %d × pakt serve\n",
		r.Partners, r.Engine, r.Version, r.Clients, r.Duration, len(r.Ready))
	fmt.Fprintf(w, "machine: %d CPUs (GOMAXPROCS %d), %s/%s, %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Fprintf(w, "seeding: %d demo partners loaded in %s (%.0f partners/s)\n", r.Partners, r.Seeding.Round(time.Millisecond), PerSecond(r.Partners, r.Seeding))
	for i, d := range r.Ready {
		fmt.Fprintf(w, "server %d: ready %s after its start; at the end resident %s, peak %s\n", i+1, d.Round(time.Millisecond), mb(r.Memory, i, false), mb(r.Memory, i, true))
	}
	if r.Think > 0 {
		fmt.Fprintf(w, "each client pauses %s on average between its requests (exponential, at most 5 × that)\n", r.Think)
	}
	fmt.Fprintln(w, "requests, client side over loopback (staff admin and partner admins with API tokens; 10 % writes):")
	writeKinds(w, r.Kinds, r.All, r.Servers, r.Wall)
	for _, f := range r.Failures {
		fmt.Fprintf(w, "  failure: %s\n", f)
	}
	if r.Outage != nil {
		r.Outage.Write(w)
	}
	if v := r.Visible; v != nil {
		fmt.Fprintf(w, "a change through one server, until a request to another that shows it is sent (%d changes, %d later than 1s, %d not within 5s):\n", v.Search.Count, v.Late, v.Unseen)
		fmt.Fprintf(w, "  %-12s %6s %9s %9s %9s %9s\n", "shown in", "count", "p50", "p90", "p99", "max")
		for _, s := range []KindStats{{Name: "search", Stats: v.Search}, {Name: "profile", Stats: v.Profile}} {
			fmt.Fprintf(w, "  %-12s %6d %9s %9s %9s %9s\n", s.Name, s.Count, ms(s.P50), ms(s.P90), ms(s.P99), ms(s.Max))
		}
	}
}

// writeKinds prints the kinds, all and (with more than one) the servers as
// a table with the throughput over wall.
func writeKinds(w io.Writer, kinds []KindStats, all KindStats, servers []KindStats, wall time.Duration) {
	fmt.Fprintf(w, "  %-12s %6s %6s %9s %9s %9s %9s\n", "kind", "count", "errors", "p50", "p90", "p99", "max")
	rows := append(slices.Clone(kinds), all)
	if len(servers) > 1 {
		rows = append(rows, servers...)
	}
	for _, s := range rows {
		fmt.Fprintf(w, "  %-12s %6d %6d %9s %9s %9s %9s\n", s.Name, s.Count, s.Errors, ms(s.P50), ms(s.P90), ms(s.P99), ms(s.Max))
	}
	fmt.Fprintf(w, "  throughput: %.0f requests/s (%d in %s)\n", PerSecond(all.Count+all.Errors, wall), all.Count+all.Errors, wall.Round(time.Millisecond))
}

// mb formats the resident (or peak) memory of server i in MiB.
func mb(m []Memory, i int, peak bool) string {
	if i >= len(m) {
		return "-"
	}
	v := m[i].RSS
	if peak {
		v = m[i].Peak
	}
	return fmt.Sprintf("%.0f MiB", float64(v)/(1<<20))
}
