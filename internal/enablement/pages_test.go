package enablement_test

import (
	"context"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/enablement"
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
