package auth_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

// An invitation makes a user who has no password yet and a link that sets
// it: the link says it is an invitation (a reset link does not), works
// seven days and once, and then the user logs in. An address that has an
// account is not invited again.
func TestInvitation(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, c, _ := newService(t, d)
		var mails []auth.Mail
		s.Send = func(_ context.Context, m auth.Mail) { mails = append(mails, m) }
		invite := func(email string) (*auth.User, string, error) {
			var u *auth.User
			var link string
			err := d.Tx(ctx, func(tx *sql.Tx) error {
				var err error
				u, link, err = s.Invite(ctx, tx, audit.Who{Label: "test"}, auth.Invitation{Email: email, Name: "Neu", Role: auth.RoleManager, Lang: "de"})
				return err
			})
			return u, link, err
		}
		token := func(link string) string {
			t.Helper()
			tok, ok := strings.CutPrefix(link, auth.ResetPath)
			if !ok {
				t.Fatalf("link %q is not a set-password link", link)
			}
			return tok
		}

		if _, _, err := invite("eva@example.com"); !errors.Is(err, auth.ErrEmailTaken) {
			t.Fatalf("inviting an address with an account: %v, want ErrEmailTaken", err)
		}
		if taken, err := s.EmailTaken(ctx, d, "EVA@example.com"); err != nil || !taken {
			t.Errorf("EmailTaken of an existing address: %v, %v", taken, err)
		}
		u, link, err := invite("Neu@Example.com")
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "neu@example.com" || u.Disabled || u.Lang != "de" {
			t.Errorf("invited user: %+v", u)
		}
		if _, _, err := s.Login(ctx, "neu@example.com", "", "10.0.0.2"); err == nil {
			t.Error("the invited user logged in without a password")
		}
		c.now = c.now.Add(6 * 24 * time.Hour)
		if welcome, err := s.CheckLink(ctx, token(link)); err != nil || !welcome {
			t.Fatalf("the invitation after six days: welcome %v, %v", welcome, err)
		}
		if err := s.CompleteReset(ctx, token(link), "erstes-passwort-1"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Login(ctx, "neu@example.com", "erstes-passwort-1", "10.0.0.2"); err != nil {
			t.Errorf("login with the chosen password: %v", err)
		}
		if err := s.CompleteReset(ctx, token(link), "zweites-passwort-1"); !errors.Is(err, auth.ErrResetUsed) {
			t.Errorf("the invitation used twice: %v, want ErrResetUsed", err)
		}

		_, late, err := invite("spaet@example.com")
		if err != nil {
			t.Fatal(err)
		}
		c.now = c.now.Add(auth.InviteLifetime)
		if welcome, err := s.CheckLink(ctx, token(late)); !errors.Is(err, auth.ErrInviteExpired) || !welcome {
			t.Errorf("an invitation after seven days: welcome %v, %v; want ErrInviteExpired", welcome, err)
		}

		if err := s.RequestReset(ctx, "eva@example.com", "10.0.0.3", "de"); err != nil || len(mails) != 1 {
			t.Fatalf("reset: %v, %d mails", err, len(mails))
		}
		if welcome, err := s.CheckLink(ctx, token(mails[0].Link)); err != nil || welcome {
			t.Errorf("a reset link: welcome %v, %v; want a reset", welcome, err)
		}
	})
}
