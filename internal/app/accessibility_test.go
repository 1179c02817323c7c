package app_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/demo"
	"pakt/internal/partner"
)

// crawlLimit bounds the pages one role's crawl visits.
const crawlLimit = 30

// link finds the addresses of links and of forms that are read with GET.
var link = regexp.MustCompile(`href="(/[^"#]*)"`)

// idInPath matches the generated ids in addresses.
var idInPath = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// TestDemoPagesPassAxe fills a server with the demo data and, for every
// role, follows the links from the dashboard to one page of each kind
// (an address with its ids replaced), and checks each page with axe-core in
// headless Chromium: a page full of real data breaks rules that the
// matrices' sparse objects do not (a chart with points, long tables).
func TestDemoPagesPassAxe(t *testing.T) {
	t.Parallel()
	s, clients := startDemo(t)
	b := apptest.NewAxeBrowser(t, s.URL)
	for _, role := range []string{"anon", "admin", "manager", "recruiter", "board", "liaison", "padmin", "pmember"} {
		c := clients[role]
		pages := crawl(t, c, role)
		b.UseSession(c)
		for _, p := range pages {
			b.Open(p)
			for _, v := range b.Axe() {
				t.Errorf("axe: %s as %s: %s (%s): %s\n\t%s", p, role, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
			}
		}
	}
}

// startDemo starts a server with the demo data (40 organisations) and
// returns a logged-in client per role: staff, and a partner admin and a
// member of the demo's showcase partner, Müller IT.
func startDemo(t *testing.T) (*apptest.Server, map[string]*apptest.Client) {
	t.Helper()
	s := apptest.Start(t)
	ctx := context.Background()
	a := s.App
	if _, err := demo.Seed(ctx, a.DemoOptions(40, 1, time.Time{})); err != nil {
		t.Fatalf("seed: %v", err)
	}
	res, err := a.Partners.Search(ctx, auth.System, partner.Query{Text: "Müller IT"})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("the demo's showcase partner: %v", err)
	}
	mueller := res.Hits[0].ID
	return s, map[string]*apptest.Client{
		"anon":      s.Anonymous(),
		"admin":     s.Login(s.CreateUser(auth.RoleAdmin, "").Email),
		"manager":   s.Login(s.CreateUser(auth.RoleManager, "").Email),
		"recruiter": s.Login(s.CreateUser(auth.RoleRecruiter, "").Email),
		"board":     s.Login(s.CreateUser(auth.RoleBoard, "").Email),
		"liaison":   s.Login(s.CreateUser(auth.RoleLiaison, "").Email),
		"padmin":    s.Login(s.CreateUser(auth.RolePartnerAdmin, mueller).Email),
		"pmember":   s.Login(s.CreateUser(auth.RolePartnerMember, mueller).Email),
	}
}

// crawl follows links from the dashboard (the login and the public pages
// for anonymous visitors) and returns one page of each kind the role may
// see. It skips downloads, the API, leaving, and the language switch.
func crawl(t *testing.T, c *apptest.Client, role string) []string {
	t.Helper()
	queue := []string{"/"}
	if role == "anon" {
		queue = []string{"/login", "/self-assessment"}
	}
	kinds := map[string]bool{}
	var pages []string
	for len(queue) > 0 && len(pages) < crawlLimit {
		p := queue[0]
		queue = queue[1:]
		r := c.Get(p)
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			continue
		}
		pages = append(pages, p)
		for _, m := range link.FindAllStringSubmatch(r.Body, -1) {
			next := html.UnescapeString(m[1])
			if skipped(next) {
				continue
			}
			kind, _, _ := strings.Cut(idInPath.ReplaceAllString(next, "{id}"), "?")
			if !kinds[kind] {
				kinds[kind] = true
				queue = append(queue, next)
			}
		}
	}
	if len(pages) < 2 {
		t.Fatalf("the crawl as %s found only %v", role, pages)
	}
	return pages
}

func skipped(p string) bool {
	for _, s := range []string{"/static/", "/api/", "/logout", "lang=", ".csv", ".pdf", ".md", ".ics", "/feed", "export"} {
		if strings.Contains(p, s) {
			return true
		}
	}
	return false
}
