package apptest

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/partner"
)

// Roles are the callers of the authorisation matrix. "padmin" and
// "pmember" belong to partner A; "other" is the partner admin of partner B;
// "board" and "liaison" are an association's board member and vendor
// liaison, who belong to no organisation.
var Roles = []string{"anon", "admin", "manager", "recruiter", "board", "liaison", "padmin", "pmember", "other"}

// Fixture holds the objects the matrix requests refer to: partner A
// (published, the padmin's and pmember's), B (unpublished, other's), C
// (published, a third party), each with a contact whose e-mail is a secret
// marker, and a logged-in client per role.
type Fixture struct {
	T *testing.T
	S *Server
	// A, B and C are the organisations' ids.
	A, B, C string
	// EntryC holds an entry of C per entry kind (contacts, …).
	EntryC map[string]string
	// UserB is a partner member of B, whose e-mail no one else may read.
	UserB      *auth.User
	Competency string
	Users      map[string]*auth.User
	Clients    map[string]*Client
	AdminActor *auth.Actor

	n         atomic.Int64
	mu        sync.Mutex
	forbidden map[string][]string
	state     map[any]any
}

// NewFixture makes the matrix's organisations, users and clients on s.
func NewFixture(t *testing.T, s *Server) *Fixture {
	ctx := context.Background()
	f := &Fixture{T: t, S: s, EntryC: map[string]string{}, Users: map[string]*auth.User{}, Clients: map[string]*Client{}, state: map[any]any{}}
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
	for _, kind := range partner.EntryKinds {
		f.EntryC[kind] = f.AddEntry(kind, f.C)
	}
	f.Competency = f.NewCompetency()
	f.Users["admin"] = s.CreateUser(auth.RoleAdmin, "")
	f.Users["manager"] = s.CreateUser(auth.RoleManager, "")
	f.Users["recruiter"] = s.CreateUser(auth.RoleRecruiter, "")
	f.Users["board"] = s.CreateUser(auth.RoleBoard, "")
	f.Users["liaison"] = s.CreateUser(auth.RoleLiaison, "")
	f.Users["padmin"] = s.CreateUser(auth.RolePartnerAdmin, f.A)
	f.Users["pmember"] = s.CreateUser(auth.RolePartnerMember, f.A)
	f.Users["other"] = s.CreateUser(auth.RolePartnerAdmin, f.B)
	f.UserB = s.CreateUser(auth.RolePartnerMember, f.B)
	f.AdminActor = f.Users["admin"].Actor()
	for _, r := range Roles {
		if r == "anon" {
			f.Clients[r] = s.Anonymous()
		} else {
			f.Clients[r] = s.Login(f.Users[r].Email)
		}
	}
	// What each role must never read, whatever the route.
	all := []string{"Alpha Partner GmbH", "Geheim Systeme GmbH", "Gamma Partner AG", "kontakt@alpha.example", "geheim@geheim.example", "kontakt@gamma.example", f.UserB.Email}
	f.forbidden = map[string][]string{
		"anon":      all,
		"recruiter": all,
		// The board sees the names of published organisations (the
		// association's members), nothing else of the programme's.
		"board":   {"Geheim Systeme GmbH", "geheim@geheim.example", "kontakt@alpha.example", "kontakt@gamma.example", f.UserB.Email},
		"liaison": all,
		"manager": {f.UserB.Email},
		"padmin":  {"Geheim Systeme GmbH", "geheim@geheim.example", "kontakt@gamma.example", f.UserB.Email},
		"pmember": {"Geheim Systeme GmbH", "geheim@geheim.example", "kontakt@gamma.example", f.UserB.Email},
		"other":   {"kontakt@alpha.example", "kontakt@gamma.example"},
	}
	return f
}

// Forbid adds a secret marker that no answer to the roles may show.
func (f *Fixture) Forbid(secret string, roles ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range roles {
		if !slices.Contains(f.forbidden[r], secret) {
			f.forbidden[r] = append(f.forbidden[r], secret)
		}
	}
}

// Forbidden returns the markers no answer to role may show.
func (f *Fixture) Forbidden(role string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.forbidden[role]...)
}

// Once returns the feature state stored under key, making it with build on
// first use: the objects several of a feature's cases share.
func Once[T any](f *Fixture, key any, build func() T) T {
	f.mu.Lock()
	v, ok := f.state[key]
	f.mu.Unlock()
	if ok {
		return v.(T)
	}
	x := build()
	f.mu.Lock()
	f.state[key] = x
	f.mu.Unlock()
	return x
}

// Association runs the association beside the programme with A (an
// ordinary member) and C (a supporting member) as its members, once per
// fixture; B is not a member.
func (f *Fixture) Association() {
	Once(f, "association", func() bool {
		ctx, svc := context.Background(), f.S.App.Community
		if _, err := svc.SaveSettings(ctx, f.AdminActor, community.SettingsInput{Mode: new(community.ModeBoth)}); err != nil {
			f.T.Fatal(err)
		}
		err := f.S.App.DB.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := svc.StartMembership(ctx, tx, f.AdminActor, f.A, community.KindOrdinary, time.Now().AddDate(-1, 0, 0)); err != nil {
				return err
			}
			_, err := svc.StartMembership(ctx, tx, f.AdminActor, f.C, community.KindSupporting, time.Now().AddDate(0, -2, 0))
			return err
		})
		if err != nil {
			f.T.Fatal(err)
		}
		return true
	})
}

// Unique returns prefix with a number no other call returned.
func (f *Fixture) Unique(prefix string) string {
	return fmt.Sprintf("%s %d", prefix, f.n.Add(1))
}

// AddEntry adds a profile entry of the kind (contacts, certifications,
// references, resources) to org and returns its id.
func (f *Fixture) AddEntry(kind, org string) string {
	f.T.Helper()
	ctx := context.Background()
	s := f.S.App.Partners
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
	default:
		err = fmt.Errorf("unknown entry kind %q", kind)
	}
	if err != nil {
		f.T.Fatal(err)
	}
	return id
}

// NewOrg makes a throw-away organisation and returns its id.
func (f *Fixture) NewOrg(published bool) string {
	f.T.Helper()
	name := f.Unique("Wegwerf GmbH")
	o, err := f.S.App.Partners.Create(context.Background(), auth.System, partner.Input{LegalName: &name, Published: &published})
	if err != nil {
		f.T.Fatal(err)
	}
	return o.ID
}

// NewCompetency makes a competency and returns its id.
func (f *Fixture) NewCompetency() string {
	f.T.Helper()
	de, en := f.Unique("Thema"), f.Unique("Topic")
	c, err := f.S.App.Partners.SaveCompetency(context.Background(), auth.System, "", partner.CompetencyInput{NameDE: &de, NameEN: &en})
	if err != nil {
		f.T.Fatal(err)
	}
	return c.ID
}

// AdminToken makes an API token of the admin and returns its id.
func (f *Fixture) AdminToken() string {
	f.T.Helper()
	tok, _, err := f.S.App.Auth.CreateToken(context.Background(), f.AdminActor, f.Unique("t"), time.Hour)
	if err != nil {
		f.T.Fatal(err)
	}
	return tok.ID
}

// SelfAnswers answers every question of the public self-assessment.
func (f *Fixture) SelfAnswers() map[string]int {
	f.T.Helper()
	q, err := f.S.App.Portfolio.Questions(context.Background(), "en")
	if err != nil || len(q) == 0 {
		f.T.Fatalf("questions: %d, %v", len(q), err)
	}
	out := map[string]int{}
	for i, x := range q {
		out[x.CriterionID] = i % 6
	}
	return out
}

// Case is one request of the matrix. Want maps roles to the accepted
// statuses, written "role,role:status|status …" with "*" for the rest.
// The association's roles, "board" and "liaison", see nothing of the vendor
// programme that a recruiter does not: a case that names neither expects
// for them what it expects for "recruiter" (outsider, below).
type Case struct {
	Pattern string
	Path    func(f *Fixture) string
	Form    func(f *Fixture) url.Values
	JSON    func(f *Fixture) any
	// Fresh runs each role on a new session (for logout).
	Fresh bool
	Want  string
}

// outsider maps the roles that a case expects, unless it names them, to
// answer as the role given.
var outsider = map[string]string{"board": "recruiter", "liaison": "recruiter"}

// Expect returns the statuses the case accepts for role.
func (c Case) Expect(role string) []int {
	if as, ok := outsider[role]; ok && !c.names(role) {
		role = as
	}
	var def []int
	for _, part := range strings.Fields(c.Want) {
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

// names reports whether the case's Want names role itself.
func (c Case) names(role string) bool {
	for _, part := range strings.Fields(c.Want) {
		roles, _, _ := strings.Cut(part, ":")
		if slices.Contains(strings.Split(roles, ","), role) {
			return true
		}
	}
	return false
}

// denied reports whether every status of want refuses the request.
func denied(want []int) bool {
	return !slices.ContainsFunc(want, func(st int) bool { return st < 400 })
}

// Static is a fixed path.
func Static(p string) func(*Fixture) string { return func(*Fixture) string { return p } }

// failsLogin reports whether a case is a failed login, which counts
// against the test's one client address: those run last.
func failsLogin(c Case) bool {
	return c.Pattern == "POST /login" || c.Pattern == "POST /api/v1/session"
}

// Matrix runs the feature owner's authorisation matrix on each engine:
// every case for every role, against own, foreign published and foreign
// unpublished objects. It fails on an unexpected status, on any answer
// that shows a role what it may not see, on any route of the feature that
// no case covers, and on a case for a route the feature does not own.
// Then it sends each write with control characters in each text field
// (probeText), so that a new field without apperr's text rules fails too.
func Matrix(t *testing.T, owner string, cases func() []Case) {
	Engines(t, func(t *testing.T, s *Server) {
		f := NewFixture(t, s)
		list := cases()
		slices.SortStableFunc(list, func(a, b Case) int {
			switch {
			case failsLogin(a) && !failsLogin(b):
				return 1
			case failsLogin(b) && !failsLogin(a):
				return -1
			}
			return 0
		})
		owned := map[string]bool{}
		for _, r := range s.App.Web.Routes() {
			if r.Owner == owner {
				owned[r.Pattern] = true
			}
		}
		if len(owned) == 0 {
			t.Fatalf("no route is registered by %q", owner)
		}
		covered := map[string]bool{}
		for _, c := range list {
			covered[c.Pattern] = true
			if !owned[c.Pattern] {
				t.Errorf("case for %q, which %s does not register", c.Pattern, owner)
			}
		}
		for p := range owned {
			if !covered[p] {
				t.Errorf("route %q of %s is not in the authorisation matrix", p, owner)
			}
		}
		// Every page a role is shown is checked with axe-core, on SQLite
		// (the pages do not depend on the engine).
		var axe *accessibility
		if !strings.HasPrefix(s.Database, "postgres") {
			axe = &accessibility{t: t, s: s, seen: map[string]bool{}}
		}
		for _, c := range list {
			for _, role := range Roles {
				want := c.Expect(role)
				if want == nil {
					t.Fatalf("%s: no expectation for role %s", c.Pattern, role)
				}
				cl := f.Clients[role]
				if c.Fresh && role != "anon" {
					cl = s.Login(f.Users[role].Email)
				}
				path := c.Path(f)
				method, _, _ := strings.Cut(c.Pattern, " ")
				var res *Response
				switch {
				case c.JSON != nil:
					res = cl.JSON(method, path, c.JSON(f))
				case strings.HasPrefix(path, "/api/") && c.Form == nil:
					res = cl.Form(method, path, nil)
				case c.Form != nil || method != "GET":
					v := url.Values{}
					if c.Form != nil {
						for k, vs := range c.Form(f) {
							v[k] = slices.Clone(vs)
						}
					}
					if denied(want) && !failsLogin(c) {
						// Unconfirmed, a role that may not act is refused
						// alike: never shown the question.
						if res := cl.Form(method, path, v); !slices.Contains(want, res.Status) {
							t.Errorf("%s %s as %s without confirmation: status %d, want %v\n%.300s", method, path, role, res.Status, want, res.Body)
						}
					}
					// Irreversible actions ask first (web.Confirming);
					// the matrix answers yes.
					v.Set("confirmed", "1")
					res = cl.Form(method, path, v)
				default:
					res = cl.Get(path)
				}
				if !slices.Contains(want, res.Status) {
					t.Errorf("%s %s as %s: status %d, want %v\n%.300s", method, path, role, res.Status, want, res.Body)
				}
				for _, secret := range f.Forbidden(role) {
					if strings.Contains(res.Body, secret) {
						t.Errorf("%s %s as %s: the answer shows %q", method, path, role, secret)
					}
				}
				if axe != nil && method == "GET" && res.Status == http.StatusOK && strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
					axe.check(role, cl, path)
				}
			}
		}
		probeText(t, s, f, list)
	})
}
