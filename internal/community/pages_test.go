package community_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/partner"
)

// An admin switches the association on through the settings page; then
// the board and a member's users find it in the navigation and read the
// members in their language, while the vendor's liaison and a company that
// is not a member neither see the link nor open the page.
func TestCommunityPages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	org := func(name string) string {
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), Published: new(true), Kind: new(partner.KindMember)})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	member, other := org("Hochverfügbar Systeme GmbH"), org("Nichtmitglied IT GmbH")
	err := s.App.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, err := s.App.Community.StartMembership(ctx, tx, auth.System, member, community.KindSupporting, time.Now().AddDate(-2, 0, 0))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	lang := func(c *apptest.Client, l string) *apptest.Client { c.Lang = l; return c }
	admin := lang(s.Login(s.CreateUser(auth.RoleAdmin, "").Email), "de")
	board := lang(s.Login(s.CreateUser(auth.RoleBoard, "").Email), "de")
	liaison := lang(s.Login(s.CreateUser(auth.RoleLiaison, "").Email), "de")
	memberAdmin := lang(s.Login(s.CreateUser(auth.RolePartnerAdmin, member).Email), "en")
	outsider := lang(s.Login(s.CreateUser(auth.RolePartnerAdmin, other).Email), "de")
	navLink := `<a href="/community"`

	if res := board.Get("/community"); res.Status != http.StatusNotFound || strings.Contains(res.Body, navLink) {
		t.Fatalf("the board with the association off: %d", res.Status)
	}
	if res := admin.Get("/community"); res.Status != http.StatusOK || !strings.Contains(res.Body, "pakt betreibt derzeit keinen Verband") {
		t.Fatalf("the admin's page with the association off: %d\n%.2000s", res.Status, res.Body)
	}
	if res := admin.Form("POST", "/community/settings", url.Values{"mode": {"verein"}}); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `value="both"`) {
		t.Fatalf("an unknown mode: %d\n%.2000s", res.Status, res.Body)
	}
	if res := admin.Form("POST", "/community/settings", url.Values{"mode": {community.ModeBoth}}); res.Status != http.StatusSeeOther {
		t.Fatalf("switching the association on: %d\n%.2000s", res.Status, res.Body)
	}

	res := board.Get("/community")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, navLink) || !strings.Contains(res.Body, "1 Mitgliedsunternehmen") ||
		!strings.Contains(res.Body, "Hochverfügbar Systeme GmbH") || !strings.Contains(res.Body, "Förderndes Mitglied") || strings.Contains(res.Body, "Nichtmitglied") {
		t.Fatalf("the board's page: %d\n%.3000s", res.Status, res.Body)
	}
	// The board's few links stay in sight: its navigation folds no group.
	if strings.Contains(res.Body, `<details class="group`) {
		t.Error("the board's short navigation folds a group")
	}
	res = memberAdmin.Get("/community")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "1 member company") || !strings.Contains(res.Body, "Supporting member") {
		t.Fatalf("the member's page in English: %d\n%.3000s", res.Status, res.Body)
	}
	// An association alone: the vendor programme leaves the navigation.
	if res := admin.Get("/account"); !strings.Contains(res.Body, `<a href="/pipeline"`) {
		t.Fatal("the admin misses the pipeline beside the association")
	}
	if res := admin.Form("POST", "/community/settings", url.Values{"mode": {community.ModeAssociation}}); res.Status != http.StatusSeeOther {
		t.Fatalf("an association alone: %d", res.Status)
	}
	res = admin.Get("/account")
	for _, vendor := range []string{"/pipeline", "/portfolio", "/deals", "/leads", "/steering/team"} {
		if strings.Contains(res.Body, `<a href="`+vendor+`"`) {
			t.Errorf("an association alone offers %s in the navigation", vendor)
		}
	}
	for _, kept := range []string{"/partners", "/concierge", navLink[len(`<a href="`) : len(navLink)-1]} {
		if !strings.Contains(res.Body, `<a href="`+kept+`"`) {
			t.Errorf("an association alone lacks %s in the navigation", kept)
		}
	}
	for name, c := range map[string]*apptest.Client{"liaison": liaison, "non-member": outsider} {
		if res := c.Get("/community"); res.Status != http.StatusNotFound {
			t.Errorf("%s opened the association's page: %d", name, res.Status)
		}
		if res := c.Get("/account"); strings.Contains(res.Body, navLink) {
			t.Errorf("%s is offered the association in the navigation", name)
		}
	}
}
