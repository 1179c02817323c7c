package survey_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// An admin starts a round through the pages; the partner admins find it in
// their inbox in their language and answer it; a refused answer keeps what
// was typed; staff read the results, a manager without the names of the
// partners that did not agree; once closed, the round takes no answer.
func TestSurveyPages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	manager := s.CreateUser(auth.RoleManager, "")
	org := func(name string) string {
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), Published: new(true), ManagerID: new(manager.ID)})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	a, b := org("Alpha Umfrage GmbH"), org("Beta Survey Ltd")
	lang := func(c *apptest.Client, l string) *apptest.Client { c.Lang = l; return c }
	admin := lang(s.Login(s.CreateUser(auth.RoleAdmin, "").Email), "de")
	staff := lang(s.Login(manager.Email), "de")
	aAdmin := lang(s.Login(s.CreateUser(auth.RolePartnerAdmin, a).Email), "de")
	// B's admin reads English: its notices come in English.
	bUser := s.CreateUser(auth.RolePartnerAdmin, b)
	if _, err := s.App.Auth.UpdateUser(ctx, auth.System, bUser.ID, auth.UserInput{Lang: new("en")}); err != nil {
		t.Fatal(err)
	}
	bAdmin := lang(s.Login(bUser.Email), "en")
	aMember := lang(s.Login(s.CreateUser(auth.RolePartnerMember, a).Email), "de")

	res := admin.Form("POST", "/survey/rounds", url.Values{})
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Eine neue Umfragerunde starten?") || !strings.Contains(res.Body, "von 2 aktiven Partnern") {
		t.Fatalf("start unconfirmed: %d\n%.2000s", res.Status, res.Body)
	}
	if list := admin.Get("/survey"); !strings.Contains(list.Body, "Noch keine Umfragerunde.") {
		t.Fatalf("the unconfirmed start made a round:\n%.2000s", list.Body)
	}
	res = admin.Form("POST", "/survey/rounds", url.Values{"confirmed": {"1"}})
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/survey/rounds/") {
		t.Fatalf("start: %d %q", res.Status, res.Header.Get("Location"))
	}
	round := res.Header.Get("Location")
	answer := round + "/answer"

	if inbox := aAdmin.Get("/inbox"); !strings.Contains(inbox.Body, "Wie zufrieden sind Sie mit unserem Partnerprogramm?") {
		t.Errorf("A's inbox:\n%.3000s", inbox.Body)
	}
	if inbox := bAdmin.Get("/inbox"); !strings.Contains(inbox.Body, "How satisfied are you with our partner programme?") {
		t.Errorf("B's inbox:\n%.3000s", inbox.Body)
	}
	if inbox := staff.Get("/inbox"); strings.Contains(inbox.Body, "Wie zufrieden sind Sie mit unserem Partnerprogramm?") {
		t.Error("the manager was sent the partners' survey")
	}
	if list := aAdmin.Get("/survey"); !strings.Contains(list.Body, `href="`+answer+`"`) {
		t.Errorf("A's survey page:\n%.3000s", list.Body)
	}
	if res := aMember.Get("/survey"); res.Status != http.StatusNotFound {
		t.Errorf("A's member reads the survey: %d", res.Status)
	}
	if res := aMember.Get(answer); res.Status != http.StatusNotFound {
		t.Errorf("A's member reads the form: %d", res.Status)
	}

	page := aAdmin.Get(answer)
	apptest.InOrder(t, page.Body, "Wie wahrscheinlich ist es, dass Sie unser Partnerprogramm", "Wie zufrieden sind Sie mit der Betreuung",
		"Was sollten wir als Erstes verbessern?", "Mein Partnermanager darf unsere Antworten mit unserem Namen sehen.")
	form := url.Values{"score": {""}, "answer_1": {"5"}, "answer_2": {"4"}, "answer_3": {"Bitte mehr Termine vor Ort."}}
	res = aAdmin.Form("POST", answer, form)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Wählen Sie einen Wert von 0 bis 10.") ||
		!strings.Contains(res.Body, `href="#sv-score"`) || !strings.Contains(res.Body, "Bitte mehr Termine vor Ort.") || !strings.Contains(res.Body, `value="5" checked`) {
		t.Fatalf("answer without a score: %d\n%.4000s", res.Status, res.Body)
	}
	form.Set("score", "9")
	if res := aAdmin.Form("POST", answer, form); res.Status != http.StatusSeeOther {
		t.Fatalf("answer: %d\n%.2000s", res.Status, res.Body)
	}
	page = aAdmin.Get(answer)
	if !strings.Contains(page.Body, "Ihr Unternehmen hat am") || !strings.Contains(page.Body, `name="score" value="9" checked`) {
		t.Errorf("A's form after answering:\n%.4000s", page.Body)
	}
	res = bAdmin.Form("POST", answer, url.Values{"score": {"3"}, "answer_1": {"2"}, "answer_3": {"More leads, please."}, "named": {"1"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("B's answer: %d\n%.2000s", res.Status, res.Body)
	}

	results := admin.Get(round)
	apptest.InOrder(t, results.Body, "Net Promoter Score", "Nach Partnermanager", "Nach Stufe", "Nach Quadrant", "Freie Antworten",
		"Bitte mehr Termine vor Ort.", "Alpha Umfrage GmbH", "More leads, please.", "Beta Survey Ltd", "Alle Antworten")
	mine := staff.Get(round)
	if mine.Status != http.StatusOK || strings.Contains(mine.Body, "Alpha Umfrage GmbH") || strings.Contains(mine.Body, "Bitte mehr Termine vor Ort.") ||
		!strings.Contains(mine.Body, "Beta Survey Ltd") || !strings.Contains(mine.Body, "1 anonyme Antwort(en) bleiben verborgen") ||
		!strings.Contains(mine.Body, "zu wenige Antworten, um sie anonym zu zeigen") {
		t.Errorf("the manager's results: %d\n%.6000s", mine.Status, mine.Body)
	}
	for _, c := range []*apptest.Client{aAdmin, bAdmin, aMember} {
		if res := c.Get(round); res.Status != http.StatusNotFound {
			t.Errorf("a partner reads the results: %d", res.Status)
		}
	}

	if res := staff.Form("POST", round+"/close", url.Values{"confirmed": {"1"}}); res.Status != http.StatusForbidden {
		t.Errorf("a manager closes the round: %d", res.Status)
	}
	if res := admin.Form("POST", round+"/close", url.Values{"confirmed": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("close: %d\n%.2000s", res.Status, res.Body)
	}
	if page := aAdmin.Get(answer); !strings.Contains(page.Body, "Diese Umfrage wurde geschlossen") || strings.Contains(page.Body, `action="`+answer+`"`) {
		t.Errorf("A's form of the closed round:\n%.3000s", page.Body)
	}
	if res := aAdmin.Form("POST", answer, form); res.Status != http.StatusConflict {
		t.Errorf("answer to the closed round: %d", res.Status)
	}
	if list := admin.Get("/survey"); !strings.Contains(list.Body, "abgeschlossen") || !strings.Contains(list.Body, "2 von 2") {
		t.Errorf("the rounds over time:\n%.3000s", list.Body)
	}
}

// An admin sets the interval and the questions; a refused form shows every
// mistake at once and keeps what was typed.
func TestSurveySettingsPage(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	admin := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
	admin.Lang = "de"
	form := url.Values{"interval_months": {"halbjährlich"}, "open_days": {"21"},
		"q1_de": {""}, "q1_en": {"How helpful is our portal?"}, "q1_kind": {"scale"},
		"q2_de": {"Wie gut sind unsere Leads?"}, "q2_en": {"How good are our leads?"}, "q2_kind": {"scale"},
		"q3_de": {"Was fehlt Ihnen?"}, "q3_en": {"What do you miss?"}, "q3_kind": {"text"}}
	res := admin.Form("POST", "/survey/settings", form)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#sv-interval_months"`) || !strings.Contains(res.Body, `href="#sv-q1_de"`) ||
		!strings.Contains(res.Body, "How helpful is our portal?") {
		t.Fatalf("refused settings: %d\n%.4000s", res.Status, res.Body)
	}
	form.Set("interval_months", "6")
	form.Set("q1_de", "Wie hilfreich ist unser Portal?")
	if res := admin.Form("POST", "/survey/settings", form); res.Status != http.StatusSeeOther {
		t.Fatalf("settings: %d\n%.2000s", res.Status, res.Body)
	}
	page := admin.Get("/survey/settings")
	if !strings.Contains(page.Body, `value="Wie hilfreich ist unser Portal?"`) || !strings.Contains(page.Body, `name="interval_months" type="number" value="6"`) {
		t.Errorf("settings page:\n%.4000s", page.Body)
	}
}
