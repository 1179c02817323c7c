package lifecycle_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/lifecycle"
	"pakt/internal/partner"
)

// Recruitment targets count the prospects each owner won in a period:
// once each, only those still won, only wins inside the range; a recruiter
// learns only its own count, partners nothing.
func TestWonPerOwner(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2027, 1, 20, 9, 0, 0, 0, time.UTC)}
		users := auth.NewService(d, c.Now)
		users.Password = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
		user := func(email string, role auth.Role) *auth.Actor {
			u, err := users.CreateUser(ctx, auth.System, auth.UserInput{Email: ptr(email), Name: ptr(email), Role: ptr(role), Password: ptr("ein-langes-passwort")})
			if err != nil {
				t.Fatal(err)
			}
			return u.Actor()
		}
		manager := user("manager@example.com", auth.RoleManager)
		rita := user("rita@example.com", auth.RoleRecruiter)
		rolf := user("rolf@example.com", auth.RoleRecruiter)
		s := evidenced(lifecycle.NewService(d, c.Now, partner.NewService(d, c.Now)))
		prospect := func(name string, owner *auth.Actor) string {
			p, err := s.Create(ctx, manager, lifecycle.CreateInput{LegalName: name, OwnerID: owner.UserID})
			if err != nil {
				t.Fatal(err)
			}
			return p.OrgID
		}
		move := func(org, stage string, on time.Time) {
			c.now = on
			if _, err := s.Move(ctx, manager, org, stage, "Kein Budget"); err != nil {
				t.Fatalf("move %s to %s: %v", org, stage, err)
			}
		}
		jan, feb, mar, apr := time.Date(2027, 1, 25, 9, 0, 0, 0, time.UTC), time.Date(2027, 2, 10, 9, 0, 0, 0, time.UTC),
			time.Date(2027, 3, 31, 23, 0, 0, 0, time.UTC), time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)
		r1, r2, r3, r4 := prospect("Rita Eins GmbH", rita), prospect("Rita Zwei GmbH", rita), prospect("Rita Drei GmbH", rita), prospect("Rita Vier GmbH", rita)
		m1, m2, o1 := prospect("Manager Eins AG", manager), prospect("Manager Zwei AG", manager), prospect("Rolf Eins KG", rolf)
		move(r1, lifecycle.Won, jan)
		move(r2, lifecycle.Won, feb)
		move(r2, lifecycle.Onboarding, feb.Add(time.Hour)) // back and won again: once
		move(r2, lifecycle.Won, feb.Add(2*time.Hour))
		move(r3, lifecycle.Won, mar)
		move(r3, lifecycle.Lost, mar.Add(10*time.Minute)) // no longer won
		move(r4, lifecycle.Won, apr)                      // after the quarter
		move(m1, lifecycle.Won, mar)
		move(m2, lifecycle.Qualified, feb)
		move(o1, lifecycle.Won, jan)

		from, to := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)
		for _, c := range []struct {
			who  *auth.Actor
			want map[string]int64
		}{
			{manager, map[string]int64{rita.UserID: 2, manager.UserID: 1, rolf.UserID: 1}},
			{rita, map[string]int64{rita.UserID: 2}},
			{rolf, map[string]int64{rolf.UserID: 1}},
		} {
			got, err := s.WonPerOwner(ctx, c.who, from, to)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, c.want) {
				t.Errorf("WonPerOwner as %s = %v, want %v", c.who.Name, got, c.want)
			}
		}
		if got, _ := s.WonPerOwner(ctx, manager, apr, apr.AddDate(0, 3, 0)); !maps.Equal(got, map[string]int64{rita.UserID: 1}) {
			t.Errorf("WonPerOwner of the next quarter = %v, want Rita's one", got)
		}
		for _, a := range []*auth.Actor{{UserID: "p", Role: auth.RolePartnerAdmin, OrgID: r1}, nil} {
			if _, err := s.WonPerOwner(ctx, a, from, to); apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("WonPerOwner as %+v: %v, want not found", a, err)
			}
		}
	})
}
