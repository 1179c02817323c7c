package concierge_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// pinFixture: a competency and three partners whose names share a word;
// one of them does not publish its profile.
func pinFixture(t *testing.T, s *apptest.Server) (vr string, orgs map[string]string) {
	t.Helper()
	ctx := context.Background()
	c, err := s.App.Partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: new("Virtuelle Realität"), NameEN: new("Virtual Reality"), Slug: new("vr")})
	if err != nil {
		t.Fatal(err)
	}
	orgs = map[string]string{}
	for name, published := range map[string]bool{"Müller VR Studio GmbH & Co. KG": true, "Müller Holzbau AG": true, "Müller Verborgen GmbH": false} {
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), City: new("München"), Country: new("DE"), Published: new(published)})
		if err != nil {
			t.Fatal(err)
		}
		orgs[name] = o.ID
	}
	return c.ID, orgs
}

func pinned(t *testing.T, s *apptest.Server) []string {
	t.Helper()
	list, err := s.App.Concierge.Pins(context.Background(), auth.System)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range list {
		out = append(out, p.OrgID)
	}
	return out
}

// Without JavaScript, part of a name that only one partner matches will
// do for a pin; a part several match is refused and nothing is pinned.
func TestPinByPartOfTheName(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	vr, orgs := pinFixture(t, s)
	admin := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
	if res := admin.Form("POST", "/concierge/pins", url.Values{"competency_id": {vr}, "org": {"Müller"}}); res.Status != 422 {
		t.Fatalf("a part that several names hold: %d", res.Status)
	}
	if got := pinned(t, s); len(got) != 0 {
		t.Fatalf("a refused pin was saved: %v", got)
	}
	if res := admin.Form("POST", "/concierge/pins", url.Values{"competency_id": {vr}, "org": {"holzbau"}}); res.Status != 303 {
		t.Fatalf("a part that one name holds: %d\n%.2000s", res.Status, res.Body)
	}
	if got := pinned(t, s); len(got) != 1 || got[0] != orgs["Müller Holzbau AG"] {
		t.Fatalf("pinned %v, want Müller Holzbau AG", got)
	}
}

// Typing part of a name offers the matching partners; the one chosen is
// pinned.
func TestBrowserPinPicker(t *testing.T) {
	s := apptest.Start(t)
	b := apptest.NewBrowser(t, s.URL)
	vr, orgs := pinFixture(t, s)
	b.Login(s.CreateUser(auth.RoleAdmin, "").Email)
	b.Open("/concierge/pins")
	b.Do("type part of a name", chromedp.SendKeys(chromedp.ID("org"), "VR Stud"))
	b.WaitFor("the suggestion", `[...document.querySelectorAll("#org-suggestions option")].some(o => o.value === "Müller VR Studio GmbH & Co. KG")`)
	if others := apptest.Eval[int](b, `document.querySelectorAll("#org-suggestions option").length`); others != 1 {
		t.Errorf("%d suggestions for “VR Stud”, want 1", others)
	}
	// Choosing the suggestion puts the whole name into the field.
	b.Do("choose the suggestion", chromedp.SetValue(chromedp.ID("org"), "Müller VR Studio GmbH & Co. KG"),
		chromedp.SetValue(chromedp.ID("competency_id"), vr))
	b.Click(`form[action="/concierge/pins"] button[type=submit]`)
	if got := pinned(t, s); len(got) != 1 || got[0] != orgs["Müller VR Studio GmbH & Co. KG"] {
		t.Fatalf("pinned %v, want Müller VR Studio%s", got, b.State())
	}
	b.CheckConsole()
}
