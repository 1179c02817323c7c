package account_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pakt/internal/account"
	"pakt/internal/app/apptest"
	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/community/events"
	"pakt/internal/jourfixe"
	"pakt/internal/partner"
)

// calendarWorld is a member organisation X with a jour fixe series with Y,
// an event with one place, and two people of X: holder has the place,
// waiting is on the waiting list.
type calendarWorld struct {
	ctx             context.Context
	s               *apptest.Server
	series, event   string
	holder, waiting *auth.Actor
}

func newCalendarWorld(t *testing.T, s *apptest.Server) *calendarWorld {
	t.Helper()
	w := &calendarWorld{ctx: context.Background(), s: s}
	admin := &auth.Actor{UserID: s.CreateUser(auth.RoleAdmin, "").ID, Role: auth.RoleAdmin}
	org := func(name string) string {
		o, err := s.App.Partners.Create(w.ctx, auth.System, partner.Input{LegalName: &name, Published: new(true), Kind: new(partner.KindMember)})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	x, y := org("Kalender Xaver GmbH"), org("Kalender Ypsilon AG")
	if _, err := s.App.Community.SaveSettings(w.ctx, admin, community.SettingsInput{Mode: new(community.ModeBoth)}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	start := now.AddDate(0, -1, 0).Truncate(time.Hour).Add(time.Hour)
	err := s.App.DB.Tx(w.ctx, func(tx *sql.Tx) error {
		if _, err := s.App.Community.StartMembership(w.ctx, tx, auth.System, x, community.KindOrdinary, now.AddDate(-1, 0, 0)); err != nil {
			return err
		}
		return s.App.JourFixe.At(start.Add(-time.Minute)).Schedule(w.ctx, tx, jourfixe.SeriesInput{AgreementID: "kalender-vereinbarung",
			Title: "Jour fixe Xaver Ypsilon", OrgIDs: []string{x, y}, Cadence: jourfixe.CadenceWeekly, Start: start, Minutes: 60})
	})
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.App.JourFixe.List(w.ctx, admin, "kalender-vereinbarung")
	if err != nil || len(list) != 1 {
		t.Fatalf("the series: %v, %v", list, err)
	}
	w.series = list[0].ID
	board := s.CreateUser(auth.RoleBoard, "").Actor()
	starts := now.AddDate(0, 0, 14).Truncate(time.Hour)
	e, err := s.App.Events.Create(w.ctx, board, events.Input{Kind: new(events.KindAnnualMeeting), Title: new("Mitgliederversammlung"),
		Place: new("Kassel"), Starts: &starts, Ends: new(starts.Add(3 * time.Hour)), Capacity: new(1), Public: new(false)})
	if err != nil {
		t.Fatal(err)
	}
	w.event = e.ID
	w.holder, w.waiting = s.CreateUser(auth.RolePartnerMember, x).Actor(), s.CreateUser(auth.RolePartnerMember, x).Actor()
	for _, a := range []*auth.Actor{w.holder, w.waiting} {
		if _, err := s.App.Events.Register(w.ctx, a, e.ID, false); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// uids returns the UIDs of a feed's appointments, and fails when the
// token finds nothing.
func (w *calendarWorld) uids(t *testing.T, token string) map[string]bool {
	t.Helper()
	cal, err := w.s.App.Calendar.Open(w.ctx, token, "https://pakt.example")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, e := range cal.Events {
		out[e.UID] = true
	}
	return out
}

// gone checks that a token finds nothing.
func (w *calendarWorld) gone(t *testing.T, what, token string) {
	t.Helper()
	if _, err := w.s.App.Calendar.Open(w.ctx, token, ""); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("%s: %v, want not found", what, err)
	}
}

// A person's one calendar feed holds the jour fixe meetings of their
// organisation and the events they hold a place at; a new token ends the
// old one, and a revoked feed or a disabled person's answers nothing.
func TestPersonalCalendarFeed(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		w := newCalendarWorld(t, s)
		d, err := s.App.JourFixe.Get(w.ctx, w.holder, w.series)
		if err != nil {
			t.Fatal(err)
		}
		meeting := d.Meetings[0].ID + "@pakt"
		event := "event-" + w.event + "@pakt"

		if since, err := s.App.Calendar.Since(w.ctx, w.holder); err != nil || since != nil {
			t.Fatalf("a feed before any was made: %v, %v", since, err)
		}
		f1, err := s.App.Calendar.Create(w.ctx, w.holder, "https://pakt.example/")
		if err != nil {
			t.Fatal(err)
		}
		if f1.URL != "https://pakt.example"+account.CalendarPath(f1.Token) || f1.WebcalURL != "webcal://pakt.example"+account.CalendarPath(f1.Token) {
			t.Errorf("the feed's URLs: %+v", f1)
		}
		got := w.uids(t, f1.Token)
		if !got[meeting] || !got[event] {
			t.Errorf("the holder's feed has the meeting %v and the event %v, want both", got[meeting], got[event])
		}
		if since, err := s.App.Calendar.Since(w.ctx, w.holder); err != nil || since == nil {
			t.Errorf("the account does not know the feed: %v", err)
		}

		fw, err := s.App.Calendar.Create(w.ctx, w.waiting, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := w.uids(t, fw.Token); !got[meeting] || got[event] {
			t.Errorf("the waiting person's feed has the meeting %v and the event %v, want only the meeting", got[meeting], got[event])
		}

		// A new token: the old URL stops working.
		f2, err := s.App.Calendar.Create(w.ctx, w.holder, "")
		if err != nil || f2.Token == f1.Token {
			t.Fatalf("a new address: %v", err)
		}
		w.gone(t, "the replaced token", f1.Token)
		if got := w.uids(t, f2.Token); !got[event] {
			t.Error("the new token lost the event")
		}

		// Revoked: gone; revoking again does nothing.
		for range 2 {
			if err := s.App.Calendar.Revoke(w.ctx, w.holder); err != nil {
				t.Fatal(err)
			}
		}
		w.gone(t, "a revoked token", f2.Token)
		w.gone(t, "an unknown token", strings.Repeat("A", 43))
		w.gone(t, "no token", "")

		// A disabled person's feed answers nothing.
		admin := &auth.Actor{UserID: s.CreateUser(auth.RoleAdmin, "").ID, Role: auth.RoleAdmin}
		if _, err := s.App.Auth.UpdateUser(w.ctx, admin, w.waiting.UserID, auth.UserInput{Disabled: new(true)}); err != nil {
			t.Fatal(err)
		}
		w.gone(t, "a disabled person's feed", fw.Token)
	})
}

// The account page offers the feed in the reader's language, shows its
// URL once, asks before ending it; the feed is text/calendar in its
// owner's language.
func TestCalendarFeedPage(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	w := newCalendarWorld(t, s)
	if err := s.App.Auth.SetLanguage(w.ctx, w.waiting, "en"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang                                            string
		who                                             *auth.Actor
		section, create, revoke, ask, name, appointment string
	}{
		{"de", w.holder, "Mein Kalender", "Kalender-Abo einrichten", "Abo beenden", "Kalender-Abo beenden?", "X-WR-CALNAME:Mein Kalender (pakt)",
			"SUMMARY:Mitgliederversammlung"},
		{"en", w.waiting, "My calendar", "Set up a calendar subscription", "End the subscription", "End your calendar subscription?", "X-WR-CALNAME:My calendar (pakt)",
			"SUMMARY:Jour fixe: Jour fixe Xaver Ypsilon"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			c := s.Login(tc.who.Email)
			c.Lang = tc.lang
			page := c.Get("/account")
			if page.Status != http.StatusOK || !strings.Contains(page.Body, tc.section) || !strings.Contains(page.Body, tc.create) || strings.Contains(page.Body, tc.revoke) {
				t.Fatalf("the account page without a feed: %d\n%s", page.Status, page.Body)
			}
			made := c.Form("POST", "/account/calendar", url.Values{})
			i := strings.Index(made.Body, `id="calendar-url">`)
			if made.Status != http.StatusOK || i < 0 || !strings.Contains(made.Body, `href="webcal://`) {
				t.Fatalf("the made feed: %d\n%s", made.Status, made.Body)
			}
			link := made.Body[i+len(`id="calendar-url">`):]
			link = link[:strings.Index(link, "<")]
			path := strings.TrimPrefix(link, s.URL)
			feed := s.Anonymous().Get(path)
			if feed.Status != http.StatusOK || !strings.HasPrefix(feed.Header.Get("Content-Type"), "text/calendar") || !strings.Contains(feed.Body, tc.name) ||
				!strings.Contains(feed.Body, tc.appointment) {
				t.Fatalf("the feed at %s: %d %s\n%s", path, feed.Status, feed.Header.Get("Content-Type"), feed.Body)
			}
			again := c.Get("/account")
			if strings.Contains(again.Body, path) || !strings.Contains(again.Body, tc.revoke) {
				t.Errorf("the page shows the URL again or offers no end:\n%s", again.Body)
			}
			ask := c.Form("POST", "/account/calendar/revoke", url.Values{})
			if ask.Status != http.StatusOK || !strings.Contains(ask.Body, tc.ask) {
				t.Fatalf("ending asks first: %d\n%s", ask.Status, ask.Body)
			}
			if got := s.Anonymous().Get(path); got.Status != http.StatusOK {
				t.Errorf("the feed after the question only: %d", got.Status)
			}
			if done := c.Form("POST", "/account/calendar/revoke", url.Values{"confirmed": {"1"}}); done.Status != http.StatusSeeOther {
				t.Fatalf("ending: %d", done.Status)
			}
			if got := s.Anonymous().Get(path); got.Status != http.StatusNotFound {
				t.Errorf("the ended feed: %d, want 404", got.Status)
			}
		})
	}
}
