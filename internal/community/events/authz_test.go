package events_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/community/events"
)

// fixture holds the matrix's events: a public one (P) and a members-only
// one (M) ahead, both with A's partner admin registered and shown and a
// person of C registered but not shown, and one that has started (S).
type fixture struct {
	P, M, S string
}

// The secrets: M's title (members only), the person of C who did not agree
// to be shown, and who registered for the public event (the liaison sees
// no attendees).
const (
	secretTitle = "Geheimtreffen der Mitglieder"
	hiddenName  = "Verborgene Teilnehmerin"
)

func plan(f *apptest.Fixture, title string, public bool, starts time.Time) string {
	f.T.Helper()
	e, err := f.S.App.Events.Create(context.Background(), f.AdminActor, events.Input{Kind: new(events.KindMemberMeeting), Title: &title,
		Place: new("Kassel"), Starts: &starts, Ends: new(starts.Add(2 * time.Hour)), Capacity: new(10), Public: &public})
	if err != nil {
		f.T.Fatal(err)
	}
	return e.ID
}

func register(f *apptest.Fixture, a *auth.Actor, id string, visible bool) {
	f.T.Helper()
	if _, err := f.S.App.Events.Register(context.Background(), a, id, visible); err != nil {
		f.T.Fatal(err)
	}
}

func setup(f *apptest.Fixture) *fixture {
	return apptest.Once(f, "events", func() *fixture {
		f.Association()
		ctx := context.Background()
		soon := time.Now().UTC().AddDate(0, 0, 10)
		x := &fixture{P: plan(f, "Offener Partnertag", true, soon), M: plan(f, secretTitle, false, soon.Add(24*time.Hour)),
			S: plan(f, f.Unique("Laufende Versammlung"), false, time.Now().UTC().Add(-time.Hour))}
		role := auth.RolePartnerMember
		u, err := f.S.App.Auth.CreateUser(ctx, auth.System, auth.UserInput{Email: new("verborgen@gamma.example"), Name: new(hiddenName), Role: &role,
			OrgID: &f.C, Password: new(apptest.Password)})
		if err != nil {
			f.T.Fatal(err)
		}
		for _, id := range []string{x.P, x.M} {
			register(f, f.Users["padmin"].Actor(), id, true)
			register(f, f.Users["pmember"].Actor(), id, false)
			register(f, u.Actor(), id, false)
		}
		f.Forbid(secretTitle, "anon", "manager", "recruiter", "liaison", "other")
		f.Forbid(hiddenName, "anon", "manager", "recruiter", "liaison", "padmin", "pmember", "other")
		f.Forbid(f.Users["padmin"].Name, "liaison", "other", "manager", "recruiter")
		f.Forbid(f.Users["pmember"].Name, "padmin", "liaison", "other", "manager", "recruiter", "anon")
		return x
	})
}

// Admins and the board plan, change, cancel and check in; members see
// every event and register; the liaison sees public events and nobody
// registered; managers, recruiters and B (no member) see nothing. The list
// of who else is coming and the suggestions are for confirmed attendees.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	apptest.Matrix(t, "events", func() []apptest.Case {
		at := func(pick func(*fixture) string, tail string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/community/events/" + pick(setup(f)) + tail }
		}
		api := func(pick func(*fixture) string, tail string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/api/v1/community/events/" + pick(setup(f)) + tail }
		}
		P := func(x *fixture) string { return x.P }
		M := func(x *fixture) string { return x.M }
		S := func(x *fixture) string { return x.S }
		// newEvent plans a members-only event per call, for the writes,
		// with A's people registered when registered.
		newEvent := func(f *apptest.Fixture, registered bool) string {
			setup(f)
			id := plan(f, f.Unique("Frische Veranstaltung"), false, time.Now().UTC().AddDate(0, 1, 0))
			if registered {
				register(f, f.Users["padmin"].Actor(), id, false)
				register(f, f.Users["pmember"].Actor(), id, false)
			}
			return id
		}
		page := func(registered bool, tail string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/community/events/" + newEvent(f, registered) + tail }
		}
		apiFresh := func(registered bool, tail string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/api/v1/community/events/" + newEvent(f, registered) + tail }
		}
		list := func(p string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { setup(f); return p }
		}
		form := func(*apptest.Fixture) url.Values {
			start := time.Now().AddDate(0, 2, 0).Format("2006-01-02T15:04")
			end := time.Now().AddDate(0, 2, 0).Add(time.Hour).Format("2006-01-02T15:04")
			return url.Values{"kind": {events.KindPartnerDay}, "title": {"Partnertag Nord"}, "place": {"Hamburg"}, "starts_at": {start}, "ends_at": {end}, "capacity": {"30"}}
		}
		body := func(*apptest.Fixture) any {
			start := time.Now().UTC().AddDate(0, 2, 0)
			return map[string]any{"kind": events.KindTradeFair, "title": "Messestand", "place": "Hannover", "starts_at": start, "ends_at": start.Add(time.Hour), "capacity": 4}
		}
		const (
			inside   = "admin,board,padmin,pmember:200 anon:303 *:404"
			insideAP = "admin,board,padmin,pmember:200 anon:401 *:404"
			runs     = "admin,board:200 anon:303 *:404"
			runsPost = "admin,board:303 anon:401 *:404"
			runsAPI  = "admin,board:200 anon:401 *:404"
		)
		return []apptest.Case{
			{Pattern: "GET /community/events", Path: list("/community/events"), Want: "admin,board,liaison,padmin,pmember:200 anon:303 *:404"},
			{Pattern: "GET /community/events/new", Path: list("/community/events/new"), Want: runs},
			{Pattern: "POST /community/events", Path: list("/community/events"), Form: form, Want: runsPost},
			{Pattern: "GET /community/events/{id}", Path: at(M, ""), Want: inside},
			{Pattern: "GET /community/events/{id}", Path: at(P, ""), Want: "admin,board,liaison,padmin,pmember:200 anon:303 *:404"},
			{Pattern: "GET /community/events/{id}/edit", Path: at(M, "/edit"), Want: runs},
			{Pattern: "POST /community/events/{id}", Path: page(false, ""), Form: form, Want: runsPost},
			{Pattern: "POST /community/events/{id}/cancel", Path: page(true, "/cancel"), Want: runsPost},
			{Pattern: "POST /community/events/{id}/registration", Path: page(false, "/registration"), Form: func(*apptest.Fixture) url.Values { return url.Values{"visible": {"1"}} },
				Want: "padmin,pmember:303 admin,board:403 anon:401 *:404"},
			{Pattern: "POST /community/events/{id}/registration/cancel", Path: page(true, "/registration/cancel"), Want: "padmin,pmember:303 admin,board:403 anon:401 *:404"},
			{Pattern: "GET /community/events/{id}/attendance", Path: at(M, "/attendance"), Want: runs},
			{Pattern: "POST /community/events/{id}/attendance", Path: at(S, "/attendance"), Form: func(*apptest.Fixture) url.Values { return url.Values{} }, Want: runsPost},
			{Pattern: "GET /community/events/{id}/event.ics", Path: at(P, "/event.ics"), Want: "admin,board,liaison,padmin,pmember:200 anon:303 *:404"},
			{Pattern: "GET /community/events/{id}/event.ics", Path: at(M, "/event.ics"), Want: inside},

			{Pattern: "GET /api/v1/community/events", Path: list("/api/v1/community/events"), Want: "admin,board,liaison,padmin,pmember:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/community/events", Path: list("/api/v1/community/events"), JSON: body, Want: "admin,board:201 anon:401 *:404"},
			{Pattern: "GET /api/v1/community/events/{id}", Path: api(M, ""), Want: insideAP},
			{Pattern: "GET /api/v1/community/events/{id}", Path: api(P, ""), Want: "admin,board,liaison,padmin,pmember:200 anon:401 *:404"},
			{Pattern: "PUT /api/v1/community/events/{id}", Path: apiFresh(false, ""), JSON: func(*apptest.Fixture) any { return map[string]any{"capacity": 12} }, Want: runsAPI},
			{Pattern: "POST /api/v1/community/events/{id}/cancel", Path: apiFresh(true, "/cancel"), Want: runsAPI},
			{Pattern: "PUT /api/v1/community/events/{id}/registration", Path: apiFresh(false, "/registration"), JSON: func(*apptest.Fixture) any { return map[string]any{"visible": true} },
				Want: "padmin,pmember:200 admin,board:403 anon:401 *:404"},
			{Pattern: "DELETE /api/v1/community/events/{id}/registration", Path: apiFresh(true, "/registration"), Want: "padmin,pmember:204 admin,board:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/community/events/{id}/registrations", Path: api(M, "/registrations"), Want: runsAPI},
			{Pattern: "PUT /api/v1/community/events/{id}/attendance", Path: api(S, "/attendance"), JSON: func(*apptest.Fixture) any { return map[string]any{"attended": []string{}} },
				Want: runsAPI},
			{Pattern: "GET /api/v1/community/events/{id}/attendees", Path: api(M, "/attendees"), Want: "padmin,pmember:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/community/events/{id}/suggestions", Path: api(M, "/suggestions"), Want: "padmin,pmember:200 anon:401 *:404"},
		}
	})
}
