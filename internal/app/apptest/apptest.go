// Package apptest boots a whole pakt server on 127.0.0.1:0 with a fresh
// database for tests, and gives logged-in HTTP clients.
package apptest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pakt/internal/app"
	"pakt/internal/auth"
	"pakt/internal/db/dbtest"
	"pakt/internal/notify"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
)

// Server is a running pakt for one test.
type Server struct {
	t   testing.TB
	URL string
	// Database is the server's database (a SQLite path or a PostgreSQL
	// URL), for commands run against it as an operator would.
	Database string
	App      *app.App
	n        atomic.Int64
}

// Password is the password of every user made by CreateUser.
const Password = "test-password-1"

// cheap argon2id parameters keep tests fast; production uses the defaults.
var cheap = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}

// Option changes the configuration a test server starts with.
type Option func(*app.Config)

// Clock is a server's clock (app.Config.Now) that moves only when told.
type Clock struct {
	mu sync.Mutex
	at time.Time
}

// NewClock returns a clock that stands at at.
func NewClock(at time.Time) *Clock { return &Clock{at: at} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = c.at.Add(d)
}

// WithSMTP sends the server's mail to a mail server, such as notifytest's.
func WithSMTP(cfg notify.SMTPConfig) Option {
	return func(c *app.Config) { c.SMTP = cfg }
}

// Start boots pakt on a fresh SQLite database, with the configuration
// changed by the options (a mail server, trusted proxies).
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	return start(t, filepath.Join(t.TempDir(), "pakt.db"), opts)
}

// StartWith is Start with one option written in place.
func StartWith(t testing.TB, configure func(*app.Config)) *Server {
	t.Helper()
	return Start(t, configure)
}

// StartPostgres boots pakt on a fresh PostgreSQL schema, or returns nil when
// PAKT_TEST_POSTGRES is not set (outside CI).
func StartPostgres(t testing.TB, opts ...Option) *Server {
	t.Helper()
	u := dbtest.PostgresURL(t)
	if u == "" {
		return nil
	}
	return start(t, u, opts)
}

// Engines runs fn against a server on each available engine.
func Engines(t *testing.T, fn func(t *testing.T, s *Server), opts ...Option) {
	EnginesWith(t, func(*testing.T, *app.Config) {}, fn, opts...)
}

// EnginesWith is Engines with the configuration also changed by configure,
// which runs in each engine's test before its server starts (to start a
// mail server for it, say).
func EnginesWith(t *testing.T, configure func(t *testing.T, c *app.Config), fn func(t *testing.T, s *Server), opts ...Option) {
	run := func(t *testing.T, boot func(testing.TB, ...Option) *Server) *Server {
		return boot(t, append(opts[:len(opts):len(opts)], func(c *app.Config) { configure(t, c) })...)
	}
	t.Run("sqlite", func(t *testing.T) { fn(t, run(t, Start)) })
	t.Run("postgres", func(t *testing.T) {
		s := run(t, StartPostgres)
		if s == nil {
			t.Skip("PAKT_TEST_POSTGRES not set")
		}
		fn(t, s)
	})
}

func start(t testing.TB, database string, opts []Option) *Server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	cfg := app.Config{Database: database, Addr: "127.0.0.1:0", Migrate: true, Log: log, PasswordParams: &cheap}
	for _, o := range opts {
		o(&cfg)
	}
	a, err := app.Open(ctx, cfg)
	if err != nil {
		cancel()
		t.Fatalf("open app: %v", err)
	}
	u, err := a.Listen()
	if err != nil {
		cancel()
		t.Fatalf("listen: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	// Tests see the server as it is once started: with its directory
	// index loaded.
	for deadline := time.Now().Add(15 * time.Second); len(a.Web.Pending()) > 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("server not ready: %v pending", a.Web.Pending())
		}
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("server: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("server did not stop")
		}
		a.Close()
	})
	return &Server{t: t, URL: u, Database: database, App: a}
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// CreateUser makes a user with the role (and organisation for partner
// roles) and returns its e-mail address; the password is Password.
func (s *Server) CreateUser(role auth.Role, orgID string) *auth.User {
	s.t.Helper()
	email := fmt.Sprintf("%s-%d@test.example", role, s.n.Add(1))
	name := fmt.Sprintf("Test %s %d", role, s.n.Load())
	pw := Password
	u, err := s.App.Auth.CreateUser(context.Background(), auth.System, auth.UserInput{Email: &email, Name: &name, Role: &role, OrgID: &orgID, Password: &pw})
	if err != nil {
		s.t.Fatalf("create user: %v", err)
	}
	return u
}

// Client is an HTTP client with its own cookie jar, not following
// redirects, so tests see the answers as they are.
type Client struct {
	t     testing.TB
	s     *Server
	HTTP  *http.Client
	Token string
	Lang  string
	// Header holds further headers sent with every request (a proxy's
	// X-Forwarded-For).
	Header http.Header
}

// Anonymous returns a client without a session.
func (s *Server) Anonymous() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: s.t, s: s, Lang: "en", HTTP: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Login returns a client logged in through the login form.
func (s *Server) Login(email string) *Client {
	s.t.Helper()
	c := s.Anonymous()
	res := c.Form("POST", "/login", url.Values{"email": {email}, "password": {Password}})
	if res.Status != http.StatusSeeOther {
		s.t.Fatalf("login %s: status %d: %s", email, res.Status, res.Body)
	}
	return c
}

// Response is an answer with its body read.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// JSON decodes the body into v.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("decode %q: %v", r.Body, err)
	}
}

// Do sends a request with an optional body and content type.
func (c *Client) Do(method, path, contentType string, body io.Reader) *Response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.s.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.Lang != "" {
		req.Header.Set("Accept-Language", c.Lang)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return &Response{Status: res.StatusCode, Header: res.Header, Body: string(b)}
}

// Get fetches a path.
func (c *Client) Get(path string) *Response {
	c.t.Helper()
	return c.Do("GET", path, "", nil)
}

// Form posts form values.
func (c *Client) Form(method, path string, v url.Values) *Response {
	c.t.Helper()
	return c.Do(method, path, "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
}

// Multipart posts a multipart form (method, path) with the text fields and,
// under field, the files by name, as a browser posts a form with a file
// input.
func (c *Client) Multipart(method, path string, fields url.Values, field string, files map[string][]byte) *Response {
	c.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				c.t.Fatal(err)
			}
		}
	}
	for name, content := range files {
		w, err := mw.CreateFormFile(field, name)
		if err != nil {
			c.t.Fatal(err)
		}
		if _, err := w.Write(content); err != nil {
			c.t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		c.t.Fatal(err)
	}
	return c.Do(method, path, mw.FormDataContentType(), &b)
}

// JSON sends a JSON body (nil for none).
func (c *Client) JSON(method, path string, body any) *Response {
	c.t.Helper()
	if body == nil {
		return c.Do(method, path, "", nil)
	}
	b, err := json.Marshal(body)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.Do(method, path, "application/json", strings.NewReader(string(b)))
}

// TokenClient returns a client that authenticates with a new API token of
// c's user, valid for days.
func (s *Server) TokenClient(t testing.TB, c *Client, days int) *Client {
	t.Helper()
	r := c.JSON("POST", "/api/v1/me/tokens", map[string]any{"name": "script", "expires_in_days": days})
	if r.Status != http.StatusCreated {
		t.Fatalf("create token: %d %s", r.Status, r.Body)
	}
	var tok struct{ Secret string }
	r.JSON(t, &tok)
	api := s.Anonymous()
	api.Token = tok.Secret
	return api
}

// Org makes a published organisation with the legal name and returns its
// id.
func (s *Server) Org(name string) string {
	s.t.Helper()
	o, err := s.App.Partners.Create(context.Background(), auth.System, partner.Input{LegalName: &name, Published: new(true)})
	if err != nil {
		s.t.Fatal(err)
	}
	return o.ID
}

// Member is Org for the association: a member organisation whose
// membership of kind began at since.
func (s *Server) Member(name, kind string, since time.Time) string {
	s.t.Helper()
	ctx := context.Background()
	o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: &name, Published: new(true), Kind: new(partner.KindMember)})
	if err == nil {
		err = s.App.DB.Tx(ctx, func(tx *sql.Tx) error {
			_, err := s.App.Community.StartMembership(ctx, tx, auth.System, o.ID, kind, since)
			return err
		})
	}
	if err != nil {
		s.t.Fatal(err)
	}
	return o.ID
}

// Assessed is Org with an assessment by a: every CAN criterion rated can,
// every WILL criterion will (0–5), so that it lands in a known quadrant.
func (s *Server) Assessed(a *auth.Actor, name string, can, will int) string {
	s.t.Helper()
	ctx := context.Background()
	org := s.Org(name)
	criteria, err := s.App.Portfolio.Criteria(ctx, a)
	if err != nil {
		s.t.Fatal(err)
	}
	ratings := map[string]portfolio.RatingInput{}
	for _, c := range criteria {
		score := can
		if c.Axis == portfolio.AxisWill {
			score = will
		}
		ratings[c.ID] = portfolio.RatingInput{Score: &score}
	}
	if _, err := s.App.Portfolio.Assess(ctx, a, org, portfolio.AssessmentInput{Ratings: ratings}); err != nil {
		s.t.Fatal(err)
	}
	return org
}

// CLI runs the command line as a user would and returns the exit code and
// what it printed.
func CLI(args ...string) (int, string) {
	var out, errOut bytes.Buffer
	code := app.Main(args, &out, &errOut)
	return code, out.String() + errOut.String()
}

// InOrder fails the test unless each text appears in body, and each first
// appears after the one before it: for lists that must read in order.
func InOrder(t *testing.T, body string, texts ...string) {
	t.Helper()
	last, lastText := -1, ""
	for _, s := range texts {
		i := strings.Index(body, s)
		if i < 0 {
			t.Errorf("the page lacks %q", s)
			return
		}
		if i < last {
			t.Errorf("the page lists %q before %q, want it after", s, lastText)
		}
		last, lastText = i, s
	}
}
