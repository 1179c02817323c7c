package enablement_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/enablement"
	"pakt/internal/partner"
)

// TestCertifiedPeopleReadInTheUsersLanguage: the people of a partner are
// listed by name as the reader's language sorts (Otto, Özil, Zander in
// German, not Özil last by its bytes), each one's trainings by their name
// in that language.
func TestCertifiedPeopleReadInTheUsersLanguage(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	org := s.Org("Reihenfolge GmbH")
	admin := s.CreateUser(auth.RoleAdmin, "")
	svc := s.App.Enablement
	zebra, err := svc.AddTraining(ctx, admin.Actor(), enablement.TrainingInput{NameDE: "Zertifizierter Vertrieb", NameEN: "Accredited sales", ValidityMonths: 12})
	if err != nil {
		t.Fatal(err)
	}
	apple, err := svc.AddTraining(ctx, admin.Actor(), enablement.TrainingInput{NameDE: "Architektur", NameEN: "Solution architecture", ValidityMonths: 12})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ person, training string }{{"Zander", zebra.ID}, {"Özil", zebra.ID}, {"Otto", zebra.ID}, {"Otto", apple.ID}} {
		if _, err := svc.AddCertification(ctx, admin.Actor(), org, enablement.CertificationInput{Person: c.person, TrainingID: c.training, AchievedOn: "2026-06-01"}); err != nil {
			t.Fatal(err)
		}
	}
	c := s.Login(admin.Email)
	for lang, want := range map[string][]string{
		"de": {"Otto</td><td>Architektur", "Otto</td><td>Zertifizierter Vertrieb", "Özil</td>", "Zander</td>"},
		"en": {"Otto</td><td>Accredited sales", "Otto</td><td>Solution architecture", "Özil</td>", "Zander</td>"},
	} {
		c.Lang = lang
		apptest.InOrder(t, c.Get("/partners/"+org+"/certifications").Body, want...)
	}
}

// A partner admin records a certification with its number; it does not
// count towards the tier until a manager verifies it on the page.
func TestStaffVerifyACertificationOnThePage(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	org := s.Org("Nachweis GmbH")
	admin := s.CreateUser(auth.RoleAdmin, "")
	tr, err := s.App.Enablement.AddTraining(ctx, admin.Actor(), enablement.TrainingInput{NameDE: "Vertrieb", NameEN: "Sales", ValidityMonths: 24})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Enablement.AddRequirement(ctx, admin.Actor(), enablement.RequirementInput{Tier: "gold", TrainingID: tr.ID, Required: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Partners.Update(ctx, auth.System, org, partner.Input{Tier: new("gold")}); err != nil {
		t.Fatal(err)
	}
	partnerAdmin := s.Login(s.CreateUser(auth.RolePartnerAdmin, org).Email)
	partnerAdmin.Lang = "de"
	today := time.Now().Format(time.DateOnly)
	if r := partnerAdmin.Form("POST", "/partners/"+org+"/people-certifications", url.Values{"form_id": {"cert"}, "person": {"Max Muster"},
		"training_id": {tr.ID}, "achieved_on": {today}, "proof_number": {"VT-2026-0042"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("record: %d\n%.2000s", r.Status, r.Body)
	}
	page := partnerAdmin.Get("/partners/" + org + "/certifications")
	apptest.InOrder(t, page.Body, "fehlt", "1 ungeprüft", "Max Muster", "VT-2026-0042", `<span class="tag off">ungeprüft</span>`)
	if strings.Contains(page.Body, "Als geprüft markieren") {
		t.Error("the partner admin is offered to verify")
	}
	manager := s.Login(s.CreateUser(auth.RoleManager, "").Email)
	manager.Lang = "de"
	page = manager.Get("/partners/" + org + "/certifications")
	at := strings.Index(page.Body, `/verify"`)
	if at < 0 {
		t.Fatalf("the manager is not offered to verify:\n%.3000s", page.Body)
	}
	action := page.Body[strings.LastIndex(page.Body[:at], `"`)+1 : at+len("/verify")]
	if r := manager.Form("POST", action, url.Values{}); r.Status != http.StatusSeeOther {
		t.Fatalf("verify: %d\n%.2000s", r.Status, r.Body)
	}
	page = partnerAdmin.Get("/partners/" + org + "/certifications")
	if !strings.Contains(page.Body, ">erfüllt<") || strings.Contains(page.Body, "ungeprüft") {
		t.Errorf("after the manager verified:\n%.3000s", page.Body)
	}
}
