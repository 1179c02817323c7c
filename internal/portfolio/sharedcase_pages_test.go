package portfolio_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/pdf/pdftext"
	"pakt/internal/portfolio"
)

// internalMarkers are what a partner must never read of an assessed
// partner with a business case: the note, the suggested score, the
// quadrants and the criteria, in both languages.
func internalMarkers(t *testing.T, s *apptest.Server, note string) []string {
	t.Helper()
	admin := s.CreateUser(auth.RoleAdmin, "").Actor()
	criteria, err := s.App.Portfolio.Criteria(context.Background(), admin)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{note, ratingNote, "suggested_score", "within_12_months", `"note"`}
	for _, lang := range []string{"de", "en"} {
		out = append(out, i18n.T(lang, "businesscase.suggested_score"), i18n.T(lang, "businesscase.score_rule"), i18n.T(lang, "businesscase.flag"))
		for _, q := range portfolio.QuadrantNames() {
			out = append(out, i18n.T(lang, "quadrant."+q))
		}
	}
	for _, c := range criteria {
		// The criterion "business case" shares its name with the page.
		if c.Slug != portfolio.BusinessCaseSlug {
			out = append(out, c.NameDE, c.NameEN)
		}
	}
	return out
}

// A manager shares a business case after confirming; the partner's admin
// reads its figures in its language as a page, a PDF and through the API,
// none of which shows a score, quadrant, criterion or the internal note;
// the admin adjusts an assumption (a bad one is refused by name) and the
// manager sees the difference side by side; the admin returns to the
// manager's version.
func TestSharedBusinessCasePages(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		org := s.Org("Weitblick Systeme GmbH")
		managerUser := s.CreateUser(auth.RoleManager, "")
		manager := s.Login(managerUser.Email)
		const note = "Vertraulich: der Inhaber will eigentlich verkaufen"
		r := manager.JSON("PUT", "/api/v1/partners/"+org+"/business-case", map[string]any{
			"investment_minor": 2_400_000, "monthly_cost_minor": 150_000, "months_to_first_deal": 3,
			"deals_per_month_tenths": 20, "margin_per_deal_minor": 400_000, "ramp_up_months": 2, "note": note})
		if r.Status != 200 {
			t.Fatalf("put business case: %d %s", r.Status, r.Body)
		}
		assessmentOfOrg(t, s, managerUser.Actor(), org)
		markers := internalMarkers(t, s, note)

		// Not shared yet: the page offers sharing and says that the
		// organisation has no admins to read it.
		page := manager.Get("/partners/" + org + "/business-case")
		if !strings.Contains(page.Body, `id="bc-share-button"`) || !strings.Contains(page.Body, i18n.T("en", "sharedcase.no_admins")) {
			t.Fatalf("the business case page offers no sharing or does not say there are no admins:\n%s", page.Body)
		}
		padminUser := s.CreateUser(auth.RolePartnerAdmin, org)
		padmin := s.Login(padminUser.Email)
		padmin.Lang = "de"
		if r := padmin.Get(portfolio.SharedPath(org)); r.Status != 404 {
			t.Fatalf("before sharing the partner admin reads the case: %d", r.Status)
		}
		// Sharing asks first, then shares.
		ask := manager.Form("POST", "/partners/"+org+"/business-case/share", url.Values{})
		if ask.Status != 200 || !strings.Contains(ask.Body, i18n.T("en", "sharedcase.confirm_share")) {
			t.Fatalf("sharing without confirmation: %d, want the question", ask.Status)
		}
		if r := padmin.Get(portfolio.SharedPath(org)); r.Status != 404 {
			t.Fatalf("an unconfirmed share shared the case: %d", r.Status)
		}
		if r := manager.Form("POST", "/partners/"+org+"/business-case/share", url.Values{"confirmed": {"1"}}); r.Status != 303 {
			t.Fatalf("share: %d %s", r.Status, r.Body)
		}
		page = manager.Get("/partners/" + org + "/business-case")
		if !strings.Contains(page.Body, `id="bc-open-compare"`) || strings.Contains(page.Body, i18n.T("en", "sharedcase.no_admins")) {
			t.Fatal("after sharing the business case page does not link to the comparison, or still says there are no admins")
		}

		// The partner admin's dashboard leads there.
		if home := padmin.Get("/").Body; !strings.Contains(home, `href="`+portfolio.SharedPath(org)+`"`) || !strings.Contains(home, i18n.T("de", "sharedcase.widget")) {
			t.Error("the partner admin's dashboard does not lead to the shared business case")
		}

		// The partner's page, in German, with the figures and nothing internal.
		view := padmin.Get(portfolio.SharedPath(org))
		if view.Status != 200 {
			t.Fatalf("the partner admin's page: %d", view.Status)
		}
		for _, want := range []string{"Business Case", "Einmalige Investition", "24.000,00 EUR", "Laufende Kosten pro Monat", "1.500,00 EUR",
			"Deckungsbeitrag pro Abschluss", "4.000,00 EUR", "Break-even im Monat", i18n.T("de", "sharedcase.viewing_manager")} {
			if !strings.Contains(view.Body, bcEsc(want)) {
				t.Errorf("the partner's page lacks %q", want)
			}
		}
		for _, m := range markers {
			if strings.Contains(view.Body, bcEsc(m)) {
				t.Errorf("the partner's page shows %q", m)
			}
		}
		pdfRes := padmin.Get(portfolio.SharedPath(org) + ".pdf")
		if pdfRes.Status != 200 || pdfRes.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("the partner's PDF: %d %s", pdfRes.Status, pdfRes.Header.Get("Content-Type"))
		}
		if bad := pdftext.Unprintable([]byte(pdfRes.Body)); len(bad) > 0 {
			t.Errorf("the PDF holds characters its fonts cannot print: %q", string(bad))
		}
		text := pdftext.Extract([]byte(pdfRes.Body))
		for _, want := range []string{"Business Case: Weitblick Systeme GmbH", "Einmalige Investition", "24.000,00 EUR", "Break-even", "Fassung des Partnermanagers",
			"Kumuliertes Ergebnis in EUR"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF lacks %q:\n%s", want, text)
			}
		}
		for _, m := range markers {
			if strings.Contains(text, m) {
				t.Errorf("the PDF shows %q", m)
			}
		}
		api := padmin.Get("/api/v1/partners/" + org + "/shared-business-case")
		if api.Status != 200 || !strings.Contains(api.Body, `"investment_minor":2400000`) {
			t.Fatalf("the partner's API answer: %d %s", api.Status, api.Body)
		}
		for _, m := range markers {
			if strings.Contains(api.Body, m) {
				t.Errorf("the API answer shows %q", m)
			}
		}

		// A bad assumption is refused by name and keeps the manager's version.
		bad := url.Values{"investment": {"24.000"}, "monthly_cost": {"1.500"}, "months_to_first_deal": {"3"},
			"deals_per_month": {"viele"}, "margin_per_deal": {"4.000"}, "ramp_up_months": {"2"}}
		if r := padmin.Form("POST", portfolio.SharedPath(org), bad); r.Status != 422 || !strings.Contains(r.Body, `id="bc-deals_per_month-err"`) {
			t.Fatalf("a bad assumption: %d, want 422 naming deals_per_month", r.Status)
		}
		good := url.Values{"investment": {"24.000"}, "monthly_cost": {"1.500"}, "months_to_first_deal": {"3"},
			"deals_per_month": {"1"}, "margin_per_deal": {"4.000"}, "ramp_up_months": {"2"}, "currency": {"USD"}}
		if r := padmin.Form("POST", portfolio.SharedPath(org), good); r.Status != 303 {
			t.Fatalf("adjusting an assumption: %d %s", r.Status, r.Body)
		}
		view = padmin.Get(portfolio.SharedPath(org))
		if !strings.Contains(view.Body, `id="bc-deals_per_month" name="deals_per_month" value="1,0"`) || !strings.Contains(view.Body, "Sie sehen Ihre eigenen Annahmen") {
			t.Fatal("the partner's page does not show its own assumption")
		}
		var mine portfolio.BusinessCaseResult
		if r := manager.Get("/api/v1/partners/" + org + "/business-case"); json.Unmarshal([]byte(r.Body), &mine) != nil || mine.DealsPerMonthTenths != 20 || mine.Currency != "EUR" {
			t.Fatalf("the manager's case changed with the partner's copy: %s", r.Body)
		}

		// The manager sees both side by side, the difference highlighted.
		cmp := manager.Get(portfolio.SharedPath(org))
		if cmp.Status != 200 || !strings.Contains(cmp.Body, `id="sc-compare"`) {
			t.Fatalf("the comparison: %d", cmp.Status)
		}
		row := rowOf(cmp.Body, "Deals per month (full rate)")
		if !strings.Contains(row, `class="sc-diff"`) || !strings.Contains(row, ">2.0<") || !strings.Contains(row, ">1.0<") {
			t.Errorf("the deals row is not highlighted with both values: %s", row)
		}
		if row := rowOf(cmp.Body, "One-time investment"); strings.Contains(row, "sc-diff") {
			t.Errorf("an unchanged assumption is highlighted: %s", row)
		}
		if strings.Contains(cmp.Body, note) {
			t.Error("the comparison shows the internal note")
		}
		var res portfolio.SharedCaseResult
		if r := manager.Get("/api/v1/partners/" + org + "/shared-business-case"); json.Unmarshal([]byte(r.Body), &res) != nil || res.Copy == nil ||
			len(res.Differences) != 1 || res.Differences[0] != portfolio.AssumeDealsPerMonth {
			t.Fatalf("the API's differences: %s", r.Body)
		}

		// Back to the manager's version, after confirming.
		if r := padmin.Form("POST", portfolio.SharedPath(org)+"/reset", url.Values{}); r.Status != 200 || !strings.Contains(r.Body, i18n.T("de", "sharedcase.confirm_reset")) {
			t.Fatalf("reset without confirmation: %d", r.Status)
		}
		if r := padmin.Form("POST", portfolio.SharedPath(org)+"/reset", url.Values{"confirmed": {"1"}}); r.Status != 303 {
			t.Fatalf("reset: %d", r.Status)
		}
		if view := padmin.Get(portfolio.SharedPath(org)); !strings.Contains(view.Body, `value="2,0"`) || !strings.Contains(view.Body, i18n.T("de", "sharedcase.viewing_manager")) {
			t.Fatal("after the reset the partner does not see the manager's version")
		}

		// A member of the partner and another partner's admin are told
		// there is none.
		member := s.Login(s.CreateUser(auth.RolePartnerMember, org).Email)
		other := s.Login(s.CreateUser(auth.RolePartnerAdmin, s.Org("Andere AG")).Email)
		for _, c := range []*apptest.Client{member, other} {
			if home := c.Get("/"); strings.Contains(home.Body, portfolio.SharedPath(org)) {
				t.Error("the dashboard of a partner member or another partner leads to the shared business case")
			}
			for _, p := range []string{portfolio.SharedPath(org), portfolio.SharedPath(org) + ".pdf", "/api/v1/partners/" + org + "/shared-business-case"} {
				if r := c.Get(p); r.Status != 404 {
					t.Errorf("GET %s: %d, want 404", p, r.Status)
				}
			}
		}
	})
}

// ratingNote is the internal note on each rating of an assessment.
const ratingNote = "Kriteriennotiz: nur für uns"

// assessmentOfOrg assesses org with every criterion at 4, so that it has a
// quadrant and scores a partner must not see.
func assessmentOfOrg(t *testing.T, s *apptest.Server, a *auth.Actor, org string) {
	t.Helper()
	ctx := context.Background()
	criteria, err := s.App.Portfolio.Criteria(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	ratings := map[string]portfolio.RatingInput{}
	four := 4
	for _, c := range criteria {
		if c.Active {
			ratings[c.ID] = portfolio.RatingInput{Score: &four, Note: ratingNote}
		}
	}
	if _, err := s.App.Portfolio.Assess(ctx, a, org, portfolio.AssessmentInput{Ratings: ratings}); err != nil {
		t.Fatal(err)
	}
}

// rowOf returns the table row of body whose header starts with label.
func rowOf(body, label string) string {
	i := strings.Index(body, `<th scope="row">`+label)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i], "<tr")
	end := strings.Index(body[i:], "</tr>")
	return body[start : i+end]
}
