// Package web is pakt's HTTP kernel: the router and its middleware (session
// and token authentication, cross-origin protection, logging, recovery),
// template rendering, the one mapping from errors to HTML and JSON answers,
// the typed JSON API with its OpenAPI document, and the static assets.
package web

import (
	"context"
	"embed"
	"encoding/json"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
)

//go:embed static
var staticFS embed.FS

//go:embed templates/*.html
var templateFS embed.FS

// staticAssets are the kernel's static files under their hashed names.
var staticAssets = func() *Assets {
	static, err := fs.Sub(staticFS, "static")
	if err == nil {
		var a *Assets
		if a, err = HashAssets(static); err == nil {
			return a
		}
	}
	panic("web: the embedded static files: " + err.Error())
}()

// Authenticator resolves session cookies and API tokens to actors.
type Authenticator interface {
	SessionActor(ctx context.Context, token string) (a *auth.Actor, extended bool, err error)
	TokenActor(ctx context.Context, token string) (*auth.Actor, error)
	CountUsers(ctx context.Context) (int, error)
	// SessionLifetime is how long an unused session lives.
	SessionLifetime() time.Duration
}

// Server routes requests to the features' handlers.
type Server struct {
	Log     *slog.Logger
	Auth    Authenticator
	BaseURL string
	// Proxies are the trusted reverse proxies (see Proxies).
	Proxies Proxies
	API     *API
	// Zone is the programme time zone, in which pages show moments (nil:
	// i18n.DefaultZone).
	Zone *time.Location
	// Metrics is what /metrics serves; the app and the features register
	// their collectors in Metrics.Registry.
	Metrics *Metrics
	// VendorShown reports whether pakt runs a vendor programme, whose
	// navigation entries (NavEntry.Vendor) show only then; nil: always.
	VendorShown func(ctx context.Context) bool

	mux    *http.ServeMux
	views  *Views
	routes []Route
	owner  string
	nav    []NavEntry
	mu     sync.Mutex
	checks []readiness
	live   []liveCheck
	outage outageLog
}

// liveCheck is a condition of readiness that /readyz checks anew on every
// call, such as the database answering.
type liveCheck struct {
	name  string
	check func(ctx context.Context) error
}

// readiness is a named part of the start-up that /readyz waits for.
type readiness struct {
	name  string
	ready func() bool
}

// SessionCookie is the name of the session cookie.
const SessionCookie = "pakt_session"

// New returns a server whose pages are rendered from the kernel's templates
// and the features' template file systems.
func New(log *slog.Logger, a Authenticator, baseURL string, pages ...fs.FS) (*Server, error) {
	s := &Server{Log: log, Auth: a, BaseURL: strings.TrimSuffix(baseURL, "/"), mux: http.NewServeMux(), Metrics: newMetrics()}
	views, err := parseViews(append([]fs.FS{templateFS}, pages...))
	if err != nil {
		return nil, err
	}
	s.views = views
	s.API = newAPI(s)
	s.Owner(KernelOwner)
	s.Handle("GET /static/", staticAssets.serve(s))
	s.Handle("GET /healthz", http.HandlerFunc(s.healthz))
	s.Handle("GET /readyz", http.HandlerFunc(s.readyz))
	s.Handle("GET "+metricsPath, http.HandlerFunc(s.serveMetrics))
	s.Handle("GET /api/openapi.json", http.HandlerFunc(s.API.serveSpec))
	return s, nil
}

// Pages adds a feature's page templates (its templates/*.html), each
// rendered inside the layout. Features add theirs while the app is built,
// before it serves.
func (s *Server) Pages(src fs.FS) error { return s.views.add(src) }

// Route is a registered route pattern and the feature that owns it.
type Route struct {
	Pattern string
	// Owner is the feature (its package's name) that registered the route.
	Owner string
}

// KernelOwner owns the routes the kernel registers itself (static assets,
// the health and readiness checks, the metrics, the API document).
const KernelOwner = "web"

// Owner names the feature whose routes are registered next, so that each
// feature's tests can check that the authorisation matrix covers all of its
// routes.
func (s *Server) Owner(feature string) {
	s.mu.Lock()
	s.owner = feature
	s.mu.Unlock()
}

// Handle registers a handler on the router and remembers the pattern with
// its owner, so that tests can check every route against the authorisation
// matrix and the API document.
func (s *Server) Handle(pattern string, h http.Handler) {
	s.mu.Lock()
	s.routes = append(s.routes, Route{Pattern: pattern, Owner: s.owner})
	s.mu.Unlock()
	s.mux.Handle(pattern, h)
}

// HandleFunc is Handle for a function.
func (s *Server) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	s.Handle(pattern, http.HandlerFunc(h))
}

// Routes returns every registered route with its owner.
func (s *Server) Routes() []Route {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Route(nil), s.routes...)
}

// Patterns returns every registered route pattern.
func (s *Server) Patterns() []string {
	var out []string
	for _, r := range s.Routes() {
		out = append(out, r.Pattern)
	}
	return out
}

// healthz says that the process is alive: it answers while it runs, also
// while the database is away (so that a supervisor does not restart it for
// that); /readyz tells whether it can serve.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// ReadyWhen registers a condition that /readyz checks on every call, such
// as the database answering or its schema being the one this binary
// knows: while check fails, the server is not ready and name is pending.
func (s *Server) ReadyWhen(name string, check func(ctx context.Context) error) {
	s.mu.Lock()
	s.live = append(s.live, liveCheck{name, check})
	s.mu.Unlock()
}

// Ready registers a part of the start-up, such as loading an index, that
// /readyz waits for: the server is ready once every ready function
// reports true. The server answers before, as well as it can.
func (s *Server) Ready(name string, ready func() bool) {
	s.mu.Lock()
	s.checks = append(s.checks, readiness{name, ready})
	s.mu.Unlock()
}

// Pending returns the names of the parts of the start-up that are not
// ready yet, in the order they were registered.
func (s *Server) Pending() []string {
	s.mu.Lock()
	checks := s.checks
	s.mu.Unlock()
	pending := []string{}
	for _, c := range checks {
		if !c.ready() {
			pending = append(pending, c.name)
		}
	}
	return pending
}

// readyTimeout bounds each of /readyz's checks: a database that does not
// answer within it is as good as away.
const readyTimeout = 2 * time.Second

// readyz answers 200 once the start-up is complete and every live check
// passes, else 503, with what is pending; /healthz answers as soon as the
// server is alive.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	pending := s.Pending()
	s.mu.Lock()
	live := s.live
	s.mu.Unlock()
	for _, c := range live {
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		err := c.check(ctx)
		cancel()
		if err != nil {
			s.Log.Warn("not ready", "check", c.name, "err", err)
			pending = append(pending, c.name)
		}
	}
	status := http.StatusOK
	if len(pending) > 0 {
		status = http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(struct {
		Ready   bool     `json:"ready"`
		Pending []string `json:"pending"`
	}{len(pending) == 0, pending})
}

// Handler returns the router wrapped in pakt's middleware.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, errCrossOrigin)
	}))
	var h http.Handler = s.mux
	h = s.unrouted(h)
	h = s.checkURL(h)
	h = s.authenticate(h)
	h = cop.Handler(h)
	h = s.securityHeaders(h)
	h = s.withOrigin(h)
	h = s.logRequests(h)
	h = s.recoverPanics(h)
	h = s.withRequestID(h)
	h = s.compress(h)
	return h
}

// unrouted gives the router's own answers for a path no route matches (404)
// and for a method the matched path does not take (405, its Allow header
// kept) pakt's error page or problem document instead of Go's plain text.
func (s *Server) unrouted(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := s.mux.Handler(r); pattern != "" {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(&routerAnswer{ResponseWriter: w, s: s, r: r}, r)
	})
}

// routerAnswer replaces the router's 404 and 405 answers by Error's; any
// other answer of the router (a redirect to the cleaned path) passes.
type routerAnswer struct {
	http.ResponseWriter
	s        *Server
	r        *http.Request
	replaced bool
}

func (w *routerAnswer) WriteHeader(code int) {
	switch code {
	case http.StatusNotFound:
		w.replaced = true
		w.s.Error(w.ResponseWriter, w.r, apperr.ErrNotFound)
	case http.StatusMethodNotAllowed:
		w.replaced = true
		w.s.Error(w.ResponseWriter, w.r, apperr.New(apperr.MethodNotAllowed, "error.method_not_allowed"))
	default:
		w.ResponseWriter.WriteHeader(code)
	}
}

func (w *routerAnswer) Write(b []byte) (int, error) {
	if w.replaced {
		return len(b), nil // the router's plain text
	}
	return w.ResponseWriter.Write(b)
}

// SignedIn wraps a page handler that needs a logged-in user; anonymous
// callers are sent to the login page (GET) or refused (other methods).
func (s *Server) SignedIn(fn func(w http.ResponseWriter, r *http.Request, a *auth.Actor)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a := auth.FromContext(r.Context())
		if a == nil {
			s.Error(w, r, apperr.New(apperr.Unauthorised, "error.login_required"))
			return
		}
		fn(w, r, a)
	}
}
