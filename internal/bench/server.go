package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/partner"
)

// Target is a pakt opened on a database for a benchmark, not serving yet:
// the parts the benchmark drives. The app package makes it from app.Open
// (the package cannot be imported here: its command line runs the
// benchmarks).
type Target struct {
	DB       *db.DB
	Auth     *auth.Service
	Partners *partner.Service
	// Listen opens the socket on 127.0.0.1 and returns the server's URL.
	Listen func() (string, error)
	// Run serves until ctx ends.
	Run func(ctx context.Context) error
	// Close releases the database.
	Close func() error
}

// Opener opens pakt on the database at location, migrating it, set to
// listen on 127.0.0.1:0.
type Opener func(ctx context.Context, location string) (*Target, error)

// Options are what every benchmark of the command takes.
type Options struct {
	// Open opens pakt; required.
	Open Opener
	// Database is where to run: an empty SQLite file path or an empty
	// postgres:// database or schema. "" means a new SQLite file in a
	// temporary directory, removed at the end. A database with any table
	// in it is refused.
	Database string
	// Concurrency is the number of goroutines sending requests.
	Concurrency int
	// MaxDuration bounds the measured requests: a run stops after it even
	// when not all requests were sent. Zero means 2 minutes.
	MaxDuration time.Duration
	// Progress, if set, receives a line before each slow step.
	Progress io.Writer
	// Executable is the pakt binary that the benchmarks of whole
	// processes (mixed, startup) start as `pakt serve`; Env is added to
	// its environment.
	Executable string
	Env        []string
}

// DefaultMaxDuration bounds a run when Options.MaxDuration is zero.
const DefaultMaxDuration = 2 * time.Minute

func (o *Options) defaults() error {
	if o.Open == nil {
		return errors.New("bench: Options.Open is required")
	}
	if o.Concurrency <= 0 {
		return errors.New("bench: concurrency must be at least 1")
	}
	if o.MaxDuration <= 0 {
		o.MaxDuration = DefaultMaxDuration
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	return nil
}

// server is pakt on a fresh database, first opened, then listening on
// 127.0.0.1 with an admin and its API token.
type server struct {
	app      *Target
	engine   string
	version  string
	location string
	url      string
	token    string
	admin    *auth.Actor
	client   *http.Client
	tmp      string
	stop     context.CancelFunc
	done     chan error

	// open is the location as given to Open, with any password: what a
	// `pakt serve` child process opens.
	open string
}

// openFresh opens pakt on the empty database o.Database (or a temporary
// SQLite file) and migrates it; it does not listen yet.
func openFresh(ctx context.Context, o Options) (*server, error) {
	s := &server{}
	location := o.Database
	if location == "" {
		tmp, err := os.MkdirTemp("", "pakt-bench-")
		if err != nil {
			return nil, err
		}
		s.tmp = tmp
		location = filepath.Join(tmp, "pakt.db")
	} else {
		d, err := db.Open(ctx, location)
		if err != nil {
			return nil, err
		}
		empty, err := d.Empty(ctx)
		d.Close()
		if err != nil {
			return nil, err
		}
		if !empty {
			return nil, fmt.Errorf("bench: %s is not empty: a benchmark needs a database of its own "+
				"(leave --database and PAKT_DATABASE unset for a temporary SQLite file)", d.URL)
		}
	}
	a, err := o.Open(ctx, location)
	if err != nil {
		s.removeTemp()
		return nil, err
	}
	s.app, s.engine, s.location, s.open = a, string(a.DB.Engine), a.DB.URL, location
	if s.version, err = a.DB.Version(ctx); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// start serves HTTP on 127.0.0.1 until close, and makes an admin user with
// an API token for the requests.
func (s *server) start(ctx context.Context, concurrency int) error {
	u, err := s.app.Listen()
	if err != nil {
		return err
	}
	if !strings.HasPrefix(u, "http://127.0.0.1:") {
		return fmt.Errorf("bench: the server listens on %s; benchmarks run on 127.0.0.1 only", u)
	}
	s.url = u
	rctx, stop := context.WithCancel(ctx)
	s.stop, s.done = stop, make(chan error, 1)
	go func() { s.done <- s.app.Run(rctx) }()

	email, name, role := "bench-admin@pakt.example", "Benchmark Admin", auth.RoleAdmin
	// The database is thrown away after the run; the password is never used.
	pw := "bench-" + time.Now().Format(time.RFC3339Nano)
	user, err := s.app.Auth.CreateUser(ctx, auth.System, auth.UserInput{Email: &email, Name: &name, Role: &role, Password: &pw})
	if err != nil {
		return fmt.Errorf("bench: admin user: %w", err)
	}
	s.admin = user.Actor()
	if _, s.token, err = s.app.Auth.CreateToken(ctx, s.admin, "bench", 24*time.Hour); err != nil {
		return fmt.Errorf("bench: API token: %w", err)
	}
	// Keep-alive connections, one per goroutine; no proxy for loopback.
	s.client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: concurrency, MaxIdleConnsPerHost: concurrency, IdleConnTimeout: time.Minute}}
	return nil
}

// request sends an API request with the token and returns the body; a
// status other than want is an error.
func (s *server) request(ctx context.Context, method, path string, body []byte, want int) ([]byte, error) {
	b, err := call(ctx, s.client, s.url, s.token, method, path, body, want)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	return b, nil
}

// call sends a request with the token and returns the body; a status
// other than want is an error.
func call(ctx context.Context, client *http.Client, base, token, method, path string, body []byte, want int) ([]byte, error) {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, r)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != want {
		return nil, &statusError{method: method, path: path, status: res.StatusCode, want: want, retryAfter: res.Header.Get("Retry-After"), body: b}
	}
	return b, nil
}

// statusError is an answer with another status than the one wanted.
type statusError struct {
	method, path string
	status, want int
	retryAfter   string
	body         []byte
}

func (e *statusError) Error() string {
	return fmt.Sprintf("%s %s: status %d, want %d: %.300s", e.method, e.path, e.status, e.want, e.body)
}

// retryLater reports whether err is an answer 503 with Retry-After: the
// server is up but its database is not, and it says so.
func retryLater(err error) bool {
	var se *statusError
	return errors.As(err, &se) && se.status == http.StatusServiceUnavailable && se.retryAfter != ""
}

// close stops the server, closes the database and removes a temporary one.
func (s *server) close() error {
	var errs []error
	if s.stop != nil {
		s.stop()
		select {
		case err := <-s.done:
			errs = append(errs, err)
		case <-time.After(15 * time.Second):
			errs = append(errs, errors.New("bench: the server did not stop within 15s"))
		}
	}
	if s.client != nil {
		s.client.CloseIdleConnections()
	}
	if s.app != nil {
		errs = append(errs, s.app.Close())
	}
	errs = append(errs, s.removeTemp())
	return errors.Join(errs...)
}

func (s *server) removeTemp() error {
	if s.tmp == "" {
		return nil
	}
	return os.RemoveAll(s.tmp)
}
