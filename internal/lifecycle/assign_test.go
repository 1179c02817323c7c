package lifecycle_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/lifecycle"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// TestManagerAssignment: admins set the rules; a won prospect gets the
// manager of the first rule that covers it, else the round robin's next,
// in the transaction that wins it, audited and told; the round robin's
// turn survives a restart (a new service on the same database); a prospect
// that has a manager keeps it.
func TestManagerAssignment(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		users := auth.NewService(d, c.Now)
		users.Password = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
		user := func(email string, role auth.Role) *auth.Actor {
			u, err := users.CreateUser(ctx, auth.System, auth.UserInput{Email: ptr(email), Name: ptr(email), Role: ptr(role), Password: ptr("ein-langes-passwort")})
			if err != nil {
				t.Fatal(err)
			}
			return u.Actor()
		}
		admin := user("admin@example.com", auth.RoleAdmin)
		bavaria := user("bayern@example.com", auth.RoleManager)
		cloud := user("cloud@example.com", auth.RoleManager)
		ann := user("ann@example.com", auth.RoleManager)
		ben := user("ben@example.com", auth.RoleManager)
		rita := user("rita@example.com", auth.RoleRecruiter)
		orgs := partner.NewService(d, c.Now)
		comp, err := orgs.SaveCompetency(ctx, admin, "", partner.CompetencyInput{Slug: ptr("cloud"), NameDE: ptr("Cloud"), NameEN: ptr("Cloud")})
		if err != nil {
			t.Fatal(err)
		}
		mail := notify.NewService(d, c.Now, nil, nil)
		newService := func() *lifecycle.Service {
			s := evidenced(lifecycle.NewService(d, c.Now, orgs))
			s.Notify = mail
			return s
		}
		s := newService()

		if x, err := s.Assignment(ctx, ann); err != nil || len(x.Rules) != 0 || len(x.Rotation) != 0 {
			t.Fatalf("nothing configured: got %+v, %v", x, err)
		}
		// Won without any rule: no manager, and winning still works.
		lone := wonProspect(t, s, rita, lifecycle.CreateInput{LegalName: "Ohne Regel GmbH", Country: "DE"})
		if o, _ := orgs.Get(ctx, admin, lone); o.ManagerID != "" {
			t.Fatalf("without rules the partner got manager %q", o.ManagerID)
		}

		in := lifecycle.AssignmentInput{
			Rules: []lifecycle.RuleInput{
				{Kind: lifecycle.RuleRegion, Country: "DE", Region: "Bavaria", ManagerID: bavaria.UserID},
				{Kind: lifecycle.RuleCompetency, CompetencyID: comp.ID, ManagerID: cloud.UserID},
			},
			Rotation: []string{ann.UserID, ben.UserID},
		}
		if _, err := s.SaveAssignment(ctx, ann, in); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a manager sets the rules: got %v, want forbidden", err)
		}
		if _, err := s.Assignment(ctx, rita); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("a recruiter reads the rules: got %v, want not found", err)
		}
		bad := lifecycle.AssignmentInput{Rules: []lifecycle.RuleInput{{Kind: lifecycle.RuleRegion, ManagerID: rita.UserID}, {Kind: "mood", ManagerID: ann.UserID}}}
		_, err = s.SaveAssignment(ctx, admin, bad)
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Invalid || len(e.Fields) != 3 ||
			e.Fields[0].Field != "rules.0.country" || e.Fields[1].Field != "rules.0.manager_id" || e.Fields[2].Field != "rules.1.kind" {
			t.Fatalf("bad rules: got %+v", err)
		}
		x, err := s.SaveAssignment(ctx, admin, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(x.Rules) != 2 || x.Rules[0].ManagerName != "bayern@example.com" || !x.Rules[0].Active || len(x.Rotation) != 2 || x.Rotation[1].ManagerID != ben.UserID {
			t.Fatalf("saved: %+v", x)
		}

		manager := func(orgID string) string {
			t.Helper()
			o, err := orgs.Get(ctx, admin, orgID)
			if err != nil {
				t.Fatal(err)
			}
			return o.ManagerID
		}
		// The city says the region when the profile names none.
		nbg := wonProspect(t, s, rita, lifecycle.CreateInput{LegalName: "Nürnberger Systemhaus GmbH", Country: "DE", City: "Nürnberg"})
		if got := manager(nbg); got != bavaria.UserID {
			t.Errorf("a partner in Nürnberg: got manager %q, want Bavaria's", got)
		}
		var cloudOrg string
		{
			p, err := s.Create(ctx, rita, lifecycle.CreateInput{LegalName: "Wolke AG", Country: "DE", City: "Hamburg"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := orgs.Update(ctx, admin, p.OrgID, partner.Input{Competencies: &[]string{comp.ID}}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Move(ctx, rita, p.OrgID, lifecycle.Won, ""); err != nil {
				t.Fatal(err)
			}
			cloudOrg = p.OrgID
		}
		if got := manager(cloudOrg); got != cloud.UserID {
			t.Errorf("a cloud partner in Hamburg: got manager %q, want the cloud manager", got)
		}
		// The others go round: Ann, Ben, and after a restart Ann again.
		var got []string
		for _, name := range []string{"Erste Runde GmbH", "Zweite Runde GmbH"} {
			got = append(got, manager(wonProspect(t, s, rita, lifecycle.CreateInput{LegalName: name, Country: "FR"})))
		}
		s = newService()
		got = append(got, manager(wonProspect(t, s, rita, lifecycle.CreateInput{LegalName: "Dritte Runde GmbH"})))
		if want := []string{ann.UserID, ben.UserID, ann.UserID}; got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Errorf("round robin: got %v, want %v", got, want)
		}

		// A prospect that has a manager keeps it and uses up no turn.
		p, err := s.Create(ctx, rita, lifecycle.CreateInput{LegalName: "Schon Betreut GmbH"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := orgs.Update(ctx, admin, p.OrgID, partner.Input{ManagerID: &cloud.UserID}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Move(ctx, rita, p.OrgID, lifecycle.Won, ""); err != nil {
			t.Fatal(err)
		}
		if got := manager(p.OrgID); got != cloud.UserID {
			t.Errorf("a managed prospect: got manager %q, want its own", got)
		}
		if got := manager(wonProspect(t, s, rita, lifecycle.CreateInput{LegalName: "Vierte Runde GmbH"})); got != ben.UserID {
			t.Errorf("after a managed prospect: got %q, want Ben's turn", got)
		}

		// A disabled manager's rule is passed over.
		if _, err := users.UpdateUser(ctx, auth.System, bavaria.UserID, auth.UserInput{Disabled: ptr(true)}); err != nil {
			t.Fatal(err)
		}
		if got := manager(wonProspect(t, s, rita, lifecycle.CreateInput{LegalName: "Münchner IT GmbH", Country: "DE", City: "München"})); got != ann.UserID {
			t.Errorf("Bavaria's manager disabled: got %q, want the round robin's Ann", got)
		}

		// Audited as the recruiter's move, and the manager is told.
		entries, _, err := audit.List(ctx, d, audit.Filter{ObjectID: nbg, Action: "assign_manager"})
		if err != nil || len(entries) != 1 || entries[0].ActorID != rita.UserID {
			t.Fatalf("the assignment's audit entry: %+v, %v", entries, err)
		}
		inbox, err := mail.Inbox(ctx, bavaria, "", false, 10)
		if err != nil || len(inbox) != 1 || inbox[0].Kind != "pipeline.notice.assigned_region" || inbox[0].Link != "/partners/"+nbg {
			t.Fatalf("Bavaria's manager's inbox: %+v, %v", inbox, err)
		}
	})
}

// wonProspect creates a prospect as a and marks it won.
func wonProspect(t *testing.T, s *lifecycle.Service, a *auth.Actor, in lifecycle.CreateInput) string {
	t.Helper()
	p, err := s.Create(context.Background(), a, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Move(context.Background(), a, p.OrgID, lifecycle.Won, ""); err != nil {
		t.Fatal(err)
	}
	return p.OrgID
}

// TestRoundRobinAcrossServers: two servers on one database win prospects
// at the same time; the round robin's turn, kept in the database, still
// hands them out in turn, so that each manager gets half.
func TestRoundRobinAcrossServers(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		users := auth.NewService(d, time.Now)
		users.Password = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
		var managers []string
		for _, email := range []string{"ann@example.com", "ben@example.com"} {
			u, err := users.CreateUser(ctx, auth.System, auth.UserInput{Email: ptr(email), Name: ptr(email), Role: ptr(auth.RoleManager), Password: ptr("ein-langes-passwort")})
			if err != nil {
				t.Fatal(err)
			}
			managers = append(managers, u.ID)
		}
		orgs := partner.NewService(d, time.Now)
		servers := []*lifecycle.Service{evidenced(lifecycle.NewService(d, time.Now, orgs)), evidenced(lifecycle.NewService(d, time.Now, orgs))}
		if _, err := servers[0].SaveAssignment(ctx, auth.System, lifecycle.AssignmentInput{Rotation: managers}); err != nil {
			t.Fatal(err)
		}
		const n = 8
		ids := make([]string, n)
		for i := range ids {
			p, err := servers[0].Create(ctx, auth.System, lifecycle.CreateInput{LegalName: fmt.Sprintf("Parallel %d GmbH", i)})
			if err != nil {
				t.Fatal(err)
			}
			ids[i] = p.OrgID
		}
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := servers[i%2].Move(ctx, auth.System, id, lifecycle.Won, "")
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		count := map[string]int{}
		for _, id := range ids {
			o, err := orgs.Get(ctx, auth.System, id)
			if err != nil {
				t.Fatal(err)
			}
			count[o.ManagerID]++
		}
		if count[managers[0]] != n/2 || count[managers[1]] != n/2 {
			t.Errorf("managers of %d prospects won at once: got %v, want %d each", n, count, n/2)
		}
	})
}
