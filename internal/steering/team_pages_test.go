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

// The activity form offers the partner's contacts as checkboxes, C-level
// ones marked, and asks who initiated the contact; the history shows both.
// A contact of another partner is refused, the form comes back with what
// was entered.
func TestActivityFormContactsAndInitiator(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	managerUser := s.CreateUser(auth.RoleManager, "")
	org, other := s.Org("Runde Tische GmbH"), s.Org("Fremd AG")
	ceo, tech := contact(t, s, org, "Greta Groß", true), contact(t, s, org, "Tobias Technik", false)
	stranger := contact(t, s, other, "Fremde Person", false)
	manager := s.Login(managerUser.Email)
	manager.Lang = "de"
	path := "/partners/" + org + "/activities"
	today := time.Now().Format(time.DateOnly)

	page := manager.Get(path)
	apptest.InOrder(t, page.Body, "Initiiert von", `value="us" checked`, "Uns (proaktiv)", `value="partner"`, "Dem Partner (reaktiv)",
		"Beteiligte Ansprechpartner des Partners", `value="`+ceo+`"`, "Greta Groß", "C-Level (Geschäftsleitung)", `value="`+tech+`"`, "Tobias Technik")
	if strings.Contains(page.Body, "Fremde Person") {
		t.Fatal("the form offers another partner's contact")
	}

	page = manager.Form("POST", path, url.Values{"kind": {"meeting"}, "on": {today}, "initiated_by": {"partner"}, "contact_ids": {tech, stranger}})
	if page.Status != http.StatusUnprocessableEntity || !strings.Contains(page.Body, "Wählen Sie nur Ansprechpartner dieses Partners.") ||
		!strings.Contains(page.Body, `value="`+tech+`" checked`) || !strings.Contains(page.Body, `value="partner" checked`) {
		t.Fatalf("a foreign contact: %d\n%.4000s", page.Status, page.Body)
	}
	if r := manager.Form("POST", path, url.Values{"kind": {"meeting"}, "on": {today}, "initiated_by": {"partner"}, "contact_ids": {ceo, tech}}); r.Status != http.StatusSeeOther {
		t.Fatalf("a meeting with two contacts: %d %.2000s", r.Status, r.Body)
	}
	_, history, _ := strings.Cut(manager.Get(path).Body, `id="act-list-h"`)
	apptest.InOrder(t, history, "Dem Partner (reaktiv)", "Greta Groß", "C-Level (Geschäftsleitung)", "Tobias Technik")

	r := manager.JSON("POST", "/api/v1"+path, map[string]any{"kind": "call", "on": today, "contact_ids": []string{stranger}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "contact_ids") {
		t.Fatalf("the API with a foreign contact: %d %s", r.Status, r.Body)
	}
	r = manager.JSON("POST", "/api/v1"+path, map[string]any{"kind": "call", "on": today, "contact_ids": []string{ceo}})
	if r.Status != http.StatusCreated || !strings.Contains(r.Body, `"initiated_by":"us"`) || !strings.Contains(r.Body, `"c_level":true`) {
		t.Fatalf("the API with the CEO: %d %s", r.Status, r.Body)
	}
}

// The head of channel sees every manager's row with its C-level share; a
// manager sees its own row and the team's; the explanation of what good
// looks like is there in German and English.
func TestTeamPage(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	maria, tom := s.CreateUser(auth.RoleManager, ""), s.CreateUser(auth.RoleManager, "")
	strategic, technical := managed(t, s, "Strategie GmbH", maria), managed(t, s, "Technik AG", tom)
	ceo, admins := contact(t, s, strategic, "Greta Geschäftsführerin", true), contact(t, s, technical, "Ali Admin", false)
	today := time.Now().Format(time.DateOnly)
	for _, x := range []struct {
		who     *auth.User
		org, by string
		contact string
	}{{maria, strategic, "us", ceo}, {maria, strategic, "us", ceo}, {maria, strategic, "partner", ""}, {tom, technical, "partner", admins}} {
		in := steering.ActivityInput{Kind: "meeting", On: today, InitiatedBy: x.by, Minutes: 60}
		if x.contact != "" {
			in.ContactIDs = []string{x.contact}
		}
		if _, err := s.App.Steering.AddActivity(ctx, x.who.Actor(), x.org, in); err != nil {
			t.Fatal(err)
		}
	}
	head := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
	head.Lang = "de"
	page := head.Get("/steering/team")
	if page.Status != http.StatusOK {
		t.Fatalf("the team view: %d", page.Status)
	}
	row := func(body, id string) string {
		_, after, ok := strings.Cut(body, `data-manager="`+id+`"`)
		if !ok {
			return ""
		}
		r, _, _ := strings.Cut(after, "</tr>")
		return r
	}
	apptest.InOrder(t, row(page.Body, maria.ID), maria.Name, `<td class="num">3</td>`, `<td class="num c-level-share">66 %</td>`, `<td class="num">66 %</td>`)
	apptest.InOrder(t, row(page.Body, tom.ID), tom.Name, `<td class="num">1</td>`, `<td class="num c-level-share">0 %</td>`, `<td class="num">0 %</td>`)
	apptest.InOrder(t, row(page.Body, ""), "Ganzes Team", `<td class="num c-level-share">50 %</td>`)
	apptest.InOrder(t, page.Body, "Entwicklung je Quartal", "Zeit und Aktivitäten je Quadrant", "Interessenten je Phase",
		"Woran man gute Arbeit erkennt", "sprechen mit der Geschäftsleitung des Partners über Business Value", "lassen Vampire in Ruhe")

	// Tom sees himself and the team, not Maria.
	own := s.Login(tom.Email)
	page = own.Get("/steering/team")
	if page.Status != http.StatusOK || row(page.Body, tom.ID) == "" || strings.Contains(page.Body, maria.Name) || !strings.Contains(page.Body, "You see your own figures and those of the whole team.") {
		t.Fatalf("a manager's team view: %d\n%.4000s", page.Status, page.Body)
	}
	apptest.InOrder(t, page.Body, "What good looks like", "talk business value with the partner&#39;s C-level", "leave vampires alone")

	var team steering.Team
	r := own.Get("/api/v1/steering/team")
	r.JSON(t, &team)
	if len(team.Managers) != 1 || team.Managers[0].ManagerID != tom.ID || team.Total.Activities != 4 || *team.Total.CLevelPct != 50 {
		t.Errorf("the API for a manager: %s", r.Body)
	}
}
