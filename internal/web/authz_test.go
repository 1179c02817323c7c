package web_test

import (
	"testing"

	"pakt/internal/app/apptest"
)

// The kernel's own routes are public (static assets, the health and
// readiness checks and the API document) but for the metrics.
func TestAuthorisationMatrix(t *testing.T) {
	apptest.Matrix(t, "web", func() []apptest.Case {
		return []apptest.Case{
			{Pattern: "GET /static/", Path: apptest.Static("/static/app.css"), Want: "*:200"},
			{Pattern: "GET /healthz", Path: apptest.Static("/healthz"), Want: "*:200"},
			{Pattern: "GET /readyz", Path: apptest.Static("/readyz"), Want: "*:200"},
			// Only the metrics token opens /metrics, no user's session or API
			// token (TestMetrics).
			{Pattern: "GET /metrics", Path: apptest.Static("/metrics"), Want: "*:404"},
			{Pattern: "GET /api/openapi.json", Path: apptest.Static("/api/openapi.json"), Want: "*:200"},
		}
	})
}
