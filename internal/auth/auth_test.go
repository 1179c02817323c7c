package auth_test

import (
	"context"
	"errors"
	"sync"
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

func TestLoginWait(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	none := auth.Failures{}
	for _, tc := range []struct {
		name             string
		account, address auth.Failures
		want             time.Duration
	}{
		{"nothing failed", none, none, 0},
		{"the account's free failures", auth.Failures{Count: 2, Last: now}, none, 0},
		{"the account waits after its free failures", auth.Failures{Count: 3, Last: now}, none, time.Second},
		{"partly waited", auth.Failures{Count: 5, Last: ago(time.Second)}, none, 3 * time.Second},
		{"waited long enough", auth.Failures{Count: 5, Last: ago(4 * time.Second)}, none, 0},
		{"a quiet window starts again", auth.Failures{Count: 30, Last: ago(15 * time.Minute)}, none, 0},
		{"the account limit whatever the address", auth.Failures{Count: 30, Last: now}, none, 5 * time.Minute},
		{"a throttled address lets a fresh account try", none, auth.Failures{Count: 40, Last: now}, 0},
		{"a throttled address stops a failing account", auth.Failures{Count: 1, Last: now}, auth.Failures{Count: 10, Last: now}, time.Second},
		{"the address within its free failures", auth.Failures{Count: 1, Last: now}, auth.Failures{Count: 9, Last: now}, 0},
		{"the account's failures are old", auth.Failures{Count: 2, Last: ago(20 * time.Minute)}, auth.Failures{Count: 12, Last: now}, 0},
		{"the address's failures are old", auth.Failures{Count: 2, Last: now}, auth.Failures{Count: 40, Last: ago(16 * time.Minute)}, 0},
	} {
		if got := auth.LoginWait(tc.account, tc.address, now); got != tc.want {
			t.Errorf("%s: LoginWait = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestResetWait: requests for reset links are throttled per address asked
// for and, unlike logins, per client address whatever the account, since
// each sends mail.
func TestResetWait(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	none := auth.Failures{}
	for _, tc := range []struct {
		name             string
		account, address auth.Failures
		want             time.Duration
	}{
		{"the first request", none, none, 0},
		{"three requests are free", auth.Failures{Count: 2, Last: now}, auth.Failures{Count: 2, Last: now}, 0},
		{"the fourth for one address waits", auth.Failures{Count: 3, Last: now}, auth.Failures{Count: 3, Last: now}, time.Second},
		{"a client asking for many addresses waits", none, auth.Failures{Count: 10, Last: now}, time.Second},
		{"the client within its free requests", none, auth.Failures{Count: 9, Last: now}, 0},
		{"a quiet window starts again", auth.Failures{Count: 30, Last: now.Add(-15 * time.Minute)}, auth.Failures{Count: 30, Last: now.Add(-15 * time.Minute)}, 0},
		{"the longer wait counts", auth.Failures{Count: 5, Last: now}, auth.Failures{Count: 12, Last: now}, 4 * time.Second},
	} {
		if got := auth.ResetWait(tc.account, tc.address, now); got != tc.want {
			t.Errorf("%s: ResetWait = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestParallelGuessesAreCountedBeforeTheCheck sends 20 wrong passwords for
// one account at once: only the free ones are checked, the others wait,
// and so does the right password right after.
func TestParallelGuessesAreCountedBeforeTheCheck(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, c, u := newService(t, d)
		email, pw := u.Email, evaPassword
		errs := make(chan error, 20)
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				_, _, err := s.Login(ctx, email, "wrong-password", "10.0.0.1")
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		checked, waiting := 0, 0
		for err := range errs {
			switch {
			case errors.Is(err, auth.ErrBadCredentials):
				checked++
			case apperr.CodeOf(err) == apperr.TooMany:
				waiting++
			default:
				t.Errorf("parallel guess: %v", err)
			}
		}
		if checked != 3 || waiting != 17 {
			t.Fatalf("20 parallel guesses: %d checked, %d told to wait; want 3 and 17", checked, waiting)
		}
		_, _, err := s.Login(ctx, email, pw, "10.0.0.2")
		if e, ok := apperr.As(err); !ok || e.Code != apperr.TooMany || e.RetryAfter != 1 {
			t.Fatalf("the right password right after: %v, want to wait 1 s", err)
		}
		c.now = c.now.Add(time.Second)
		if _, _, err := s.Login(ctx, email, pw, "10.0.0.2"); err != nil {
			t.Fatalf("the right password after the wait: %v", err)
		}
		// The login cleared the account: its free failures are back.
		for i := range 3 {
			if _, _, err := s.Login(ctx, email, "wrong-password", "10.0.0.2"); !errors.Is(err, auth.ErrBadCredentials) {
				t.Fatalf("wrong password #%d after a login: %v", i+1, err)
			}
		}
	})
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

// evaPassword is the password of the user newService makes.
const evaPassword = "long-enough-pw"

// newService returns an auth service on d with a settable clock and cheap
// password hashing, and a partner manager who signed up as Eva@Example.com.
func newService(t *testing.T, d *db.DB) (*auth.Service, *clock, *auth.User) {
	t.Helper()
	c := &clock{now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	s := auth.NewService(d, c.Now)
	s.Password = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	email, name, pw, role := "Eva@Example.com", "Eva", evaPassword, auth.RoleManager
	u, err := s.CreateUser(context.Background(), auth.System, auth.UserInput{Email: &email, Name: &name, Password: &pw, Role: &role})
	if err != nil {
		t.Fatal(err)
	}
	return s, c, u
}

func TestSessionsAndTokensExpire(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, c, u := newService(t, d)
		email, pw := "Eva@Example.com", evaPassword
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
