package steering_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/steering"
)

// The plan page shows where revenue and deals come from (won in pakt,
// further outside pakt, total), the forecast for the period and what is
// still missing to the target; without deal registration it shows the
// figures entered by hand, as before.
func TestPlanPageShowsDeals(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	org := s.Org("Plan & Partner GmbH")
	admin := &auth.Actor{UserID: "a1", Name: "Admin", Role: auth.RoleAdmin}
	if _, err := s.App.Steering.SavePlan(ctx, admin, org, steering.PlanInput{Period: "2027-H1", TargetRevenueMinor: 10_000_000, TargetDeals: 4,
		ActualRevenueMinor: 1_000_000, ActualDeals: 1}); err != nil {
		t.Fatal(err)
	}
	s.App.Steering.DealFigures = nil
	manager := s.Login(s.CreateUser(auth.RoleManager, "").Email)
	manager.Lang = "de"
	member := s.Login(s.CreateUser(auth.RolePartnerMember, org).Email)
	path := "/partners/" + org + "/plans"

	res := manager.Get(path)
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "10.000 EUR / 100.000 EUR") || strings.Contains(res.Body, "In pakt gewonnen") ||
		strings.Contains(res.Body, "Prognose") {
		t.Fatalf("plan page without deals: %d\n%.3000s", res.Status, res.Body)
	}

	s.App.Steering.DealFigures = dealFigures([]testDeal{
		{org: org, currency: "EUR", won: true, on: "2027-01-15", valueMinor: 2_000_000},
		{org: org, currency: "EUR", won: true, on: "2027-06-30", valueMinor: 1_500_000},
		{org: org, currency: "EUR", on: "2027-05-31", valueMinor: 4_000_000, chance: 50},
		{org: org, currency: "EUR", on: "2027-04-01", valueMinor: 1_000_000, chance: 10},
	})
	res = manager.Get(path)
	if res.Status != http.StatusOK {
		t.Fatalf("plan page: %d\n%.3000s", res.Status, res.Body)
	}
	apptest.InOrder(t, res.Body, "45.000 EUR / 100.000 EUR", "45 %", "3 / 4", "75 %",
		"In pakt gewonnen", `<td class="num">2</td>`, "35.000 EUR", "Weitere, außerhalb von pakt", `<td class="num">1</td>`, "10.000 EUR",
		"Gesamt", `<td class="num">3</td>`, `<td class="num">45.000 EUR</td>`,
		"Prognose für den Zeitraum: 21.000 EUR", "nach Verkaufsphase gewichtet", "Bis zum Umsatzziel fehlen noch 55.000 EUR.",
		"Weiterer Umsatz außerhalb von pakt", "Weitere Abschlüsse außerhalb von pakt", "In pakt registrierte Deals zählen von selbst.")

	// The partner's own users read the same, without the form.
	res = member.Get(path)
	if res.Status != http.StatusOK {
		t.Fatalf("the partner's plan page: %d", res.Status)
	}
	apptest.InOrder(t, res.Body, "45,000 EUR / 100,000 EUR", "Won in pakt", "35,000 EUR", "Further, outside pakt", "10,000 EUR",
		"Forecast for the period: 21,000 EUR", "(open approved deals weighted by stage)", "Still missing to the revenue target: 55,000 EUR.")
	if strings.Contains(res.Body, "Further revenue outside pakt") {
		t.Fatal("a partner member sees the plan form")
	}

	// The API reports the deals beside the figures entered by hand.
	var list struct {
		Items []struct {
			ActualRevenueMinor int64                 `json:"actual_revenue_minor"`
			FromDeals          steering.DealFigures  `json:"from_deals"`
			Attainment         struct{ Revenue int } `json:"attainment"`
		} `json:"items"`
	}
	res = member.JSON("GET", "/api/v1"+path, nil)
	res.JSON(t, &list)
	if len(list.Items) != 1 || list.Items[0].ActualRevenueMinor != 1_000_000 || list.Items[0].FromDeals.WonMinor != 3_500_000 ||
		list.Items[0].FromDeals.ForecastMinor != 2_100_000 || list.Items[0].Attainment.Revenue != 45 {
		t.Fatalf("API plans: %s", res.Body)
	}
}

// Time spent with a partner is recorded in minutes; with a vampire the page
// and the API's answer say to leave it alone, with others nothing.
func TestActivityTimeAndTheVampireWarning(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		managerUser := s.CreateUser(auth.RoleManager, "")
		vampire, hero := s.Assessed(managerUser.Actor(), "Will-aber-kann-nicht GmbH", 1, 5), s.Assessed(managerUser.Actor(), "Held AG", 5, 5)
		manager := s.Login(managerUser.Email)
		manager.Lang = "de"
		today := time.Now().Format(time.DateOnly)

		if r := manager.Form("POST", "/partners/"+vampire+"/activities", url.Values{"kind": {"meeting"}, "on": {today}, "minutes": {"90"}, "notes": {"Wieder Unterstützung erbeten"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("an activity with a vampire: %d %.2000s", r.Status, r.Body)
		}
		page := manager.Get("/partners/" + vampire + "/activities")
		if page.Status != http.StatusOK || !strings.Contains(page.Body, "Gespeichert. Zur Erinnerung: Vampire lässt man in Ruhe.") ||
			!strings.Contains(page.Body, `id="quadrant-warning"`) || !strings.Contains(page.Body, `<td class="num">90</td>`) {
			t.Fatalf("an activity with a vampire: %d\n%.4000s", page.Status, page.Body)
		}
		if page := manager.Get("/partners/" + hero + "/activities"); strings.Contains(page.Body, `id="quadrant-warning"`) {
			t.Error("a hero's activities page warns as for a vampire")
		}

		// A time that is no number names the field and saves nothing.
		page = manager.Form("POST", "/partners/"+hero+"/activities", url.Values{"kind": {"call"}, "on": {today}, "minutes": {"eine Stunde"}})
		if !strings.Contains(page.Body, `id="act-minutes-err"`) || strings.Contains(page.Body, "Gespeichert") {
			t.Fatalf("minutes that are no number: %d\n%.3000s", page.Status, page.Body)
		}
		if acts, err := s.App.Steering.Activities(ctx, managerUser.Actor(), hero); err != nil || len(acts) != 0 {
			t.Fatalf("after a refused form the hero has %d activities (%v), want 0", len(acts), err)
		}

		r := manager.JSON("POST", "/api/v1/partners/"+hero+"/activities", map[string]any{"kind": "call", "on": today, "minutes": 30})
		if r.Status != http.StatusCreated || !strings.Contains(r.Body, `"minutes":30`) || strings.Contains(r.Body, `"warning"`) {
			t.Fatalf("an activity with a hero through the API: %d %s", r.Status, r.Body)
		}
		r = manager.JSON("POST", "/api/v1/partners/"+vampire+"/activities", map[string]any{"kind": "call", "on": today, "minutes": 20})
		if !strings.Contains(r.Body, `"warning":"vampire"`) {
			t.Fatalf("an activity with a vampire through the API: %d %s", r.Status, r.Body)
		}
		r = manager.JSON("POST", "/api/v1/partners/"+hero+"/activities", map[string]any{"kind": "call", "on": today, "minutes": 2000})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "minutes") {
			t.Fatalf("2000 minutes: %d %s", r.Status, r.Body)
		}
	})
}

// "What vampires cost us" shows the time spent with today's vampires this
// quarter, and nothing of other partners.
func TestVampireCostsPage(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	managerUser := s.CreateUser(auth.RoleManager, "")
	vampire, hero := s.Assessed(managerUser.Actor(), "Will-aber-kann-nicht GmbH", 1, 5), s.Assessed(managerUser.Actor(), "Held AG", 5, 5)
	today := time.Now().Format(time.DateOnly)
	for org, minutes := range map[string]int{vampire: 90, hero: 600} {
		if _, err := s.App.Steering.AddActivity(ctx, managerUser.Actor(), org, steering.ActivityInput{Kind: "meeting", On: today, Minutes: minutes}); err != nil {
			t.Fatal(err)
		}
	}
	manager := s.Login(managerUser.Email)
	manager.Lang = "de"
	page := manager.Get("/steering/vampires")
	if page.Status != http.StatusOK {
		t.Fatalf("the report: %d", page.Status)
	}
	quarters, partners, _ := strings.Cut(page.Body, `id="vampire-partners"`)
	apptest.InOrder(t, quarters, "Was uns Vampire kosten", "die 1 Partner, die heute Vampire sind", `id="vampire-quarters"`, "Ausgezahlte Marketingmittel",
		`<td class="num">1,5</td>`, "Gesamt")
	apptest.InOrder(t, partners, "Will-aber-kann-nicht GmbH", `<td class="num">1</td>`, `<td class="num">1,5</td>`, "0,00")
	if strings.Contains(page.Body, "Held AG") || strings.Contains(page.Body, ">10,0<") {
		t.Error("the report counts a hero's time")
	}
	r := manager.Get("/api/v1/steering/vampire-costs")
	if r.Status != http.StatusOK || !strings.Contains(r.Body, `"total":{"activities":1,"minutes":90,"paid_minor":0}`) || !strings.Contains(r.Body, `"money":true`) {
		t.Errorf("the API: %d %s", r.Status, r.Body)
	}
}
