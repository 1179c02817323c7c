package lifecycle_test

import (
	"context"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/lifecycle"
	"pakt/internal/partner"
)

// The team view counts each owner's prospects per stage: a lost one under
// lost.
func TestProspectsPerOwner(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		s := lifecycle.NewService(d, c.Now, partner.NewService(d, c.Now))
		users := auth.NewService(d, c.Now)
		users.Password = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
		user := func(email string) *auth.Actor {
			u, err := users.CreateUser(ctx, auth.System, auth.UserInput{Email: ptr(email), Name: ptr(email), Role: ptr(auth.RoleManager), Password: ptr("ein-langes-passwort")})
			if err != nil {
				t.Fatal(err)
			}
			return u.Actor()
		}
		anna, ben := user("anna@example.com"), user("ben@example.com")
		for _, x := range []struct {
			who  *auth.Actor
			name string
		}{{anna, "Eins GmbH"}, {anna, "Zwei GmbH"}, {ben, "Drei AG"}} {
			if _, err := s.Create(ctx, x.who, lifecycle.CreateInput{LegalName: x.name}); err != nil {
				t.Fatal(err)
			}
		}
		lost, err := s.Create(ctx, ben, lifecycle.CreateInput{LegalName: "Vier KG"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Move(ctx, ben, lost.OrgID, lifecycle.Lost, "Kein Interesse"); err != nil {
			t.Fatal(err)
		}
		got, err := s.ProspectsPerOwner(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got[anna.UserID][lifecycle.Identified] != 2 || got[ben.UserID][lifecycle.Identified] != 1 || got[ben.UserID][lifecycle.Lost] != 1 || len(got) != 2 {
			t.Errorf("prospects per owner %v, want anna 2 identified, ben 1 identified and 1 lost", got)
		}
	})
}
