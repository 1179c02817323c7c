package account_test

import (
	"strings"
	"testing"

	"pakt/internal/app"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/notify/notifytest"
)

// A user who forgot the password finds the way from the login page to a
// new password, by the link in the mail, and logs in with it.
func TestBrowserForgotPassword(t *testing.T) {
	var smtp *notifytest.Server
	s := apptest.StartWith(t, func(c *app.Config) { withMail(&smtp)(t, c) })
	u := s.CreateUser(auth.RolePartnerMember, s.Org("Vergesslich GmbH"))
	b := apptest.NewBrowser(t, s.URL)

	b.Open("/login")
	b.Click("#forgot-link")
	if p := b.Path(); p != "/password/forgot" {
		t.Fatalf("the link on the login page leads to %s", p)
	}
	b.CheckLabels("forgot password")
	b.Fill("#email", u.Email)
	b.Click("#forgot-form button[type=submit]")
	if got := b.Text("#reset-sent"); !strings.HasPrefix(got, "If an account exists for this address") {
		t.Fatalf("after asking, the page says %q", got)
	}

	b.Open(resetLink(t, waitForMail(t, smtp, u.Email, "/password/reset?token=")))
	b.CheckLabels("reset password")
	b.Fill("#password", "short")
	b.Click("#reset-form button[type=submit]")
	if got := b.Text("#password-err"); got != "At least 10 characters." {
		t.Fatalf("a short password: the field says %q", got)
	}
	b.Fill("#password", "browser-new-2026")
	b.Click("#reset-form button[type=submit]")
	if p := b.Path(); p != "/login" {
		t.Fatalf("after the new password the browser is at %s%s", p, b.State())
	}
	if got := b.Text("main"); !strings.Contains(got, "Your new password is set. Please log in with it.") {
		t.Errorf("the login page after the reset says %q", got)
	}
	b.Fill("#email", u.Email)
	b.Fill("#password", "browser-new-2026")
	b.Click(`form[action="/login"] button[type=submit]`)
	if p := b.Path(); p != "/" {
		t.Fatalf("the login with the new password ends at %s%s", p, b.State())
	}
	b.CheckConsole("/password/reset") // the refused short password (422)
}
