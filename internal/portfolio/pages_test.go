package portfolio_test

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/portfolio"
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
		if r.Status != 200 || !strings.Contains(r.Body, `"breaks_even":false`) || strings.Contains(r.Body, `"break_even_month"`) {
			t.Fatalf("a case that never breaks even: %d %s", r.Status, r.Body)
		}
		if page := c.Get("/partners/" + org + "/business-case"); !strings.Contains(page.Body, "36") {
			t.Fatal("the business case page does not say it never breaks even within the horizon")
		}
		page = c.Get("/partners/" + org + "/assessments")
		if !strings.Contains(page.Body, "Suggested by the business case: 0") || !strings.Contains(page.Body, `value="0" checked> <strong>0</strong> break-even after more than 24 months, or never`) {
			t.Fatal("a case without break-even does not suggest 0, the level of no break-even")
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

// The criteria page shows the levels of the business case as the rule
// writes them, read-only, and saving the criterion keeps them.
func TestCriteriaPageShowsTheBusinessCaseLevels(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	admin := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
	admin.Lang = "en"
	all, err := s.App.Portfolio.Criteria(context.Background(), &auth.Actor{Role: auth.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(all, func(c *portfolio.Criterion) bool { return c.Slug == portfolio.BusinessCaseSlug })
	bc := all[i]
	page := admin.Get("/portfolio/criteria")
	for _, want := range []string{
		`id="` + bc.ID + `-aen2" name="anchor_en_2" lang="en" value="break-even in 13–18 months" readonly>`,
		`id="` + bc.ID + `-ade0" name="anchor_de_0" lang="de" value="Break-even nach mehr als 24 Monaten oder nie" readonly>`,
		`<p class="hint" id="` + bc.ID + `-anchors-derived">`,
	} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the criteria page lacks %q", want)
		}
	}
	v := url.Values{"form_id": {bc.ID}, "axis": {bc.Axis}, "name_de": {bc.NameDE}, "name_en": {bc.NameEN}, "weight": {"30"},
		"position": {strconv.Itoa(bc.Position)}, "slug": {bc.Slug}, "active": {"on"}}
	for level := range portfolio.MaxScore + 1 {
		v.Set("anchor_de_"+strconv.Itoa(level), bc.Anchor("de", level))
		v.Set("anchor_en_"+strconv.Itoa(level), bc.Anchor("en", level))
	}
	if r := admin.Form("POST", "/portfolio/criteria/"+bc.ID, v); r.Status != 303 {
		t.Fatalf("saving the business case criterion: %d\n%.800s", r.Status, r.Body)
	}
	v.Set("anchor_en_2", "break-even in 19–24 months")
	if r := admin.Form("POST", "/portfolio/criteria/"+bc.ID, v); r.Status != 422 || !strings.Contains(r.Body, "cannot be changed here") {
		t.Fatalf("changing a level of the business case: %d", r.Status)
	}
}
