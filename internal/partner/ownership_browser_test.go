package partner_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// The scenario: a manager sees only its own partners and hands one
// over. Anna's portfolio shows her partner and not Bernd's; she hands hers
// to Bernd with a note, confirms in the dialog, and loses its internal
// pages, while Bernd finds the note in its history.
func TestBrowserManagerSeesOwnPartnersAndHandsOneOver(t *testing.T) {
	s := apptest.Start(t)
	ctx := context.Background()
	admin := s.CreateUser(auth.RoleAdmin, "").Actor()
	anna := s.CreateUser(auth.RoleManager, "")
	bernd := s.CreateUser(auth.RoleManager, "")
	owned := func(name string, manager *auth.User) string {
		id := s.Assessed(admin, name, 4, 2)
		if _, err := s.App.Partners.Update(ctx, admin, id, partner.Input{ManagerID: &manager.ID}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	annas := owned("Annas Systemhaus GmbH", anna)
	owned("Bernds Netzwerk AG", bernd)

	b := apptest.NewBrowser(t, s.URL)
	b.Login(anna.Email)
	b.Open("/portfolio?quadrant=candidate")
	page := apptest.Eval[string](b, `document.querySelector("main").innerText`)
	if !strings.Contains(page, "Annas Systemhaus GmbH") || strings.Contains(page, "Bernds Netzwerk AG") {
		t.Fatalf("anna's portfolio should show her partner only:\n%s", page)
	}

	b.Open("/partners/" + annas)
	b.Click(`main a[href="/partners/` + annas + `/ownership"]`)
	if got := b.Text("#own-manager"); got != anna.Name {
		t.Fatalf("the ownership page names %q as the manager, want %q", got, anna.Name)
	}
	b.Do("choose bernd", chromedp.SetValue(chromedp.ID("own-to"), bernd.ID))
	b.Fill("#own-note", "Die Geschäftsführerin erwartet das Q3-Review.")
	b.Do("hand over", chromedp.Click(chromedp.CSS(`form[action$="/handover"] button`)))
	b.WaitFor("the dialog opens", `document.querySelector("#confirm-dialog")?.open === true`)
	if got := b.Text("#confirm-dialog h2"); got != "Hand this partner over?" {
		t.Errorf("dialog title %q", got)
	}
	if v := b.Axe(); len(v) > 0 {
		t.Errorf("axe-core with the dialog open: %+v", v)
	}
	b.Navigate("confirm", chromedp.Click(chromedp.CSS(`#confirm-dialog button.danger`)))
	if p := b.Path(); p != "/partners" {
		t.Fatalf("after the handover the browser is on %s, want the directory", p)
	}
	b.Open("/partners/" + annas + "/activities")
	if got := b.Text("main .error-status"); !strings.Contains(got, "404") {
		t.Errorf("anna still reads the activities after the handover: %q", got)
	}

	b.SwitchUser(bernd.Email)
	b.Open("/partners/" + annas + "/ownership")
	if got := b.Text("#own-manager"); got != bernd.Name {
		t.Errorf("the ownership page names %q, want %q", got, bernd.Name)
	}
	if got := b.Text("#handovers tbody"); !strings.Contains(got, "Die Geschäftsführerin erwartet das Q3-Review.") || !strings.Contains(got, anna.Name) {
		t.Errorf("the handover history reads %q", got)
	}
	if v := b.Axe(); len(v) > 0 {
		t.Errorf("axe-core on the ownership page: %+v", v)
	}
}
