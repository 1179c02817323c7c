package app_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pakt/internal/app"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/lifecycle"
	"pakt/internal/notify"
	"pakt/internal/webhook"
)

// metricValue returns the value of the sample named by series (a metric's
// name with its labels as the text format writes them), or false.
func metricValue(body, series string) (float64, bool) {
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(m[1], 64)
	return v, err == nil
}

// /metrics tells operations what pakt does: requests by route and status,
// the directory index, the scheduled work, the mail and the webhook
// deliveries that wait and that failed, the database pools, the runtime. On the main address
// only the metrics token opens it (a user's API token does not); on the
// metrics address of its own it needs none.
func TestMetrics(t *testing.T) {
	t.Parallel()
	const token = "metrics-0123456789abcdef"
	s := apptest.StartWith(t, func(c *app.Config) {
		c.MetricsToken, c.MetricsAddr = token, "127.0.0.1:0"
		// A mail server that never answers: the mail waits and fails.
		_, port, _ := net.SplitHostPort(freeAddr(t))
		p, _ := strconv.Atoi(port)
		c.SMTP = notify.SMTPConfig{Host: "127.0.0.1", Port: p, TLS: "none", From: "pakt@test.example"}
		c.WebhookNetworks = []string{"127.0.0.0/8"}
	})
	ctx := context.Background()
	org := s.Org("Messwerk GmbH")
	admin := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
	for _, path := range []string{"/partners", "/partners", "/partners/" + org} {
		if r := admin.Get(path); r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", path, r.Status)
		}
	}
	admin.Get("/no/such/page")
	if err := s.App.Notify.Notify(ctx, s.App.DB, notify.Notice{Kind: "funds.paid", Args: []string{"Messe"}, Addresses: []string{"ops@test.example"}, MailOnly: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Notify.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.App.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	// Two webhook receivers, one refusing: one delivery waits, one went.
	adminUser := s.CreateUser(auth.RoleAdmin, "")
	for _, status := range []int{http.StatusInternalServerError, http.StatusNoContent} {
		rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(status) }))
		t.Cleanup(rcv.Close)
		if _, err := s.App.Webhooks.Create(ctx, adminUser.Actor(), webhook.EndpointInput{URL: rcv.URL, Events: []string{"prospect.create"}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.App.Pipeline.Create(ctx, adminUser.Actor(), lifecycle.CreateInput{LegalName: "Messwerk Neu GmbH", Domain: "messwerk-neu.example", Country: "DE", City: "Ulm"}); err != nil {
		t.Fatal(err)
	}
	if err := s.App.Webhooks.Dispatch(ctx); err != nil {
		t.Fatal(err)
	}

	ops := s.Anonymous()
	ops.Token = token
	r := ops.Get("/metrics")
	status, body := r.Status, r.Body
	if status != http.StatusOK {
		t.Fatalf("/metrics with the token: %d\n%s", status, body)
	}
	at := func(series string) float64 {
		v, ok := metricValue(body, series)
		if !ok {
			t.Errorf("no %s in\n%s", series, body)
		}
		return v
	}
	if n := at(`pakt_http_request_duration_seconds_count{route="GET /partners",status="200"}`); n != 2 {
		t.Errorf("GET /partners counted %v times, want 2", n)
	}
	if n := at(`pakt_http_request_duration_seconds_count{route="GET /partners/{id}",status="200"}`); n != 1 {
		t.Errorf("GET /partners/{id} counted %v times, want 1", n)
	}
	if n := at(`pakt_http_request_duration_seconds_count{route="unmatched",status="404"}`); n < 1 {
		t.Errorf("the unknown address counted %v times, want 1", n)
	}
	if strings.Contains(body, "/no/such/page") || strings.Contains(body, org) {
		t.Error("the metrics name an address or an organisation: labels must stay bounded")
	}
	if at("pakt_directory_index_ready") != 1 || at("pakt_directory_index_organisations") != 1 || at("pakt_directory_index_terms") < 1 {
		t.Errorf("directory index: ready %v, %v organisations, %v terms; want 1, 1 and some", at("pakt_directory_index_ready"),
			at("pakt_directory_index_organisations"), at("pakt_directory_index_terms"))
	}
	if at("pakt_directory_index_load_seconds") <= 0 {
		t.Error("the index's load took no time")
	}
	for _, job := range []string{"jourfixe", "exchange", "concierge", "cosell", "leads"} {
		if n := at(`pakt_job_runs_total{job="` + job + `"}`); n < 1 {
			t.Errorf("job %s ran %v times, want at least once", job, n)
		}
		if n := at(`pakt_job_errors_total{job="` + job + `"}`); n != 0 {
			t.Errorf("job %s failed %v times", job, n)
		}
	}
	if at("pakt_mail_pending") != 1 || at("pakt_mail_failures_total") < 1 {
		t.Errorf("mail: %v pending, %v failures; want 1 and at least 1", at("pakt_mail_pending"), at("pakt_mail_failures_total"))
	}
	if at("pakt_webhook_pending") != 1 || at("pakt_webhook_failures_total") < 1 || at("pakt_webhook_deliveries_total") != 1 {
		t.Errorf("webhooks: %v pending, %v failures, %v delivered; want 1, at least 1 and 1", at("pakt_webhook_pending"),
			at("pakt_webhook_failures_total"), at("pakt_webhook_deliveries_total"))
	}
	if at(`go_sql_max_open_connections{db_name="readers"}`) < 1 || at(`go_sql_max_open_connections{db_name="writer"}`) != 1 {
		t.Errorf("database pools: readers %v, writer %v connections at most", at(`go_sql_max_open_connections{db_name="readers"}`),
			at(`go_sql_max_open_connections{db_name="writer"}`))
	}
	if at("go_goroutines") < 1 || at("process_resident_memory_bytes") < 1<<20 {
		t.Error("no runtime or process figures")
	}

	// Without the token, with another, or with a user's API token: not found.
	userToken := s.TokenClient(t, admin, 1).Token
	for name, tok := range map[string]string{"no token": "", "another token": token + "x", "a user's API token": userToken} {
		c := s.Anonymous()
		c.Token = tok
		if r := c.Get("/metrics"); r.Status != http.StatusNotFound || strings.Contains(r.Body, "go_goroutines") {
			t.Errorf("/metrics with %s: %d, want 404 without metrics", name, r.Status)
		}
	}

	// The metrics address of its own serves them without a token.
	res, err := http.Get(s.App.MetricsURL())
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	own, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK || !strings.Contains(string(own), "pakt_directory_index_organisations 1") {
		t.Errorf("%s: %d %v, want the metrics\n%s", s.App.MetricsURL(), res.StatusCode, err, own)
	}
}
