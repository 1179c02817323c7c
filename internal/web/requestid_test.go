package web_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/web"
)

// A server error shows, on its page and in its problem document, the id
// under which the log has it; the answer's X-Request-Id is the same id. A
// proxy's plain id is kept, anything else replaced by a new one.
func TestRequestIDLeadsFromTheErrorToTheLog(t *testing.T) {
	var log apptest.SyncBuffer
	s, err := web.New(slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug})), nil, "")
	if err != nil {
		t.Fatal(err)
	}
	s.Owner("test")
	s.HandleFunc("GET /broken", func(w http.ResponseWriter, r *http.Request) { panic("a bug") })
	s.HandleFunc("GET /api/v1/broken", func(w http.ResponseWriter, r *http.Request) { panic("a bug") })
	s.HandleFunc("GET /fine", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(web.RequestID(r.Context()))) })
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	generated := regexp.MustCompile(`^[0-9a-f]{16}$`)

	for lang, want := range map[string]string{"de": "nennen Sie Ihrer Administration diese Kennung:", "en": "give your administrator this reference:"} {
		res, body := get(t, "GET", srv.URL+"/broken", lang, "text/html")
		id := res.Header.Get("X-Request-Id")
		if res.StatusCode != 500 || !generated.MatchString(id) {
			t.Fatalf("GET /broken (%s): %d, X-Request-Id %q, want 500 and 16 hex digits", lang, res.StatusCode, id)
		}
		if !strings.Contains(body, want) || !strings.Contains(body, "<code>"+id+"</code>") {
			t.Errorf("the %s error page lacks %q and the id %s:\n%s", lang, want, id, body)
		}
		if line := lineWith(log.String(), "request_id="+id); !strings.Contains(line, "panic") || !strings.Contains(line, "a bug") {
			t.Errorf("the log has no panic under %s:\n%s", id, log.String())
		}
	}

	res, body := get(t, "GET", srv.URL+"/api/v1/broken", "en", "")
	var doc web.Problem
	if err := json.Unmarshal([]byte(body), &doc); err != nil || doc.RequestID == "" || doc.RequestID != res.Header.Get("X-Request-Id") {
		t.Errorf("problem %s with X-Request-Id %q: want the same request_id", body, res.Header.Get("X-Request-Id"))
	}
	if lineWith(log.String(), "request_id="+doc.RequestID) == "" {
		t.Errorf("the log has nothing under %s", doc.RequestID)
	}

	// Answers that are no server error keep the id out of sight: a 404
	// must read the same whether the object is missing or hidden.
	if res, body := get(t, "GET", srv.URL+"/no/such/page", "en", "text/html"); res.StatusCode != 404 || strings.Contains(body, "reference") {
		t.Errorf("404 page: %d, want no reference in\n%s", res.StatusCode, body)
	}
	if res, body := get(t, "GET", srv.URL+"/api/v1/nothing", "en", ""); res.StatusCode != 404 || strings.Contains(body, "request_id") {
		t.Errorf("404 problem: %d, want no request_id in\n%s", res.StatusCode, body)
	}

	for sent, keep := range map[string]bool{
		"proxy-7f3a.b_2":        true,
		"two words":             false,
		"id level=ERROR msg=x":  false,
		strings.Repeat("a", 65): false,
		strings.Repeat("b", 64): true,
		"ünïcode":               false,
	} {
		res, b := send(t, nil, "GET", srv.URL+"/fine", map[string]string{"X-Request-Id": sent})
		got := res.Header.Get("X-Request-Id")
		switch {
		case string(b) != got:
			t.Errorf("sent %q: the handler saw %q, the answer says %q", sent, b, got)
		case keep && got != sent:
			t.Errorf("sent %q: got %q, want it kept", sent, got)
		case !keep && !generated.MatchString(got):
			t.Errorf("sent %q: got %q, want a new id", sent, got)
		}
	}
}

// lineWith returns the first line of log that holds s, or "".
func lineWith(log, s string) string {
	for line := range strings.Lines(log) {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}
