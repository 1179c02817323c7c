package lifecycle_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
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

type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func ptr[T any](v T) *T { return &v }

// userMaker returns a function that creates a user of a role, named by its
// e-mail address, and returns its actor.
func userMaker(t *testing.T, d *db.DB, c *clock) func(email string, role auth.Role) *auth.Actor {
	users := auth.NewService(d, c.Now)
	users.Password = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	return func(email string, role auth.Role) *auth.Actor {
		t.Helper()
		u, err := users.CreateUser(context.Background(), auth.System, auth.UserInput{Email: ptr(email), Name: ptr(email), Role: ptr(role), Password: ptr("ein-langes-passwort")})
		if err != nil {
			t.Fatal(err)
		}
		return u.Actor()
	}
}

func TestPipeline(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		user := userMaker(t, d, c)
		manager := user("manager@example.com", auth.RoleManager)
		rita := user("rita@example.com", auth.RoleRecruiter)
		rolf := user("rolf@example.com", auth.RoleRecruiter)
		orgs := partner.NewService(d, c.Now)
		s := lifecycle.NewService(d, c.Now, orgs)

		if _, err := s.Create(ctx, manager, lifecycle.CreateInput{}); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("create without a name: got %v, want invalid", err)
		}
		mine, err := s.Create(ctx, rita, lifecycle.CreateInput{LegalName: "Rita Kunde GmbH", Country: "DE", OwnerID: manager.UserID, NextStep: "Anrufen", DueOn: "2026-03-01"})
		if err != nil {
			t.Fatal(err)
		}
		if mine.OwnerID != rita.UserID || mine.Stage != lifecycle.Identified || mine.Name != "Rita Kunde GmbH" || !mine.Overdue || len(mine.History) != 1 {
			t.Fatalf("recruiter's prospect: got %+v, want its own, identified, overdue, one history entry", mine)
		}
		org, err := orgs.Get(ctx, manager, mine.OrgID)
		if err != nil || org.Kind != partner.KindProspect || org.Status != "prospect" {
			t.Fatalf("the prospect's organisation: %+v, %v", org, err)
		}
		staffs, err := s.Create(ctx, manager, lifecycle.CreateInput{LegalName: "Manager Kunde AG"})
		if err != nil {
			t.Fatal(err)
		}

		// A recruiter sees only its own; everyone else of the wrong kind sees nothing.
		board, err := s.Board(ctx, rita, lifecycle.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(board[0].Cards); n != 1 || board[0].Cards[0].OrgID != mine.OrgID {
			t.Fatalf("recruiter's board: %d cards in identified, want its own one", n)
		}
		if board, _ := s.Board(ctx, manager, lifecycle.Filter{}); len(board[0].Cards) != 2 {
			t.Fatalf("manager's board: %d cards, want 2", len(board[0].Cards))
		}
		partnerUser := &auth.Actor{UserID: "p1", Role: auth.RolePartnerAdmin, OrgID: mine.OrgID}
		for _, who := range []*auth.Actor{rolf, partnerUser, {UserID: "p2", Role: auth.RolePartnerMember, OrgID: mine.OrgID}, nil} {
			if _, err := s.Get(ctx, who, mine.OrgID); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("get by %v: got %v, want not found", who, err)
			}
			if _, err := s.Move(ctx, who, mine.OrgID, lifecycle.Qualified, ""); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("move by %v: got %v, want not found", who, err)
			}
			if _, err := s.Update(ctx, who, mine.OrgID, lifecycle.UpdateInput{NextStep: ptr("x")}); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("update by %v: got %v, want not found", who, err)
			}
		}
		if _, err := s.Get(ctx, rita, staffs.OrgID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("recruiter reads the manager's prospect: got %v, want not found", err)
		}
		if _, err := s.Board(ctx, partnerUser, lifecycle.Filter{}); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("partner's board: got %v, want not found", err)
		}
		if _, err := s.Funnel(ctx, rita, time.Time{}, time.Time{}); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("recruiter's funnel: got %v, want not found", err)
		}
		if _, err := s.Update(ctx, rita, mine.OrgID, lifecycle.UpdateInput{OwnerID: ptr(rolf.UserID)}); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("recruiter hands its prospect on: got %v, want invalid", err)
		}

		c.now = c.now.AddDate(0, 0, 4)
		p, err := s.Update(ctx, rita, mine.OrgID, lifecycle.UpdateInput{NextStep: ptr("Termin mit GF"), DueOn: ptr("2026-04-01")})
		if err != nil || p.NextStep != "Termin mit GF" || p.Overdue {
			t.Fatalf("update: %+v, %v", p, err)
		}
		if _, err := s.Move(ctx, rita, mine.OrgID, lifecycle.CLevelMeeting, ""); err != nil {
			t.Fatal(err)
		}
		_, err = s.Move(ctx, manager, staffs.OrgID, lifecycle.Lost, " ")
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "lost_reason" {
			t.Fatalf("lost without a reason: got %v, want a validation error on lost_reason", err)
		}
		if p, err := s.Move(ctx, manager, staffs.OrgID, lifecycle.Lost, "Kein Budget"); err != nil || p.LostReason != "Kein Budget" {
			t.Fatalf("lost: %+v, %v", p, err)
		}
		if _, err := s.Move(ctx, manager, staffs.OrgID, "nirgendwo", ""); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("unknown stage: got %v, want invalid", err)
		}
		c.now = c.now.AddDate(0, 0, 10)
		// Won lies behind the gates of the business case, the contract
		// and won itself; with no hook connected, all their evidence is
		// missing.
		_, err = s.Move(ctx, manager, mine.OrgID, lifecycle.Won, "")
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Conflict || len(e.Fields) != 3 {
			t.Fatalf("won without evidence: got %v, want a conflict naming three pieces of evidence", err)
		}
		evidenced(s)
		won, err := s.Move(ctx, manager, mine.OrgID, lifecycle.Won, "")
		if err != nil {
			t.Fatal(err)
		}
		if won.Stage != lifecycle.Won || len(won.History) != 3 {
			t.Fatalf("won: %+v", won)
		}
		org, err = orgs.Get(ctx, manager, mine.OrgID)
		if err != nil || org.Kind != partner.KindPartner || org.Status != "onboarding" {
			t.Fatalf("a won prospect becomes a partner in onboarding: got %+v, %v", org, err)
		}

		f, err := s.Funnel(ctx, manager, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if f.Prospects != 2 || f.Stages[0].Entered != 2 || f.Stages[0].MovedOn != 1 || f.Stages[3].MedianDays == nil || *f.Stages[3].MedianDays != 10 {
			t.Fatalf("funnel: %+v", f)
		}
		if f, _ := s.Funnel(ctx, manager, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), time.Time{}); f.Prospects != 0 {
			t.Errorf("funnel from April: %d prospects, want 0", f.Prospects)
		}

		for action, want := range map[string]int{"create": 2, "update": 1, "move": 3} {
			_, n, err := audit.List(ctx, d, audit.Filter{ObjectType: "prospect", Action: action})
			if err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Errorf("audit %s: got %d entries, want %d", action, n, want)
			}
		}

		// The self-assessment attaches an existing prospect organisation.
		var selfOrg *partner.Organisation
		if err := d.Tx(ctx, func(tx *sql.Tx) error {
			var err error
			selfOrg, err = orgs.CreateProspect(ctx, tx, auth.System, partner.Input{LegalName: ptr("Selbst GmbH")})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		att, err := s.Attach(ctx, selfOrg.ID, lifecycle.SourceSelfAssessment, "")
		if err != nil || att.Source != lifecycle.SourceSelfAssessment || att.Stage != lifecycle.Identified {
			t.Fatalf("attach: %+v, %v", att, err)
		}
		if _, err := s.Attach(ctx, selfOrg.ID, lifecycle.SourceSelfAssessment, ""); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("attach twice: got %v, want conflict", err)
		}
		if _, err := s.Attach(ctx, mine.OrgID, lifecycle.SourceManual, ""); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("attach a partner: got %v, want invalid", err)
		}
	})
}

// TestFunnelCacheFollowsChanges moves and deletes prospects between
// funnels and checks each time that the cached history answers like a
// service that loads it afresh.
func TestFunnelCacheFollowsChanges(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		partners := partner.NewService(d, clock)
		live := lifecycle.NewService(d, clock, partners)
		users := auth.NewService(d, clock)
		users.Password = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
		email, name, pw, role := "chefin@pipeline.example", "Chefin", "long-enough-1", auth.RoleAdmin
		u, err := users.CreateUser(ctx, auth.System, auth.UserInput{Email: &email, Name: &name, Password: &pw, Role: &role})
		if err != nil {
			t.Fatal(err)
		}
		admin := u.Actor()
		var ids []string
		for i := range 6 {
			p, err := live.Create(ctx, admin, lifecycle.CreateInput{LegalName: fmt.Sprintf("Kandidat %d GmbH", i)})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.OrgID)
		}
		check := func(step string) {
			t.Helper()
			got, err := live.Funnel(ctx, admin, time.Time{}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			want, err := lifecycle.NewService(d, clock, partners).Funnel(ctx, admin, time.Time{}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: cached funnel %+v, fresh %+v", step, got, want)
			}
		}
		check("start")
		for i, stage := range []string{lifecycle.Qualified, lifecycle.FirstContact, lifecycle.CLevelMeeting} {
			now = now.Add(72 * time.Hour)
			if _, err := live.Move(ctx, admin, ids[i], stage, ""); err != nil {
				t.Fatal(err)
			}
			check("after moving to " + stage)
		}
		if err := partners.Delete(ctx, auth.System, ids[0]); err != nil {
			t.Fatal(err)
		}
		check("after a deletion")
		r, _ := live.Funnel(ctx, admin, time.Time{}, time.Time{})
		if r.Prospects != 5 {
			t.Fatalf("funnel counts %d prospects after a deletion, want 5", r.Prospects)
		}
	})
}
