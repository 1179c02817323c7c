package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

func TestThrottleDelay(t *testing.T) {
	for _, tc := range []struct {
		failures, free int
		want           time.Duration
	}{
		{0, 3, 0},
		{2, 3, 0},
		{3, 3, time.Second},
		{4, 3, 2 * time.Second},
		{8, 3, 32 * time.Second},
		{30, 3, 5 * time.Minute}, // capped
		{9, 10, 0},
		{10, 10, time.Second},
	} {
		if got := auth.ThrottleDelay(tc.failures, tc.free); got != tc.want {
			t.Errorf("ThrottleDelay(%d, %d) = %v, want %v", tc.failures, tc.free, got, tc.want)
		}
	}
}

func TestPasswordHash(t *testing.T) {
	p := auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	h, err := auth.HashPassword("Grüße aus München", p)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := auth.CheckPassword("Grüße aus München", h); !ok || err != nil {
		t.Fatalf("right password: %v %v", ok, err)
	}
	if ok, _ := auth.CheckPassword("Grüsse aus München", h); ok {
		t.Fatal("a different password matched")
	}
	h2, _ := auth.HashPassword("Grüße aus München", p)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
}

// clock is a settable time for expiry tests.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func TestSessionsAndTokensExpire(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
		s := auth.NewService(d, c.Now)
		s.Password = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
		email, name, pw, role := "Eva@Example.com", "Eva", "long-enough-pw", auth.RoleManager
		u, err := s.CreateUser(ctx, auth.System, auth.UserInput{Email: &email, Name: &name, Password: &pw, Role: &role})
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "eva@example.com" {
			t.Fatalf("e-mail stored as %q, want lower case", u.Email)
		}
		_, session, err := s.Login(ctx, "eva@example.com", pw, "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		tok, secret, err := s.CreateToken(ctx, u.Actor(), "sync", 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if a, err := s.TokenActor(ctx, secret); err != nil || a.UserID != u.ID {
			t.Fatalf("fresh token: %v %v", a, err)
		}
		c.now = c.now.Add(25 * time.Hour)
		if _, err := s.TokenActor(ctx, secret); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("expired token: got %v, want not found", err)
		}
		if _, extended, err := s.SessionActor(ctx, session); err != nil || !extended {
			t.Fatalf("session used after a day: extended %v, %v; want it extended", extended, err)
		}
		if _, extended, _ := s.SessionActor(ctx, session); extended {
			t.Fatal("a session used twice within a minute was extended twice")
		}
		c.now = c.now.Add(15 * 24 * time.Hour)
		if _, _, err := s.SessionActor(ctx, session); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("session after 16 idle days: got %v, want not found", err)
		}
		list, err := s.ListTokens(ctx, u.Actor())
		if err != nil || len(list) != 1 || list[0].ID != tok.ID || list[0].LastUsedAt == nil {
			t.Fatalf("token list %+v %v: want one token with its last use", list, err)
		}
		// Disabling a user ends its sessions and its tokens.
		_, session, _ = s.Login(ctx, email, pw, "10.0.0.1")
		_, secret, _ = s.CreateToken(ctx, u.Actor(), "sync2", 24*time.Hour)
		yes := true
		if _, err := s.UpdateUser(ctx, auth.System, u.ID, auth.UserInput{Disabled: &yes}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SessionActor(ctx, session); err == nil {
			t.Fatal("a disabled user's session still works")
		}
		if _, err := s.TokenActor(ctx, secret); err == nil {
			t.Fatal("a disabled user's token still works")
		}
		if _, _, err := s.Login(ctx, email, pw, "10.0.0.2"); !errors.Is(err, auth.ErrBadCredentials) {
			t.Fatalf("a disabled user logs in: %v", err)
		}
	})
}
