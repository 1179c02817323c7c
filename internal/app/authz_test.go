package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// The roles of the authorisation matrix. "padmin" and "pmember" belong to
// partner A; "other" is the partner admin of partner B.
var matrixRoles = []string{"anon", "admin", "manager", "recruiter", "padmin", "pmember", "other"}

// fixture holds the objects the matrix requests refer to: partner A
// (published, the padmin's), B (unpublished, other's), C (published, a
// third party), each with a contact whose e-mail is a secret marker.
type fixture struct {
	t                *testing.T
	s                *apptest.Server
	A, B, C          string
	entryC           map[string]string // entry kind → an entry of C
	userB            *auth.User
	competency       string
	users            map[string]*auth.User
	clients          map[string]*apptest.Client
	n                atomic.Int64
	adminActor       *auth.Actor
	secretsForbidden map[string][]string
}

func newFixture(t *testing.T, s *apptest.Server) *fixture {
	ctx := context.Background()
	f := &fixture{t: t, s: s, entryC: map[string]string{}, users: map[string]*auth.User{}, clients: map[string]*apptest.Client{}}
	mk := func(name, contact string, published bool) string {
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: &name, Published: &published})
		if err != nil {
			t.Fatal(err)
		}
		if err := partner.SaveEntry(ctx, s.App.Partners, auth.System, o.ID, &partner.Contact{Name: "Kontakt " + name, Email: contact}); err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	f.A = mk("Alpha Partner GmbH", "kontakt@alpha.example", true)
	f.B = mk("Geheim Systeme GmbH", "geheim@geheim.example", false)
	f.C = mk("Gamma Partner AG", "kontakt@gamma.example", true)
	f.entryC["contacts"] = f.addEntry("contacts", f.C)
	f.entryC["certifications"] = f.addEntry("certifications", f.C)
	f.entryC["references"] = f.addEntry("references", f.C)
	f.entryC["resources"] = f.addEntry("resources", f.C)
	f.competency = f.newCompetency()
	f.users["admin"] = s.CreateUser(auth.RoleAdmin, "")
	f.users["manager"] = s.CreateUser(auth.RoleManager, "")
	f.users["recruiter"] = s.CreateUser(auth.RoleRecruiter, "")
	f.users["padmin"] = s.CreateUser(auth.RolePartnerAdmin, f.A)
	f.users["pmember"] = s.CreateUser(auth.RolePartnerMember, f.A)
	f.users["other"] = s.CreateUser(auth.RolePartnerAdmin, f.B)
	f.userB = s.CreateUser(auth.RolePartnerMember, f.B)
	f.adminActor = f.users["admin"].Actor()
	for _, r := range matrixRoles {
		if r == "anon" {
			f.clients[r] = s.Anonymous()
		} else {
			f.clients[r] = s.Login(f.users[r].Email)
		}
	}
	// What each role must never read, whatever the route.
	all := []string{"Alpha Partner GmbH", "Geheim Systeme GmbH", "Gamma Partner AG", "kontakt@alpha.example", "geheim@geheim.example", "kontakt@gamma.example", f.userB.Email}
	f.secretsForbidden = map[string][]string{
		"anon":      all,
		"recruiter": all,
		"manager":   {f.userB.Email},
		"padmin":    {"Geheim Systeme GmbH", "geheim@geheim.example", "kontakt@gamma.example", f.userB.Email},
		"pmember":   {"Geheim Systeme GmbH", "geheim@geheim.example", "kontakt@gamma.example", f.userB.Email},
		"other":     {"kontakt@alpha.example", "kontakt@gamma.example"},
	}
	return f
}

func (f *fixture) unique(prefix string) string {
	return fmt.Sprintf("%s %d", prefix, f.n.Add(1))
}

func (f *fixture) addEntry(kind, org string) string {
	f.t.Helper()
	ctx := context.Background()
	s := f.s.App.Partners
	var err error
	var id string
	switch kind {
	case "contacts":
		e := &partner.Contact{Name: "Eintrag"}
		err, id = partner.SaveEntry(ctx, s, auth.System, org, e), e.ID
	case "certifications":
		e := &partner.Certification{Name: "Zertifikat"}
		err, id = partner.SaveEntry(ctx, s, auth.System, org, e), e.ID
	case "references":
		e := &partner.Reference{Title: "Projekt"}
		err, id = partner.SaveEntry(ctx, s, auth.System, org, e), e.ID
	case "resources":
		from, _ := partner.ParseDate("2027-01-01")
		to, _ := partner.ParseDate("2027-02-01")
		e := &partner.Resource{Skill: "Go", AmountTenths: 10, Unit: "days", From: from, To: to}
		err, id = partner.SaveEntry(ctx, s, auth.System, org, e), e.ID
	}
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

func (f *fixture) newOrg(published bool) string {
	f.t.Helper()
	name := f.unique("Wegwerf GmbH")
	o, err := f.s.App.Partners.Create(context.Background(), auth.System, partner.Input{LegalName: &name, Published: &published})
	if err != nil {
		f.t.Fatal(err)
	}
	return o.ID
}

func (f *fixture) newCompetency() string {
	f.t.Helper()
	de, en := f.unique("Thema"), f.unique("Topic")
	c, err := f.s.App.Partners.SaveCompetency(context.Background(), auth.System, "", partner.CompetencyInput{NameDE: &de, NameEN: &en})
	if err != nil {
		f.t.Fatal(err)
	}
	return c.ID
}

func (f *fixture) adminToken() string {
	f.t.Helper()
	tok, _, err := f.s.App.Auth.CreateToken(context.Background(), f.adminActor, f.unique("t"), time.Hour)
	if err != nil {
		f.t.Fatal(err)
	}
	return tok.ID
}

// matrixCase is one request of the matrix. want maps roles to the accepted
// statuses, written "role,role:status|status …" with "*" for the rest.
type matrixCase struct {
	pattern string
	path    func(f *fixture) string
	form    func(f *fixture) url.Values
	json    func(f *fixture) any
	// fresh runs each role on a new session (for logout).
	fresh bool
	want  string
}

func (c matrixCase) expect(role string) []int {
	var def []int
	for _, part := range strings.Fields(c.want) {
		roles, codes, _ := strings.Cut(part, ":")
		var st []int
		for _, x := range strings.Split(codes, "|") {
			n, _ := strconv.Atoi(x)
			st = append(st, n)
		}
		for _, r := range strings.Split(roles, ",") {
			if r == role {
				return st
			}
			if r == "*" {
				def = st
			}
		}
	}
	return def
}

func static(p string) func(*fixture) string { return func(*fixture) string { return p } }

func entryCases() []matrixCase {
	var out []matrixCase
	bodies := map[string]url.Values{
		"contacts":       {"name": {"Neu"}},
		"certifications": {"name": {"Neu"}},
		"references":     {"title": {"Neu"}},
		"resources":      {"skill": {"Neu"}, "amount": {"1"}, "unit": {"days"}, "from": {"2027-01-01"}, "to": {"2027-01-31"}},
	}
	jsonBodies := map[string]any{
		"contacts":       map[string]any{"name": "Neu"},
		"certifications": map[string]any{"name": "Neu"},
		"references":     map[string]any{"title": "Neu"},
		"resources":      map[string]any{"skill": "Neu", "amount_tenths": 10, "unit": "days", "from": "2027-01-01", "to": "2027-01-31"},
	}
	for _, kind := range partner.EntryKinds {
		body := bodies[kind]
		jb := jsonBodies[kind]
		out = append(out,
			matrixCase{pattern: "POST /partners/{id}/" + kind, path: func(f *fixture) string { return "/partners/" + f.C + "/" + kind },
				form: func(*fixture) url.Values { return body }, want: "admin,manager:303 padmin,pmember,other:403 recruiter:404 anon:401"},
			matrixCase{pattern: "POST /partners/{id}/" + kind, path: func(f *fixture) string { return "/partners/" + f.B + "/" + kind },
				form: func(*fixture) url.Values { return body }, want: "admin,manager,other:303 padmin,pmember,recruiter:404 anon:401"},
			matrixCase{pattern: "POST /partners/{id}/" + kind + "/{entry}", path: func(f *fixture) string { return "/partners/" + f.C + "/" + kind + "/" + f.entryC[kind] },
				form: func(*fixture) url.Values { return body }, want: "admin,manager:303 padmin,pmember,other:403 recruiter:404 anon:401"},
			matrixCase{pattern: "POST /partners/{id}/" + kind + "/{entry}/delete", path: func(f *fixture) string {
				return "/partners/" + f.C + "/" + kind + "/" + f.addEntry(kind, f.C) + "/delete"
			},
				want: "admin,manager:303 padmin,pmember,other:403 recruiter:404 anon:401"},
			matrixCase{pattern: "POST /api/v1/partners/{id}/" + kind, path: func(f *fixture) string { return "/api/v1/partners/" + f.C + "/" + kind },
				json: func(*fixture) any { return jb }, want: "admin,manager:201 padmin,pmember,other:403 recruiter:404 anon:401"},
			matrixCase{pattern: "POST /api/v1/partners/{id}/" + kind, path: func(f *fixture) string { return "/api/v1/partners/" + f.B + "/" + kind },
				json: func(*fixture) any { return jb }, want: "admin,manager,other:201 padmin,pmember,recruiter:404 anon:401"},
			matrixCase{pattern: "PUT /api/v1/partners/{id}/" + kind + "/{entry}", path: func(f *fixture) string { return "/api/v1/partners/" + f.C + "/" + kind + "/" + f.entryC[kind] },
				json: func(*fixture) any { return jb }, want: "admin,manager:200 padmin,pmember,other:403 recruiter:404 anon:401"},
			matrixCase{pattern: "DELETE /api/v1/partners/{id}/" + kind + "/{entry}", path: func(f *fixture) string { return "/api/v1/partners/" + f.C + "/" + kind + "/" + f.addEntry(kind, f.C) },
				want: "admin,manager:204 padmin,pmember,other:403 recruiter:404 anon:401"},
		)
	}
	return out
}

// featureCases holds the matrix cases of later features; each feature's
// test file adds its own in an init function.
var featureCases []func() []matrixCase

func matrixCases() []matrixCase {
	cases := []matrixCase{
		{pattern: "GET /static/", path: static("/static/app.css"), want: "*:200"},
		{pattern: "GET /healthz", path: static("/healthz"), want: "*:200"},
		{pattern: "GET /api/openapi.json", path: static("/api/openapi.json"), want: "*:200"},
		{pattern: "GET /login", path: static("/login"), want: "anon:200 *:303"},
		{pattern: "POST /login", path: static("/login"), form: func(f *fixture) url.Values {
			return url.Values{"email": {f.unique("nobody") + "@x.example"}, "password": {"wrong"}}
		}, want: "*:401|429"},
		{pattern: "POST /logout", path: static("/logout"), fresh: true, want: "*:303"},
		{pattern: "POST /lang", path: static("/lang"), form: func(*fixture) url.Values { return url.Values{"lang": {"en"}} }, want: "*:303"},
		{pattern: "GET /account", path: static("/account"), want: "anon:303 *:200"},
		{pattern: "POST /account/password", path: static("/account/password"), form: func(*fixture) url.Values {
			return url.Values{"current_password": {"wrong"}, "new_password": {"whatever-long"}}
		}, want: "anon:401 *:422"},
		{pattern: "POST /account/tokens", path: static("/account/tokens"), form: func(*fixture) url.Values {
			return url.Values{"name": {"t"}, "expires_in_days": {"7"}}
		}, want: "anon:401 *:200"},
		{pattern: "POST /account/tokens/{id}/revoke", path: func(f *fixture) string { return "/account/tokens/" + f.adminToken() + "/revoke" }, want: "admin:303 anon:401 *:404"},
		{pattern: "GET /users", path: static("/users"), want: "admin,padmin,other:200 anon:303 *:404"},
		{pattern: "GET /users/new", path: static("/users/new"), want: "admin,padmin,other:200 anon:303 *:404"},
		{pattern: "POST /users", path: static("/users"), form: func(f *fixture) url.Values {
			return url.Values{"email": {strings.ReplaceAll(f.unique("neu"), " ", "") + "@x.example"}, "name": {"Neu"}, "role": {"partner_member"}, "org_id": {f.A}, "password": {"long-enough-1"}}
		}, want: "admin,padmin,other:303 anon:401 *:404"},
		{pattern: "GET /users/{id}", path: func(f *fixture) string { return "/users/" + f.userB.ID }, want: "admin,other:200 anon:303 *:404"},
		{pattern: "POST /users/{id}", path: func(f *fixture) string { return "/users/" + f.userB.ID }, form: func(f *fixture) url.Values {
			return url.Values{"name": {"Umbenannt"}, "email": {f.userB.Email}, "role": {"partner_member"}, "lang": {""}}
		}, want: "admin,other:303 anon:401 *:404"},
		{pattern: "GET /audit", path: static("/audit"), want: "admin:200 anon:303 *:404"},
		{pattern: "GET /{$}", path: static("/"), want: "anon:303 *:200"},
		{pattern: "GET /partners", path: static("/partners"), want: "recruiter:404 anon:303 *:200"},
		{pattern: "GET /partners", path: static("/partners?q=geheim"), want: "recruiter:404 anon:303 *:200"},
		{pattern: "GET /partners/new", path: static("/partners/new"), want: "admin,manager:200 anon:303 *:404"},
		{pattern: "POST /partners", path: static("/partners"), form: func(f *fixture) url.Values { return url.Values{"legal_name": {f.unique("Neu GmbH")}} },
			want: "admin,manager:303 anon:401 *:404"},
		{pattern: "GET /partners/{id}", path: func(f *fixture) string { return "/partners/" + f.B }, want: "admin,manager,other:200 anon:303 *:404"},
		{pattern: "GET /partners/{id}", path: func(f *fixture) string { return "/partners/" + f.C }, want: "recruiter:404 anon:303 *:200"},
		{pattern: "GET /partners/{id}/edit", path: func(f *fixture) string { return "/partners/" + f.C + "/edit" }, want: "admin,manager:200 padmin,pmember,other:403 recruiter:404 anon:303"},
		{pattern: "GET /partners/{id}/edit", path: func(f *fixture) string { return "/partners/" + f.A + "/edit" }, want: "admin,manager,padmin:200 pmember,other:403 recruiter:404 anon:303"},
		{pattern: "POST /partners/{id}", path: func(f *fixture) string { return "/partners/" + f.C }, form: func(*fixture) url.Values { return url.Values{"city": {"Köln"}} },
			want: "admin,manager:303 padmin,pmember,other:403 recruiter:404 anon:401"},
		{pattern: "POST /partners/{id}", path: func(f *fixture) string { return "/partners/" + f.B }, form: func(*fixture) url.Values { return url.Values{"city": {"Köln"}} },
			want: "admin,manager,other:303 padmin,pmember,recruiter:404 anon:401"},
		{pattern: "POST /partners/{id}/delete", path: func(f *fixture) string { return "/partners/" + f.newOrg(true) + "/delete" },
			want: "admin:303 manager,padmin,pmember,other:403 recruiter:404 anon:401"},
		{pattern: "POST /partners/{id}/delete", path: func(f *fixture) string { return "/partners/" + f.newOrg(false) + "/delete" },
			want: "admin:303 manager:403 anon:401 *:404"},
		{pattern: "GET /competencies", path: static("/competencies"), want: "admin:200 anon:303 *:404"},
		{pattern: "POST /competencies", path: static("/competencies"), form: func(f *fixture) url.Values {
			return url.Values{"name_de": {f.unique("Neu")}, "name_en": {f.unique("New")}}
		}, want: "admin:303 anon:401 *:404"},
		{pattern: "POST /competencies/{id}", path: func(f *fixture) string { return "/competencies/" + f.competency }, form: func(f *fixture) url.Values {
			return url.Values{"name_de": {f.unique("Neu")}, "name_en": {f.unique("New")}}
		}, want: "admin:303 anon:401 *:404"},
		{pattern: "POST /competencies/{id}/delete", path: func(f *fixture) string { return "/competencies/" + f.newCompetency() + "/delete" }, want: "admin:303 anon:401 *:404"},

		{pattern: "POST /api/v1/session", path: static("/api/v1/session"), json: func(f *fixture) any {
			return map[string]string{"email": f.unique("nobody") + "@x.example", "password": "wrong"}
		}, want: "*:401|429"},
		{pattern: "DELETE /api/v1/session", path: static("/api/v1/session"), fresh: true, want: "anon:401 *:204"},
		{pattern: "GET /api/v1/me", path: static("/api/v1/me"), want: "anon:401 *:200"},
		{pattern: "PATCH /api/v1/me", path: static("/api/v1/me"), json: func(*fixture) any { return map[string]string{"lang": "en"} }, want: "anon:401 *:200"},
		{pattern: "PUT /api/v1/me/password", path: static("/api/v1/me/password"), json: func(*fixture) any {
			return map[string]string{"current_password": "wrong", "new_password": "whatever-long"}
		}, want: "anon:401 *:422"},
		{pattern: "GET /api/v1/me/tokens", path: static("/api/v1/me/tokens"), want: "anon:401 *:200"},
		{pattern: "POST /api/v1/me/tokens", path: static("/api/v1/me/tokens"), json: func(*fixture) any { return map[string]any{"name": "t", "expires_in_days": 7} }, want: "anon:401 *:201"},
		{pattern: "DELETE /api/v1/me/tokens/{id}", path: func(f *fixture) string { return "/api/v1/me/tokens/" + f.adminToken() }, want: "admin:204 anon:401 *:404"},
		{pattern: "GET /api/v1/users", path: static("/api/v1/users"), want: "admin,padmin,other:200 anon:401 *:404"},
		{pattern: "POST /api/v1/users", path: static("/api/v1/users"), json: func(f *fixture) any {
			return map[string]string{"email": strings.ReplaceAll(f.unique("api"), " ", "") + "@x.example", "name": "Neu", "role": "partner_member", "org_id": f.A, "password": "long-enough-1"}
		}, want: "admin,padmin:201 other:422 anon:401 *:404"},
		{pattern: "GET /api/v1/users/{id}", path: func(f *fixture) string { return "/api/v1/users/" + f.userB.ID }, want: "admin,other:200 anon:401 *:404"},
		{pattern: "PATCH /api/v1/users/{id}", path: func(f *fixture) string { return "/api/v1/users/" + f.userB.ID }, json: func(*fixture) any { return map[string]string{"name": "Umbenannt"} },
			want: "admin,other:200 anon:401 *:404"},
		{pattern: "GET /api/v1/audit", path: static("/api/v1/audit"), want: "admin:200 anon:401 *:404"},
		{pattern: "GET /api/v1/partners", path: static("/api/v1/partners?per_page=100"), want: "recruiter:404 anon:401 *:200"},
		{pattern: "POST /api/v1/partners", path: static("/api/v1/partners"), json: func(f *fixture) any { return map[string]string{"legal_name": f.unique("API GmbH")} },
			want: "admin,manager:201 anon:401 *:404"},
		{pattern: "GET /api/v1/partners/{id}", path: func(f *fixture) string { return "/api/v1/partners/" + f.B }, want: "admin,manager,other:200 anon:401 *:404"},
		{pattern: "GET /api/v1/partners/{id}", path: func(f *fixture) string { return "/api/v1/partners/" + f.C }, want: "recruiter:404 anon:401 *:200"},
		{pattern: "PATCH /api/v1/partners/{id}", path: func(f *fixture) string { return "/api/v1/partners/" + f.C }, json: func(*fixture) any { return map[string]string{"city": "Köln"} },
			want: "admin,manager:200 padmin,pmember,other:403 recruiter:404 anon:401"},
		{pattern: "PATCH /api/v1/partners/{id}", path: func(f *fixture) string { return "/api/v1/partners/" + f.B }, json: func(*fixture) any { return map[string]string{"city": "Köln"} },
			want: "admin,manager,other:200 padmin,pmember,recruiter:404 anon:401"},
		{pattern: "DELETE /api/v1/partners/{id}", path: func(f *fixture) string { return "/api/v1/partners/" + f.newOrg(true) },
			want: "admin:204 manager,padmin,pmember,other:403 recruiter:404 anon:401"},
		{pattern: "DELETE /api/v1/partners/{id}", path: func(f *fixture) string { return "/api/v1/partners/" + f.newOrg(false) },
			want: "admin:204 manager:403 anon:401 *:404"},
		{pattern: "GET /api/v1/competencies", path: static("/api/v1/competencies"), want: "anon:401 *:200"},
		{pattern: "POST /api/v1/competencies", path: static("/api/v1/competencies"), json: func(f *fixture) any {
			return map[string]string{"name_de": f.unique("Neu"), "name_en": f.unique("New")}
		}, want: "admin:201 anon:401 *:404"},
		{pattern: "PATCH /api/v1/competencies/{id}", path: func(f *fixture) string { return "/api/v1/competencies/" + f.competency }, json: func(f *fixture) any {
			return map[string]string{"name_en": f.unique("Renamed")}
		}, want: "admin:200 anon:401 *:404"},
		{pattern: "DELETE /api/v1/competencies/{id}", path: func(f *fixture) string { return "/api/v1/competencies/" + f.newCompetency() }, want: "admin:204 anon:401 *:404"},
	}
	cases = append(cases, entryCases()...)
	for _, more := range featureCases {
		cases = append(cases, more()...)
	}
	return cases
}

// TestAuthorisationMatrix runs every route for every role against own,
// foreign published and foreign unpublished objects. It fails on an
// unexpected status, on any response that shows a role what it may not see,
// and on any registered route the matrix does not cover.
func TestAuthorisationMatrix(t *testing.T) {
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		f := newFixture(t, s)
		cases := matrixCases()
		// Failed logins count against the test's one address: they run last,
		// after the fresh logins of other cases.
		slices.SortStableFunc(cases, func(a, b matrixCase) int {
			failing := func(c matrixCase) bool {
				return c.pattern == "POST /login" || c.pattern == "POST /api/v1/session"
			}
			switch {
			case failing(a) && !failing(b):
				return 1
			case failing(b) && !failing(a):
				return -1
			}
			return 0
		})
		covered := map[string]bool{}
		for _, c := range cases {
			covered[c.pattern] = true
		}
		for _, p := range s.App.Web.Patterns() {
			if !covered[p] {
				t.Errorf("route %q is not in the authorisation matrix", p)
			}
		}
		for _, c := range cases {
			for _, role := range matrixRoles {
				want := c.expect(role)
				if want == nil {
					t.Fatalf("%s: no expectation for role %s", c.pattern, role)
				}
				cl := f.clients[role]
				if c.fresh && role != "anon" {
					cl = s.Login(f.users[role].Email)
				}
				path := c.path(f)
				method, _, _ := strings.Cut(c.pattern, " ")
				var res *apptest.Response
				switch {
				case c.json != nil:
					res = cl.JSON(method, path, c.json(f))
				case c.form != nil || method != "GET":
					var v url.Values
					if c.form != nil {
						v = c.form(f)
					}
					res = cl.Form(method, path, v)
				default:
					res = cl.Get(path)
				}
				if !slices.Contains(want, res.Status) {
					t.Errorf("%s %s as %s: status %d, want %v\n%.300s", method, path, role, res.Status, want, res.Body)
				}
				for _, secret := range f.secretsForbidden[role] {
					if strings.Contains(res.Body, secret) {
						t.Errorf("%s %s as %s: the answer shows %q", method, path, role, secret)
					}
				}
			}
		}
	})
}

// TestHiddenAndMissingAnswerAlike checks that an object one may not see
// cannot be told apart from one that does not exist.
func TestHiddenAndMissingAnswerAlike(t *testing.T) {
	s := apptest.Start(t)
	f := newFixture(t, s)
	c := f.clients["padmin"]
	missing := "01234567-89ab-7def-8123-456789abcdef"
	for _, tmpl := range []string{"/api/v1/partners/%s", "/partners/%s", "/partners/%s/edit"} {
		hidden := c.Get(fmt.Sprintf(tmpl, f.B))
		absent := c.Get(fmt.Sprintf(tmpl, missing))
		if hidden.Status != http.StatusNotFound || absent.Status != http.StatusNotFound {
			t.Fatalf("%s: hidden %d, missing %d, want 404 for both", tmpl, hidden.Status, absent.Status)
		}
		if strings.ReplaceAll(hidden.Body, f.B, "ID") != strings.ReplaceAll(absent.Body, missing, "ID") {
			t.Errorf("%s: hidden and missing answers differ:\n%s\n---\n%s", tmpl, hidden.Body, absent.Body)
		}
	}
}

// TestTokenAndOwnCredentialRulesForEveryRole checks, for every role, what a
// session and an API token of the user may do to the user's own account:
// the password and login e-mail change only with the current password and
// never through a token, and a token creates no tokens.
func TestTokenAndOwnCredentialRulesForEveryRole(t *testing.T) {
	s := apptest.Start(t)
	f := newFixture(t, s)
	for _, role := range matrixRoles {
		cl := f.clients[role]
		if role == "anon" {
			for _, req := range [][2]string{{"POST", "/api/v1/me/tokens"}, {"PUT", "/api/v1/me/password"}, {"PATCH", "/api/v1/users/" + f.userB.ID}} {
				if r := cl.JSON(req[0], req[1], map[string]string{}); r.Status != http.StatusUnauthorized {
					t.Errorf("anon %s %s: %d, want 401", req[0], req[1], r.Status)
				}
			}
			continue
		}
		u := f.users[role]
		own := "/api/v1/users/" + u.ID
		want := func(what string, r *apptest.Response, status int) {
			t.Helper()
			if r.Status != status {
				t.Errorf("%s as %s: %d, want %d\n%.300s", what, role, r.Status, status, r.Body)
			}
		}
		want("PATCH own e-mail without the current password", cl.JSON("PATCH", own, map[string]string{"email": "x-" + u.Email}), http.StatusUnprocessableEntity)
		want("PATCH own password without the current password", cl.JSON("PATCH", own, map[string]string{"password": "long-enough-2"}), http.StatusUnprocessableEntity)
		want("PATCH own name", cl.JSON("PATCH", own, map[string]string{"name": "Umbenannt"}), http.StatusOK)
		api := tokenClient(t, s, cl, 1)
		want("token: create a token", api.JSON("POST", "/api/v1/me/tokens", map[string]any{"name": "t", "expires_in_days": 1}), http.StatusForbidden)
		want("token: PATCH own e-mail", api.JSON("PATCH", own, map[string]string{"email": "x-" + u.Email, "current_password": apptest.Password}), http.StatusForbidden)
		want("token: PUT own password", api.JSON("PUT", "/api/v1/me/password", map[string]string{"current_password": apptest.Password, "new_password": "long-enough-2"}), http.StatusForbidden)
		want("token: PATCH own name", api.JSON("PATCH", own, map[string]string{"name": "Per Skript"}), http.StatusOK)
		want("token: POST own user form with a new e-mail", api.Form("POST", "/users/"+u.ID, url.Values{"name": {"x"}, "email": {"x-" + u.Email}, "current_password": {apptest.Password}}), http.StatusForbidden)
	}
}
