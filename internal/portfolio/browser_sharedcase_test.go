package portfolio_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
)

// The scenario: a manager shares a business case; the partner's
// admin opens it, sees the figures and no score, adjusts an assumption;
// the manager's side-by-side view shows the difference.
func TestBrowserPartnerAdjustsTheSharedBusinessCase(t *testing.T) {
	s := apptest.Start(t)
	b := apptest.NewBrowser(t, s.URL)
	ctx := context.Background()
	o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new("Fernblick Software GmbH"), Published: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	managerUser := s.CreateUser(auth.RoleManager, "")
	padmin := s.CreateUser(auth.RolePartnerAdmin, o.ID)
	manager := s.Login(managerUser.Email)
	if r := manager.JSON("PUT", "/api/v1/partners/"+o.ID+"/business-case", map[string]any{
		"investment_minor": 3_000_000, "monthly_cost_minor": 200_000, "months_to_first_deal": 4,
		"deals_per_month_tenths": 30, "margin_per_deal_minor": 250_000, "ramp_up_months": 3, "note": "Nur intern"}); r.Status != 200 {
		t.Fatalf("put business case: %d %s", r.Status, r.Body)
	}
	assessmentOfOrg(t, s, managerUser.Actor(), o.ID)

	// The manager shares it, confirming in the dialog.
	b.Login(managerUser.Email)
	b.Open("/partners/" + o.ID + "/business-case")
	b.Do("click share", chromedp.Click(chromedp.CSS("#bc-share-button")))
	b.WaitFor("the question", `document.querySelector("#confirm-dialog")?.open === true`)
	b.Click("#confirm-dialog button.danger")
	if got := b.Text("#bc-share"); !strings.Contains(got, "Shared by "+managerUser.Name) {
		t.Fatalf("after sharing the page says %q", got)
	}

	// The partner's admin sees the figures and no score.
	b.SwitchUser(padmin.Email)
	b.Open(portfolio.SharedPath(o.ID))
	if got := b.Text("#sc-figures"); !strings.Contains(got, "30,000.00 EUR") || !strings.Contains(got, "2,500.00 EUR") {
		t.Fatalf("the partner's figures read %q", got)
	}
	before := b.Text("#sc-breakeven")
	page := b.Text("main")
	for _, hidden := range []string{"score", "Score", "Hero", "Candidate", "Vampire", "Shadow", "Nur intern"} {
		if strings.Contains(page, hidden) {
			t.Errorf("the partner's page shows %q", hidden)
		}
	}
	if n := apptest.Eval[int](b, `document.querySelectorAll("svg.bc-curve polyline").length`); n != 1 {
		t.Errorf("the partner's page draws %d curves, want 1", n)
	}

	// It halves the deals per month: break-even comes later.
	b.Fill("#bc-deals_per_month", "1.5")
	b.Click("#sc-form button[type=submit]")
	if got := b.Text("#sc-version"); !strings.Contains(got, "your own assumptions") {
		t.Fatalf("after adjusting the page says %q", got)
	}
	if after := b.Text("#sc-breakeven"); after == before {
		t.Errorf("the break-even did not move with fewer deals: %q", after)
	}

	// The manager's side by side shows the difference.
	b.SwitchUser(managerUser.Email)
	b.Open(portfolio.SharedPath(o.ID))
	diff := apptest.Eval[[]string](b, `[...document.querySelectorAll("#sc-compare tr.sc-diff th")].map(th => th.textContent.trim())`)
	if len(diff) == 0 || !strings.HasPrefix(diff[0], "Deals per month") {
		t.Fatalf("highlighted rows %q, want deals per month first", diff)
	}
	row := apptest.Eval[[]string](b, `[...document.querySelectorAll("#sc-compare tr.sc-diff")[0].querySelectorAll("td")].map(td => td.textContent)`)
	if len(row) != 2 || row[0] != "3.0" || row[1] != "1.5" {
		t.Errorf("the deals row reads %q, want 3.0 beside 1.5", row)
	}
	if n := apptest.Eval[int](b, `document.querySelectorAll("svg.bc-curve").length`); n != 2 {
		t.Errorf("the comparison draws %d curves, want both versions", n)
	}
	b.CheckConsole()
}
