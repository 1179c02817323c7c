package web_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver

	"pakt/internal/app/apptest"
	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/web"
)

// send sends a request with the headers (and the cookies of jar, if any)
// through a client that leaves compressed bodies as they are, and returns
// the answer and its body.
func send(t *testing.T, jar http.CookieJar, method, url string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	client := &http.Client{Jar: jar, Transport: &http.Transport{DisableCompression: true}}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

// get sends a request in a language, accepting a type ("" for any).
func get(t *testing.T, method, url, lang, accept string) (*http.Response, string) {
	t.Helper()
	header := map[string]string{"Accept-Language": lang}
	if accept != "" {
		header["Accept"] = accept
	}
	res, b := send(t, nil, method, url, header)
	return res, string(b)
}

// Every error a browser meets is pakt's page, in the reader's language and
// with a way back, and the API's is a problem document: an unknown address
// (404), a method the address does not take (405, with its Allow header),
// a refusal (403) and a handler that panics (500).
func TestErrorPages(t *testing.T) {
	s, err := web.New(slog.New(slog.NewTextHandler(io.Discard, nil)), nil, "")
	if err != nil {
		t.Fatal(err)
	}
	s.Owner("test")
	s.HandleFunc("GET /refused", func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, apperr.New(apperr.Forbidden, "error.forbidden"))
	})
	s.HandleFunc("GET /api/v1/refused", func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, apperr.New(apperr.Forbidden, "error.forbidden"))
	})
	s.HandleFunc("POST /things", func(w http.ResponseWriter, r *http.Request) {})
	s.HandleFunc("GET /broken", func(w http.ResponseWriter, r *http.Request) { panic("a bug") })
	s.HandleFunc("GET /api/v1/broken", func(w http.ResponseWriter, r *http.Request) { panic("a bug") })
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()

	pages := []struct {
		method, path string
		status       int
		de, en       string
	}{
		{"GET", "/no/such/page", 404, "Diese Seite oder dieses Objekt gibt es nicht", "This page or object does not exist"},
		{"DELETE", "/things", 405, "Diese Adresse lässt sich so nicht aufrufen", "This address cannot be called this way"},
		{"GET", "/refused", 403, "Das dürfen Sie mit Ihrer Rolle nicht tun", "Your role does not allow this"},
		{"GET", "/broken", 500, "Etwas ist schiefgegangen", "Something went wrong"},
	}
	for _, p := range pages {
		for lang, want := range map[string]string{"de": p.de, "en": p.en} {
			res, body := get(t, p.method, srv.URL+p.path, lang, "text/html,application/xhtml+xml,*/*;q=0.8")
			if res.StatusCode != p.status || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				t.Errorf("%s %s (%s): %d %s, want %d and a page", p.method, p.path, lang, res.StatusCode, res.Header.Get("Content-Type"), p.status)
				continue
			}
			status := map[string]string{"de": "Fehler ", "en": "Error "}[lang] + strconv.Itoa(p.status)
			for _, part := range []string{`<html lang="` + lang + `">`, `<link rel="stylesheet"`, want, status, `href="/login"`} {
				if !strings.Contains(body, part) {
					t.Errorf("%s %s (%s): the page lacks %q:\n%s", p.method, p.path, lang, part, body)
				}
			}
			if strings.Contains(body, "page not found") || strings.Contains(body, "a bug") {
				t.Errorf("%s %s (%s) shows Go's text or the panic:\n%s", p.method, p.path, lang, body)
			}
		}
	}
	if res, _ := get(t, "DELETE", srv.URL+"/things", "en", ""); res.Header.Get("Allow") != "POST" {
		t.Errorf("405 Allow: %q, want POST", res.Header.Get("Allow"))
	}

	problems := []struct {
		method, path, accept string
		status               int
		code, title          string
	}{
		{"GET", "/api/v1/nothing", "", 404, "not_found", "Nicht gefunden"},
		{"GET", "/no/such/page", "application/json", 404, "not_found", "Nicht gefunden"},
		{"PUT", "/api/openapi.json", "", 405, "method_not_allowed", "Aufruf nicht möglich"},
		{"DELETE", "/things", "application/json", 405, "method_not_allowed", "Aufruf nicht möglich"},
		{"GET", "/refused", "application/json, text/plain, */*", 403, "forbidden", "Nicht erlaubt"},
		{"GET", "/api/v1/refused", "", 403, "forbidden", "Nicht erlaubt"},
		{"GET", "/api/v1/broken", "", 500, "internal", "Interner Fehler"},
	}
	for _, p := range problems {
		res, body := get(t, p.method, srv.URL+p.path, "de", p.accept)
		var doc web.Problem
		if err := json.Unmarshal([]byte(body), &doc); err != nil || res.StatusCode != p.status || res.Header.Get("Content-Type") != "application/problem+json" ||
			doc.Code != p.code || doc.Status != p.status || doc.Title != p.title {
			t.Errorf("%s %s: %d %s %s, want %d problem %s titled %q", p.method, p.path, res.StatusCode, res.Header.Get("Content-Type"), body, p.status, p.code, p.title)
		}
	}
	if res, _ := get(t, "PUT", srv.URL+"/api/openapi.json", "en", ""); res.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("API 405 Allow: %q, want GET, HEAD", res.Header.Get("Allow"))
	}
}

// In the whole application a signed-in user who mistypes an address gets
// the error page with the navigation and a link back to the dashboard.
func TestUnknownAddressInTheApp(t *testing.T) {
	s := apptest.Start(t)
	c := s.Login(s.CreateUser(auth.RoleManager, "").Email)
	for lang, want := range map[string]string{"de": "Zurück zur Übersicht", "en": "Back to the dashboard"} {
		c.Lang = lang
		r := c.Get("/partnerz")
		if r.Status != http.StatusNotFound || !strings.Contains(r.Body, want) || !strings.Contains(r.Body, `href="/logout"`) && !strings.Contains(r.Body, `action="/logout"`) {
			t.Errorf("%s: %d\n%s", lang, r.Status, r.Body)
		}
	}
}

// The error pages pass axe-core in headless Chromium, for a visitor and for
// a signed-in partner: a mistyped address (404) and a page the role may
// not open.
func TestErrorPagesPassAxe(t *testing.T) {
	s := apptest.Start(t)
	org := s.Org("Fehlerseiten GmbH")
	member := s.Login(s.CreateUser(auth.RolePartnerMember, org).Email)
	b := apptest.NewAxeBrowser(t, s.URL)
	for role, c := range map[string]*apptest.Client{"anonymous": s.Anonymous(), "partner member": member} {
		b.UseSession(c)
		for _, path := range []string{"/no/such/page", "/portfolio"} {
			if r := c.Get(path); r.Status != http.StatusNotFound && r.Status != http.StatusForbidden && r.Status != http.StatusSeeOther {
				t.Errorf("%s as %s: %d, want an error", path, role, r.Status)
			}
			b.Open(path)
			for _, v := range b.Axe() {
				t.Errorf("axe: %s as %s: %s (%s): %s\n\t%s", path, role, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
			}
		}
	}
}

// A database that cannot be reached answers 503 with Retry-After at once,
// on pages and in the API, in the reader's language, instead of a 500 or
// a request that hangs.
func TestUnreachableDatabaseAnswers503(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now: PostgreSQL is away
	away, err := sql.Open("pgx", "postgres://postgres@"+addr+"/test?sslmode=disable&connect_timeout=5")
	if err != nil {
		t.Fatal(err)
	}
	defer away.Close()
	var log apptest.SyncBuffer
	s, err := web.New(slog.New(slog.NewTextHandler(&log, nil)), nil, "")
	if err != nil {
		t.Fatal(err)
	}
	s.Owner("test")
	read := func(w http.ResponseWriter, r *http.Request) {
		var n int
		if err := away.QueryRowContext(r.Context(), `SELECT 1`).Scan(&n); err != nil {
			s.Error(w, r, fmt.Errorf("read the things: %w", err))
		}
	}
	s.HandleFunc("GET /things", read)
	s.HandleFunc("GET /api/v1/things", read)
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()

	texts := map[string][2]string{
		"de": {"Vorübergehend nicht erreichbar", "pakt erreicht seine Datenbank gerade nicht"},
		"en": {"Temporarily unavailable", "pakt cannot reach its database at the moment"},
	}
	for lang, want := range texts {
		start := time.Now()
		res, body := get(t, "GET", srv.URL+"/things", lang, "text/html")
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "5" ||
			!strings.Contains(body, want[0]) || !strings.Contains(body, want[1]) {
			t.Errorf("page (%s): %d, Retry-After %q, want 503 after 5 s saying %q:\n%s", lang, res.StatusCode, res.Header.Get("Retry-After"), want, body)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("page (%s): the answer took %s, want it at once", lang, d)
		}
		res, body = get(t, "GET", srv.URL+"/api/v1/things", lang, "")
		var doc web.Problem
		if err := json.Unmarshal([]byte(body), &doc); err != nil || res.StatusCode != http.StatusServiceUnavailable ||
			res.Header.Get("Retry-After") != "5" || doc.Code != "unavailable" || doc.Title != want[0] || !strings.HasPrefix(doc.Detail, want[1]) {
			t.Errorf("API (%s): %d, Retry-After %q, %s; want a 503 problem %q", lang, res.StatusCode, res.Header.Get("Retry-After"), body, want[0])
		}
	}
	// The log has the detail once, not a line per request.
	if n := strings.Count(log.String(), "database unavailable"); n != 1 || !strings.Contains(log.String(), "connect: connection refused") {
		t.Errorf("%d log lines of the outage, want 1 with the cause:\n%s", n, log.String())
	}
}
