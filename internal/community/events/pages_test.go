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
	"pakt/internal/community/events"
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
	if _, err := s.App.Community.SaveSettings(ctx, auth.System, community.SettingsInput{Mode: new(community.ModeBoth)}); err != nil {
		t.Fatal(err)
	}
	org := s.Member("Hochverfügbar Systeme GmbH", community.KindOrdinary, time.Now().AddDate(-1, 0, 0))
	lang := func(c *apptest.Client, l string) *apptest.Client { c.Lang = l; return c }
	board := lang(s.Login(s.CreateUser(auth.RoleBoard, "").Email), "de")
	liaison := lang(s.Login(s.CreateUser(auth.RoleLiaison, "").Email), "en")
	first := lang(s.Login(s.CreateUser(auth.RolePartnerAdmin, org).Email), "en")
	second := lang(s.Login(s.CreateUser(auth.RolePartnerMember, org).Email), "de")

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

// After a partner day the board ticks who came on the check-in page in
// German; an attendee who came reads in English which companies to be
// introduced to, with a button to the concierge's request, while a
// colleague who is no partner admin is told who can ask.
func TestCheckInAndSuggestionsPages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	slug, de, en := "ha", "Hochverfügbarkeit", "High availability"
	c, err := s.App.Partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{Slug: &slug, NameDE: &de, NameEN: &en})
	if err != nil {
		t.Fatal(err)
	}
	org := func(name string) string {
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: &name, Published: new(true), Kind: new(partner.KindMember), Competencies: &[]string{c.ID}})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	alpha, beta := org("Alpha Cluster GmbH"), org("Beta Failover AG")
	if _, err := s.App.Community.SaveSettings(ctx, auth.System, community.SettingsInput{Mode: new(community.ModeAssociation)}); err != nil {
		t.Fatal(err)
	}
	err = s.App.DB.Tx(ctx, func(tx *sql.Tx) error {
		for _, o := range []string{alpha, beta} {
			if _, err := s.App.Community.StartMembership(ctx, tx, auth.System, o, community.KindOrdinary, time.Now().AddDate(-1, 0, 0)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	boardUser := s.CreateUser(auth.RoleBoard, "")
	users := []*auth.User{s.CreateUser(auth.RolePartnerAdmin, alpha), s.CreateUser(auth.RolePartnerAdmin, beta), s.CreateUser(auth.RolePartnerMember, alpha)}
	starts := time.Now().UTC().Add(-3 * time.Hour)
	// Planned and registered for a week before.
	before := *s.App.Events
	before.Now = func() time.Time { return starts.AddDate(0, 0, -7) }
	e, err := before.Create(ctx, boardUser.Actor(), events.Input{Kind: new(events.KindPartnerDay), Title: new("Partnertag Nord"), Place: new("Hamburg"),
		Starts: &starts, Ends: new(starts.Add(2 * time.Hour))})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if _, err := before.Register(ctx, u.Actor(), e.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	board := s.Login(boardUser.Email)
	board.Lang = "de"
	path := events.EventPath(e.ID)
	res := board.Get(path + "/attendance")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Haken Sie ab, wer gekommen ist") || !strings.Contains(res.Body, users[1].Name) {
		t.Fatalf("the check-in page: %d\n%.3000s", res.Status, res.Body)
	}
	regs, err := s.App.Events.Registrations(ctx, boardUser.Actor(), e.ID)
	if err != nil {
		t.Fatal(err)
	}
	came := url.Values{}
	for _, r := range regs {
		came.Add("attended", r.ID)
	}
	if res := board.Form("POST", path+"/attendance", came); res.Status != http.StatusSeeOther {
		t.Fatalf("saving the check-in: %d\n%.2000s", res.Status, res.Body)
	}
	if res := board.Get(path + "/attendance"); !strings.Contains(res.Body, "3 gekommen") {
		t.Fatalf("the check-in saved: %.3000s", res.Body)
	}
	first := s.Login(users[0].Email)
	first.Lang = "en"
	res = first.Get(path)
	if !strings.Contains(res.Body, "Introductions worth making") || !strings.Contains(res.Body, "Beta Failover AG") || !strings.Contains(res.Body, "Shared: High availability") ||
		!strings.Contains(res.Body, `href="/introductions/new?competency=`+c.ID) {
		t.Fatalf("the suggestions: %.4000s", res.Body)
	}
	colleague := s.Login(users[2].Email)
	colleague.Lang = "de"
	if res := colleague.Get(path); !strings.Contains(res.Body, "Die Partner-Admins Ihres Unternehmens können") || strings.Contains(res.Body, "/introductions/new") {
		t.Fatalf("the colleague's suggestions: %.4000s", res.Body)
	}
}
