package leads_test

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

// Staff record a lead through the pages, pick the proposed partners and
// their order; the first declines with a reason, the second accepts and
// only then sees the contact person; staff read the history and the
// conversion.
func TestLeadPages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	cloud, err := s.App.Partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: new("Cloud-Migration"), NameEN: new("Cloud migration")})
	if err != nil {
		t.Fatal(err)
	}
	org := func(name, city string) string {
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), Published: new(true), Country: new("DE"), City: new(city),
			Competencies: &[]string{cloud.ID}})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	a, b := org("Wolke Systemhaus GmbH", "München"), org("Himmel IT AG", "Hamburg")
	staff := s.Login(s.CreateUser(auth.RoleManager, "").Email)
	staff.Lang = "de"
	aAdmin := s.Login(s.CreateUser(auth.RolePartnerAdmin, a).Email)
	aAdmin.Lang = "de"
	bAdmin := s.Login(s.CreateUser(auth.RolePartnerAdmin, b).Email)
	bMember := s.Login(s.CreateUser(auth.RolePartnerMember, b).Email)

	form := url.Values{"customer_name": {""}, "country": {"DE"}, "city": {"Augsburg"}, "postcode": {"86150"}, "value": {"50.000"}, "currency": {"EUR"},
		"answer_hours": {"24"}, "contact_name": {"Eva Kunde"}, "contact_email": {"eva@kunde.example"}, "description": {"Will in die Cloud."}}
	res := staff.Form("POST", "/leads", form)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="ld-customer_name-err"`) ||
		!strings.Contains(res.Body, "Wählen Sie mindestens eine Kompetenz.") || !strings.Contains(res.Body, `value="Augsburg"`) {
		t.Fatalf("refused form: %d\n%.3000s", res.Status, res.Body)
	}
	form.Set("customer_name", "Lorenz Maschinenbau AG")
	form.Set("competencies", cloud.ID)
	res = staff.Form("POST", "/leads", form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%.2000s", res.Status, res.Body)
	}
	path := res.Header.Get("Location")
	page := staff.Get(path)
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "50.000,00 EUR") || !strings.Contains(page.Body, "eva@kunde.example") {
		t.Fatalf("staff's page: %d\n%.3000s", page.Status, page.Body)
	}
	apptest.InOrder(t, page.Body, "Vorgeschlagene Partner", "Wolke Systemhaus GmbH", "Himmel IT AG", "Noch keine Angebote.")
	// Staff put B after A by typing the places the other way round.
	res = staff.Form("POST", path+"/distribute", url.Values{"orgs": {b, a}, "rank-" + a: {"1"}, "rank-" + b: {"2"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("distribute: %d\n%.2000s", res.Status, res.Body)
	}
	page = staff.Get(path)
	apptest.InOrder(t, from(page.Body, "Reihenfolge der Angebote"), "Wolke Systemhaus GmbH", "Himmel IT AG", "Angebote an Partner")
	apptest.InOrder(t, from(page.Body, "Angebote an Partner"), "Wolke Systemhaus GmbH", "offen")

	// A sees the lead without its contact and may answer; B does not see it.
	list := aAdmin.Get("/leads")
	if !strings.Contains(list.Body, "Lorenz Maschinenbau AG") || !strings.Contains(list.Body, "Antwort bis") {
		t.Errorf("A's list:\n%.3000s", list.Body)
	}
	page = aAdmin.Get(path)
	if page.Status != http.StatusOK || strings.Contains(page.Body, "eva@kunde.example") || !strings.Contains(page.Body, "sobald Sie den Lead angenommen haben") ||
		!strings.Contains(page.Body, `action="`+path+`/decline"`) {
		t.Fatalf("A's page: %d\n%.3000s", page.Status, page.Body)
	}
	if res := bAdmin.Get(path); res.Status != http.StatusNotFound {
		t.Errorf("B reads A's offer: %d", res.Status)
	}
	if list := bAdmin.Get("/leads"); strings.Contains(list.Body, "Lorenz") {
		t.Errorf("B lists A's offer")
	}
	res = aAdmin.Form("POST", path+"/decline", url.Values{"reason": {""}, "note": {"Zurzeit ausgelastet."}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="ld-reason-err"`) || !strings.Contains(res.Body, "Zurzeit ausgelastet.") {
		t.Fatalf("decline without a reason: %d\n%.3000s", res.Status, res.Body)
	}
	if res := aAdmin.Form("POST", path+"/decline", url.Values{"reason": {"no_capacity"}, "note": {"Zurzeit ausgelastet."}}); res.Status != http.StatusSeeOther {
		t.Fatalf("decline: %d\n%.2000s", res.Status, res.Body)
	}
	if res := aAdmin.Get(path); res.Status != http.StatusNotFound {
		t.Errorf("A reads the lead it declined: %d", res.Status)
	}

	// Now B has it: its member reads, its admin accepts.
	if page := bMember.Get(path); page.Status != http.StatusOK || strings.Contains(page.Body, `action="`+path+`/accept"`) {
		t.Errorf("B's member's page: %d", page.Status)
	}
	if res := bMember.Form("POST", path+"/accept", url.Values{"confirmed": {"1"}}); res.Status != http.StatusForbidden {
		t.Errorf("B's member accepts: %d", res.Status)
	}
	if res := bAdmin.Form("POST", path+"/accept", url.Values{}); res.Status != http.StatusOK || !strings.Contains(res.Body, "Accept the lead “Lorenz Maschinenbau AG”?") {
		t.Errorf("accept unconfirmed: %d\n%.2000s", res.Status, res.Body)
	}
	if res := bAdmin.Form("POST", path+"/accept", url.Values{"confirmed": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d\n%.2000s", res.Status, res.Body)
	}
	if page := bAdmin.Get(path); !strings.Contains(page.Body, "eva@kunde.example") || !strings.Contains(page.Body, "accepted") {
		t.Errorf("B's page after accepting:\n%.3000s", page.Body)
	}
	page = staff.Get(path)
	apptest.InOrder(t, from(page.Body, "Angebote an Partner"), "Wolke Systemhaus GmbH", "abgelehnt", "Keine Kapazität: Zurzeit ausgelastet.")
	apptest.InOrder(t, from(page.Body, "Keine Kapazität"), "Himmel IT AG", "angenommen")
	if strings.Contains(page.Body, `action="`+path+`/withdraw"`) {
		t.Error("an accepted lead can still be withdrawn")
	}
	conv := staff.Get("/leads/conversion")
	apptest.InOrder(t, conv.Body, "Nach Partner", "Himmel IT AG", "Wolke Systemhaus GmbH", "Nach Kampagne", "ohne Kampagne", "Nach Quadrant")
	if res := aAdmin.Get("/leads/conversion"); res.Status != http.StatusNotFound {
		t.Errorf("a partner reads the conversion: %d", res.Status)
	}
}

// from returns body from the first occurrence of marker on, or "".
func from(body, marker string) string {
	if i := strings.Index(body, marker); i >= 0 {
		return body[i:]
	}
	return ""
}
