package steering_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/steering"
)

// The scenario: the head of channel's team view shows each
// manager's C-level share, one proactive with the C-level and one reactive
// with the technical staff.
func TestBrowserTeamViewShowsCLevelShares(t *testing.T) {
	s := apptest.Start(t)
	b := apptest.NewBrowser(t, s.URL)
	ctx := context.Background()
	strategist, technician := s.CreateUser(auth.RoleManager, ""), s.CreateUser(auth.RoleManager, "")
	board, shop := managed(t, s, "Vorstandsnah GmbH", strategist), managed(t, s, "Technikhaus AG", technician)
	ceo, cfo := contact(t, s, board, "Carla Chefin", true), contact(t, s, board, "Frank Finanzen", true)
	admin := contact(t, s, shop, "Sven Systemadmin", false)
	today := time.Now().Format(time.DateOnly)
	add := func(who *auth.User, org, by string, contacts ...string) {
		if _, err := s.App.Steering.AddActivity(ctx, who.Actor(), org, steering.ActivityInput{Kind: "meeting", On: today, InitiatedBy: by, ContactIDs: contacts}); err != nil {
			t.Fatal(err)
		}
	}
	add(strategist, board, "us", ceo)
	add(strategist, board, "us", cfo, ceo)
	add(strategist, board, "us", ceo)
	add(strategist, board, "partner")
	add(technician, shop, "partner", admin)
	add(technician, shop, "partner", admin)

	b.Login(s.CreateUser(auth.RoleAdmin, "").Email)
	b.Open("/steering/team")
	b.CheckLabels("the team view")
	for _, want := range []struct {
		who   *auth.User
		share string
	}{{strategist, "75 %"}, {technician, "0 %"}} {
		row := `#team-managers tr[data-manager="` + want.who.ID + `"]`
		if name := b.Text(row + " th"); name != want.who.Name {
			t.Errorf("the row reads %q, want %q", name, want.who.Name)
		}
		if got := b.Text(row + " .c-level-share"); got != want.share {
			t.Errorf("%s's C-level share reads %q, want %q", want.who.Name, got, want.share)
		}
	}
	if got := b.Text(`#team-managers tr[data-manager=""] .c-level-share`); got != "50 %" {
		t.Errorf("the team's C-level share reads %q, want 50 %%", got)
	}
	if good := b.Text("dl.team-good"); !strings.Contains(good, "C-level") {
		t.Errorf("what good looks like reads %q", good)
	}
}
