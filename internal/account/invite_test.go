package account_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pakt/internal/app"
	"pakt/internal/app/apptest"
	"pakt/internal/audit"
	"pakt/internal/auth"
)

// An invitation's link welcomes the new user instead of speaking of a
// reset, in the user's language; the chosen password logs it in; after
// seven days the link says the invitation has expired.
func TestInvitationPage(t *testing.T) {
	t.Parallel()
	clk := apptest.NewClock(time.Now().UTC())
	s := apptest.StartWith(t, func(c *app.Config) { c.Now = clk.Now })
	ctx := context.Background()
	org := s.Org("Eingeladen GmbH")
	invite := func(email string) string {
		var link string
		err := s.App.DB.Tx(ctx, func(tx *sql.Tx) error {
			var err error
			_, link, err = s.App.Auth.Invite(ctx, tx, audit.Who{Label: "test"}, auth.Invitation{Email: email, Name: "Neu", Role: auth.RolePartnerAdmin, OrgID: org, Lang: "de"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return link
	}
	visitor := s.Anonymous()
	visitor.Lang = "de"

	link := invite("neu@eingeladen.example")
	res := visitor.Get(link)
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Willkommen, wählen Sie Ihr Passwort") || strings.Contains(res.Body, "Neues Passwort festlegen") {
		t.Fatalf("the invitation's page: %d\n%.3000s", res.Status, res.Body)
	}
	token := strings.TrimPrefix(link, auth.ResetPath)
	res = visitor.Form("POST", "/password/reset", url.Values{"token": {token}, "password": {"kurz"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Willkommen, wählen Sie Ihr Passwort") {
		t.Errorf("a short password: %d\n%.3000s", res.Status, res.Body)
	}
	res = visitor.Form("POST", "/password/reset", url.Values{"token": {token}, "password": {"mein-erstes-passwort"}})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("choosing the password: %d %s", res.Status, res.Header.Get("Location"))
	}
	if res := visitor.Get("/login"); !strings.Contains(res.Body, "Willkommen!") {
		t.Errorf("the login page after the invitation:\n%.2000s", res.Body)
	}
	if _, _, err := s.App.Auth.Login(ctx, "neu@eingeladen.example", "mein-erstes-passwort", "192.0.2.1"); err != nil {
		t.Errorf("login with the chosen password: %v", err)
	}

	late := invite("spaet@eingeladen.example")
	clk.Advance(auth.InviteLifetime + time.Minute)
	res = visitor.Get(late)
	if !strings.Contains(res.Body, "Diese Einladung ist abgelaufen") || strings.Contains(res.Body, `name="password"`) {
		t.Errorf("an expired invitation: %d\n%.3000s", res.Status, res.Body)
	}
}
