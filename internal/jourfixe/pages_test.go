package jourfixe_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/jourfixe"
	"pakt/internal/partner"
)

// A party's user finds the jour fixe, records a meeting, subscribes to the
// series in a calendar without logging in there, and ends the
// subscription; the scheduled work tells the parties about missed
// meetings.
func TestJourFixeForAParty(t *testing.T) {
	s := apptest.Start(t)
	ctx := context.Background()
	org := func(name string) string {
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: &name})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	a, c := org("Müller IT GmbH & Co. KG"), org("Schön & Söhne AG")
	user := s.CreateUser(auth.RolePartnerAdmin, a)
	member := s.Login(s.CreateUser(auth.RolePartnerMember, a).Email)
	start := time.Now().UTC().AddDate(0, 0, -22).Truncate(time.Hour)
	past := s.App.JourFixe.At(start.Add(-time.Minute))
	if err := s.App.DB.Tx(ctx, func(tx *sql.Tx) error {
		return past.Schedule(ctx, tx, jourfixe.SeriesInput{AgreementID: "agreement-1", Title: "Vertrieb Nord", OrgIDs: []string{a, c},
			Cadence: jourfixe.CadenceWeekly, Start: start, Minutes: 60})
	}); err != nil {
		t.Fatal(err)
	}
	cl := s.Login(user.Email)

	list := cl.Get("/jour-fixe")
	m := regexp.MustCompile(`href="/jour-fixe/([0-9a-f-]{36})">Vertrieb Nord</a>`).FindStringSubmatch(list.Body)
	if list.Status != http.StatusOK || m == nil || !strings.Contains(list.Body, "Müller IT GmbH &amp; Co. KG, Schön &amp; Söhne AG") ||
		!strings.Contains(list.Body, "3 missed") {
		t.Fatalf("the list: %d\n%s", list.Status, list.Body)
	}
	seriesID := m[1]
	page := cl.Get("/jour-fixe/" + seriesID)
	// The past meetings: three missed, the latest still to be recorded.
	first := regexp.MustCompile(`href="/jour-fixe/`+seriesID+`/meetings/([0-9a-f-]{36})"`).FindAllStringSubmatch(page.Body, -1)
	if page.Status != http.StatusOK || len(first) < 12 || strings.Count(page.Body, `tag jf-missed">missed`) != 3 {
		t.Fatalf("the series page: %d, %d meetings listed\n%s", page.Status, len(first), page.Body)
	}
	// The past is listed newest first: the last link is the first meeting.
	meeting := first[len(first)-1][1]
	mpath := jourfixe.MeetingPath(seriesID, meeting)

	// A member of the party reads the meeting; its admins record it.
	if res := member.Get(mpath); res.Status != http.StatusOK || strings.Contains(res.Body, `action="`+mpath+`/notes"`) ||
		!strings.Contains(res.Body, "your partner admins make the entries and decisions") {
		t.Errorf("the member's meeting page: %d\n%s", res.Status, res.Body)
	}
	if res := member.Form("POST", mpath+"/notes", url.Values{"note": {"vom Mitglied"}}); res.Status != http.StatusForbidden {
		t.Errorf("a member's note: %d", res.Status)
	}
	if res := cl.Form("POST", mpath+"/notes", url.Values{"note": {"  "}}); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="jf-note-err"`) {
		t.Errorf("an empty note: %d\n%s", res.Status, res.Body)
	}
	if res := cl.Form("POST", mpath+"/notes", url.Values{"note": {"Angebot bis Freitag; Termin mit dem Kunden."}}); res.Status != http.StatusSeeOther {
		t.Fatalf("add a note: %d %s", res.Status, res.Body)
	}
	mp := cl.Get(mpath)
	if !strings.Contains(mp.Body, "Angebot bis Freitag; Termin mit dem Kunden.") || !strings.Contains(mp.Body, user.Name+" · Müller IT GmbH &amp; Co. KG") ||
		!strings.Contains(mp.Body, `tag jf-held">held`) {
		t.Errorf("the meeting page after the note:\n%s", mp.Body)
	}

	// Subscribe: the URL is shown once and works without a session.
	sub := cl.Form("POST", "/jour-fixe/"+seriesID+"/feed", nil)
	fm := regexp.MustCompile(`id="jf-feed-url">([^<]+)<`).FindStringSubmatch(sub.Body)
	if sub.Status != http.StatusOK || fm == nil {
		t.Fatalf("subscribe: %d\n%s", sub.Status, sub.Body)
	}
	feedURL, err := url.Parse(fm[1])
	if err != nil || !strings.HasPrefix(fm[1], s.URL+"/ical/") || !strings.HasSuffix(fm[1], ".ics") {
		t.Fatalf("feed URL %q: %v", fm[1], err)
	}
	if strings.Contains(cl.Get("/jour-fixe/"+seriesID).Body, fm[1]) {
		t.Error("the feed URL is shown again")
	}
	anon := s.Anonymous()
	cal := anon.Get(feedURL.Path)
	if cal.Status != http.StatusOK || cal.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Fatalf("the feed: %d %s", cal.Status, cal.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(cal.Body, "BEGIN:VCALENDAR\r\n") || !strings.Contains(cal.Body, "UID:"+meeting+"@pakt\r\n") ||
		strings.Count(cal.Body, "BEGIN:VEVENT") < 50 || !strings.Contains(cal.Body, "SUMMARY:Jour fixe: Vertrieb Nord\r\n") {
		t.Errorf("the feed:\n%.2000s", cal.Body)
	}
	// Unconfirmed, the revocation only asks; the feed keeps working.
	if res := cl.Form("POST", "/jour-fixe/"+seriesID+"/feed/revoke", nil); res.Status != http.StatusOK || !strings.Contains(res.Body, `name="confirmed" value="1"`) {
		t.Fatalf("unconfirmed revoke: %d\n%.2000s", res.Status, res.Body)
	}
	if res := anon.Get(feedURL.Path); res.Status != http.StatusOK {
		t.Fatalf("after an unconfirmed revocation the feed answers %d", res.Status)
	}
	if res := cl.Form("POST", "/jour-fixe/"+seriesID+"/feed/revoke", url.Values{"confirmed": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.Status)
	}
	if res := anon.Get(feedURL.Path); res.Status != http.StatusNotFound {
		t.Errorf("a revoked feed answers %d", res.Status)
	}

	// The same through the API: a note and the held mark in one call, the
	// series with its meetings, a feed made and ended.
	second := first[len(first)-2][1]
	res := cl.JSON("PATCH", "/api/v1"+jourfixe.MeetingPath(seriesID, second), map[string]any{"held": true, "note": "Per API: Angebot verschickt."})
	var md struct {
		Status string `json:"status"`
		HeldBy string `json:"held_by"`
		Notes  []struct {
			Body          string `json:"body"`
			AuthorOrgName string `json:"author_org_name"`
		} `json:"notes"`
	}
	res.JSON(t, &md)
	if res.Status != http.StatusOK || md.Status != "held" || md.HeldBy != user.Name || len(md.Notes) != 1 || md.Notes[0].AuthorOrgName != "Müller IT GmbH & Co. KG" {
		t.Errorf("PATCH meeting: %d %s", res.Status, res.Body)
	}
	var sd struct {
		Title    string `json:"title"`
		Cadence  string `json:"cadence"`
		Missed   int    `json:"missed"`
		Meetings []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"meetings"`
	}
	res = cl.Get("/api/v1/jour-fixe/" + seriesID)
	res.JSON(t, &sd)
	if sd.Title != "Vertrieb Nord" || sd.Cadence != "weekly" || sd.Missed != 1 || len(sd.Meetings) < 50 || sd.Meetings[0].ID != meeting || sd.Meetings[0].Status != "held" {
		t.Errorf("GET series: %.500s", res.Body)
	}
	var nf struct {
		URL string `json:"url"`
	}
	res = cl.JSON("POST", "/api/v1/jour-fixe/"+seriesID+"/feed", nil)
	res.JSON(t, &nf)
	u, err := url.Parse(nf.URL)
	if res.Status != http.StatusCreated || err != nil || anon.Get(u.Path).Status != http.StatusOK {
		t.Fatalf("POST feed: %d %s", res.Status, res.Body)
	}
	if res := cl.JSON("DELETE", "/api/v1/jour-fixe/"+seriesID+"/feed", nil); res.Status != http.StatusNoContent || anon.Get(u.Path).Status != http.StatusNotFound {
		t.Errorf("DELETE feed: %d, then the feed answers %d", res.Status, anon.Get(u.Path).Status)
	}

	// The scheduled work reports the meeting still missed (the latest ended
	// less than a day ago) once. The server's own round at its start may
	// have reported the first two before they were recorded.
	for range 2 {
		if err := s.App.Tick(ctx); err != nil {
			t.Fatal(err)
		}
	}
	inbox, err := s.App.Notify.Inbox(ctx, user.Actor(), "", true, 20)
	if err != nil {
		t.Fatal(err)
	}
	links := map[string]int{}
	for _, n := range inbox {
		links[n.Link]++
		if !strings.HasPrefix(n.Title, "Jour fixe „Vertrieb Nord“ vom ") { // the user set no language: German
			t.Errorf("notice %q", n.Title)
		}
	}
	delete(links, mpath)
	delete(links, jourfixe.MeetingPath(seriesID, second))
	if len(links) != 1 {
		t.Errorf("notices for %d missed meetings, want 1: %v", len(links), links)
	}
	for link, n := range links {
		if n != 1 || !strings.HasPrefix(link, "/jour-fixe/"+seriesID+"/meetings/") {
			t.Errorf("%s: %d notices", link, n)
		}
	}
}
