package web_test

import (
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
