package enablement_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/enablement"
	"pakt/internal/partner"
)

type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func mkOrg(t *testing.T, d *db.DB, name, tier string) string {
	t.Helper()
	o, err := partner.NewService(d, time.Now).Create(context.Background(), auth.System, partner.Input{LegalName: &name, Tier: &tier})
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

func TestOnboardingAndCertifications(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
		s := enablement.NewService(d, c.Now)
		admin := &auth.Actor{UserID: "a1", Name: "Admin", Email: "admin@example.org", Role: auth.RoleAdmin}
		manager := &auth.Actor{UserID: "m1", Name: "Anna Berger", Role: auth.RoleManager}
		recruiter := &auth.Actor{UserID: "r1", Role: auth.RoleRecruiter}
		a := mkOrg(t, d, "Alpha GmbH", "gold")
		b := mkOrg(t, d, "Beta GmbH", "silver")
		padmin := &auth.Actor{UserID: "p1", Name: "Pia", Role: auth.RolePartnerAdmin, OrgID: a}
		pmember := &auth.Actor{UserID: "p2", Role: auth.RolePartnerMember, OrgID: a}

		// The catalogue: admins change it, managers only read it.
		if _, err := s.AddChecklistItem(ctx, manager, enablement.ChecklistInput{Tier: "gold", TitleDE: "x", TitleEN: "x", Responsible: "partner"}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("manager adds a checklist item: got %v, want forbidden", err)
		}
		if _, err := s.Catalogue(ctx, padmin); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("partner reads the catalogue: got %v, want not found", err)
		}
		for _, in := range []enablement.ChecklistInput{
			{Tier: "gold", TitleDE: "Vertrag unterschreiben", TitleEN: "Sign the contract", Responsible: "partner", DueAfterDays: 14},
			{Tier: "gold", TitleDE: "Zugang einrichten", TitleEN: "Set up access", Responsible: "programme", DueAfterDays: 7},
			{Tier: "silver", TitleDE: "Silber", TitleEN: "Silver", Responsible: "partner", DueAfterDays: 3},
		} {
			if _, err := s.AddChecklistItem(ctx, admin, in); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.AddChecklistItem(ctx, admin, enablement.ChecklistInput{Tier: "tin", Responsible: "both", DueAfterDays: -1}); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("invalid checklist item: got %v, want invalid", err)
		}

		// Only staff start the onboarding; it copies the tier's checklist.
		if _, err := s.StartOnboarding(ctx, padmin, a); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("partner starts its onboarding: got %v, want forbidden", err)
		}
		tasks, err := s.StartOnboarding(ctx, manager, a)
		if err != nil {
			t.Fatal(err)
		}
		if len(tasks) != 2 {
			t.Fatalf("gold onboarding has %d tasks, want 2", len(tasks))
		}
		tasks, err = s.Tasks(ctx, pmember, a)
		if err != nil {
			t.Fatal(err)
		}
		if len(tasks) != 2 || tasks[0].TitleEN != "Set up access" || !tasks[0].DueOn.Equal(time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC)) ||
			tasks[1].TitleDE != "Vertrag unterschreiben" || !tasks[1].DueOn.Equal(time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("tasks: got %+v %+v, want set-up access due 8 March, then the contract due 15 March", tasks[0], tasks[1])
		}
		programmeTask, partnerTask := tasks[0], tasks[1]

		// The partner admin ticks its partner-side task, not the programme's.
		done, err := s.SetTaskDone(ctx, padmin, a, partnerTask.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		if done.DoneAt == nil || done.DoneBy != "Pia" {
			t.Errorf("ticked task: got done %v by %q, want done by Pia", done.DoneAt, done.DoneBy)
		}
		if _, err := s.SetTaskDone(ctx, padmin, a, programmeTask.ID, true); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("partner ticks a programme task: got %v, want forbidden", err)
		}
		if _, err := s.SetTaskDone(ctx, pmember, a, partnerTask.ID, false); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("member unticks a task: got %v, want forbidden", err)
		}
		bTasks, err := s.StartOnboarding(ctx, admin, b)
		if err != nil || len(bTasks) != 1 {
			t.Fatalf("silver onboarding: got %d tasks, %v; want 1", len(bTasks), err)
		}
		if _, err := s.SetTaskDone(ctx, padmin, b, bTasks[0].ID, true); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("partner ticks another organisation's task: got %v, want not found", err)
		}
		if _, err := s.SetTaskDone(ctx, padmin, a, bTasks[0].ID, true); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("partner ticks another organisation's task through its own: got %v, want not found", err)
		}
		for _, who := range []*auth.Actor{recruiter, padmin, nil} {
			if _, err := s.Tasks(ctx, who, b); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%v reads B's tasks: got %v, want not found", who, err)
			}
			if _, err := s.Certifications(ctx, who, b); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%v reads B's certifications: got %v, want not found", who, err)
			}
		}
		if _, err := s.AddTask(ctx, padmin, a, enablement.TaskInput{TitleDE: "x", TitleEN: "x", Responsible: "partner", DueOn: "2026-04-01"}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("partner adds a task: got %v, want forbidden", err)
		}
		if _, err := s.AddTask(ctx, manager, a, enablement.TaskInput{TitleDE: "Schulung", TitleEN: "Training", Responsible: "partner", DueOn: "2026-02-20"}); err != nil {
			t.Fatal(err)
		}

		// Trainings, requirements and certifications.
		sales, err := s.AddTraining(ctx, admin, enablement.TrainingInput{NameDE: "Vertrieb", NameEN: "Sales", ValidityMonths: 12})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddRequirement(ctx, admin, enablement.RequirementInput{Tier: "gold", TrainingID: sales.ID, Required: 2}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddRequirement(ctx, admin, enablement.RequirementInput{Tier: "gold", TrainingID: sales.ID, Required: 3}); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("requirement twice: got %v, want invalid", err)
		}
		if _, err := s.AddCertification(ctx, pmember, a, enablement.CertificationInput{Person: "Max", TrainingID: sales.ID, AchievedOn: "2026-01-01"}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("member adds a certification: got %v, want forbidden", err)
		}
		if _, err := s.AddCertification(ctx, padmin, b, enablement.CertificationInput{Person: "Max", TrainingID: sales.ID, AchievedOn: "2026-01-01"}); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("partner adds to another organisation: got %v, want not found", err)
		}
		cert, err := s.AddCertification(ctx, padmin, a, enablement.CertificationInput{Person: "Max Muster", Email: "max@alpha.example", TrainingID: sales.ID, AchievedOn: "2025-04-15",
			ProofNumber: "SALES-2025-0415"})
		if err != nil {
			t.Fatal(err)
		}
		// Only staff verify, against the certificate's number; until then it
		// does not count towards the tier.
		if ov, err := s.Certifications(ctx, pmember, a); err != nil || len(ov.Coverage) != 1 || ov.Coverage[0].Has != 0 || ov.Coverage[0].Unverified != 1 {
			t.Errorf("before verification: %+v %v, want has 0, 1 not verified", ov.Coverage, err)
		}
		if _, err := s.VerifyCertification(ctx, padmin, a, cert.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("the partner admin verifies its own: got %v, want forbidden", err)
		}
		verified, err := s.VerifyCertification(ctx, manager, a, cert.ID)
		if err != nil || verified.VerifiedAt == nil || verified.VerifiedBy != manager.Name || verified.ProofNumber != "SALES-2025-0415" {
			t.Fatalf("verify: %+v %v", verified, err)
		}
		if cert.ExpiresOn == nil || !cert.ExpiresOn.Equal(time.Date(2026, 4, 15, 0, 0, 0, 0, time.UTC)) || cert.Status != enablement.StatusExpiring {
			t.Errorf("certification: got expiry %v status %s, want 15 April 2026, expiring", cert.ExpiresOn, cert.Status)
		}
		old, err := s.AddCertification(ctx, manager, a, enablement.CertificationInput{Person: "Old", TrainingID: sales.ID, AchievedOn: "2024-01-01"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.VerifyCertification(ctx, manager, a, old.ID); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("verify without a certificate number: got %v, want conflict", err)
		}
		// The same person and training again is refused, by its field,
		// and nothing is added.
		_, err = s.AddCertification(ctx, manager, a, enablement.CertificationInput{Person: "Max M.", Email: "MAX@alpha.example", TrainingID: sales.ID, AchievedOn: "2026-01-10"})
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "person" || e.Fields[0].Key != "enablement.validation.twin" {
			t.Errorf("the same person and training twice: got %v, want invalid on person", err)
		}
		ov, err := s.Certifications(ctx, pmember, a)
		if err != nil {
			t.Fatal(err)
		}
		if len(ov.Certifications) != 2 || len(ov.Coverage) != 1 || ov.Coverage[0].Has != 1 || ov.Coverage[0].Expiring != 1 || ov.Coverage[0].Required != 2 || ov.Coverage[0].Met {
			t.Errorf("overview: got %d certifications and coverage %+v, want 2 and has 1 (expiring) of 2", len(ov.Certifications), ov.Coverage)
		}

		// The card: staff see every organisation's, partners their own.
		alerts, err := s.Alerts(ctx, manager, "en")
		if err != nil {
			t.Fatal(err)
		}
		if len(alerts) != 2 || alerts[0].Kind != "task" || alerts[0].Title != "Training" || alerts[1].Kind != "certification" {
			t.Errorf("staff alerts: got %+v, want the overdue task then Max's certification", alerts)
		}
		if got, err := s.Alerts(ctx, recruiter, "en"); err != nil || len(got) != 0 {
			t.Errorf("recruiter alerts: got %v, %v; want none", got, err)
		}
		other := &auth.Actor{UserID: "p3", Role: auth.RolePartnerAdmin, OrgID: b}
		if got, err := s.Alerts(ctx, other, "en"); err != nil || len(got) != 0 {
			t.Errorf("B's alerts: got %v, %v; want none", got, err)
		}

		if err := s.RemoveCertification(ctx, padmin, b, cert.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("remove through another organisation: got %v, want not found", err)
		}
		if err := s.RemoveCertification(ctx, padmin, a, cert.ID); err != nil {
			t.Fatal(err)
		}

		// Every change is in the audit log.
		for typ, want := range map[string]int{"onboarding_task": 5, "person_certification": 4, "checklist_item": 3, "training": 1, "tier_requirement": 1} {
			_, n, err := audit.List(ctx, d, audit.Filter{ObjectType: typ, From: time.Time{}, To: c.now.Add(time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Errorf("audit entries of %s: got %d, want %d", typ, n, want)
			}
		}
	})
}
