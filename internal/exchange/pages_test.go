package exchange_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/exchange"
	"pakt/internal/partner"
)

// A partner posts a listing through the pages, another answers, the
// poster shortlists and accepts it, starts an agreement and reveals the
// customer, which only then shows on the answerer's page.
func TestExchangePages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	org := func(name string) string {
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), Published: new(true)})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	a, b := org("Poster Systemhaus GmbH"), org("Antwort Digital AG")
	topic, err := s.App.Partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: new("Virtuelle Realität"), NameEN: new("Virtual reality")})
	if err != nil {
		t.Fatal(err)
	}
	poster := s.Login(s.CreateUser(auth.RolePartnerAdmin, a).Email)
	poster.Lang = "de"
	other := s.Login(s.CreateUser(auth.RolePartnerAdmin, b).Email)
	otherMember := s.Login(s.CreateUser(auth.RolePartnerMember, b).Email)

	// A form with mistakes comes back with the fields named and the
	// values kept.
	form := url.Values{"kind": {"seeking"}, "title": {"VR-Schulung für Servicetechniker"}, "description": {""}, "topics": {topic.ID},
		"country": {"DE"}, "region": {"Bayern"}, "from": {"2027-01-04"}, "to": {"2026-12-01"}, "effort": {"12,x"},
		"budget_min": {"40.000"}, "budget_max": {"60.000"}, "currency": {"EUR"}, "customer_industry": {"manufacturing"},
		"customer_size": {"large"}, "customer_name": {"Krause Maschinenbau AG"}}
	res := poster.Form("POST", "/exchange", form)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="ex-effort-err"`) || !strings.Contains(res.Body, `id="ex-description-err"`) ||
		!strings.Contains(res.Body, "Das Ende liegt vor dem Beginn.") || !strings.Contains(res.Body, `value="VR-Schulung für Servicetechniker"`) {
		t.Fatalf("refused form: %d\n%.2000s", res.Status, res.Body)
	}
	form.Set("description", "Wir suchen einen Partner für Hosting und Betrieb.")
	form.Set("to", "2027-03-31")
	form.Set("effort", "12,5")
	res = poster.Form("POST", "/exchange", form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("post: %d\n%.2000s", res.Status, res.Body)
	}
	path := res.Header.Get("Location")
	id := strings.TrimPrefix(path, "/exchange/")

	page := other.Get(path)
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "12.5 person-days") || !strings.Contains(page.Body, "40,000 EUR – 60,000 EUR") ||
		strings.Contains(page.Body, "Krause") || !strings.Contains(page.Body, `action="/exchange/`+id+`/answers"`) {
		t.Fatalf("the other partner's page: %d\n%.3000s", page.Status, page.Body)
	}
	// A member of the other partner reads the listing but cannot answer.
	if page := otherMember.Get(path); page.Status != http.StatusOK || strings.Contains(page.Body, `action="/exchange/`+id+`/answers"`) ||
		!strings.Contains(page.Body, "your partner admins make the entries and decisions") {
		t.Errorf("the other partner's member's page: %d\n%.3000s", page.Status, page.Body)
	}
	if res := otherMember.Form("POST", path+"/answers", url.Values{"message": {"Als Mitglied"}}); res.Status != http.StatusForbidden {
		t.Errorf("a member answered: %d", res.Status)
	}
	list := other.Get("/exchange?topic=" + topic.ID + "&q=servicetechniker")
	if !strings.Contains(list.Body, "VR-Schulung für Servicetechniker") || !strings.Contains(list.Body, "Listings: 1") {
		t.Errorf("the filtered list:\n%.3000s", list.Body)
	}
	if res := other.Form("POST", path+"/answers", url.Values{"message": {" "}}); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="ex-message-err"`) {
		t.Errorf("an empty answer: %d", res.Status)
	}
	if res := other.Form("POST", path+"/answers", url.Values{"message": {"Wir übernehmen Hosting und Betrieb."}}); res.Status != http.StatusSeeOther {
		t.Fatalf("answer: %d\n%.1000s", res.Status, res.Body)
	}
	answers, err := s.App.Exchange.Answers(ctx, auth.System, id)
	if err != nil || len(answers) != 1 {
		t.Fatalf("answers: %v, %v", answers, err)
	}
	ans := answers[0]

	mine := poster.Get(path)
	if !strings.Contains(mine.Body, "Wir übernehmen Hosting und Betrieb.") || !strings.Contains(mine.Body, "Krause Maschinenbau AG") ||
		!strings.Contains(mine.Body, "In die engere Wahl") {
		t.Fatalf("the poster's page:\n%.4000s", mine.Body)
	}
	if res := poster.Form("POST", "/exchange/answers/"+ans.ID+"/shortlist", url.Values{"on": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("shortlist: %d", res.Status)
	}
	// Accepting asks first and says that it closes the listing.
	if res := poster.Form("POST", "/exchange/answers/"+ans.ID+"/accept", nil); res.Status != http.StatusOK ||
		!strings.Contains(res.Body, "Der Eintrag wird damit geschlossen") || !strings.Contains(res.Body, "Annehmen und Eintrag schließen") {
		t.Fatalf("unconfirmed accept: %d\n%.3000s", res.Status, res.Body)
	}
	if res := poster.Get(path); !strings.Contains(res.Body, `action="/exchange/answers/`+ans.ID+`/accept"`) {
		t.Fatalf("an unconfirmed accept closed the listing:\n%.4000s", res.Body)
	}
	if res := poster.Form("POST", "/exchange/answers/"+ans.ID+"/accept", url.Values{"confirmed": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.Status)
	}
	mine = poster.Get(path)
	link := "/agreements/new?listing=" + id + "&parties=" + a + "," + b + "&title=VR-Schulung+f%C3%BCr+Servicetechniker"
	if !strings.Contains(html.UnescapeString(mine.Body), `href="`+link+`"`) || !strings.Contains(mine.Body, "Kooperationsvereinbarung beginnen") {
		t.Errorf("the poster's page after accepting lacks the agreement link %s:\n%.4000s", link, mine.Body)
	}
	if strings.Contains(other.Get(path).Body, "Krause") {
		t.Error("the accepted partner sees the customer before the reveal")
	}
	if res := poster.Form("POST", path+"/reveal", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("reveal: %d", res.Status)
	}
	if body := other.Get(path).Body; !strings.Contains(body, "Krause Maschinenbau AG") || !strings.Contains(body, "Start an agreement") {
		t.Errorf("the accepted partner's page after the reveal:\n%.4000s", body)
	}

	// The subscription page keeps the choice; the API document lists the
	// exchange; the app's scheduled work runs the exchange's.
	if res := other.Form("POST", "/exchange/subscription", url.Values{"frequency": {"weekly"}, "topics": {topic.ID}}); res.Status != http.StatusSeeOther {
		t.Fatalf("subscribe: %d", res.Status)
	}
	if body := other.Get("/exchange/subscription").Body; !strings.Contains(body, `value="weekly" checked`) || !strings.Contains(body, `value="`+topic.ID+`" checked`) {
		t.Errorf("the subscription page does not show the choice:\n%.3000s", body)
	}
	spec := other.Get("/api/openapi.json").Body
	for _, p := range []string{"/api/v1/exchange/listings/{id}/answers", "/api/v1/exchange/answers/{id}", "/api/v1/exchange/subscription", "ExchangeListing"} {
		if !strings.Contains(spec, p) {
			t.Errorf("the API document lacks %s", p)
		}
	}
	if err := s.App.Tick(ctx); err != nil {
		t.Errorf("tick: %v", err)
	}
	var l exchange.Listing
	other.JSON("GET", "/api/v1/exchange/listings/"+id, nil).JSON(t, &l)
	if l.Status != exchange.StatusClosed || l.CustomerName != "Krause Maschinenbau AG" || l.AcceptedOrgID != b {
		t.Errorf("the accepted partner's API view: %+v", l)
	}
}
