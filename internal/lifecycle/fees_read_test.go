package lifecycle_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/lifecycle"
	"pakt/internal/partner"
)

// An owner's stage entries are its prospects' only, within the moments
// asked for, by prospect and time; its funnel counts them alone.
func TestOwnerEntries(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		users := auth.NewService(d, c.Now)
		users.Password = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
		user := func(email string) *auth.Actor {
			u, err := users.CreateUser(ctx, auth.System, auth.UserInput{Email: ptr(email), Name: ptr(email), Role: ptr(auth.RoleRecruiter), Password: ptr("ein-langes-passwort")})
			if err != nil {
				t.Fatal(err)
			}
			return u.Actor()
		}
		rita, rolf := user("rita@example.com"), user("rolf@example.com")
		s := evidenced(lifecycle.NewService(d, c.Now, partner.NewService(d, c.Now)))
		must := func(p *lifecycle.Prospect, err error) *lifecycle.Prospect {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		a := must(s.Create(ctx, rita, lifecycle.CreateInput{LegalName: "Anna Anwerbung GmbH", Country: "DE"}))
		b := must(s.Create(ctx, rolf, lifecycle.CreateInput{LegalName: "Rolfs Fremdfirma AG", Country: "DE"}))
		c.now = c.now.AddDate(0, 0, 3)
		must(s.Move(ctx, rita, a.OrgID, lifecycle.Qualified, ""))
		must(s.Move(ctx, rolf, b.OrgID, lifecycle.Qualified, ""))
		c.now = c.now.AddDate(0, 0, 4)
		must(s.Move(ctx, rita, a.OrgID, lifecycle.Won, ""))

		describe := func(list []lifecycle.OwnedEntry) string {
			var out []string
			for _, e := range list {
				out = append(out, fmt.Sprintf("%s %s %s", e.Name, e.Stage, e.At.Format(time.DateOnly)))
			}
			return strings.Join(out, "; ")
		}
		all, err := s.OwnerEntries(ctx, rita.UserID, time.Time{}, time.Time{})
		if got, want := describe(all), "Anna Anwerbung GmbH identified 2026-03-02; Anna Anwerbung GmbH qualified 2026-03-05; Anna Anwerbung GmbH won 2026-03-09"; err != nil || got != want {
			t.Errorf("all entries: got %q, %v\nwant %q", got, err, want)
		}
		some, err := s.OwnerEntries(ctx, rita.UserID, time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC))
		if got, want := describe(some), "Anna Anwerbung GmbH qualified 2026-03-05"; err != nil || got != want {
			t.Errorf("entries of 5 to 8 March: got %q, %v, want %q", got, err, want)
		}
		funnel, err := s.OwnerFunnel(ctx, rita.UserID)
		if err != nil || len(funnel) != 8 || funnel[1].Entered != 1 || funnel[7].Stage != lifecycle.Won || funnel[7].Entered != 1 {
			t.Errorf("Rita's funnel: %+v, %v", funnel, err)
		}
		if got := lifecycle.WayToWon(); len(got) != 8 || got[0] != lifecycle.Identified || got[7] != lifecycle.Won {
			t.Errorf("the way to won: %v", got)
		}
	})
}
