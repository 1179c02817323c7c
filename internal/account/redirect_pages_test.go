package account_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
)

// bypasses are return addresses that a browser would follow off the site
// (it drops tabs and line breaks and reads backslashes as slashes).
var bypasses = []string{"/\t/evil.example", "/\\evil.example", "\\/\\/evil.example", "/%09/evil.example", "//evil.example",
	"https://evil.example", "/\r\n/evil.example", " //evil.example", "/.//evil.example", "\t//evil.example"}

// TestRedirectsStayOnSite checks every place that sends the browser to an
// address from the request: the login page of a signed-in user, the login
// form, and the language switch.
func TestRedirectsStayOnSite(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	u := s.CreateUser(auth.RoleManager, "")
	c := s.Login(u.Email)
	for _, next := range bypasses {
		if r := c.Get("/login?next=" + url.QueryEscape(next)); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/" {
			t.Errorf("GET /login?next=%q signed in: %d → %q, want / ", next, r.Status, r.Header.Get("Location"))
		}
		if r := c.Form("POST", "/lang", url.Values{"lang": {"en"}, "next": {next}}); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/" {
			t.Errorf("POST /lang next=%q: %d → %q, want /", next, r.Status, r.Header.Get("Location"))
		}
		fresh := s.Anonymous()
		if r := fresh.Form("POST", "/login", url.Values{"email": {u.Email}, "password": {apptest.Password}, "next": {next}}); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/" {
			t.Errorf("POST /login next=%q: %d → %q, want /", next, r.Status, r.Header.Get("Location"))
		}
	}
	// A path on the site is where the user goes back to.
	if r := c.Form("POST", "/lang", url.Values{"lang": {"de"}, "next": {"/partners?q=mueller+it"}}); r.Header.Get("Location") != "/partners?q=mueller+it" {
		t.Errorf("POST /lang back to the directory: → %q", r.Header.Get("Location"))
	}
}

// TestBrowserLoginLinkCannotLeadOffSite follows a crafted login link in
// Chromium: after signing in, the browser must still be on pakt.
func TestBrowserLoginLinkCannotLeadOffSite(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	u := s.CreateUser(auth.RoleManager, "")
	b := apptest.NewBrowser(t, s.URL)
	b.Open("/login?next=" + url.QueryEscape("/\t/evil.example/phish"))
	b.Do("fill the login form",
		chromedp.SendKeys(chromedp.ID("email"), u.Email),
		chromedp.SendKeys(chromedp.ID("password"), apptest.Password),
	)
	b.Click(`form[action="/login"] button[type=submit]`)
	if host := apptest.Eval[string](b, `location.host`); "http://"+host != s.URL || b.Path() != "/" {
		t.Fatalf("after the login the browser is at %s, want %s/", apptest.Eval[string](b, `location.href`), s.URL)
	}
	// Signed in, the same kind of link leads to the dashboard too.
	for _, next := range []string{"/\\evil.example", "/\t/evil.example"} {
		b.Open("/login?next=" + url.QueryEscape(next))
		if host := apptest.Eval[string](b, `location.host`); "http://"+host != s.URL || b.Path() != "/" {
			t.Fatalf("next=%q: the browser is at %s, want %s/", next, apptest.Eval[string](b, `location.href`), s.URL)
		}
	}
}
