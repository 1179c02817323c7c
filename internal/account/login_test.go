package account_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"pakt/internal/app"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
)

// stopped is a clock that stands still, so that no wait runs out during a
// test.
func stopped(c *app.Config) {
	at := time.Now()
	c.Now = func() time.Time { return at }
}

// loginForm posts the login form, from the address forwarded as xff when
// not empty.
func loginForm(c *apptest.Client, email, password, xff string) *apptest.Response {
	c.Header = http.Header{}
	if xff != "" {
		c.Header.Set("X-Forwarded-For", xff)
	}
	return c.Form("POST", "/login", url.Values{"email": {email}, "password": {password}})
}

// wantWait checks that r refuses a login with 429 and a Retry-After of
// whole seconds.
func wantWait(t *testing.T, what string, r *apptest.Response) {
	t.Helper()
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("%s: %d, want 429", what, r.Status)
	}
	if n, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || n < 1 {
		t.Fatalf("%s: Retry-After %q, want seconds", what, r.Header.Get("Retry-After"))
	}
}

func TestFailedLoginsAreSlowedDown(t *testing.T) {
	t.Parallel()
	s := apptest.StartWith(t, stopped)
	u := s.CreateUser(auth.RoleAdmin, "")
	c := s.Anonymous()
	for i := range 3 {
		if r := loginForm(c, u.Email, "wrong-password", ""); r.Status != http.StatusUnauthorized {
			t.Fatalf("wrong password #%d: %d, want 401", i+1, r.Status)
		}
	}
	r := loginForm(c, u.Email, apptest.Password, "")
	wantWait(t, "the right password right after 3 failures", r)
	if !strings.Contains(r.Body, "try again in 1 s") || r.Header.Get("Retry-After") != "1" {
		t.Fatalf("the login page says %q, Retry-After %q; want a wait of 1 s", r.Body, r.Header.Get("Retry-After"))
	}
	// The API says the same.
	api := s.Anonymous()
	wantWait(t, "POST /api/v1/session", api.JSON("POST", "/api/v1/session", map[string]string{"email": u.Email, "password": apptest.Password}))

	// Failures of a third account from this address keep nobody else out:
	// an office or a reverse proxy shares one address.
	third := "third@test.example"
	for range 15 {
		loginForm(c, third, "wrong-password", "")
	}
	for i := range 12 {
		loginForm(c, fmt.Sprintf("nobody%d@test.example", i), "wrong-password", "")
	}
	other := s.CreateUser(auth.RoleManager, "")
	if r := loginForm(s.Anonymous(), other.Email, apptest.Password, ""); r.Status != http.StatusSeeOther {
		t.Fatalf("another account from the same address after 27 failures: %d, want a login", r.Status)
	}
	// But an account that failed waits for the address: guessing across
	// many accounts gets one guess each.
	wantWait(t, "a second guess on one of many accounts", loginForm(c, "nobody0@test.example", "wrong-again", ""))
}

// TestParallelGuessesAreCheckedOnlyWhileFree sends 20 wrong passwords for
// one account at once: only the free three are checked, and the right
// password right after must wait too.
func TestParallelGuessesAreCheckedOnlyWhileFree(t *testing.T) {
	t.Parallel()
	apptest.EnginesWith(t, func(_ *testing.T, c *app.Config) { stopped(c) }, func(t *testing.T, s *apptest.Server) {
		u := s.CreateUser(auth.RoleManager, "")
		statuses := make(chan int, 20)
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				statuses <- s.Anonymous().JSON("POST", "/api/v1/session", map[string]string{"email": u.Email, "password": "wrong-password"}).Status
			})
		}
		wg.Wait()
		close(statuses)
		count := map[int]int{}
		for st := range statuses {
			count[st]++
		}
		if count[http.StatusUnauthorized] != 3 || count[http.StatusTooManyRequests] != 17 {
			t.Fatalf("20 parallel guesses answered %v, want 3 × 401 and 17 × 429", count)
		}
		wantWait(t, "the right password right after", loginForm(s.Anonymous(), u.Email, apptest.Password, ""))
	})
}

// TestForwardedAddressOnlyFromTrustedProxy: behind a trusted proxy each
// client has its own address for throttling; without one, a made-up
// X-Forwarded-For changes nothing.
func TestForwardedAddressOnlyFromTrustedProxy(t *testing.T) {
	t.Parallel()
	spray := func(s *apptest.Server, xff string) {
		c := s.Anonymous()
		for i := range 11 {
			if r := loginForm(c, fmt.Sprintf("nobody%d@test.example", i), "wrong-password", xff); r.Status != http.StatusUnauthorized {
				t.Fatalf("guess %d: %d, want 401", i+1, r.Status)
			}
		}
	}
	proxied := apptest.StartWith(t, func(c *app.Config) {
		stopped(c)
		c.TrustedProxies = []string{"127.0.0.1"}
	})
	spray(proxied, "203.0.113.7")
	wantWait(t, "behind the proxy, the guessing client again", loginForm(proxied.Anonymous(), "nobody0@test.example", "wrong-password", "6.6.6.6, 203.0.113.7"))
	if r := loginForm(proxied.Anonymous(), "nobody0@test.example", "wrong-password", "198.51.100.20"); r.Status != http.StatusUnauthorized {
		t.Fatalf("behind the proxy, another client: %d, want 401 (its own address, not throttled)", r.Status)
	}

	direct := apptest.StartWith(t, stopped)
	spray(direct, "203.0.113.7")
	wantWait(t, "a made-up X-Forwarded-For from a client that is no proxy", loginForm(direct.Anonymous(), "nobody0@test.example", "wrong-password", "198.51.100.20"))
}
