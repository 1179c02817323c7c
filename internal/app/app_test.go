package app_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"pakt/internal/app"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/partner"
	"pakt/internal/web"
)

func TestServeRefusesUnknownSchema(t *testing.T) {
	t.Parallel()
	_, err := app.Open(context.Background(), app.Config{Database: filepath.Join(t.TempDir(), "new.db")})
	if !errors.Is(err, db.ErrSchemaOutdated) || !strings.Contains(err.Error(), "pakt migrate") {
		t.Fatalf("open on an empty database: got %v, want a hint to run pakt migrate", err)
	}
}

func TestHealthzAndFreshInstallHint(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	c := s.Anonymous()
	if r := c.Get("/healthz"); r.Status != 200 || strings.TrimSpace(r.Body) != "ok" {
		t.Fatalf("healthz: %d %q", r.Status, r.Body)
	}
	r := c.Get("/login")
	if !strings.Contains(r.Body, "pakt user create --admin") {
		t.Fatalf("login page of a fresh installation lacks the create-admin hint")
	}
	s.CreateUser(auth.RoleAdmin, "")
	if r := c.Get("/login"); strings.Contains(r.Body, "pakt user create --admin") {
		t.Fatalf("login page still shows the set-up hint once a user exists")
	}
}

func TestLoginSessionCookieAndLogout(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	u := s.CreateUser(auth.RoleManager, "")
	c := s.Anonymous()
	if r := c.Get("/partners"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
		t.Fatalf("anonymous directory: %d → %q, want a redirect to the login", r.Status, r.Header.Get("Location"))
	}
	r := c.Form("POST", "/login", url.Values{"email": {strings.ToUpper(u.Email)}, "password": {apptest.Password}, "next": {"/partners"}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/partners" {
		t.Fatalf("login: %d → %q", r.Status, r.Header.Get("Location"))
	}
	cookie := r.Header.Get("Set-Cookie")
	for _, want := range []string{web.SessionCookie + "=", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
	if strings.Contains(cookie, "Secure") {
		t.Errorf("plain-HTTP session cookie is Secure: %q", cookie)
	}
	if r := c.Get("/partners"); r.Status != 200 {
		t.Fatalf("directory after login: %d", r.Status)
	}
	// An open redirect through next is refused.
	c2 := s.Anonymous()
	r = c2.Form("POST", "/login", url.Values{"email": {u.Email}, "password": {apptest.Password}, "next": {"//evil.example/"}})
	if r.Header.Get("Location") != "/" {
		t.Fatalf("login with a foreign next went to %q", r.Header.Get("Location"))
	}
	if r := c.Form("POST", "/logout", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.Status)
	}
	if r := c.Get("/partners"); r.Status != http.StatusSeeOther {
		t.Fatalf("directory after logout: %d, want a redirect to the login", r.Status)
	}
}

// TestSecureCookieAndHSTSBehindTrustedProxy checks that X-Forwarded-Proto
// makes cookies Secure and turns on HSTS only when a trusted proxy sends it.
func TestSecureCookieAndHSTSBehindTrustedProxy(t *testing.T) {
	t.Parallel()
	login := func(s *apptest.Server, u *auth.User, proto string) *http.Response {
		req, _ := http.NewRequest("POST", s.URL+"/login", strings.NewReader(url.Values{"email": {u.Email}, "password": {apptest.Password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if proto != "" {
			req.Header.Set("X-Forwarded-Proto", proto)
		}
		res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	const hsts = "max-age=31536000; includeSubDomains"

	direct := apptest.Start(t)
	u := direct.CreateUser(auth.RoleAdmin, "")
	res := login(direct, u, "https")
	if c := res.Header.Get("Set-Cookie"); strings.Contains(c, "Secure") || res.Header.Get("Strict-Transport-Security") != "" {
		t.Fatalf("X-Forwarded-Proto from a client that is no trusted proxy was believed: cookie %q, HSTS %q", c, res.Header.Get("Strict-Transport-Security"))
	}

	proxied := apptest.StartWith(t, func(c *app.Config) { c.TrustedProxies = []string{"10.0.0.0/8", "127.0.0.1"} })
	u = proxied.CreateUser(auth.RoleAdmin, "")
	res = login(proxied, u, "https")
	if c := res.Header.Get("Set-Cookie"); !strings.Contains(c, "Secure") || res.Header.Get("Strict-Transport-Security") != hsts {
		t.Fatalf("behind a trusted TLS proxy: cookie %q, HSTS %q; want Secure and %q", c, res.Header.Get("Strict-Transport-Security"), hsts)
	}
	res = login(proxied, u, "")
	if c := res.Header.Get("Set-Cookie"); strings.Contains(c, "Secure") || res.Header.Get("Strict-Transport-Security") != "" {
		t.Fatalf("plain HTTP through the trusted proxy: cookie %q, HSTS %q; want neither", c, res.Header.Get("Strict-Transport-Security"))
	}
}

func TestCrossOriginFormPostIsRefused(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	u := s.CreateUser(auth.RoleAdmin, "")
	c := s.Login(u.Email)
	req, _ := http.NewRequest("POST", s.URL+"/competencies", strings.NewReader("name_de=Böse&name_en=Evil"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin post: %d, want 403", res.StatusCode)
	}
	list, _ := s.App.Partners.Competencies(context.Background())
	if len(list) != 0 {
		t.Fatalf("a cross-origin post created %d competencies", len(list))
	}
}

func TestAPITokensAndProblemDetails(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		u := s.CreateUser(auth.RoleAdmin, "")
		c := s.Login(u.Email)
		r := c.JSON("POST", "/api/v1/me/tokens", map[string]any{"name": "CRM-Sync", "expires_in_days": 30})
		if r.Status != http.StatusCreated {
			t.Fatalf("create token: %d %s", r.Status, r.Body)
		}
		var tok struct {
			ID, Secret, Prefix string
		}
		r.JSON(t, &tok)
		if !strings.HasPrefix(tok.Secret, "pakt_") || !strings.HasPrefix(tok.Secret, tok.Prefix) {
			t.Fatalf("token secret %q / prefix %q", tok.Secret, tok.Prefix)
		}
		if list := c.Get("/api/v1/me/tokens"); strings.Contains(list.Body, tok.Secret) {
			t.Fatal("the token list shows the secret again")
		}
		api := s.Anonymous()
		api.Token = tok.Secret
		if r := api.Get("/api/v1/me"); r.Status != 200 || !strings.Contains(r.Body, u.Email) {
			t.Fatalf("GET /me with the token: %d %s", r.Status, r.Body)
		}
		// Validation errors are RFC 9457 problems naming each field, in the
		// caller's language.
		api.Lang = "de"
		r = api.JSON("POST", "/api/v1/partners", map[string]any{"legal_name": "", "country": "XX"})
		if r.Status != http.StatusUnprocessableEntity || r.Header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("invalid create: %d %s %s", r.Status, r.Header.Get("Content-Type"), r.Body)
		}
		var p web.Problem
		r.JSON(t, &p)
		fields := map[string]string{}
		for _, f := range p.Errors {
			fields[f.Field] = f.Message
		}
		if fields["legal_name"] != "Pflichtfeld: bitte ausfüllen." || !strings.Contains(fields["country"], "Ländercode") {
			t.Fatalf("problem fields: %+v", p.Errors)
		}
		r = api.Do("POST", "/api/v1/partners", "application/json", strings.NewReader(`{"legal_name": 5}`))
		r.JSON(t, &p)
		if r.Status != 422 || len(p.Errors) != 1 || p.Errors[0].Field != "legal_name" {
			t.Fatalf("wrong JSON type: %d %+v", r.Status, p)
		}
		r = api.Do("POST", "/api/v1/partners", "application/json", strings.NewReader(`{"legal_nme": "x"}`))
		r.JSON(t, &p)
		if r.Status != 422 || len(p.Errors) != 1 || p.Errors[0].Field != "legal_nme" {
			t.Fatalf("unknown field: %d %+v", r.Status, p)
		}
		// Revoked tokens stop working at once.
		if r := c.JSON("DELETE", "/api/v1/me/tokens/"+tok.ID, nil); r.Status != http.StatusNoContent {
			t.Fatalf("revoke: %d %s", r.Status, r.Body)
		}
		api.Lang = "en"
		if r := api.Get("/api/v1/me"); r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "revoked") {
			t.Fatalf("revoked token: %d %s", r.Status, r.Body)
		}
	})
}

func TestAuditRecordsChangesWithBeforeAndAfter(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	admin := s.CreateUser(auth.RoleAdmin, "")
	c := s.Login(admin.Email)
	r := c.JSON("POST", "/api/v1/partners", partner.Input{LegalName: new("Nordlicht Consulting GmbH"), City: new("Kiel")})
	var o partner.Organisation
	r.JSON(t, &o)
	if r := c.JSON("PATCH", "/api/v1/partners/"+o.ID, partner.Input{City: new("Lübeck")}); r.Status != 200 {
		t.Fatalf("patch: %d %s", r.Status, r.Body)
	}
	page := c.Get("/audit?object=" + o.ID)
	for _, want := range []string{"Kiel", "Lübeck", admin.Email} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("audit page for the organisation lacks %q", want)
		}
	}
	var list struct {
		Items []struct{ Action, Before, After string }
		Total int
	}
	c.Get("/api/v1/audit?object="+o.ID).JSON(t, &list)
	if list.Total != 2 || list.Items[0].Action != "update" || !strings.Contains(list.Items[0].Before, `"city":"Kiel"`) || !strings.Contains(list.Items[0].After, `"city":"Lübeck"`) {
		t.Fatalf("audit via API: %+v", list)
	}
}

func TestLanguageFollowsBrowserThenChoice(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	u := s.CreateUser(auth.RolePartnerAdmin, s.Org("Sprachtest GmbH"))
	c := s.Anonymous()
	c.Lang = "de-DE,de;q=0.9,en;q=0.5"
	if r := c.Get("/login"); !strings.Contains(r.Body, `<html lang="de">`) || !strings.Contains(r.Body, "Anmelden") {
		t.Fatal("German browser does not get the German login page")
	}
	c.Lang = "fr-FR,en;q=0.5"
	if r := c.Get("/login"); !strings.Contains(r.Body, `<html lang="en">`) {
		t.Fatal("French/English browser does not get English")
	}
	c = s.Login(u.Email)
	c.Lang = "en"
	c.Form("POST", "/lang", url.Values{"lang": {"de"}, "next": {"/account"}})
	if r := c.Get("/account"); !strings.Contains(r.Body, "Mein Konto") {
		t.Fatal("after choosing German the account page is not German")
	}
	// The choice is stored with the user: a new session in an English
	// browser stays German.
	c2 := s.Login(u.Email)
	c2.Lang = "en"
	if r := c2.Get("/"); !strings.Contains(r.Body, `<html lang="de">`) {
		t.Fatal("the stored language is not used on the next login")
	}
}

func TestOpenAPIDocumentCoversEveryAPIRoute(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	var spec struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	r := s.Anonymous().Get("/api/openapi.json")
	r.JSON(t, &spec)
	if spec.OpenAPI != "3.1.0" {
		t.Fatalf("openapi version %q", spec.OpenAPI)
	}
	n := 0
	for _, p := range s.App.Web.Patterns() {
		method, path, ok := strings.Cut(p, " ")
		if !ok || !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		n++
		if _, ok := spec.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("route %s is not in the OpenAPI document", p)
		}
	}
	if n < 20 {
		t.Fatalf("only %d API routes registered", n)
	}
	documented := 0
	for _, ops := range spec.Paths {
		documented += len(ops)
	}
	if documented != n {
		t.Fatalf("the document has %d operations, the router %d", documented, n)
	}
}

func partnerQuery(text string) partner.Query { return partner.Query{Text: text} }

func TestUserFormRefusesBadInputAndNeverEchoesThePassword(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	org := s.Org("Formular GmbH")
	c := s.Login(s.CreateUser(auth.RolePartnerAdmin, org).Email)
	c.Lang = "de"
	r := c.Form("POST", "/users", url.Values{"name": {"Neue Kollegin"}, "email": {"keine-adresse"}, "role": {"partner_member"}, "password": {"geheim-und-lang-1"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Keine gültige E-Mail-Adresse.") || !strings.Contains(r.Body, `value="Neue Kollegin"`) {
		t.Fatalf("bad e-mail: %d\n%.400s", r.Status, r.Body)
	}
	if strings.Contains(r.Body, "geheim-und-lang-1") {
		t.Fatal("the refused form shows the password again")
	}
	r = c.Form("POST", "/users", url.Values{"name": {"Chef"}, "email": {"chef@formular.example"}, "role": {"admin"}, "password": {"geheim-und-lang-1"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Diese Rolle dürfen Sie nicht vergeben.") {
		t.Fatalf("partner admin makes a programme admin: %d", r.Status)
	}
	users, err := s.App.Auth.ListUsers(context.Background(), &auth.Actor{Role: auth.RoleAdmin})
	if err != nil || len(users) != 1 {
		t.Fatalf("users after two refusals: %d, %v", len(users), err)
	}
}
