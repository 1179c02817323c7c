package app_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// The navigation the features register shows each role its pages, in the
// programme's order, and nothing it may not open.
func TestNavigationByRole(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	o, err := s.App.Partners.Create(context.Background(), auth.System, partner.Input{LegalName: new("Nav GmbH"), Published: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`<nav id="main-nav" aria-label="[^"]*">(?s:(.*?))</nav>`)
	href := regexp.MustCompile(`<a href="([^"]+)"|<details class="group[^"]*"|</details>`)
	for _, c := range []struct {
		role auth.Role
		want string
	}{
		// Steering and administration fold into groups of their own.
		{auth.RoleAdmin, "/ /partners /pipeline /concierge /leads /exchange /deals /agreements /funds [/targets /steering/overdue /steering/team /survey] /jour-fixe /incentives /fees /portfolio /enablement [/community /community/applications] [/competencies /partners/ownership /users /webhooks /audit] /inbox /account"},
		{auth.RoleManager, "/ /partners /pipeline /concierge /leads /exchange /deals /agreements /funds [/targets /steering/overdue /steering/team /survey] /jour-fixe /incentives /fees /portfolio /enablement /inbox /account"},
		{auth.RoleRecruiter, "/ /pipeline /targets /fees /inbox /account"},
		// With no association running, its roles see their account only.
		{auth.RoleBoard, "/ /inbox /account"},
		{auth.RoleLiaison, "/ /inbox /account"},
		// A group of which one sees one entry is that entry alone.
		{auth.RolePartnerAdmin, "/ /partners /concierge /leads /exchange /deals /agreements /funds /jour-fixe /incentives /survey [/users /webhooks] /inbox /account"},
		{auth.RolePartnerMember, "/ /partners /concierge /leads /exchange /deals /agreements /funds /jour-fixe /incentives /inbox /account"},
	} {
		org := ""
		if c.role.IsPartnerRole() {
			org = o.ID
		}
		cl := s.Login(s.CreateUser(c.role, org).Email)
		page := cl.Get("/")
		m := link.FindStringSubmatch(page.Body)
		if m == nil {
			t.Fatalf("%s: no navigation on the dashboard:\n%s", c.role, page.Body)
		}
		var got []string
		for _, h := range href.FindAllStringSubmatch(m[1], -1) {
			switch {
			case h[1] != "":
				got = append(got, h[1])
			case strings.HasPrefix(h[0], "<details"):
				got = append(got, "[")
			default:
				got = append(got, "]")
			}
		}
		got = strings.Fields(strings.NewReplacer("[ ", "[", " ]", "]").Replace(strings.Join(got, " ")))
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s sees %v, want %s", c.role, got, c.want)
		}
		for _, p := range got {
			p = strings.Trim(p, "[]")
			if res := cl.Get(p); res.Status != 200 {
				t.Errorf("%s: the navigation offers %s, which answers %d", c.role, p, res.Status)
			}
		}
		if !strings.Contains(page.Body, `href="/" aria-current="page"`) {
			t.Errorf("%s: the dashboard is not marked current", c.role)
		}
	}
}
