package lifecycle

import (
	"context"
	"fmt"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/partner"
)

// SeedAssignmentDemo sets the demo's manager assignment before its
// prospects are won: Bavaria to the first manager, the first competency
// of the taxonomy to the second, and every manager in the round robin.
func SeedAssignmentDemo(ctx context.Context, d *db.DB, partners *partner.Service, admin *auth.Actor, managers []*auth.Actor, now time.Time) error {
	if len(managers) == 0 {
		return nil
	}
	svc := NewService(d, func() time.Time { return now.AddDate(0, 0, -210) }, partners)
	in := AssignmentInput{Rules: []RuleInput{{Kind: RuleRegion, Country: "DE", Region: "Bayern", ManagerID: managers[0].UserID}}}
	comps, err := partners.Competencies(ctx)
	if err != nil {
		return err
	}
	if len(comps) > 0 {
		in.Rules = append(in.Rules, RuleInput{Kind: RuleCompetency, CompetencyID: comps[0].ID, ManagerID: managers[len(managers)/2].UserID})
	}
	for _, m := range managers {
		in.Rotation = append(in.Rotation, m.UserID)
	}
	_, err = svc.SaveAssignment(ctx, admin, in)
	return err
}

// SeedOffboardingDemo offboards one demo partner, the last one, a month
// ago, through the whole checklist, so that its page shows the history and
// its users no longer sign in.
func SeedOffboardingDemo(ctx context.Context, d *db.DB, partners *partner.Service, users *auth.Service, admin *auth.Actor, ids []string, now time.Time) error {
	if len(ids) < 2 {
		return nil
	}
	org := ids[len(ids)-1]
	clock := now.AddDate(0, 0, -40)
	svc := NewService(d, func() time.Time { return clock }, partners)
	svc.Auth = users
	if _, err := svc.StartOffboarding(ctx, admin, org, OffboardingInput{Reason: "inactive", Note: "Seit zwei Jahren kein Deal, keine Aktivität und keine Antwort auf drei Gesprächsangebote."}); err != nil {
		return fmt.Errorf("offboarding %s: %w", org, err)
	}
	for _, step := range []struct {
		name string
		days int
		note string
	}{
		{StepUnpublish, 2, ""},
		{StepHandover, 5, "Keine offenen Deals; die offene Vorstellung wurde abgesagt."},
		{StepEnd, 10, ""},
	} {
		clock = clock.AddDate(0, 0, step.days)
		if _, err := svc.OffboardingStep(ctx, admin, org, step.name, step.note); err != nil {
			return fmt.Errorf("offboarding %s, %s: %w", org, step.name, err)
		}
	}
	return nil
}
