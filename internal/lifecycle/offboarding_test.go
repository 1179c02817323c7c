package lifecycle_test

import (
	"context"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/lifecycle"
	"pakt/internal/partner"
)

// TestOffboardingRefusals: only staff offboard, only partners, one at a
// time, with a valid reason, the steps in the checklist's order; every
// step is audited and the finished offboarding stays as history.
func TestOffboardingRefusals(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)}
		orgs := partner.NewService(d, c.Now)
		s := lifecycle.NewService(d, c.Now, orgs)
		s.Auth = auth.NewService(d, c.Now)
		manager := &auth.Actor{UserID: "m1", Name: "Mia", Role: auth.RoleManager}
		o, err := orgs.Create(ctx, auth.System, partner.Input{LegalName: ptr("Ende Gut GmbH"), Published: ptr(true)})
		if err != nil {
			t.Fatal(err)
		}
		padmin := &auth.Actor{UserID: "p1", Role: auth.RolePartnerAdmin, OrgID: o.ID}
		recruiter := &auth.Actor{UserID: "r1", Role: auth.RoleRecruiter}
		for _, a := range []*auth.Actor{padmin, recruiter, nil} {
			if _, err := s.Offboarding(ctx, a, o.ID); apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("%v reads the offboarding: got %v, want not found", a, err)
			}
			if _, err := s.StartOffboarding(ctx, a, o.ID, lifecycle.OffboardingInput{Reason: "inactive"}); apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("%v starts an offboarding: got %v, want not found", a, err)
			}
		}
		prospect, err := s.Create(ctx, auth.System, lifecycle.CreateInput{LegalName: "Noch Kein Partner GmbH"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.StartOffboarding(ctx, manager, prospect.OrgID, lifecycle.OffboardingInput{Reason: "inactive"}); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("offboarding a prospect: got %v, want conflict", err)
		}
		_, err = s.StartOffboarding(ctx, manager, o.ID, lifecycle.OffboardingInput{Reason: "bored"})
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "reason" {
			t.Errorf("an unknown reason: got %v, want invalid reason", err)
		}
		if _, err := s.StartOffboarding(ctx, manager, o.ID, lifecycle.OffboardingInput{Reason: "acquired", Note: "Von Groß AG übernommen"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.StartOffboarding(ctx, manager, o.ID, lifecycle.OffboardingInput{Reason: "acquired"}); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("a second offboarding at once: got %v, want conflict", err)
		}
		if _, err := s.OffboardingStep(ctx, manager, o.ID, lifecycle.StepEnd, ""); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("the end first: got %v, want conflict", err)
		}
		for _, step := range lifecycle.OffboardingSteps {
			c.now = c.now.Add(time.Hour)
			if _, err := s.OffboardingStep(ctx, manager, o.ID, step, ""); err != nil {
				t.Fatalf("%s: %v", step, err)
			}
		}
		st, err := s.Offboarding(ctx, manager, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		h := st.History
		if st.Status != "ended" || st.Current != nil || st.Refusal != "offboarding.already_ended" || len(h) != 1 || h[0].Reason != "acquired" ||
			h[0].StartedByID != "m1" || h[0].EndedByID != "m1" || !h[0].EndedAt.Equal(c.now) || !h[0].UnpublishedAt.Before(*h[0].HandedOverAt) {
			t.Errorf("after the end: %+v %+v", st, h)
		}
		entries, _, err := audit.List(ctx, d, audit.Filter{ObjectType: "offboarding"})
		if err != nil || len(entries) != 4 || entries[0].Action != "close" {
			t.Errorf("the offboarding's audit entries: %+v, %v", entries, err)
		}
	})
}
