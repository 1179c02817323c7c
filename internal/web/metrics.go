package web

import (
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"pakt/internal/apperr"
)

// Metrics is what the server measures, in the Prometheus format: the
// requests by route and status, the Go runtime and the process, and what
// the app and the features register (database pools, queues, scheduled
// work, indexes). Operations scrape it from /metrics.
type Metrics struct {
	// Registry takes the app's and the features' collectors.
	Registry *prometheus.Registry
	// Token, when set, is the bearer token that /metrics on the server's
	// own address asks for; without it /metrics is not found there, and
	// only a separate address (Handler) serves it.
	Token    string
	requests *prometheus.HistogramVec
}

func newMetrics() *Metrics {
	m := &Metrics{Registry: prometheus.NewRegistry()}
	m.requests = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "pakt_http_request_duration_seconds",
		Help: "Time to answer HTTP requests, by route pattern and status.",
	}, []string{"route", "status"})
	m.Registry.MustRegister(m.requests, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics without asking for a token, for a listener
// of its own that only operations reach.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
}

// observe records one answered request.
func (m *Metrics) observe(route string, status int, d time.Duration) {
	if route == "" {
		route = "unmatched" // each unknown address a label would be unbounded
	}
	if status == 0 {
		status = http.StatusOK
	}
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Observe(d.Seconds())
}

const metricsPath = "/metrics"

// serveMetrics is /metrics on the server's own address: the metrics for a
// caller with the token, not found for anybody else (as any address a
// caller may not see).
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if s.Metrics.Token == "" || !ok || subtle.ConstantTimeCompare([]byte(token), []byte(s.Metrics.Token)) != 1 {
		s.Error(w, r, apperr.ErrNotFound)
		return
	}
	s.Metrics.Handler().ServeHTTP(w, r)
}
