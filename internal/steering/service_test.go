package steering_test

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
	"pakt/internal/partner"
	"pakt/internal/portfolio"
	"pakt/internal/steering"
)

func ptr[T any](v T) *T { return &v }

func TestSteering(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		pf := portfolio.NewService(d, clock)
		if err := pf.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		s := steering.NewService(d, clock)
		s.Quadrants, s.QuadrantOf = portfolio.QuadrantNames(), pf.CurrentQuadrants
		if err := s.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		admin := &auth.Actor{UserID: "a1", Name: "Admin", Role: auth.RoleAdmin}
		manager := &auth.Actor{UserID: "m1", Name: "Anna Berger", Role: auth.RoleManager}
		recruiter := &auth.Actor{UserID: "r1", Role: auth.RoleRecruiter}
		orgs := partner.NewService(d, func() time.Time { return now.AddDate(0, -6, 0) })
		mk := func(name, managerID string) string {
			in := partner.Input{LegalName: ptr(name), Tier: ptr("gold")}
			o, err := orgs.Create(ctx, auth.System, in)
			if err != nil {
				t.Fatal(err)
			}
			if managerID != "" {
				if _, err := d.ExecContext(ctx, `UPDATE organisations SET manager_id = $1 WHERE id = $2`, managerID, o.ID); err != nil {
					t.Fatal(err)
				}
			}
			return o.ID
		}
		mine, talked, other := mk("Meine GmbH", "m1"), mk("Gesprochen GmbH", "m1"), mk("Fremd AG", "m2")
		partnerUser := &auth.Actor{UserID: "p1", Role: auth.RolePartnerMember, OrgID: mine}

		// Gold partners must be spoken to every 20 days; assessed ones by quadrant.
		if _, err := s.SetCadences(ctx, manager, []steering.Cadence{{Scope: "tier", Value: "gold", Days: 20}}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a manager changes cadences: %v, want forbidden", err)
		}
		cads := append([]steering.Cadence{{Scope: "tier", Value: "gold", Days: 20}}, steering.DefaultCadences...)
		if _, err := s.SetCadences(ctx, admin, cads); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Cadences(ctx, manager); err != nil || len(got) != 5 {
			t.Fatalf("cadences %v %v, want 5", got, err)
		}

		// An e-mail is not personal contact; a call is.
		if _, err := s.AddActivity(ctx, manager, mine, steering.ActivityInput{Kind: "email", On: "2027-02-28", Notes: "Angebot geschickt"}); err != nil {
			t.Fatal(err)
		}
		call, err := s.AddActivity(ctx, manager, talked, steering.ActivityInput{Kind: "call", On: "2027-02-20", Participants: "CEO", Notes: "Intern: zögert"})
		if err != nil {
			t.Fatal(err)
		}
		if !call.Personal {
			t.Fatal("a call is not personal contact")
		}
		if _, err := s.AddActivity(ctx, manager, talked, steering.ActivityInput{Kind: "call", On: "2027-03-02"}); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("an activity tomorrow: %v, want invalid", err)
		}
		acts, err := s.Activities(ctx, admin, mine)
		if err != nil || len(acts) != 1 || acts[0].Personal {
			t.Fatalf("activities %+v %v", acts, err)
		}

		overdue, err := s.OverdueList(ctx, manager, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(overdue) != 1 || overdue[0].OrgID != mine {
			t.Fatalf("the manager's overdue list %+v, want only Meine GmbH", overdue)
		}
		all, err := s.OverdueList(ctx, admin, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 {
			t.Fatalf("everyone's overdue list %+v, want Meine GmbH and Fremd AG", all)
		}

		// Plans: the partner reads its own, nothing else.
		p, err := s.SavePlan(ctx, manager, mine, steering.PlanInput{Period: "2027-H1", TargetRevenueMinor: 10_000_000, TargetDeals: 4, ActualRevenueMinor: 2_500_000, ActualDeals: 5})
		if err != nil {
			t.Fatal(err)
		}
		if *p.Attainment.Revenue != 25 || *p.Attainment.Deals != 125 || p.Attainment.Certifications != nil || p.To.Format("2006-01-02") != "2027-06-30" {
			t.Fatalf("plan %+v attainment %+v", p, p.Attainment)
		}
		if _, err := s.SavePlan(ctx, manager, mine, steering.PlanInput{Period: "2027-H1", TargetRevenueMinor: 10_000_000, ActualRevenueMinor: 5_000_000}); err != nil {
			t.Fatal(err)
		}
		plans, err := s.Plans(ctx, partnerUser, mine)
		if err != nil || len(plans) != 1 || *plans[0].Attainment.Revenue != 50 {
			t.Fatalf("the partner's own plans %+v %v", plans, err)
		}
		for name, fn := range map[string]func() error{
			"partner reads another's plans": func() error { _, err := s.Plans(ctx, partnerUser, other); return err },
			"partner reads activities":      func() error { _, err := s.Activities(ctx, partnerUser, mine); return err },
			"partner saves its plan": func() error {
				_, err := s.SavePlan(ctx, partnerUser, mine, steering.PlanInput{Period: "2027"})
				return err
			},
			"partner reads overdue":      func() error { _, err := s.OverdueList(ctx, partnerUser, false); return err },
			"partner reads cadences":     func() error { _, err := s.Cadences(ctx, partnerUser); return err },
			"recruiter reads plans":      func() error { _, err := s.Plans(ctx, recruiter, mine); return err },
			"recruiter reads activities": func() error { _, err := s.Activities(ctx, recruiter, mine); return err },
			"recruiter reads overdue":    func() error { _, err := s.OverdueList(ctx, recruiter, false); return err },
			"recruiter reads cadences":   func() error { _, err := s.Cadences(ctx, recruiter); return err },
			"missing organisation":       func() error { _, err := s.Plans(ctx, admin, "nope"); return err },
		} {
			if err := fn(); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s: got %v, want not found", name, err)
			}
		}

		if err := s.DeleteActivity(ctx, manager, talked, call.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteActivity(ctx, manager, mine, call.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("deleting twice: %v, want not found", err)
		}
		entries, _, err := audit.List(ctx, d, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, e := range entries {
			count[e.ObjectType+" "+e.Action]++
		}
		for k, want := range map[string]int{"activity create": 2, "activity delete": 1, "plan create": 1, "plan update": 1, "cadences update": 1} {
			if count[k] != want {
				t.Errorf("audit %q: %d entries, want %d", k, count[k], want)
			}
		}
	})
}

// TestOverdueFollowsNewContacts checks that the overdue list, kept between
// changes, drops a partner as soon as someone talked to it, and brings it
// back when that contact is deleted.
func TestOverdueFollowsNewContacts(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pf := portfolio.NewService(d, time.Now)
		if err := pf.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		s := steering.NewService(d, time.Now)
		s.Quadrants, s.QuadrantOf = portfolio.QuadrantNames(), pf.CurrentQuadrants
		if err := s.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		admin := &auth.Actor{UserID: "admin", Name: "Admin", Role: auth.RoleAdmin}
		cads, _ := s.Cadences(ctx, admin)
		cads = append(cads, steering.Cadence{Scope: steering.ScopeTier, Value: "gold", Days: 30})
		if _, err := s.SetCadences(ctx, admin, cads); err != nil {
			t.Fatal(err)
		}
		name, tier := "Stille Partner GmbH", "gold"
		o, err := partner.NewService(d, time.Now).Create(ctx, auth.System, partner.Input{LegalName: &name, Tier: &tier})
		if err != nil {
			t.Fatal(err)
		}
		old := time.Now().AddDate(0, 0, -60).Format(time.DateOnly)
		if _, err := s.AddActivity(ctx, admin, o.ID, steering.ActivityInput{Kind: "call", On: old}); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.OverdueList(ctx, admin, false); len(list) != 1 {
			t.Fatalf("a partner last called 60 days ago with a 30-day cadence: %d overdue, want 1", len(list))
		}
		act, err := s.AddActivity(ctx, admin, o.ID, steering.ActivityInput{Kind: "meeting", On: time.Now().Format(time.DateOnly)})
		if err != nil {
			t.Fatal(err)
		}
		if list, _ := s.OverdueList(ctx, admin, false); len(list) != 0 {
			t.Fatalf("after a meeting today the partner is still overdue")
		}
		if err := s.DeleteActivity(ctx, admin, o.ID, act.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.OverdueList(ctx, admin, false); len(list) != 1 {
			t.Fatalf("after deleting the meeting the partner is not overdue again")
		}
	})
}
