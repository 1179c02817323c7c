package app_test

import (
	"context"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
	"pakt/internal/survey"
)

// The team view shows a manager's partners' satisfaction from their latest
// answer to the survey's recommendation question (the Satisfaction hook).
func TestTeamViewShowsSurveySatisfaction(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	admin := s.CreateUser(auth.RoleAdmin, "").Actor()
	anna := s.CreateUser(auth.RoleManager, "")
	var orgs []string
	for _, name := range []string{"Zufrieden GmbH", "Begeistert AG"} {
		org := s.Org(name)
		if _, err := s.App.Partners.Update(ctx, admin, org, partner.Input{ManagerID: &anna.ID, Status: new("active")}); err != nil {
			t.Fatal(err)
		}
		orgs = append(orgs, org)
	}
	round, err := s.App.Survey.Start(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	for i, org := range orgs {
		score := 8 + i
		if _, err := s.App.Survey.Answer(ctx, s.CreateUser(auth.RolePartnerAdmin, org).Actor(), round.ID, survey.AnswerInput{Score: &score}); err != nil {
			t.Fatal(err)
		}
	}
	team, err := s.App.Steering.Team(ctx, admin, "en")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range team.Managers {
		if m.ManagerID == anna.ID {
			if m.SatisfactionTenths == nil || *m.SatisfactionTenths != 85 {
				t.Fatalf("anna's satisfaction %v, want 8.5 (85 tenths) from her partners' 8 and 9", m.SatisfactionTenths)
			}
			return
		}
	}
	t.Fatalf("anna has no row in the team view: %+v", team.Managers)
}
