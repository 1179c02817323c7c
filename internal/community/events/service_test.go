package events_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/community/events"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// world is an association (beside the programme) with two member
// organisations, A (high availability and security) and C (security and
// cloud), and B, which is not a member; users of each, a board member, a
// liaison and an admin; and the events service on a clock of its own.
type world struct {
	t       *testing.T
	ctx     context.Context
	now     time.Time
	svc     *events.Service
	users   *auth.Service
	inbox   *notify.Service
	A, B, C string
	ha, sec string

	admin, board, liaison, b1 *auth.Actor
	a                         []*auth.Actor
	c1                        *auth.Actor
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	w := &world{t: t, ctx: context.Background(), now: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return w.now }
	partners := partner.NewService(d, clock)
	comm := community.NewService(d, clock)
	w.users = auth.NewService(d, clock)
	w.inbox = notify.NewService(d, clock, nil, slog.Default())
	w.svc = events.NewService(d, clock, comm, partners, w.inbox)
	comp := func(slug, de, en string) string {
		c, err := partners.SaveCompetency(w.ctx, auth.System, "", partner.CompetencyInput{Slug: &slug, NameDE: &de, NameEN: &en})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	w.ha, w.sec = comp("ha", "Hochverfügbarkeit", "High availability"), comp("sec", "Sicherheit", "Security")
	cloud := comp("cloud", "Cloud", "Cloud")
	org := func(name string, comps ...string) string {
		o, err := partners.Create(w.ctx, auth.System, partner.Input{LegalName: &name, Published: new(true), Kind: new(partner.KindMember), Competencies: &comps})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	w.A, w.B, w.C = org("Alpha Verfügbar GmbH", w.ha, w.sec), org("Beta Außen AG", w.sec), org("Gamma Sicher KG", w.sec, cloud)
	if _, err := comm.SaveSettings(w.ctx, &auth.Actor{Role: auth.RoleAdmin}, community.SettingsInput{Mode: new(community.ModeBoth)}); err != nil {
		t.Fatal(err)
	}
	err := d.Tx(w.ctx, func(tx *sql.Tx) error {
		for _, o := range []string{w.A, w.C} {
			if _, err := comm.StartMembership(w.ctx, tx, auth.System, o, community.KindOrdinary, w.now.AddDate(-1, 0, 0)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	user := func(role auth.Role, org, lang string) *auth.Actor {
		n++
		in := auth.UserInput{Email: new(fmt.Sprintf("person%d@events.example", n)), Name: new(fmt.Sprintf("Person %d", n)), Role: &role,
			Lang: &lang, Password: new("ein langes Passwort 123")}
		if org != "" {
			in.OrgID = &org
		}
		u, err := w.users.CreateUser(w.ctx, auth.System, in)
		if err != nil {
			t.Fatal(err)
		}
		return u.Actor()
	}
	w.admin, w.board, w.liaison = user(auth.RoleAdmin, "", "de"), user(auth.RoleBoard, "", "de"), user(auth.RoleLiaison, "", "en")
	for i := range 4 {
		role := auth.RolePartnerMember
		if i == 0 {
			role = auth.RolePartnerAdmin
		}
		w.a = append(w.a, user(role, w.A, []string{"de", "en"}[i%2]))
	}
	w.c1, w.b1 = user(auth.RolePartnerAdmin, w.C, "en"), user(auth.RolePartnerAdmin, w.B, "de")
	return w
}

func (w *world) event(public bool, capacity int, starts time.Time) *events.Event {
	w.t.Helper()
	e, err := w.svc.Create(w.ctx, w.board, events.Input{Kind: new(events.KindAnnualMeeting), Title: new("Jahresversammlung"),
		Place: new("Kassel, Kongress Palais"), Starts: &starts, Ends: new(starts.Add(3 * time.Hour)), Capacity: &capacity, Public: &public})
	if err != nil {
		w.t.Fatal(err)
	}
	return e
}

func (w *world) status(id string, a *auth.Actor) (string, int) {
	w.t.Helper()
	e, err := w.svc.Get(w.ctx, a, id)
	if err != nil {
		w.t.Fatal(err)
	}
	if e.Mine == nil {
		return "", 0
	}
	return e.Mine.Status, e.Mine.Position
}

func onField(err error, field string) bool {
	x, ok := apperr.As(err)
	if !ok || x.Code != apperr.Invalid {
		return false
	}
	for _, f := range x.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// The board plans an annual meeting for two; A's people register, the
// third waits, the fourth waits behind; a cancellation moves the first
// waiting up in the same transaction and tells them in their language;
// registering again after a cancellation queues at the back.
func TestWaitingList(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		e := w.event(false, 2, w.now.AddDate(0, 1, 0))
		for i, a := range w.a {
			w.now = w.now.Add(time.Minute)
			if _, err := w.svc.Register(w.ctx, a, e.ID, i == 0); err != nil {
				t.Fatal(err)
			}
		}
		for i, want := range []struct {
			status string
			pos    int
		}{{events.StatusConfirmed, 0}, {events.StatusConfirmed, 0}, {events.StatusWaiting, 1}, {events.StatusWaiting, 2}} {
			if s, p := w.status(e.ID, w.a[i]); s != want.status || p != want.pos {
				t.Errorf("person %d: %s %d, want %s %d", i, s, p, want.status, want.pos)
			}
		}
		got, err := w.svc.Get(w.ctx, w.board, e.ID)
		if err != nil || got.Confirmed != 2 || got.Waiting != 2 || !got.Full() {
			t.Fatalf("the board's count: %+v, %v", got, err)
		}
		w.now = w.now.Add(time.Hour)
		if err := w.svc.Unregister(w.ctx, w.a[1], e.ID); err != nil {
			t.Fatal(err)
		}
		if s, _ := w.status(e.ID, w.a[2]); s != events.StatusConfirmed {
			t.Fatalf("the first waiting after a cancellation: %s, want confirmed", s)
		}
		if s, p := w.status(e.ID, w.a[3]); s != events.StatusWaiting || p != 1 {
			t.Fatalf("the second waiting: %s %d, want first on the list", s, p)
		}
		inbox, err := w.inbox.Inbox(w.ctx, w.a[2], "", false, 10)
		if err != nil || len(inbox) != 1 || inbox[0].Kind != "events.moved_up" || inbox[0].Link != events.EventPath(e.ID) {
			t.Fatalf("the person moved up is told: %+v, %v", inbox, err)
		}
		if other, _ := w.inbox.Inbox(w.ctx, w.a[3], "", false, 10); len(other) != 0 {
			t.Errorf("the one still waiting was told: %+v", other)
		}
		// The private calendar feeds hold the events one has a place at.
		if got, err := w.svc.FeedEntries(w.ctx, w.a[2], "en", "https://pakt.example"); err != nil || len(got) != 1 ||
			got[0].UID != "event-"+e.ID+"@pakt" || got[0].URL != "https://pakt.example"+events.EventPath(e.ID) || got[0].Summary != "Jahresversammlung" {
			t.Fatalf("the feed of one with a place: %+v, %v", got, err)
		}
		if got, err := w.svc.FeedEntries(w.ctx, w.a[3], "en", ""); err != nil || len(got) != 0 {
			t.Fatalf("the feed of one waiting: %+v, %v", got, err)
		}
		// Back again: behind the one waiting.
		if r, err := w.svc.Register(w.ctx, w.a[1], e.ID, false); err != nil || r.Status != events.StatusWaiting || r.Position != 2 {
			t.Fatalf("registering again: %+v, %v", r, err)
		}
		// A larger capacity moves both up.
		if got, err := w.svc.Update(w.ctx, w.board, e.ID, events.Input{Capacity: new(4)}); err != nil || got.Confirmed != 4 || got.Waiting != 0 {
			t.Fatalf("a larger capacity: %+v, %v", got, err)
		}
	})
}

// Two processes never over-fill an event: many people registering at
// once for two places get two places and a waiting list.
func TestRegisterConcurrently(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		e := w.event(false, 2, w.now.AddDate(0, 1, 0))
		people := append(append([]*auth.Actor{}, w.a...), w.c1)
		var wg sync.WaitGroup
		errs := make([]error, len(people))
		for i, a := range people {
			wg.Go(func() { _, errs[i] = w.svc.Register(w.ctx, a, e.ID, false) })
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		got, err := w.svc.Get(w.ctx, w.admin, e.ID)
		if err != nil || got.Confirmed != 2 || got.Waiting != len(people)-2 {
			t.Fatalf("after %d registered at once: %d confirmed, %d waiting (%v)", len(people), got.Confirmed, got.Waiting, err)
		}
	})
}

// Members see every event, the liaison public ones, nobody else any; only
// members' people register; the board checks in after the start; the
// list of who else is coming shows only those who agreed, to confirmed
// attendees; after the event those who came are offered the
// organisations that share competencies; the attendances go to the
// participation report.
func TestVisibilityAttendanceAndSuggestions(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		start := w.now.AddDate(0, 0, 7)
		public, secret := w.event(true, 0, start), w.event(false, 0, start.Add(time.Hour))
		for _, c := range []struct {
			who  *auth.Actor
			want []string
		}{{w.board, []string{secret.ID, public.ID}}, {w.a[1], []string{secret.ID, public.ID}}, {w.liaison, []string{public.ID}}} {
			list, err := w.svc.List(w.ctx, c.who)
			var ids []string
			for _, e := range list {
				ids = append(ids, e.ID)
			}
			if err != nil || fmt.Sprint(ids) != fmt.Sprint(c.want) {
				t.Errorf("%s lists %v (%v), want %v", c.who.Role, ids, err, c.want)
			}
		}
		if _, err := w.svc.Get(w.ctx, w.liaison, secret.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("the liaison opened a members-only event: %v", err)
		}
		if _, err := w.svc.List(w.ctx, w.b1); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("a non-member listed events: %v", err)
		}
		for _, a := range []*auth.Actor{w.board, w.liaison} {
			if _, err := w.svc.Register(w.ctx, a, public.ID, true); apperr.CodeOf(err) != apperr.Forbidden {
				t.Errorf("%s registered: %v, want forbidden", a.Role, err)
			}
		}
		if _, err := w.svc.Create(w.ctx, w.a[0], events.Input{}); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("a member planned an event: %v", err)
		}
		if _, err := w.svc.Create(w.ctx, w.board, events.Input{Kind: new(events.KindPartnerDay), Title: new("Partnertag"), Starts: &start, Ends: &start,
			OnlineURL: new("javascript:alert(1)")}); !onField(err, "ends_at") || !onField(err, "online_url") {
			t.Errorf("an event ending as it starts, with a script link: %v", err)
		}
		// A's first (opted in), A's second (not) and C's admin (opted in).
		for i, r := range []struct {
			a       *auth.Actor
			visible bool
		}{{w.a[0], true}, {w.a[1], false}, {w.c1, true}} {
			if _, err := w.svc.Register(w.ctx, r.a, secret.ID, r.visible); err != nil {
				t.Fatalf("registration %d: %v", i, err)
			}
		}
		list, err := w.svc.Attendees(w.ctx, w.a[1], secret.ID, "en")
		if err != nil || len(list) != 2 || list[0].Name != "Person 4" || list[0].OrgName != "Alpha Verfügbar GmbH" ||
			fmt.Sprint(list[0].Competencies) != "[High availability Security]" || list[1].OrgName != "Gamma Sicher KG" {
			t.Fatalf("who else is coming: %+v, %v", list, err)
		}
		for _, a := range []*auth.Actor{w.board, w.a[2], w.liaison} {
			if _, err := w.svc.Attendees(w.ctx, a, secret.ID, "de"); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s (not registered) read who else is coming: %v", a.Name, err)
			}
		}
		regs, err := w.svc.Registrations(w.ctx, w.board, secret.ID)
		if err != nil || len(regs) != 3 {
			t.Fatalf("the check-in list: %d, %v", len(regs), err)
		}
		if _, err := w.svc.CheckIn(w.ctx, w.board, secret.ID, []string{regs[0].ID}); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("a check-in before the start: %v", err)
		}
		w.now = start.Add(2 * time.Hour)
		if err := w.svc.Unregister(w.ctx, w.a[0], secret.ID); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("cancelling after the start: %v", err)
		}
		if s, _ := w.svc.Suggestions(w.ctx, w.a[0], secret.ID, "de"); len(s) != 0 {
			t.Fatalf("suggestions before the end: %+v", s)
		}
		var came []string
		for _, r := range regs {
			came = append(came, r.ID)
		}
		if _, err := w.svc.CheckIn(w.ctx, w.board, secret.ID, came); err != nil {
			t.Fatal(err)
		}
		w.now = start.Add(5 * time.Hour)
		sug, err := w.svc.Suggestions(w.ctx, w.a[0], secret.ID, "de")
		if err != nil || len(sug) != 1 || sug[0].OrgID != w.C || sug[0].CompetencyID != w.sec || fmt.Sprint(sug[0].Shared) != "[Sicherheit]" {
			t.Fatalf("A's suggestions: %+v, %v", sug, err)
		}
		// A's second came too but did not appear in the list: C is not
		// offered A through them, only through A's first, who appeared.
		sug, err = w.svc.Suggestions(w.ctx, w.c1, secret.ID, "en")
		if err != nil || len(sug) != 1 || sug[0].OrgID != w.A {
			t.Fatalf("C's suggestions: %+v, %v", sug, err)
		}
		att, err := w.svc.Attendance(w.ctx, start.AddDate(0, 0, -1), start.AddDate(0, 0, 1))
		if err != nil || len(att) != 2 || att[0].Where != "event:"+secret.ID || !att[0].On.Equal(secret.Starts) {
			t.Fatalf("attendances: %+v, %v", att, err)
		}
		// A cancelled event counts nothing and tells those registered.
		if _, err := w.svc.Cancel(w.ctx, w.board, public.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Update(w.ctx, w.board, public.ID, events.Input{Title: new("Neu")}); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("changing a cancelled event: %v", err)
		}
	})
}
