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

// The partner's admin uploads the certificate of a certification without a
// number; a file that is no certificate is refused by its name; staff
// download it and verify against it.
func TestStaffVerifyAgainstAnUploadedCertificate(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	org := s.Org("Datei GmbH")
	admin := s.CreateUser(auth.RoleAdmin, "")
	tr, err := s.App.Enablement.AddTraining(ctx, admin.Actor(), enablement.TrainingInput{NameDE: "Technik", NameEN: "Technical", ValidityMonths: 24})
	if err != nil {
		t.Fatal(err)
	}
	partnerAdmin := s.Login(s.CreateUser(auth.RolePartnerAdmin, org).Email)
	c, err := s.App.Enablement.AddCertification(ctx, admin.Actor(), org, enablement.CertificationInput{Person: "Erika Muster", TrainingID: tr.ID, AchievedOn: time.Now().Format(time.DateOnly)})
	if err != nil {
		t.Fatal(err)
	}
	action := "/partners/" + org + "/people-certifications/" + c.ID + "/proof"
	page := partnerAdmin.Get("/partners/" + org + "/certifications")
	if !strings.Contains(page.Body, `action="`+action+`" enctype="multipart/form-data"`) || !strings.Contains(page.Body, "PDF, PNG or JPEG, at most 5 MB.") {
		t.Fatalf("the partner admin is not offered to upload the certificate:\n%.3000s", page.Body)
	}
	form := url.Values{"form_id": {"proof-" + c.ID}}
	if r := partnerAdmin.Multipart("POST", action, form, "proof_file", map[string][]byte{"zertifikat.pdf": []byte("<html>kein Zertifikat</html>")}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "The file “zertifikat.pdf” is no PDF, PNG or JPEG file.") {
		t.Fatalf("a false file: %d\n%.2000s", r.Status, r.Body)
	}
	if r := partnerAdmin.Multipart("POST", action, form, "proof_file", map[string][]byte{"Zertifikat Erika.pdf": certificatePDF}); r.Status != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%.2000s", r.Status, r.Body)
	}
	manager := s.Login(s.CreateUser(auth.RoleManager, "").Email)
	page = manager.Get("/partners/" + org + "/certifications")
	if !strings.Contains(page.Body, `<a href="`+action+`" class="proof-file">Zertifikat Erika.pdf</a>`) || !strings.Contains(page.Body, c.ID+`/verify"`) {
		t.Fatalf("the manager sees no file to verify against:\n%.3000s", page.Body)
	}
	file := manager.Get(action)
	if file.Status != http.StatusOK || file.Body != string(certificatePDF) || !strings.HasPrefix(file.Header.Get("Content-Disposition"), "attachment;") ||
		file.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("the download: %d %q %v", file.Status, file.Body, file.Header)
	}
	if r := manager.Form("POST", "/partners/"+org+"/people-certifications/"+c.ID+"/verify", url.Values{}); r.Status != http.StatusSeeOther {
		t.Fatalf("verify: %d\n%.2000s", r.Status, r.Body)
	}
	page = partnerAdmin.Get("/partners/" + org + "/certifications")
	if !strings.Contains(page.Body, `<span class="tag cert-valid">verified</span>`) || strings.Contains(page.Body, `action="`+action+`"`) {
		t.Errorf("after the verification:\n%.3000s", page.Body)
	}
	if r := s.Login(s.CreateUser(auth.RolePartnerAdmin, s.Org("Fremd AG")).Email).Get(action); r.Status != http.StatusNotFound {
		t.Errorf("another partner downloads an unpublished partner's certificate: %d", r.Status)
	}
}
