package portfolio_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/i18n"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
	"pakt/internal/web"
)

// bcServer is a web server with only the business case routes, on a fresh
// database.
type bcServer struct {
	t        *testing.T
	url      string
	auth     *auth.Service
	partners *partner.Service
	cases    *portfolio.BusinessCases
	n        int
}

func startBusinessCases(t *testing.T, d *db.DB) *bcServer {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := auth.NewService(d, time.Now)
	a.Password = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	a.OrgExists = partner.Exists
	s := &bcServer{t: t, auth: a, partners: partner.NewService(d, time.Now), cases: portfolio.NewBusinessCases(d, time.Now)}
	w, err := web.New(log, a, "", portfolio.BusinessCaseTemplates)
	if err != nil {
		t.Fatal(err)
	}
	portfolio.NewBusinessCaseHandler(w, s.cases, s.partners).Routes()
	srv := httptest.NewServer(w.Handler())
	t.Cleanup(srv.Close)
	w.BaseURL = srv.URL
	s.url = srv.URL
	return s
}

func (s *bcServer) org(name string) string {
	s.t.Helper()
	o, err := s.partners.Create(context.Background(), auth.System, partner.Input{LegalName: &name})
	if err != nil {
		s.t.Fatal(err)
	}
	return o.ID
}

// bcClient sends requests with a session cookie (none for anonymous).
type bcClient struct {
	s     *bcServer
	token string
	lang  string
}

func (s *bcServer) login(role auth.Role, orgID string) *bcClient {
	s.t.Helper()
	ctx := context.Background()
	s.n++
	email, name, pw := fmt.Sprintf("%s-%d@test.example", role, s.n), "Test", "test-password-1"
	if _, err := s.auth.CreateUser(ctx, auth.System, auth.UserInput{Email: &email, Name: &name, Role: &role, OrgID: &orgID, Password: &pw}); err != nil {
		s.t.Fatal(err)
	}
	_, token, err := s.auth.Login(ctx, email, pw, "127.0.0.1")
	if err != nil {
		s.t.Fatal(err)
	}
	return &bcClient{s: s, token: token, lang: "en"}
}

type bcResponse struct {
	status   int
	header   http.Header
	body     string
	location string
}

func (c *bcClient) do(method, path, contentType, body string) bcResponse {
	c.s.t.Helper()
	req, err := http.NewRequest(method, c.s.url+path, strings.NewReader(body))
	if err != nil {
		c.s.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept-Language", c.lang)
	if c.token != "" {
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: c.token})
	}
	cl := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := cl.Do(req)
	if err != nil {
		c.s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.s.t.Fatal(err)
	}
	return bcResponse{status: res.StatusCode, header: res.Header, body: string(b), location: res.Header.Get("Location")}
}

func (c *bcClient) get(path string) bcResponse { return c.do("GET", path, "", "") }

func (c *bcClient) form(path string, v url.Values) bcResponse {
	return c.do("POST", path, "application/x-www-form-urlencoded", v.Encode())
}

func (c *bcClient) json(method, path string, body any) bcResponse {
	c.s.t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		c.s.t.Fatal(err)
	}
	return c.do(method, path, "application/json", string(b))
}

// bcResult is the API answer with its computed fields.
type bcResult struct {
	OrgID               string                  `json:"org_id"`
	Currency            string                  `json:"currency"`
	InvestmentMinor     int64                   `json:"investment_minor"`
	DealsPerMonthTenths int                     `json:"deals_per_month_tenths"`
	UpdatedBy           string                  `json:"updated_by"`
	BreakEvenMonth      int                     `json:"break_even_month"`
	BreaksEven          bool                    `json:"breaks_even"`
	Within12Months      bool                    `json:"within_12_months"`
	SuggestedScore      int                     `json:"suggested_score"`
	HorizonMonths       int                     `json:"horizon_months"`
	Months              []portfolio.MonthResult `json:"months"`
}

func bcDecode(t *testing.T, r bcResponse, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("bcDecode %q: %v", r.body, err)
	}
}

// bcEsc is text as html/template writes it.
func bcEsc(s string) string { return html.EscapeString(s) }

func TestBusinessCasePages(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := startBusinessCases(t, d)
		orgID := s.org("Alpha Partner GmbH")
		page := "/partners/" + orgID + "/business-case"
		manager := s.login(auth.RoleManager, "")
		manager.lang = "de"

		res := manager.get(page)
		if res.status != http.StatusOK {
			t.Fatalf("staff opens the empty page: status %d\n%s", res.status, res.body)
		}
		if !strings.Contains(res.body, "Alpha Partner GmbH") || strings.Contains(res.body, "<svg") {
			t.Errorf("the empty page names the organisation and draws no curve:\n%s", res.body)
		}

		// German input: 12.500,00 € investment, 1.000 € a month, 1,5 deals a
		// month from month 2 at 4.000 € each: −13.500, −8.500, −3.500, +1.500.
		res = manager.form(page, url.Values{"currency": {"EUR"}, "investment": {"12.500,00"}, "monthly_cost": {"1.000"},
			"months_to_first_deal": {"2"}, "deals_per_month": {"1,5"}, "margin_per_deal": {"4.000"}, "ramp_up_months": {"0"}, "note": {"Erstgespräch"}})
		if res.status != http.StatusSeeOther || res.location != page {
			t.Fatalf("save: status %d to %q, want 303 to the page\n%s", res.status, res.location, res.body)
		}
		bc, err := s.cases.Get(context.Background(), auth.System, orgID)
		if err != nil {
			t.Fatal(err)
		}
		if bc.InvestmentMinor != 1_250_000 || bc.MonthlyCostMinor != 100_000 || bc.DealsPerMonthTenths != 15 || bc.MarginPerDealMinor != 400_000 || bc.MonthsToFirstDeal != 2 {
			t.Fatalf("saved: got %+v", bc)
		}

		res = manager.get(page)
		if res.status != http.StatusOK {
			t.Fatalf("page: status %d", res.status)
		}
		for _, want := range []string{
			bcEsc(i18n.T("de", "businesscase.break_even", 4)),
			`<svg class="bc-curve" viewBox="0 0 720 300"`, `<polyline class="bc-line" points="`, `<circle class="bc-marker"`,
			`<tr class="bc-row-breakeven"><th scope="row">4 `,
			`value="12.500,00"`, `value="1,5"`, `value="4.000,00"`, `<span class="bc-score">5</span>`,
			"−13.500,00 EUR", "1.500,00 EUR",
		} {
			if !strings.Contains(res.body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if strings.Contains(res.body, `class="bc-flag"`) {
			t.Errorf("a case breaking even in month 4 is flagged")
		}
		if n := strings.Count(res.body, `<tr`) - 1; n != portfolio.BusinessCaseTableMonths {
			t.Errorf("the table lists %d months, want %d", n, portfolio.BusinessCaseTableMonths)
		}

		// A case that never breaks even is flagged.
		late := s.org("Spät AG")
		r := manager.json("PUT", "/api/v1/partners/"+late+"/business-case", map[string]any{"investment_minor": 1_000_000, "monthly_cost_minor": 10_000,
			"months_to_first_deal": 1, "deals_per_month_tenths": 10, "margin_per_deal_minor": 10_000})
		if r.status != http.StatusOK {
			t.Fatalf("put: status %d\n%s", r.status, r.body)
		}
		res = manager.get("/partners/" + late + "/business-case")
		if !strings.Contains(res.body, `class="bc-flag"`) || !strings.Contains(res.body, bcEsc(i18n.T("de", "businesscase.never", 36))) || strings.Contains(res.body, `class="bc-marker"`) {
			t.Errorf("a case that never breaks even is not flagged, or has a break-even marker")
		}
	})
}

func TestBusinessCaseRefusedForm(t *testing.T) {
	t.Parallel()
	s := startBusinessCases(t, dbtest.SQLite(t))
	orgID := s.org("Beta GmbH")
	page := "/partners/" + orgID + "/business-case"
	admin := s.login(auth.RoleAdmin, "")
	res := admin.form(page, url.Values{"currency": {"EUR"}, "investment": {"12,500.00"}, "monthly_cost": {"800"},
		"months_to_first_deal": {"0"}, "deals_per_month": {"viele"}, "margin_per_deal": {"3000"}, "ramp_up_months": {"2"}, "note": {"Notiz <b>"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("refused form: status %d, want 422\n%s", res.status, res.body)
	}
	for _, want := range []string{
		`aria-describedby="bc-months_to_first_deal-err`,
		`<span class="err" id="bc-months_to_first_deal-err">` + bcEsc(i18n.T("en", "validation.range", 1, 36)) + `</span>`,
		`<span class="err" id="bc-deals_per_month-err">` + bcEsc(i18n.T("en", "validation.tenths")) + `</span>`,
		`value="12,500.00"`, `value="viele"`, `value="0"`, `value="800"`, `Notiz &lt;b&gt;</textarea>`,
		`class="error-summary"`,
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	if strings.Contains(res.body, `id="bc-investment-err"`) {
		t.Errorf("a valid field is marked as wrong")
	}
	res = admin.form(page, url.Values{"investment": {"1.505"}, "months_to_first_deal": {"1"}, "ramp_up_months": {"0"}})
	if want := `<span class="err" id="bc-investment-err">` + bcEsc(i18n.T("en", "validation.money", 2)) + `</span>`; !strings.Contains(res.body, want) {
		t.Errorf("three decimals of a euro amount: the form lacks %q", want)
	}
	if _, err := s.cases.Get(context.Background(), auth.System, orgID); err != apperr.ErrNotFound {
		t.Errorf("a refused form saved a case: got %v, want not found", err)
	}
	// A negative amount is refused by the rules, named after the form field.
	res = admin.form(page, url.Values{"investment": {"-5"}, "months_to_first_deal": {"1"}, "ramp_up_months": {"0"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `id="bc-investment-err"`) {
		t.Errorf("negative investment: status %d, or no message at the field", res.status)
	}
}

func TestBusinessCaseConfidential(t *testing.T) {
	t.Parallel()
	s := startBusinessCases(t, dbtest.SQLite(t))
	own := s.org("Eigene GmbH")
	page, api := "/partners/"+own+"/business-case", "/api/v1/partners/"+own+"/business-case"
	body := map[string]any{"investment_minor": 100, "monthly_cost_minor": 0, "months_to_first_deal": 1, "deals_per_month_tenths": 10, "margin_per_deal_minor": 50}
	if r := s.login(auth.RoleManager, "").json("PUT", api, body); r.status != http.StatusOK {
		t.Fatalf("staff put: status %d\n%s", r.status, r.body)
	}
	for _, c := range []struct {
		who    string
		client *bcClient
	}{
		{"partner admin of the organisation", s.login(auth.RolePartnerAdmin, own)},
		{"partner member of the organisation", s.login(auth.RolePartnerMember, own)},
		{"recruiter", s.login(auth.RoleRecruiter, "")},
	} {
		for _, r := range []struct {
			what string
			res  bcResponse
		}{
			{"page", c.client.get(page)},
			{"form", c.client.form(page, url.Values{"investment": {"1"}, "months_to_first_deal": {"1"}, "ramp_up_months": {"0"}})},
			{"API get", c.client.get(api)},
			{"API put", c.client.json("PUT", api, body)},
		} {
			if r.res.status != http.StatusNotFound {
				t.Errorf("%s, %s: status %d, want 404", c.who, r.what, r.res.status)
			}
			if strings.Contains(r.res.body, "Eigene GmbH") || strings.Contains(r.res.body, "investment") {
				t.Errorf("%s, %s: the answer shows the case", c.who, r.what)
			}
		}
	}
	bc, err := s.cases.Get(context.Background(), auth.System, own)
	if err != nil || bc.InvestmentMinor != 100 {
		t.Errorf("after the refused changes: got %+v, %v; want the staff's case", bc, err)
	}
	anon := &bcClient{s: s, lang: "en"}
	if r := anon.get(page); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/login") {
		t.Errorf("anonymous page: status %d to %q, want 303 to the login", r.status, r.location)
	}
	if r := anon.form(page, url.Values{}); r.status != http.StatusUnauthorized {
		t.Errorf("anonymous form: status %d, want 401", r.status)
	}
	if r := anon.get(api); r.status != http.StatusUnauthorized {
		t.Errorf("anonymous API: status %d, want 401", r.status)
	}
}

func TestBusinessCaseAPI(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := startBusinessCases(t, d)
		orgID := s.org("Gamma AG")
		api := "/api/v1/partners/" + orgID + "/business-case"
		manager := s.login(auth.RoleManager, "")

		if r := manager.get(api); r.status != http.StatusNotFound {
			t.Fatalf("no case yet: status %d, want 404", r.status)
		}
		if r := manager.get("/api/v1/partners/01234567-89ab-7def-8123-456789abcdef/business-case"); r.status != http.StatusNotFound {
			t.Errorf("unknown organisation: status %d, want 404", r.status)
		}

		r := manager.json("PUT", api, map[string]any{"investment_minor": 0, "monthly_cost_minor": 1000, "months_to_first_deal": 0})
		var problem web.Problem
		bcDecode(t, r, &problem)
		if got := problemFields(problem); r.status != http.StatusUnprocessableEntity || !slices.Equal(got, []string{"deals_per_month_tenths", "margin_per_deal_minor", "months_to_first_deal"}) {
			t.Errorf("invalid put: status %d, %+v; want 422 naming the deals, the margin and months_to_first_deal", r.status, problem)
		}
		if r := manager.json("PUT", api, map[string]any{"months_to_first_deal": 1, "break_even_month": 1}); r.status != http.StatusUnprocessableEntity {
			t.Errorf("put with a computed field: status %d, want 422", r.status)
		}

		// 12.000 € investment, one deal a month at 1.000 €: break-even in
		// month 12, just within the target.
		r = manager.json("PUT", api, map[string]any{"currency": "eur", "investment_minor": 1_200_000, "monthly_cost_minor": 0,
			"months_to_first_deal": 1, "deals_per_month_tenths": 10, "margin_per_deal_minor": 100_000, "ramp_up_months": 0, "note": "API"})
		if r.status != http.StatusOK {
			t.Fatalf("put: status %d\n%s", r.status, r.body)
		}
		var put bcResult
		bcDecode(t, r, &put)
		r = manager.get(api)
		if r.status != http.StatusOK {
			t.Fatalf("get: status %d\n%s", r.status, r.body)
		}
		var got bcResult
		bcDecode(t, r, &got)
		for what, res := range map[string]bcResult{"put": put, "get": got} {
			if res.OrgID != orgID || res.Currency != "EUR" || res.InvestmentMinor != 1_200_000 || res.DealsPerMonthTenths != 10 ||
				res.BreakEvenMonth != 12 || !res.BreaksEven || !res.Within12Months || res.SuggestedScore != 3 || res.HorizonMonths != 36 ||
				!strings.HasPrefix(res.UpdatedBy, "manager-") {
				t.Errorf("%s: got %+v", what, res)
			}
			if len(res.Months) != 36 || res.Months[0] != (portfolio.MonthResult{Month: 1, DealsTenths: 10, RevenueMinor: 100_000, CostMinor: 1_200_000, CumulativeMinor: -1_100_000}) {
				t.Errorf("%s: months %+v", what, res.Months[:min(1, len(res.Months))])
			}
		}

		r = manager.json("PUT", api, map[string]any{"investment_minor": 1_300_000, "monthly_cost_minor": 0, "months_to_first_deal": 1, "deals_per_month_tenths": 10, "margin_per_deal_minor": 100_000})
		bcDecode(t, r, &got)
		if r.status != http.StatusOK || got.BreakEvenMonth != 13 || got.Within12Months || got.SuggestedScore != 2 {
			t.Errorf("a case breaking even in month 13: status %d, got %+v", r.status, got)
		}

		spec := manager.get("/api/openapi.json")
		var doc struct {
			Paths map[string]map[string]struct {
				OperationID string `json:"operationId"`
			} `json:"paths"`
		}
		bcDecode(t, spec, &doc)
		ops := doc.Paths["/api/v1/partners/{id}/business-case"]
		if ops["get"].OperationID != "getBusinessCase" || ops["put"].OperationID != "putBusinessCase" {
			t.Errorf("the API document lacks the business case operations: %+v", ops)
		}
	})
}

// problemFields are the fields a problem names, sorted.
func problemFields(p web.Problem) []string {
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Field)
	}
	slices.Sort(out)
	return out
}

// The defect: an empty or all-zero business case was saved as
// "break-even in month 1, commercially attractive, 5/5". Now the form and
// the API refuse it, naming every missing figure in the user's language,
// and save nothing; a case that never breaks even says so plainly.
func TestBusinessCaseRequiredFigures(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := startBusinessCases(t, d)
		orgID := s.org("Delta GmbH")
		page, api := "/partners/"+orgID+"/business-case", "/api/v1/partners/"+orgID+"/business-case"
		manager := s.login(auth.RoleManager, "")
		figures := []string{"investment", "monthly_cost", "months_to_first_deal", "deals_per_month", "margin_per_deal"}

		for _, lang := range []string{"de", "en"} {
			manager.lang = lang
			res := manager.form(page, url.Values{"currency": {"EUR"}, "investment": {""}, "monthly_cost": {" "}, "months_to_first_deal": {""},
				"deals_per_month": {""}, "margin_per_deal": {""}, "ramp_up_months": {"0"}})
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("%s: the empty form: status %d, want 422", lang, res.status)
			}
			for _, f := range figures {
				if want := `<span class="err" id="bc-` + f + `-err">` + bcEsc(i18n.T(lang, "validation.required")) + `</span>`; !strings.Contains(res.body, want) {
					t.Errorf("%s: the empty form lacks %q", lang, want)
				}
			}
			// All zero: every figure is there, but there is nothing to
			// calculate.
			res = manager.form(page, url.Values{"currency": {"EUR"}, "investment": {"0"}, "monthly_cost": {"0"}, "months_to_first_deal": {"1"},
				"deals_per_month": {"0"}, "margin_per_deal": {"0"}, "ramp_up_months": {"0"}})
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("%s: the all-zero form: status %d, want 422", lang, res.status)
			}
			for f, key := range map[string]string{"investment": "businesscase.no_costs", "monthly_cost": "businesscase.no_costs",
				"deals_per_month": "validation.positive", "margin_per_deal": "validation.positive"} {
				if want := `<span class="err" id="bc-` + f + `-err">` + bcEsc(i18n.T(lang, key)) + `</span>`; !strings.Contains(res.body, want) {
					t.Errorf("%s: the all-zero form lacks %q", lang, want)
				}
			}
			if strings.Contains(res.body, `id="bc-months_to_first_deal-err"`) {
				t.Errorf("%s: the all-zero form marks the valid month of the first deal", lang)
			}
		}

		manager.lang = "de"
		var problem web.Problem
		r := manager.json("PUT", api, map[string]any{"note": "nichts"})
		bcDecode(t, r, &problem)
		if got := problemFields(problem); r.status != http.StatusUnprocessableEntity ||
			!slices.Equal(got, []string{"deals_per_month_tenths", "investment_minor", "margin_per_deal_minor", "monthly_cost_minor", "months_to_first_deal"}) {
			t.Errorf("an empty case through the API: status %d, fields %v", r.status, got)
		}
		for _, e := range problem.Errors {
			if e.Field == "investment_minor" && e.Message != i18n.T("de", "validation.required") {
				t.Errorf("the missing investment: %q, want %q", e.Message, i18n.T("de", "validation.required"))
			}
		}
		r = manager.json("PUT", api, map[string]any{"investment_minor": nil, "monthly_cost_minor": 0, "months_to_first_deal": 1,
			"deals_per_month_tenths": 0, "margin_per_deal_minor": 0})
		problem = web.Problem{}
		bcDecode(t, r, &problem)
		if got := problemFields(problem); r.status != http.StatusUnprocessableEntity ||
			!slices.Equal(got, []string{"deals_per_month_tenths", "investment_minor", "margin_per_deal_minor", "monthly_cost_minor"}) {
			t.Errorf("an all-zero case through the API: status %d, fields %v", r.status, got)
		}
		if _, err := s.cases.Get(context.Background(), auth.System, orgID); err != apperr.ErrNotFound {
			t.Fatalf("a refused case was saved: %v", err)
		}

		// 10.000 € investment, 1.000 € a month, one deal a month at 500 €:
		// it never breaks even, and says so.
		r = manager.json("PUT", api, map[string]any{"investment_minor": 1_000_000, "monthly_cost_minor": 100_000, "months_to_first_deal": 1,
			"deals_per_month_tenths": 10, "margin_per_deal_minor": 50_000})
		var never map[string]any
		bcDecode(t, r, &never)
		if _, has := never["break_even_month"]; r.status != http.StatusOK || has || never["breaks_even"] != false || never["within_12_months"] != false || never["suggested_score"] != 0.0 {
			t.Errorf("a case that never breaks even: status %d, break-even %v, breaks even %v, within 12 months %v, score %v",
				r.status, never["break_even_month"], never["breaks_even"], never["within_12_months"], never["suggested_score"])
		}
		for _, lang := range []string{"de", "en"} {
			manager.lang = lang
			res := manager.get(page)
			for _, want := range []string{bcEsc(i18n.T(lang, "businesscase.never", 36)), bcEsc(i18n.T(lang, "businesscase.flag_never", 36)),
				`<span class="bc-score">0</span> / 5 – <span class="bc-score-meaning">` + bcEsc(portfolio.BreakEvenAnchor(lang, 0)) + `</span>`} {
				if !strings.Contains(res.body, want) {
					t.Errorf("%s: the page of a case that never breaks even lacks %q", lang, want)
				}
			}
			for _, wrong := range []string{bcEsc(i18n.T(lang, "businesscase.within_target")), `class="bc-marker"`, `bc-row-breakeven`} {
				if strings.Contains(res.body, wrong) {
					t.Errorf("%s: the page of a case that never breaks even shows %q", lang, wrong)
				}
			}
		}
	})
}
