package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"pakt/internal/demo"
)

// CreatesOptions configure a benchmark of profile creates.
type CreatesOptions struct {
	Options
	// Count is the number of organisations to create.
	Count int
	// Readers is the number of clients that, while the creates run, get
	// profiles (GET /api/v1/partners/{id}) of GetPartners organisations
	// loaded before: how reads fare beside a write-heavy load.
	Readers int
	// GetPartners is the number of organisations the readers read; 1 000
	// unless set.
	GetPartners int
}

// CreatesReport is the outcome of a creates benchmark.
type CreatesReport struct {
	Engine, Version, Location string
	Count, Concurrency        int
	MaxDuration               time.Duration
	// Creates is POST /api/v1/partners as the client sees it over
	// loopback.
	Creates Stats
	// Gets is GET /api/v1/partners/{id} by the readers while the creates
	// ran.
	Gets    Stats
	Readers int
	Wall    time.Duration
}

// Creates serves a fresh database with the demo competencies on 127.0.0.1
// and measures o.Count POST /api/v1/partners with demo organisations as
// JSON bodies.
func Creates(ctx context.Context, o CreatesOptions) (*CreatesReport, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	if o.Count <= 0 {
		return nil, errors.New("bench: count must be at least 1")
	}
	s, err := openFresh(ctx, o.Options)
	if err != nil {
		return nil, err
	}
	rep, err := creates(ctx, s, o)
	return rep, errors.Join(err, s.close())
}

func creates(ctx context.Context, s *server, o CreatesOptions) (*CreatesReport, error) {
	rep := &CreatesReport{Engine: s.engine, Version: s.version, Location: s.location, Count: o.Count, Concurrency: o.Concurrency, MaxDuration: o.MaxDuration}
	ids, err := SeedCompetencies(ctx, s.app.Partners)
	if err != nil {
		return nil, err
	}
	var readable []string
	if o.Readers > 0 {
		if o.GetPartners <= 0 {
			o.GetPartners = 1000
		}
		if readable, err = Insert(ctx, s.app.Partners, demo.Drafts(1, o.GetPartners, ids)); err != nil {
			return nil, err
		}
		rep.Readers = o.Readers
	}
	// The bodies are made before the clock starts: what is measured is
	// the server.
	drafts := demo.Drafts(2, o.Count, ids)
	bodies := make([][]byte, len(drafts))
	for i := range drafts {
		if bodies[i], err = json.Marshal(drafts[i].Input); err != nil {
			return nil, err
		}
	}
	if err := s.start(ctx, o.Concurrency+o.Readers); err != nil {
		return nil, err
	}
	fmt.Fprintf(o.Progress, "creating %d partners over HTTP on %s, concurrency %d …\n", o.Count, s.engine, o.Concurrency)
	rctx, cancel := context.WithTimeout(ctx, o.MaxDuration)
	defer cancel()
	// The readers read until the creates are done, each at least once; a
	// get under way then is waited for, not cut off.
	var done atomic.Bool
	gets := make([][]time.Duration, o.Readers)
	getErrs := make([]error, o.Readers)
	var readers sync.WaitGroup
	for r := range len(gets) {
		if len(readable) == 0 {
			break
		}
		readers.Go(func() {
			for i := r; ; i += o.Readers {
				t := time.Now()
				if _, err := s.request(rctx, http.MethodGet, "/api/v1/partners/"+readable[(i*7919)%len(readable)], nil, http.StatusOK); err != nil {
					getErrs[r] = err
					return
				}
				gets[r] = append(gets[r], time.Since(t))
				if done.Load() {
					return
				}
			}
		})
	}
	samples, wall, err := run(rctx, o.Count, o.Concurrency, func(ctx context.Context, i int) error {
		_, err := s.request(ctx, http.MethodPost, "/api/v1/partners", bodies[i], http.StatusCreated)
		return err
	})
	done.Store(true)
	readers.Wait()
	if err = errors.Join(append(getErrs, err)...); err != nil {
		return nil, err
	}
	rep.Gets = Summarise(slices.Concat(gets...))
	d := make([]time.Duration, len(samples))
	for i, smp := range samples {
		d[i] = smp.d
	}
	rep.Creates, rep.Wall = Summarise(d), wall
	return rep, nil
}

// Write prints the report as plain text.
func (r *CreatesReport) Write(w io.Writer) {
	fmt.Fprintf(w, "pakt bench creates: %d partners on %s %s, concurrency %d\n", r.Count, r.Engine, r.Version, r.Concurrency)
	fmt.Fprintf(w, "machine: %d CPUs (GOMAXPROCS %d), %s/%s, %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Fprintln(w, "HTTP POST /api/v1/partners, client side over loopback (admin, API token; demo organisations without profile entries):")
	writeTable(w, []Series{{Name: "create", Stats: r.Creates, Matches: -1}}, r.Creates, r.Wall, "creates")
	if r.Readers > 0 {
		fmt.Fprintf(w, "GET /api/v1/partners/{id} by %d readers at the same time:\n", r.Readers)
		writeTable(w, []Series{{Name: "get", Stats: r.Gets, Matches: -1}}, r.Gets, r.Wall, "gets")
	}
	if r.Creates.Count < r.Count {
		fmt.Fprintf(w, "  stopped after the maximum duration %s: %d of %d creates done\n", r.MaxDuration, r.Creates.Count, r.Count)
	}
}
