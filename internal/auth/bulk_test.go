package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

func ptr[T any](v T) *T { return &v }

func staff(email, name string, role auth.Role, pw string) auth.UserInput {
	return auth.UserInput{Email: ptr(email), Name: ptr(name), Role: ptr(role), Password: ptr(pw)}
}

func TestCreateUsers(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := auth.NewService(d, time.Now)
		users, err := s.CreateUsers(ctx, auth.System, []auth.UserInput{
			staff("Chef@Example.com", "Christa Chef", auth.RoleAdmin, "gemeinsames-passwort"),
			staff("jörg@example.com", "Jörg Schäfer", auth.RoleManager, "gemeinsames-passwort"),
			staff("rita@example.com", "Rita Recruiting", auth.RoleRecruiter, "ein-anderes-passwort"),
		})
		if err != nil {
			t.Fatalf("create users: %v", err)
		}
		if len(users) != 3 || users[0].Email != "chef@example.com" || users[1].Role != auth.RoleManager {
			t.Fatalf("got users %+v, want the three in order with normalised e-mail", users)
		}
		for _, c := range []struct{ email, pw string }{
			{"chef@example.com", "gemeinsames-passwort"},
			{"jörg@example.com", "gemeinsames-passwort"},
			{"rita@example.com", "ein-anderes-passwort"},
		} {
			if _, _, err := s.Login(ctx, c.email, c.pw, "127.0.0.1"); err != nil {
				t.Errorf("login %s: %v", c.email, err)
			}
		}
		if _, _, err := s.Login(ctx, "rita@example.com", "gemeinsames-passwort", "127.0.0.2"); apperr.CodeOf(err) != apperr.Unauthorised {
			t.Errorf("login with another user's password: got %v, want unauthorised", err)
		}
		_, total, err := audit.List(ctx, d, audit.Filter{ObjectType: "user", Action: "create"})
		if err != nil {
			t.Fatal(err)
		}
		if total != 3 {
			t.Errorf("audit records: got %d, want 3", total)
		}

		_, err = s.CreateUsers(ctx, auth.System, []auth.UserInput{staff("neu@example.com", "Neu", auth.RoleManager, "ein-langes-passwort"),
			staff("RITA@example.com", "Rita Zwei", auth.RoleManager, "ein-langes-passwort")})
		if e, ok := apperr.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].Field != "users[1].email" || e.Fields[0].Key != "validation.email_taken" {
			t.Fatalf("batch with an existing address: got %v, want validation.email_taken on users[1].email", err)
		}
		if n, err := s.CountUsers(ctx); err != nil || n != 3 {
			t.Fatalf("after a refused batch: got %d users (%v), want 3", n, err)
		}
	})
}

func TestCreateUsersDuplicateInBatchWritesNothing(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := auth.NewService(d, time.Now)
		_, err := s.CreateUsers(ctx, auth.System, []auth.UserInput{
			staff("anna@example.com", "Anna", auth.RoleManager, "ein-langes-passwort"),
			staff("tom@example.com", "Tom", auth.RoleManager, "kurz"),
			staff(" Anna@Example.com ", "Anna Zwei", auth.RoleManager, "ein-langes-passwort"),
		})
		e, ok := apperr.As(err)
		if !ok || e.Code != apperr.Invalid {
			t.Fatalf("got %v, want a validation error", err)
		}
		want := map[string]string{"users[1].password": "validation.password_short", "users[2].email": "validation.email_taken"}
		if len(e.Fields) != len(want) {
			t.Fatalf("got fields %+v, want %v", e.Fields, want)
		}
		for _, f := range e.Fields {
			if want[f.Field] != f.Key {
				t.Errorf("field %s: got %s, want %s", f.Field, f.Key, want[f.Field])
			}
		}
		if n, err := s.CountUsers(ctx); err != nil || n != 0 {
			t.Fatalf("after a refused batch: got %d users (%v), want none", n, err)
		}
		if _, total, err := audit.List(ctx, d, audit.Filter{}); err != nil || total != 0 {
			t.Fatalf("after a refused batch: got %d audit records (%v), want none", total, err)
		}
	})
}

func TestCreateUsersPermissions(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := auth.NewService(d, time.Now)
		manager := &auth.Actor{UserID: "m", Role: auth.RoleManager}
		_, err := s.CreateUsers(context.Background(), manager, []auth.UserInput{staff("x@example.com", "X", auth.RoleManager, "ein-langes-passwort")})
		if apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a partner manager creates users: got %v, want forbidden", err)
		}
	})
}

// TestInsertUsers: a bulk load creates users who log in, validates them as
// CreateUsers does, and names the row whose address was taken before.
func TestInsertUsers(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := auth.NewService(d, time.Now)
		if _, err := s.CreateUser(ctx, auth.System, staff("rita@example.com", "Rita", auth.RoleManager, "ein-langes-passwort")); err != nil {
			t.Fatal(err)
		}
		load := func(in ...auth.UserInput) ([]*auth.User, error) {
			var users []*auth.User
			err := d.Bulk(ctx, func(b *db.Bulk) error {
				var err error
				users, err = s.InsertUsers(ctx, b, auth.System, in, nil, map[string]string{})
				return err
			})
			return users, err
		}
		users, err := load(staff("Chef@Example.com", "Christa Chef", auth.RoleAdmin, "gemeinsames-passwort"),
			staff("jörg@example.com", "Jörg Schäfer", auth.RoleManager, "gemeinsames-passwort"))
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != 2 || users[0].Email != "chef@example.com" {
			t.Fatalf("got users %+v, want the two in order with normalised e-mail", users)
		}
		if _, _, err := s.Login(ctx, "jörg@example.com", "gemeinsames-passwort", "127.0.0.1"); err != nil {
			t.Errorf("login of a loaded user: %v", err)
		}

		_, err = load(staff("neu@example.com", "Neu", auth.RoleManager, "kurz"), staff("neu@example.com", "Neu", auth.RoleManager, "ein-langes-passwort"))
		if e, ok := apperr.As(err); !ok || len(e.Fields) != 2 || e.Fields[0].Field != "users[0].password" || e.Fields[1].Field != "users[1].email" {
			t.Errorf("a short password and an address twice: got %v, want errors on users[0].password and users[1].email", err)
		}
		_, err = load(staff("neu@example.com", "Neu", auth.RoleManager, "ein-langes-passwort"), staff("rita@example.com", "Rita Zwei", auth.RoleManager, "ein-langes-passwort"))
		if err == nil || !db.IsUniqueViolation(err) || !strings.Contains(err.Error(), "users, row 1:") {
			t.Errorf("an address taken before: got %v, want a unique violation naming users, row 1", err)
		}
		if n, err := s.CountUsers(ctx); err != nil || n != 3 {
			t.Errorf("after the refused loads: got %d users (%v), want 3", n, err)
		}
	})
}
