package web

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/i18n"
)

// statusOf maps an application error code to its HTTP status.
func statusOf(c apperr.Code) int {
	switch c {
	case apperr.Invalid:
		return http.StatusUnprocessableEntity
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Unauthorised:
		return http.StatusUnauthorized
	case apperr.TooMany:
		return http.StatusTooManyRequests
	case apperr.MethodNotAllowed:
		return http.StatusMethodNotAllowed
	case apperr.Unavailable:
		return http.StatusServiceUnavailable
	case apperr.DiskFull:
		// 507 rather than 503: trying again does not help until someone
		// frees space, and the status says so to scripts as well.
		return http.StatusInsufficientStorage
	}
	return http.StatusInternalServerError
}

// ErrorStatus returns the HTTP status of an application error and sets the
// headers that go with it (Retry-After for TooMany and Unavailable). Error
// uses it; so does a page that shows an error in its own form, such as the
// login.
func ErrorStatus(w http.ResponseWriter, e *apperr.Error) int {
	if (e.Code == apperr.TooMany || e.Code == apperr.Unavailable) && e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	return statusOf(e.Code)
}

// Problem is an RFC 9457 problem details document.
type Problem struct {
	Type     string         `json:"type"`
	Title    string         `json:"title"`
	Status   int            `json:"status"`
	Detail   string         `json:"detail,omitempty"`
	Instance string         `json:"instance,omitempty"`
	Code     string         `json:"code"`
	Errors   []ProblemField `json:"errors,omitempty"`
	// RequestID names the request in the server's log, for a server
	// error.
	RequestID string `json:"request_id,omitempty"`
}

// ProblemField names one invalid input field.
type ProblemField struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is the one place where an error becomes an HTTP answer: RFC 9457
// problem details for the API, an error page for browsers. Errors that are
// not application errors are logged and shown as "internal", except those
// of the database: one that cannot be reached answers 503 with
// Retry-After, a full disk 507.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	e, ok := apperr.As(err)
	if !ok || e.Code == apperr.Internal {
		e = s.serverError(r, err)
	}
	lang := Lang(r.Context())
	status := ErrorStatus(w, e)
	if IsAPI(r) || wantsJSON(r) {
		p := Problem{Type: "urn:pakt:problem:" + string(e.Code), Title: i18n.T(lang, "problem."+string(e.Code)), Status: status,
			Detail: i18n.T(lang, e.Key, e.Args...), Instance: r.URL.Path, Code: string(e.Code)}
		if status >= 500 {
			// What went wrong is in the log, under this id. Other answers
			// leave it out: a refusal reads the same whatever the request.
			p.RequestID = RequestID(r.Context())
		}
		for _, f := range e.Fields {
			p.Errors = append(p.Errors, ProblemField{Field: f.Field, Message: i18n.T(lang, f.Key, f.Args...)})
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.Header().Set("Content-Language", lang)
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(p)
		return
	}
	if e.Code == apperr.Unauthorised && auth.FromContext(r.Context()) == nil && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := s.NewPage(r, "problem."+string(e.Code), nil)
	p.ErrorMessage = i18n.T(lang, e.Key, e.Args...)
	p.Status = status
	if status >= 500 {
		// What went wrong is in the log, under this id.
		p.RequestID = RequestID(r.Context())
	}
	s.Render(w, r, status, "error.html", p)
}

// RetryUnavailable is how long a caller is asked to wait (Retry-After)
// when the database cannot be reached: about as long as a restart of
// PostgreSQL takes.
const RetryUnavailable = 5 * time.Second

// serverError logs an error that is not the caller's and returns what the
// caller is told.
func (s *Server) serverError(r *http.Request, err error) *apperr.Error {
	attrs := []any{"method", r.Method, "path", loggedPath(r.URL.Path), "err", err, "request_id", RequestID(r.Context())}
	switch {
	case db.IsUnavailable(err):
		s.outage.log(s.Log, attrs)
		return apperr.UnavailableFor(RetryUnavailable)
	case db.IsDiskFull(err):
		s.Log.Error("disk full: nothing saved", attrs...)
		return apperr.New(apperr.DiskFull, "error.disk_full")
	}
	s.Log.Error("internal error", attrs...)
	return apperr.New(apperr.Internal, "error.internal")
}

// outageLog keeps an unreachable database from flooding the log: the first
// failed request of an outage is logged with its detail, then one line
// every outageEvery counts the requests answered 503 meanwhile.
type outageLog struct {
	mu      sync.Mutex
	last    time.Time // when a line was last logged; zero: no outage
	skipped int
}

// outageEvery is how often an ongoing outage is logged.
const outageEvery = 10 * time.Second

func (o *outageLog) log(log *slog.Logger, attrs []any) {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := time.Now()
	switch {
	case o.last.IsZero() || now.Sub(o.last) > 3*outageEvery:
		log.Error("database unavailable: answering 503", attrs...)
	case now.Sub(o.last) >= outageEvery:
		log.Error("database still unavailable", append(attrs, "answered_503_since", o.skipped)...)
	default:
		o.skipped++
		return
	}
	o.last, o.skipped = now, 0
}

// wantsJSON reports whether the caller asks for JSON rather than a page: its
// Accept header names application/json (or problem+json) and not HTML, as
// scripts and API clients send it.
func wantsJSON(r *http.Request) bool {
	json, html := false, false
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		media, _, _ := strings.Cut(part, ";")
		switch strings.ToLower(strings.TrimSpace(media)) {
		case "application/json", "application/problem+json":
			json = true
		case "text/html", "application/xhtml+xml":
			html = true
		}
	}
	return json && !html
}
