package concierge_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// A partner finds another through the concierge page, asks for an
// introduction with the form, and sees the other's contact person only
// once the other accepted on its page.
func TestConciergeIntroductionPages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	vr, err := s.App.Partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: new("Virtuelle Realität"), NameEN: new("Virtual Reality"), Slug: new("vr")})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(name, city, contact string) string {
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), City: new(city), Region: new("Bayern"), Country: new("DE"),
			Published: new(true), Competencies: &[]string{vr.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if err := partner.SaveEntry(ctx, s.App.Partners, auth.System, o.ID, &partner.Contact{Name: "Kontakt " + name, Email: contact, DecisionMaker: true}); err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	asker := mk("Müller IT GmbH & Co. KG", "München", "katrin@mueller.example")
	target := mk("Schwaben XR GmbH", "Augsburg", "sina@schwaben.example")
	a := s.Login(s.CreateUser(auth.RolePartnerAdmin, asker).Email)
	b := s.Login(s.CreateUser(auth.RolePartnerAdmin, target).Email)
	bMember := s.Login(s.CreateUser(auth.RolePartnerMember, target).Email)
	a.Lang, b.Lang, bMember.Lang = "de", "de", "de"

	res := a.Get("/concierge?competency=" + vr.ID + "&from=2027-03-01&to=2027-03-31")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Schwaben XR GmbH") || !strings.Contains(res.Body, "56\u00a0km entfernt") ||
		strings.Contains(res.Body, ">Müller IT GmbH") || strings.Contains(res.Body, "sina@schwaben.example") {
		t.Fatalf("matches page: %d\n%s", res.Status, res.Body)
	}
	if res := a.Get("/concierge?topic=&radius_km=10"); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Ein Umkreis braucht einen Ort.") {
		t.Errorf("a radius without a city: %d", res.Status)
	}
	if res := a.Get("/introductions/new?to=" + target + "&competency=" + vr.ID); res.Status != http.StatusOK || !strings.Contains(res.Body, "Virtuelle Realität") {
		t.Fatalf("request form: %d", res.Status)
	}
	if res := a.Form("POST", "/introductions", url.Values{"target_org_id": {target}, "competency_id": {vr.ID}, "message": {""}}); res.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Pflichtfeld") {
		t.Fatalf("empty message: %d", res.Status)
	}
	res = a.Form("POST", "/introductions", url.Values{"target_org_id": {target}, "competency_id": {vr.ID}, "message": {"Gemeinsam ein VR-Projekt?"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("request: %d %s", res.Status, res.Body)
	}
	page := res.Header.Get("Location")
	if !regexp.MustCompile(`^/introductions/[0-9a-f-]{36}$`).MatchString(page) {
		t.Fatalf("redirect to %q", page)
	}
	for _, c := range []*apptest.Client{a, b} {
		res := c.Get(page)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "Gemeinsam ein VR-Projekt?") ||
			strings.Contains(res.Body, "katrin@mueller.example") || strings.Contains(res.Body, "sina@schwaben.example") {
			t.Errorf("before the acceptance: %d\n%s", res.Status, res.Body)
		}
	}
	if res := b.Get("/introductions"); !strings.Contains(res.Body, "wartet auf Antwort") {
		t.Errorf("the target's list lacks the request")
	}
	// The target's member reads the request but leaves the answer to its
	// partner admins: no button, and a refusal that says why.
	if res := bMember.Get(page); res.Status != http.StatusOK || strings.Contains(res.Body, "/accept") ||
		!strings.Contains(res.Body, "Als Mitglied Ihrer Organisation haben Sie hier Lesezugriff") {
		t.Errorf("the member's view of the request: %d\n%s", res.Status, res.Body)
	}
	if res := bMember.Form("POST", page+"/accept", nil); res.Status != http.StatusForbidden ||
		!strings.Contains(res.Body, "Das können nur die Partner-Admins Ihrer Organisation tun") {
		t.Fatalf("a member accepted: %d", res.Status)
	}
	if res := a.Get(page); strings.Contains(res.Body, "sina@schwaben.example") {
		t.Fatal("the member's attempt released the target's contact")
	}
	if res := b.Form("POST", page+"/accept", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.Status)
	}
	for _, c := range []*apptest.Client{a, b} {
		res := c.Get(page)
		if !strings.Contains(res.Body, "katrin@mueller.example") || !strings.Contains(res.Body, "sina@schwaben.example") ||
			!strings.Contains(res.Body, "Was ist aus der Vorstellung geworden?") {
			t.Errorf("after the acceptance both contacts and the outcome form show:\n%s", res.Body)
		}
	}
	if res := bMember.Get(page); !strings.Contains(res.Body, "katrin@mueller.example") || strings.Contains(res.Body, "Was ist aus der Vorstellung geworden?") {
		t.Errorf("after the acceptance the member reads the contacts but is not asked for the outcome:\n%s", res.Body)
	}
	if res := a.Form("POST", page+"/outcome", url.Values{"outcome": {"joint_deal"}}); res.Status != http.StatusSeeOther {
		t.Errorf("outcome: %d", res.Status)
	}
	admin := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
	admin.Lang = "de"
	if res := admin.Get("/concierge/stats"); !strings.Contains(res.Body, "Gemeinsamer Auftrag") || !strings.Contains(res.Body, "100 %") {
		t.Errorf("stats page:\n%s", res.Body)
	}
}
