package portfolio_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/demo"
	"pakt/internal/portfolio"
)

// BenchmarkPortfolio measures the portfolio at 10 000 assessed
// organisations with two assessments each (a year apart) in the default
// profile and one in a second ideal-partner profile, so that the table of
// latest assessments holds both profiles' rows: the service call (the
// default profile's, and the second one's beside it in the cache) and the
// whole page (query, placing, SVG and table rendered by the real
// handler), as server time without the network. Run:
//
//	go test -run '^$' -bench Portfolio -benchtime 100x ./internal/portfolio/
//	PAKT_TEST_POSTGRES=… go test -run '^$' -bench Portfolio -benchtime 100x ./internal/portfolio/
func BenchmarkPortfolio(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run("engine="+engine, func(b *testing.B) {
			var s *apptest.Server
			if engine == "sqlite" {
				s = apptest.Start(b)
			} else if s = apptest.StartPostgres(b); s == nil {
				b.Skip("PAKT_TEST_POSTGRES not set")
			}
			const n = 10000
			other := seedPortfolio(b, s, n)
			manager := s.CreateUser(auth.RoleManager, "")
			actor := manager.Actor()
			b.Run("service", func(b *testing.B) {
				measure(b, func() {
					p, err := s.App.Portfolio.Portfolio(context.Background(), actor, time.Time{}, portfolio.Filter{})
					if err != nil || len(p.Points) != n {
						b.Fatalf("portfolio: %d points, %v", len(p.Points), err)
					}
				})
			})
			b.Run("service-other-profile", func(b *testing.B) {
				measure(b, func() {
					p, err := s.App.Portfolio.Portfolio(context.Background(), actor, time.Time{}, portfolio.Filter{Profile: other})
					if err != nil || len(p.Points) != n {
						b.Fatalf("portfolio of the second profile: %d points, %v", len(p.Points), err)
					}
				})
			})
			// The first view after a new assessment reloads the cached points.
			org := s.App.Portfolio
			criteria, _ := org.Criteria(context.Background(), actor)
			pts, _ := org.Portfolio(context.Background(), actor, time.Time{}, portfolio.Filter{})
			b.Run("service-after-change", func(b *testing.B) {
				measureAfter(b, func(i int) {
					r := map[string]portfolio.RatingInput{}
					for _, c := range criteria {
						score := i % 6
						r[c.ID] = portfolio.RatingInput{Score: &score}
					}
					if _, err := org.Assess(context.Background(), actor, pts.Points[i%len(pts.Points)].OrgID, portfolio.AssessmentInput{Ratings: r}); err != nil {
						b.Fatal(err)
					}
				}, func() {
					if _, err := org.Portfolio(context.Background(), actor, time.Time{}, portfolio.Filter{}); err != nil {
						b.Fatal(err)
					}
				})
			})
			client := s.Login(manager.Email)
			u, _ := url.Parse(s.URL)
			var session string
			for _, c := range client.HTTP.Jar.Cookies(u) {
				session = c.Value
			}
			h := s.App.Web.Handler()
			b.Run("page", func(b *testing.B) {
				measure(b, func() {
					req := httptest.NewRequest("GET", "/portfolio", nil)
					req.AddCookie(&http.Cookie{Name: "pakt_session", Value: session})
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if shown := charted(rec.Body.String()); rec.Code != 200 || shown != n {
						b.Fatalf("page: %d with %d organisations in the chart, want 200 with %d", rec.Code, shown, n)
					}
				})
			})
		})
	}
}

// chartIDs finds the organisations of the chart's points: one in data-org,
// several with the same scores in data-orgs.
var chartIDs = regexp.MustCompile(`data-orgs?="([^"]*)"`)

// charted counts the organisations the page's chart shows.
func charted(page string) int {
	n := 0
	for _, m := range chartIDs.FindAllStringSubmatch(page, -1) {
		n += len(strings.Fields(m[1]))
	}
	return n
}

// measure runs fn b.N times and reports the p50 and p99 in milliseconds.
func measure(b *testing.B, fn func()) {
	b.ReportAllocs()
	d := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		fn()
		d = append(d, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(d[min(len(d)-1, len(d)*99/100)].Microseconds())/1000, "p99-ms")
}

// measureAfter is measure with an untimed change before each timed call.
func measureAfter(b *testing.B, change func(i int), fn func()) {
	d := make([]time.Duration, 0, b.N)
	for i := range b.N {
		change(i)
		start := time.Now()
		fn()
		d = append(d, time.Since(start))
	}
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(d[min(len(d)-1, len(d)*99/100)].Microseconds())/1000, "p99-ms")
}

// seedPortfolio assesses n new organisations twice in the default profile
// and once in a second profile, whose id it returns.
func seedPortfolio(b *testing.B, s *apptest.Server, n int) string {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	criteria, err := s.App.Portfolio.Criteria(ctx, auth.System)
	if err != nil {
		b.Fatal(err)
	}
	ids, err := s.App.Partners.CreateAll(ctx, auth.System, demo.Drafts(3, n, nil), nil)
	if err != nil {
		b.Fatal(err)
	}
	name := "Cloud"
	other, err := s.App.Portfolio.SaveProfile(ctx, auth.System, "", portfolio.ProfileInput{NameDE: &name, NameEN: &name})
	if err != nil {
		b.Fatal(err)
	}
	batch := make([]portfolio.OrgAssessment, 0, 3*n)
	today := time.Now().UTC()
	for i, id := range ids {
		for step, ago := range []int{300, 30} {
			r := map[string]portfolio.RatingInput{}
			for j, c := range criteria {
				score := (i*7 + j*3 + step) % 6
				r[c.ID] = portfolio.RatingInput{Score: &score}
			}
			batch = append(batch, portfolio.OrgAssessment{OrgID: id, Input: portfolio.AssessmentInput{AssessedOn: today.AddDate(0, 0, -ago).Format(time.DateOnly), Ratings: r}})
			if step == 1 {
				batch = append(batch, portfolio.OrgAssessment{OrgID: id, Input: portfolio.AssessmentInput{ProfileID: other.ID, Ratings: r}})
			}
		}
	}
	if _, err := s.App.Portfolio.AssessAll(ctx, auth.System, batch); err != nil {
		b.Fatal(err)
	}
	fmt.Printf("seeded %d organisations and %d assessments in %s\n", n, len(batch), time.Since(start).Round(time.Millisecond))
	return other.ID
}
