package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
)

func itoa(i int) string { return strconv.Itoa(i) }

var errCrossOrigin = apperr.New(apperr.Forbidden, "error.cross_origin")

type langKey struct{}

// Lang returns the language of the request in ctx.
func Lang(ctx context.Context) string {
	if l, ok := ctx.Value(langKey{}).(string); ok {
		return l
	}
	return i18n.Languages[0]
}

// LangOr returns lang when it is one of pakt's languages (an API's lang
// parameter), else the request's.
func LangOr(ctx context.Context, lang string) string {
	if slices.Contains(i18n.Languages, lang) {
		return lang
	}
	return Lang(ctx)
}

// WithLang returns ctx with the request language set.
func WithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

// IsAPI reports whether the request is for the JSON API.
func IsAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// checkURL answers a request whose path holds a control character or
// invalid UTF-8 with "not found" (no page and no object of pakt has such a
// name), and one whose query holds a NUL or invalid UTF-8 as invalid,
// naming the parameter: a database cannot even compare such text
// (PostgreSQL refuses it), and no search needs it.
func (s *Server) checkURL(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, bad := apperr.CleanText(apperr.Line, r.URL.Path); bad != "" {
			s.Error(w, r, apperr.ErrNotFound)
			return
		}
		var v apperr.Validation
		for name, values := range r.URL.Query() {
			if key := unreadable(append(values, name)); key != "" {
				v.Add(name, key)
			}
		}
		if err := v.Err(); err != nil {
			s.Error(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// unreadable returns the translation key of the first of texts that holds
// invalid UTF-8 or a NUL, or "".
func unreadable(texts []string) string {
	for _, x := range texts {
		switch {
		case !utf8.ValidString(x):
			return "validation.utf8"
		case strings.ContainsRune(x, 0):
			return "validation.control_chars"
		}
	}
	return ""
}

// authenticate resolves the caller from a bearer token or the session
// cookie and fixes the request language.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var actor *auth.Actor
		// /metrics reads its own token (Metrics.Token), which is no API
		// token of a user.
		if h := r.Header.Get("Authorization"); h != "" && r.URL.Path != metricsPath {
			token, ok := strings.CutPrefix(h, "Bearer ")
			a, err := s.Auth.TokenActor(ctx, strings.TrimSpace(token))
			if !ok || err != nil {
				if err != nil && apperr.CodeOf(err) != apperr.NotFound {
					s.Error(w, r.WithContext(WithLang(ctx, i18n.FromRequest(r, ""))), err)
					return
				}
				w.Header().Set("WWW-Authenticate", `Bearer realm="pakt"`)
				s.Error(w, r.WithContext(WithLang(ctx, i18n.FromRequest(r, ""))), apperr.New(apperr.Unauthorised, "error.bad_token"))
				return
			}
			actor = a
			actor.Via = auth.ViaToken
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			a, extended, err := s.Auth.SessionActor(ctx, c.Value)
			switch {
			case err == nil:
				actor = a
				actor.Via = auth.ViaSession
				if extended {
					s.SetSession(w, r, c.Value, s.Auth.SessionLifetime())
				}
			case apperr.CodeOf(err) == apperr.NotFound:
				s.ClearSession(w, r)
			default:
				s.Error(w, r, err)
				return
			}
		}
		lang := ""
		if actor != nil {
			lang = actor.Lang
			ctx = auth.WithActor(ctx, actor)
		}
		ctx = WithLang(ctx, i18n.FromRequest(r, lang))
		r = r.WithContext(ctx)
		if seen, ok := ctx.Value(seenKey{}).(*seenRequest); ok {
			seen.r = r
		}
		next.ServeHTTP(w, r)
	})
}

// SetSession sets the session cookie.
func (s *Server) SetSession(w http.ResponseWriter, r *http.Request, token string, ttl time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.Secure(r), MaxAge: int(ttl.Seconds())})
}

// ClearSession removes the session cookie.
func (s *Server) ClearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.Secure(r), MaxAge: -1})
}

// SetLangCookie remembers a language choice in the browser.
func (s *Server) SetLangCookie(w http.ResponseWriter, r *http.Request, lang string) {
	http.SetCookie(w, &http.Cookie{Name: "pakt_lang", Value: lang, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.Secure(r), MaxAge: 365 * 24 * 3600})
}

// securityHeaders sets the headers every answer carries; over HTTPS also
// HSTS, so that the browser never uses plain HTTP for the site again.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if s.Secure(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		d := time.Since(start)
		_, route := s.mux.Handler(r)
		s.Metrics.observe(route, sw.status, d)
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || strings.HasPrefix(r.URL.Path, "/static/") {
			return
		}
		s.Log.Debug("request", "method", r.Method, "path", loggedPath(r.URL.Path), "status", sw.status, "duration", d,
			"request_id", RequestID(r.Context()))
	})
}

type seenKey struct{}

// seenRequest holds the request as authenticate passed it on, with its
// actor and language, so that the error page of a panic speaks the
// caller's language.
type seenRequest struct{ r *http.Request }

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen := &seenRequest{}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.Error("panic", "method", r.Method, "path", loggedPath(r.URL.Path), "panic", v, "request_id", RequestID(r.Context()))
				if seen.r == nil {
					seen.r = r.WithContext(WithLang(r.Context(), i18n.FromRequest(r, "")))
				}
				s.Error(w, seen.r, apperr.New(apperr.Internal, "error.internal"))
			}
		}()
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), seenKey{}, seen)))
	})
}

// loggedPath is a request path as the log may keep it: a calendar feed's
// path is its credential, so its token is left out.
func loggedPath(p string) string {
	if strings.HasPrefix(p, "/ical/") {
		return "/ical/…"
	}
	return p
}
