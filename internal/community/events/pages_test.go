package events_test

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

// The board plans a members-only meeting for one through the form in
// German; a member's admin registers in English and takes the place, a
// colleague joins the waiting list; the admin cancels after confirming,
// and the colleague moves up and finds it in the inbox. The liaison does
// not find the meeting; the calendar download carries it.
func TestEventPages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new("Hochverfügbar Systeme GmbH"), Published: new(true), Kind: new(partner.KindMember)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Community.SaveSettings(ctx, auth.System, community.SettingsInput{Mode: new(community.ModeBoth)}); err != nil {
		t.Fatal(err)
	}
	err = s.App.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, err := s.App.Community.StartMembership(ctx, tx, auth.System, o.ID, community.KindOrdinary, time.Now().AddDate(-1, 0, 0))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	lang := func(c *apptest.Client, l string) *apptest.Client { c.Lang = l; return c }
	board := lang(s.Login(s.CreateUser(auth.RoleBoard, "").Email), "de")
	liaison := lang(s.Login(s.CreateUser(auth.RoleLiaison, "").Email), "en")
	first := lang(s.Login(s.CreateUser(auth.RolePartnerAdmin, o.ID).Email), "en")
	second := lang(s.Login(s.CreateUser(auth.RolePartnerMember, o.ID).Email), "de")

	starts := time.Now().AddDate(0, 0, 14)
	form := url.Values{"kind": {"member_meeting"}, "title": {"Mitgliederversammlung Herbst"}, "place": {""}, "online_url": {"ftp://x"},
		"starts_at": {starts.Format("2006-01-02T15:04")}, "ends_at": {starts.Add(2 * time.Hour).Format("2006-01-02T15:04")}, "capacity": {"1"}}
	res := board.Form("POST", "/community/events", form)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Keine Webadresse") || !strings.Contains(res.Body, `value="Mitgliederversammlung Herbst"`) {
		t.Fatalf("a bad link: %d\n%.2000s", res.Status, res.Body)
	}
	form.Set("online_url", "https://meet.example/mv")
	res = board.Form("POST", "/community/events", form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("planning: %d\n%.2000s", res.Status, res.Body)
	}
	path := res.Header.Get("Location")
	if res := board.Get(path); res.Status != http.StatusOK || !strings.Contains(res.Body, "Nur für Mitglieder") || !strings.Contains(res.Body, "0 von 1 belegt") {
		t.Fatalf("the board's page: %d\n%.2000s", res.Status, res.Body)
	}
	if res := first.Form("POST", path+"/registration", url.Values{"visible": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("registering: %d\n%.2000s", res.Status, res.Body)
	}
	if res := first.Get(path); !strings.Contains(res.Body, "Registered") || !strings.Contains(res.Body, "Who else is coming") || !strings.Contains(res.Body, "Hochverfügbar Systeme GmbH") {
		t.Fatalf("the member's page in English: %d\n%.3000s", res.Status, res.Body)
	}
	if res := second.Get(path); !strings.Contains(res.Body, "Auf die Warteliste") {
		t.Fatalf("the full event offers the waiting list: %.3000s", res.Body)
	}
	if res := second.Form("POST", path+"/registration", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("joining the waiting list: %d", res.Status)
	}
	if res := second.Get(path); !strings.Contains(res.Body, "Warteliste, Platz 1") || strings.Contains(res.Body, `id="ev-who"`) {
		t.Fatalf("on the waiting list: %.3000s", res.Body)
	}
	// Unconfirmed, cancelling only asks.
	if res := first.Form("POST", path+"/registration/cancel", nil); res.Status != http.StatusOK || !strings.Contains(res.Body, "Cancel your registration?") {
		t.Fatalf("the question: %d\n%.2000s", res.Status, res.Body)
	}
	if res := first.Form("POST", path+"/registration/cancel", url.Values{"confirmed": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("cancelling: %d", res.Status)
	}
	if res := second.Get(path); !strings.Contains(res.Body, "Angemeldet") {
		t.Fatalf("moved up: %.3000s", res.Body)
	}
	if res := second.Get("/inbox"); !strings.Contains(res.Body, "Ein Platz ist frei: Mitgliederversammlung Herbst") {
		t.Fatalf("the inbox: %.3000s", res.Body)
	}
	if res := liaison.Get(path); res.Status != http.StatusNotFound {
		t.Errorf("the liaison opened a members-only event: %d", res.Status)
	}
	if res := liaison.Get("/community/events"); res.Status != http.StatusOK || strings.Contains(res.Body, "Mitgliederversammlung Herbst") {
		t.Errorf("the liaison's list: %d", res.Status)
	}
	res = second.Get(path + "/event.ics")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "SUMMARY:Mitgliederversammlung Herbst") || !strings.Contains(res.Body, `DESCRIPTION:Mitgliederversammlung\n`) {
		t.Fatalf("the calendar download: %d\n%s", res.Status, res.Body)
	}
}
