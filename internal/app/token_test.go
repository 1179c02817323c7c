package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/web"
)

// tokenClient creates an API token on the session client c, valid for
// days, and returns a client that authenticates with it.
func tokenClient(t *testing.T, s *apptest.Server, c *apptest.Client, days int) *apptest.Client {
	t.Helper()
	r := c.JSON("POST", "/api/v1/me/tokens", map[string]any{"name": "script", "expires_in_days": days})
	if r.Status != http.StatusCreated {
		t.Fatalf("create token: %d %s", r.Status, r.Body)
	}
	var tok struct{ Secret string }
	r.JSON(t, &tok)
	api := s.Anonymous()
	api.Token = tok.Secret
	return api
}

// TestTokensCannotMintTokens: a leaked one-day token must not become a
// token for a year. Only a signed-in person creates tokens.
func TestTokensCannotMintTokens(t *testing.T) {
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		u := s.CreateUser(auth.RoleManager, "")
		session := s.Login(u.Email)
		api := tokenClient(t, s, session, 1)
		for _, days := range []int{366, 1} {
			r := api.JSON("POST", "/api/v1/me/tokens", map[string]any{"name": "longer", "expires_in_days": days})
			var p web.Problem
			if r.Status == http.StatusForbidden {
				r.JSON(t, &p)
			}
			if r.Status != http.StatusForbidden || !strings.Contains(p.Detail, "cannot create further tokens") {
				t.Fatalf("a token creates a %d-day token: %d %s, want 403 saying why", days, r.Status, r.Body)
			}
		}
		if r := api.Form("POST", "/account/tokens", url.Values{"name": {"form"}, "expires_in_days": {"366"}}); r.Status != http.StatusForbidden {
			t.Fatalf("a token posts the token form: %d, want 403", r.Status)
		}
		var list web.List[auth.Token]
		session.Get("/api/v1/me/tokens").JSON(t, &list)
		if list.Total != 1 {
			t.Fatalf("the user has %d tokens, want only the one made in the session", list.Total)
		}
		// The token still works for everything else.
		if r := api.Get("/api/v1/me"); r.Status != http.StatusOK {
			t.Fatalf("GET /me with the token: %d", r.Status)
		}
	})
}
