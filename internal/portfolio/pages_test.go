package portfolio_test

import (
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
)

// A business case that breaks even within 6 months preselects 5 for the
// CAN criterion "business case" in the assessment form; one that never
// breaks even preselects 0.
func TestBusinessCaseSuggestsTheScore(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		org := s.Org("Rechnet-sich GmbH")
		c := s.Login(s.CreateUser(auth.RoleManager, "").Email)
		c.Lang = "en"
		r := c.JSON("PUT", "/api/v1/partners/"+org+"/business-case", map[string]any{
			"investment_minor": 1000000, "monthly_cost_minor": 100000, "months_to_first_deal": 2,
			"deals_per_month_tenths": 20, "margin_per_deal_minor": 500000})
		if r.Status != 200 || !strings.Contains(r.Body, `"suggested_score":5`) {
			t.Fatalf("put business case: %d %s", r.Status, r.Body)
		}
		page := c.Get("/partners/" + org + "/assessments")
		if !strings.Contains(page.Body, "Suggested by the business case: 5") {
			t.Fatal("the assessment form does not show the business case's suggestion")
		}
		if !strings.Contains(page.Body, `value="5" checked`) {
			t.Fatal("the suggested score is not preselected")
		}
		r = c.JSON("PUT", "/api/v1/partners/"+org+"/business-case", map[string]any{
			"investment_minor": 1000000, "monthly_cost_minor": 100000, "months_to_first_deal": 2,
			"deals_per_month_tenths": 10, "margin_per_deal_minor": 50000})
		if r.Status != 200 || !strings.Contains(r.Body, `"breaks_even":false`) || !strings.Contains(r.Body, `"break_even_month":null`) {
			t.Fatalf("a case that never breaks even: %d %s", r.Status, r.Body)
		}
		if page := c.Get("/partners/" + org + "/business-case"); !strings.Contains(page.Body, "36") {
			t.Fatal("the business case page does not say it never breaks even within the horizon")
		}
		page = c.Get("/partners/" + org + "/assessments")
		if !strings.Contains(page.Body, "Suggested by the business case: 0") || !strings.Contains(page.Body, `value="0" checked>`) {
			t.Fatal("a case without break-even does not suggest 0")
		}
		// An empty case is refused and leaves the suggestion as it was.
		if r := c.JSON("PUT", "/api/v1/partners/"+org+"/business-case", map[string]any{}); r.Status != 422 {
			t.Fatalf("an empty business case: %d %s", r.Status, r.Body)
		}
		if page := c.Get("/partners/" + org + "/assessments"); strings.Contains(page.Body, `value="5" checked`) {
			t.Fatal("a refused empty case preselects 5")
		}
	})
}
