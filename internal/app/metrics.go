package app

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// registerMetrics adds the kernel's collectors to the web server's
// registry: the database pools, the mail outbox and the scheduled work.
// The features register their own while they are wired.
func (a *App) registerMetrics() {
	reg := a.Web.Metrics.Registry
	a.jobRuns = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "pakt_job_runs_total", Help: "Runs of the features' scheduled work, by job."}, []string{"job"})
	a.jobErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "pakt_job_errors_total", Help: "Runs of scheduled work that failed, by job."}, []string{"job"})
	for _, job := range a.Jobs {
		// Every job shows from the start, with 0 runs.
		a.jobRuns.WithLabelValues(job.Name)
		a.jobErrors.WithLabelValues(job.Name)
	}
	reg.MustRegister(a.jobRuns, a.jobErrors,
		collectors.NewDBStatsCollector(a.DB.DB, "readers"),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "pakt_mail_pending", Help: "Mails in the outbox waiting to be sent (-1: the database did not answer)."}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			n, err := a.Notify.Pending(ctx)
			if err != nil {
				return -1
			}
			return float64(n)
		}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "pakt_mail_failures_total", Help: "Attempts to send a mail that failed (outbox mails are tried again)."}, func() float64 {
			return float64(a.Notify.Failures())
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "pakt_webhook_pending", Help: "Webhook deliveries waiting to be sent or retried (-1: the database did not answer)."}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			n, err := a.Webhooks.Pending(ctx)
			if err != nil {
				return -1
			}
			return float64(n)
		}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "pakt_webhook_failures_total", Help: "Webhook delivery attempts that failed (they are retried for a day)."}, func() float64 {
			return float64(a.Webhooks.Failures())
		}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "pakt_webhook_deliveries_total", Help: "Webhook deliveries the receivers accepted."}, func() float64 {
			return float64(a.Webhooks.Sent())
		}),
	)
	if w := a.DB.Writer(); w != a.DB.DB {
		reg.MustRegister(collectors.NewDBStatsCollector(w, "writer"))
	}
}

// listenMetrics opens Config.MetricsAddr, if set.
func (a *App) listenMetrics() error {
	if a.Config.MetricsAddr == "" || a.metrics != nil {
		return nil
	}
	l, err := net.Listen("tcp", a.Config.MetricsAddr)
	if err != nil {
		return err
	}
	a.metrics = l
	return nil
}

// MetricsURL is the address of the separate metrics listener, or "".
func (a *App) MetricsURL() string {
	if a.metrics == nil {
		return ""
	}
	return "http://" + a.metrics.Addr().String() + "/metrics"
}

// serveMetrics serves /metrics on the separate listener until ctx ends.
func (a *App) serveMetrics(ctx context.Context) {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.Web.Metrics.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(a.metrics); err != nil && !errors.Is(err, http.ErrServerClosed) {
		a.Log.Error("metrics listener", "err", err)
	}
}
