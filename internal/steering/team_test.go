package steering_test

import (
	"context"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/partner"
	"pakt/internal/steering"
)

// contact adds a contact to the organisation and returns its id.
func contact(t *testing.T, s *apptest.Server, org, name string, cLevel bool) string {
	t.Helper()
	c := &partner.Contact{Name: name, CLevel: cLevel}
	if err := partner.SaveEntry(context.Background(), s.App.Partners, auth.System, org, c); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// managed creates a partner the manager is responsible for.
func managed(t *testing.T, s *apptest.Server, name string, m *auth.User) string {
	t.Helper()
	org := s.Org(name)
	if _, err := s.App.Partners.Update(context.Background(), auth.System, org, partner.Input{ManagerID: &m.ID}); err != nil {
		t.Fatal(err)
	}
	return org
}

// An activity names who initiated it and which of the partner's contacts
// took part; only the partner's own contacts can be named, and a wrong
// initiator or contact is refused naming the field, with nothing saved. A
// C-level meeting is the evidence the stage gate asks for: an e-mail to
// the CEO is not.
func TestActivityContactsAndCLevel(t *testing.T) {
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		svc := s.App.Steering
		admin := s.CreateUser(auth.RoleAdmin, "").Actor()
		org, other := s.Org("Kontakt & Partner GmbH"), s.Org("Andere AG")
		ceo, tech := contact(t, s, org, "Clara Chef", true), contact(t, s, org, "Tim Technik", false)
		stranger := contact(t, s, other, "Fremde Person", true)
		today := time.Now().UTC().Format(time.DateOnly)

		for _, tt := range []struct {
			in    steering.ActivityInput
			field string
		}{
			{steering.ActivityInput{Kind: "meeting", On: today, ContactIDs: []string{stranger}}, "contact_ids"},
			{steering.ActivityInput{Kind: "meeting", On: today, ContactIDs: []string{"nope"}}, "contact_ids"},
			{steering.ActivityInput{Kind: "meeting", On: today, InitiatedBy: "them"}, "initiated_by"},
		} {
			_, err := svc.AddActivity(ctx, admin, org, tt.in)
			if e, ok := apperr.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].Field != tt.field {
				t.Errorf("%+v: %v, want an error on %s", tt.in, err, tt.field)
			}
		}
		if acts, err := svc.Activities(ctx, admin, org); err != nil || len(acts) != 0 {
			t.Fatalf("after refused activities: %d saved (%v)", len(acts), err)
		}

		met := func() bool {
			ok, err := svc.MetCLevel(ctx, org)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if met() {
			t.Fatal("met the C-level without any activity")
		}
		mail, err := svc.AddActivity(ctx, admin, org, steering.ActivityInput{Kind: "email", On: today, ContactIDs: []string{ceo}})
		if err != nil {
			t.Fatal(err)
		}
		if !mail.CLevel || mail.InitiatedBy != steering.InitiatedByUs || met() {
			t.Errorf("an e-mail to the CEO: c-level %v, initiated by %q, met %v; want counted as C-level, by us, but no meeting", mail.CLevel, mail.InitiatedBy, met())
		}
		call, err := svc.AddActivity(ctx, admin, org, steering.ActivityInput{Kind: "call", On: today, InitiatedBy: "partner", ContactIDs: []string{tech, tech}})
		if err != nil {
			t.Fatal(err)
		}
		if call.CLevel || call.InitiatedBy != steering.InitiatedByPartner || len(call.ContactIDs) != 1 || met() {
			t.Errorf("the partner's call with technology: %+v, met %v", call, met())
		}
		meeting, err := svc.AddActivity(ctx, admin, org, steering.ActivityInput{Kind: "meeting", On: today, ContactIDs: []string{tech, ceo}})
		if err != nil {
			t.Fatal(err)
		}
		if !meeting.CLevel || !met() {
			t.Errorf("a meeting with the CEO: c-level %v, met %v", meeting.CLevel, met())
		}
		if ok, _ := svc.MetCLevel(ctx, other); ok {
			t.Error("another partner met the C-level too")
		}
		acts, err := svc.Activities(ctx, admin, org)
		if err != nil || len(acts) != 3 {
			t.Fatalf("activities %d (%v)", len(acts), err)
		}
		for _, a := range acts {
			if a.ID == meeting.ID && len(a.ContactIDs) != 2 {
				t.Errorf("the meeting reads back with contacts %v, want two", a.ContactIDs)
			}
		}
		// Deleting the contact leaves the activity without it.
		if err := partner.DeleteEntry[partner.Contact](ctx, s.App.Partners, auth.System, org, ceo); err != nil {
			t.Fatal(err)
		}
		if met() {
			t.Error("still met the C-level after the contact was deleted")
		}
	})
}

// The team view: an admin sees each manager's C-level and proactive
// share, kept in step as activities are recorded and deleted; a manager
// sees its own row and the team's totals only. Counted anew from the
// activities, the figures are the same.
func TestTeamView(t *testing.T) {
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		svc := s.App.Steering
		admin := s.CreateUser(auth.RoleAdmin, "").Actor()
		maria, tom := s.CreateUser(auth.RoleManager, ""), s.CreateUser(auth.RoleManager, "")
		strategic, technical := managed(t, s, "Strategie GmbH", maria), managed(t, s, "Technik AG", tom)
		ceo, admins := contact(t, s, strategic, "Greta Geschäftsführerin", true), contact(t, s, technical, "Ali Admin", false)
		today := time.Now().UTC()
		on := func(days int) string { return today.AddDate(0, 0, -days).Format(time.DateOnly) }
		add := func(who *auth.User, org string, in steering.ActivityInput) *steering.Activity {
			a, err := svc.AddActivity(ctx, who.Actor(), org, in)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		for i := range 4 {
			add(maria, strategic, steering.ActivityInput{Kind: "meeting", On: on(i), Minutes: 60, ContactIDs: []string{ceo}})
		}
		add(maria, strategic, steering.ActivityInput{Kind: "call", On: on(1), InitiatedBy: "partner", Minutes: 30})
		var last *steering.Activity
		for i := range 3 {
			last = add(tom, technical, steering.ActivityInput{Kind: "call", On: on(i), InitiatedBy: "partner", Minutes: 45, ContactIDs: []string{admins}})
		}
		add(tom, technical, steering.ActivityInput{Kind: "meeting", On: on(2), Minutes: 120, ContactIDs: []string{admins}})
		// An activity of the year before last is outside the view.
		add(tom, technical, steering.ActivityInput{Kind: "meeting", On: on(800), ContactIDs: []string{admins}})

		rows := func(team *steering.Team) map[string]steering.ManagerFigures {
			out := map[string]steering.ManagerFigures{}
			for _, m := range team.Managers {
				out[m.ManagerID] = m
			}
			return out
		}
		pct := func(p *int) int {
			if p == nil {
				return -1
			}
			return *p
		}
		team, err := svc.Team(ctx, admin, "de")
		if err != nil {
			t.Fatal(err)
		}
		m, tm := rows(team)[maria.ID], rows(team)[tom.ID]
		if m.Name != maria.Name || m.Activities != 5 || pct(m.CLevelPct) != 80 || pct(m.ProactivePct) != 80 || m.Minutes != 270 || m.Partners != 1 {
			t.Errorf("Maria: %d activities, C-level %d %%, proactive %d %%, %d minutes; want 5, 80, 80, 270", m.Activities, pct(m.CLevelPct), pct(m.ProactivePct), m.Minutes)
		}
		if tm.Activities != 4 || pct(tm.CLevelPct) != 0 || pct(tm.ProactivePct) != 25 {
			t.Errorf("Tom: %d activities, C-level %d %%, proactive %d %%; want 4, 0, 25", tm.Activities, pct(tm.CLevelPct), pct(tm.ProactivePct))
		}
		if q := m.Quarters[len(m.Quarters)-1]; q.Quarter != team.Quarters[len(team.Quarters)-1] || q.Activities+m.Quarters[len(m.Quarters)-2].Activities != 5 {
			t.Errorf("Maria's quarters %+v", m.Quarters)
		}
		if team.Total.Activities != 9 || pct(team.Total.CLevelPct) != 44 {
			t.Errorf("team: %d activities, C-level %d %%; want 9, 44", team.Total.Activities, pct(team.Total.CLevelPct))
		}
		if !team.Pipeline || !team.Deals || !team.Satisfaction {
			t.Errorf("wired: pipeline %v, deals %v, satisfaction %v; want the pipeline, the deals and the survey", team.Pipeline, team.Deals, team.Satisfaction)
		}

		// Deleting Tom's last partner-initiated call moves his figures.
		if err := svc.DeleteActivity(ctx, admin, technical, last.ID); err != nil {
			t.Fatal(err)
		}
		team, err = svc.Team(ctx, admin, "de")
		if err != nil {
			t.Fatal(err)
		}
		if tm := rows(team)[tom.ID]; tm.Activities != 3 || pct(tm.ProactivePct) != 33 || tm.Minutes != 210 {
			t.Errorf("Tom after a delete: %d activities, proactive %d %%, %d minutes; want 3, 33, 210", tm.Activities, pct(tm.ProactivePct), tm.Minutes)
		}

		// A manager sees its own row and the team, not its colleague.
		own, err := svc.Team(ctx, tom.Actor(), "de")
		if err != nil {
			t.Fatal(err)
		}
		if len(own.Managers) != 1 || own.Managers[0].ManagerID != tom.ID || own.Total.Activities != 8 {
			t.Errorf("Tom's view: %d rows (%+v), team %d activities; want his own and 8", len(own.Managers), own.Managers, own.Total.Activities)
		}
		for _, who := range []*auth.Actor{nil, s.CreateUser(auth.RoleRecruiter, "").Actor(), s.CreateUser(auth.RolePartnerAdmin, strategic).Actor()} {
			if _, err := svc.Team(ctx, who, "de"); apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("team view for %v: %v, want not found", who, err)
			}
		}

		// Counted anew from the activities (as after the migration), the
		// view is the same.
		if _, err := s.App.DB.ExecContext(ctx, `DELETE FROM activity_quarters`); err != nil {
			t.Fatal(err)
		}
		if err := svc.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		again, err := svc.Team(ctx, admin, "de")
		if err != nil {
			t.Fatal(err)
		}
		if a, b := rows(again)[tom.ID], rows(team)[tom.ID]; a.Tally != b.Tally || again.Total.Tally != team.Total.Tally {
			t.Errorf("counted anew: Tom %+v, team %+v; want %+v and %+v", a.Tally, again.Total.Tally, b.Tally, team.Total.Tally)
		}
	})
}
