package account_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// An admin names a partner user's organisation by part of its name; a
// part that several names hold is refused with a message at the field,
// and the form shows the organisation by name, never its id.
func TestUserFormNamesTheOrganisation(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	var ids []string
	for _, n := range []string{"Alpen Digital GmbH", "Alpen Bau AG"} {
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(n), Published: new(true)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	admin := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
	admin.Lang = "de"
	form := url.Values{"email": {"neu@alpen.example"}, "name": {"Neu"}, "role": {"partner_member"}, "org": {"Alpen"}, "password": {"long-enough-1"}, "lang": {"de"}}
	res := admin.Form("POST", "/users", form)
	if res.Status != 422 || !strings.Contains(res.Body, "2 Organisationen passen zu diesem Namen") || !strings.Contains(res.Body, `href="#org"`) {
		t.Fatalf("a part two names hold: %d\n%.3000s", res.Status, res.Body)
	}
	form.Set("org", "alpen digital")
	res = admin.Form("POST", "/users", form)
	if res.Status != 303 {
		t.Fatalf("a part one name holds: %d\n%.3000s", res.Status, res.Body)
	}
	page := admin.Get(res.Header.Get("Location"))
	if !strings.Contains(page.Body, `value="Alpen Digital GmbH"`) || strings.Contains(page.Body, ids[0]) {
		t.Errorf("the user's page does not name the organisation by name alone:\n%.3000s", page.Body)
	}
}
