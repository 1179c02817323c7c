package web_test

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"pakt/internal/app/apptest"
)

// /readyz answers 503 with what is pending until every part of the
// start-up is done, then 200; /healthz says alive all along.
func TestReadyzWaitsForTheStartUp(t *testing.T) {
	s := apptest.Start(t)
	c := s.Anonymous()
	var loaded atomic.Bool
	s.App.Web.Ready("slow", loaded.Load)
	type readiness struct {
		Ready   bool     `json:"ready"`
		Pending []string `json:"pending"`
	}
	for _, step := range []struct {
		status int
		want   readiness
	}{
		{http.StatusServiceUnavailable, readiness{false, []string{"slow"}}},
		{http.StatusOK, readiness{true, []string{}}},
	} {
		r := c.Get("/readyz")
		var got readiness
		r.JSON(t, &got)
		if r.Status != step.status || !reflect.DeepEqual(got, step.want) {
			t.Errorf("/readyz: %d %+v, want %d %+v", r.Status, got, step.status, step.want)
		}
		if h := c.Get("/healthz"); h.Status != http.StatusOK || strings.TrimSpace(h.Body) != "ok" {
			t.Errorf("/healthz while /readyz answers %d: %d %q, want 200 ok", r.Status, h.Status, h.Body)
		}
		loaded.Store(true)
	}
}

// A schema that another binary moved on, or a database that stops
// answering, makes /readyz say so by name (and ready again once the schema
// is back); /healthz says alive all along, so that a supervisor does not
// restart pakt for the database's sake.
func TestReadyzChecksTheDatabaseOnEveryCall(t *testing.T) {
	s := apptest.Start(t)
	c := s.Anonymous()
	type readiness struct {
		Ready   bool     `json:"ready"`
		Pending []string `json:"pending"`
	}
	check := func(status int, want readiness) {
		t.Helper()
		r := c.Get("/readyz")
		var got readiness
		r.JSON(t, &got)
		if r.Status != status || !reflect.DeepEqual(got, want) {
			t.Errorf("/readyz: %d %+v, want %d %+v", r.Status, got, status, want)
		}
		if h := c.Get("/healthz"); h.Status != http.StatusOK {
			t.Errorf("/healthz: %d, want 200", h.Status)
		}
	}
	ctx := context.Background()
	check(http.StatusOK, readiness{true, []string{}})
	// A newer pakt migrated the database: this one is not ready for it.
	if _, err := s.App.DB.ExecContext(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, TRUE)`); err != nil {
		t.Fatal(err)
	}
	check(http.StatusServiceUnavailable, readiness{false, []string{"schema"}})
	if _, err := s.App.DB.ExecContext(ctx, `DELETE FROM goose_db_version WHERE version_id = 99999`); err != nil {
		t.Fatal(err)
	}
	check(http.StatusOK, readiness{true, []string{}})
	// A long load holds the writer: the checks read past it.
	load, err := s.App.DB.Loader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	check(http.StatusOK, readiness{true, []string{}})
	load.Close()
	// The database goes away.
	s.App.DB.Close()
	check(http.StatusServiceUnavailable, readiness{false, []string{"database", "schema"}})
}
