package events

import (
	"context"
	"database/sql"
	"net/url"
	"slices"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/db"
	"pakt/internal/i18n"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// Service implements the events, their registrations, the waiting list,
// the check-in and what attendees see of each other. The pages, the API,
// the calendar feeds and the participation report call it.
type Service struct {
	DB        *db.DB
	Now       func() time.Time
	Community *community.Service
	Partners  *partner.Service
	// Notify tells the people moved up from the waiting list and those
	// registered for a cancelled event; nil tells nobody.
	Notify *notify.Service
	// Zone is the programme time zone the dates in notices are written in.
	Zone *time.Location
}

// NewService returns the events service.
func NewService(d *db.DB, now func() time.Time, c *community.Service, p *partner.Service, n *notify.Service) *Service {
	return &Service{DB: d, Now: now, Community: c, Partners: p, Notify: n}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// The limits of an event's texts and capacity.
const (
	MaxTitle       = 200
	MaxDescription = 5000
	MaxPlace       = 300
	MaxLink        = 500
	MaxCapacity    = 100000
)

// EventPath is the page of an event.
func EventPath(id string) string { return "/community/events/" + id }

// visible returns the event id as a sees it, with a's standing, on q;
// apperr.ErrNotFound when a may not see it.
func (s *Service) visible(ctx context.Context, q db.Querier, a *auth.Actor, id string) (*Event, community.Standing, error) {
	st, err := s.Community.Standing(ctx, q, a)
	if err != nil {
		return nil, st, err
	}
	e, err := getEvent(ctx, q, id)
	if err != nil {
		return nil, st, err
	}
	if !sees(st, e.Public) {
		return nil, st, apperr.ErrNotFound
	}
	return e, st, nil
}

// running answers apperr.ErrNotFound unless a runs the association.
func (s *Service) running(ctx context.Context, q db.Querier, a *auth.Actor) error {
	st, err := s.Community.Standing(ctx, q, a)
	if err == nil && !st.Runs() {
		err = apperr.ErrNotFound
	}
	return err
}

// Runs reports whether a plans events and checks attendees in: the
// association's admins and board.
func (s *Service) Runs(ctx context.Context, a *auth.Actor) bool {
	return s.running(ctx, nil, a) == nil
}

// Shows reports whether the navigation offers a the events: while the
// association runs, to its admins, board and members, and to the vendor's
// liaisons (public events).
func (s *Service) Shows(ctx context.Context, a *auth.Actor) bool {
	if !s.Community.Enabled(ctx) {
		return false
	}
	st, err := s.Community.Standing(ctx, nil, a)
	return err == nil && (st.Inside() || st == community.Liaison)
}

// List returns the events a sees, the latest start first, each with the
// caller's own registration.
func (s *Service) List(ctx context.Context, a *auth.Actor) ([]*Event, error) {
	st, err := s.Community.Standing(ctx, nil, a)
	if err != nil {
		return nil, err
	}
	if !sees(st, true) {
		return nil, apperr.ErrNotFound
	}
	all, err := listEvents(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	mine := map[string]*Registration{}
	if a.UserID != "" {
		if mine, err = userRegistrations(ctx, s.DB, a.UserID); err != nil {
			return nil, err
		}
	}
	out := all[:0]
	for _, e := range all {
		if sees(st, e.Public) {
			e.Mine = mine[e.ID]
			out = append(out, e)
		}
	}
	return out, nil
}

// Get returns an event a sees, with the caller's registration and its
// place on the waiting list.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id string) (*Event, error) {
	e, _, err := s.visible(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	if a.UserID == "" {
		return e, nil
	}
	regs, err := registrations(ctx, s.DB, id)
	if err != nil {
		return nil, err
	}
	number(regs)
	for _, r := range regs {
		if r.UserID == a.UserID {
			e.Mine = r
		}
	}
	return e, nil
}

// number numbers the places on the waiting list, first come, first served.
func number(regs []*Registration) {
	Queue(regs)
	n := 0
	for _, r := range regs {
		r.Position = 0
		if r.Status == StatusWaiting {
			n++
			r.Position = n
		}
	}
}

// apply checks in and applies it to e; creating requires every field.
func (in Input) apply(e *Event, creating bool) error {
	var v apperr.Validation
	if in.Kind != nil {
		e.Kind = *in.Kind
	}
	if (in.Kind != nil || creating) && !slices.Contains(Kinds, e.Kind) {
		v.Add("kind", "validation.choice")
	}
	v.TextInput(&e.Title, in.Title, apperr.Line, "title", MaxTitle, true, creating)
	v.TextInput(&e.Description, in.Description, apperr.Paragraphs, "description", MaxDescription, false, creating)
	v.TextInput(&e.Place, in.Place, apperr.Line, "place", MaxPlace, false, creating)
	v.TextInput(&e.OnlineURL, in.OnlineURL, apperr.Line, "online_url", MaxLink, false, creating)
	if e.OnlineURL != "" && !v.Has("online_url") {
		u, err := url.Parse(e.OnlineURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			v.Add("online_url", "events.validation.link")
		}
	}
	if e.Place == "" && e.OnlineURL == "" && !v.Has("place") && !v.Has("online_url") {
		v.Add("place", "events.validation.place_or_link")
	}
	if in.Starts != nil {
		e.Starts = in.Starts.UTC().Truncate(time.Minute)
	}
	if in.Ends != nil {
		e.Ends = in.Ends.UTC().Truncate(time.Minute)
	}
	if e.Starts.IsZero() {
		v.Add("starts_at", "validation.required")
	}
	switch {
	case e.Ends.IsZero():
		v.Add("ends_at", "validation.required")
	case !e.Starts.IsZero() && !e.Ends.After(e.Starts):
		v.Add("ends_at", "validation.to_before_from")
	}
	if in.Capacity != nil {
		e.Capacity = *in.Capacity
	}
	if e.Capacity < 0 || e.Capacity > MaxCapacity {
		v.Add("capacity", "validation.range", 0, MaxCapacity)
	}
	if in.Public != nil {
		e.Public = *in.Public
	}
	return v.Err()
}

// Create plans an event (the association's admins and board).
func (s *Service) Create(ctx context.Context, a *auth.Actor, in Input) (*Event, error) {
	if err := s.running(ctx, nil, a); err != nil {
		return nil, err
	}
	now := s.now()
	e := &Event{ID: db.NewID(), Created: now, Updated: now}
	if err := in.apply(e, true); err != nil {
		return nil, err
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertEvent(ctx, tx, e, a.UserID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "create", "community_event", e.ID, "", nil, e)
	})
	return e, err
}

// Check validates in as Create (id "") or Update would, without saving.
func (s *Service) Check(ctx context.Context, a *auth.Actor, id string, in Input) error {
	if id == "" {
		if err := s.running(ctx, nil, a); err != nil {
			return err
		}
		return in.apply(&Event{}, true)
	}
	e, err := s.editable(ctx, s.DB, a, id)
	if err != nil {
		return err
	}
	return in.apply(e, false)
}

// editable returns an event a may change on q: a runs the association
// and the event is not cancelled.
func (s *Service) editable(ctx context.Context, q db.Querier, a *auth.Actor, id string) (*Event, error) {
	if err := s.running(ctx, q, a); err != nil {
		return nil, err
	}
	e, err := getEvent(ctx, q, id)
	if err == nil && e.Cancelled != nil {
		err = apperr.New(apperr.Conflict, "events.error.cancelled")
	}
	return e, err
}

// change runs fn on the event id in a transaction with the event's row
// locked, when a may change it (editable).
func (s *Service) change(ctx context.Context, a *auth.Actor, id string, fn func(tx *sql.Tx, e *Event) error) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := lockEvent(ctx, tx, id); err != nil {
			return err
		}
		e, err := s.editable(ctx, tx, a, id)
		if err != nil {
			return err
		}
		return fn(tx, e)
	})
}

// Update changes an event (the association's admins and board). A larger
// capacity confirms as many from the waiting list, who are told.
func (s *Service) Update(ctx context.Context, a *auth.Actor, id string, in Input) (*Event, error) {
	err := s.change(ctx, a, id, func(tx *sql.Tx, e *Event) error {
		before := *e
		if err := in.apply(e, false); err != nil {
			return err
		}
		e.Sequence++
		e.Updated = s.now()
		if err := updateEvent(ctx, tx, e); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, e.Updated, a.Who(), "update", "community_event", e.ID, "", before, e); err != nil {
			return err
		}
		return s.settle(ctx, tx, a, e)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// Cancel calls an event off (the association's admins and board): it
// stays listed as cancelled, calendars remove it, and everyone registered
// or waiting is told.
func (s *Service) Cancel(ctx context.Context, a *auth.Actor, id string) (*Event, error) {
	var out *Event
	err := s.change(ctx, a, id, func(tx *sql.Tx, e *Event) error {
		before := *e
		now := s.now()
		e.Cancelled, e.Updated = &now, now
		e.Sequence++
		out = e
		if err := updateEvent(ctx, tx, e); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "event_call_off", "community_event", e.ID, "", before, e); err != nil {
			return err
		}
		regs, err := registrations(ctx, tx, id)
		if err != nil || s.Notify == nil {
			return err
		}
		var users []string
		for _, r := range regs {
			if r.Active() {
				users = append(users, r.UserID)
			}
		}
		if len(users) == 0 {
			return nil
		}
		return s.Notify.Notify(ctx, tx, notify.Notice{Kind: "events.cancelled", Args: []string{e.Title, s.when(e.Starts)},
			Link: EventPath(e.ID), Users: users, Except: a.UserID})
	})
	return out, err
}

// when writes a moment for a notice, in German and English.
func (s *Service) when(t time.Time) string {
	return notify.Bilingual(i18n.DateTime("de", s.Zone, t), i18n.DateTime("en", s.Zone, t))
}

// settle applies the waiting list's rule (Settle) to the event e in tx,
// whose row the caller locked: it confirms those waiting while places are
// free, in order, and tells each of them (but the actor) by inbox and
// e-mail.
func (s *Service) settle(ctx context.Context, tx *sql.Tx, a *auth.Actor, e *Event) error {
	regs, err := registrations(ctx, tx, e.ID)
	if err != nil {
		return err
	}
	now := s.now()
	for _, r := range Settle(e.Capacity, regs) {
		r.Updated = now
		if err := updateRegistration(ctx, tx, r); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "event_move_up", "event_registration", r.ID, r.OrgID,
			map[string]any{"status": StatusWaiting}, map[string]any{"status": StatusConfirmed, "event_id": e.ID, "user_id": r.UserID}); err != nil {
			return err
		}
		if s.Notify == nil || r.UserID == a.UserID {
			continue
		}
		err := s.Notify.Notify(ctx, tx, notify.Notice{Kind: "events.moved_up", Args: []string{e.Title, s.when(e.Starts)},
			Link: EventPath(e.ID), Users: []string{r.UserID}})
		if err != nil {
			return err
		}
	}
	return nil
}

// registering loads, in tx with the event's row locked, the event id and
// a's registration for it (nil when a never registered): a must be a
// person of a member organisation, and the event neither started nor
// cancelled.
func (s *Service) registering(ctx context.Context, tx *sql.Tx, a *auth.Actor, id string) (*Event, *Registration, error) {
	// The lock first, so that the capacity read is the one settled on (a
	// refusal below rolls the lock's move back).
	if err := lockEvent(ctx, tx, id); err != nil {
		return nil, nil, err
	}
	e, st, err := s.visible(ctx, tx, a, id)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case st != community.Member || a.UserID == "":
		return nil, nil, apperr.New(apperr.Forbidden, "events.error.members_register")
	case e.Cancelled != nil:
		return nil, nil, apperr.New(apperr.Conflict, "events.error.cancelled")
	case !s.now().Before(e.Starts):
		return nil, nil, apperr.New(apperr.Conflict, "events.error.started")
	}
	regs, err := registrations(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range regs {
		if r.UserID == a.UserID {
			return e, r, nil
		}
	}
	return e, nil, nil
}

// Register registers the caller for an event, for their organisation: a
// place when one is free, else the waiting list. visible says whether the
// caller appears in the list of who else is coming. Registered already,
// it only changes that.
func (s *Service) Register(ctx context.Context, a *auth.Actor, id string, visible bool) (*Registration, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		e, r, err := s.registering(ctx, tx, a, id)
		if err != nil {
			return err
		}
		now := s.now()
		if r != nil && r.Active() {
			before := *r
			r.Visible, r.Updated = visible, now
			if err := updateRegistration(ctx, tx, r); err != nil {
				return err
			}
			return audit.Record(ctx, tx, now, a.Who(), "update", "event_registration", r.ID, r.OrgID, before, r)
		}
		action := "update"
		if r == nil {
			action = "create"
			r = &Registration{ID: db.NewID(), EventID: id, UserID: a.UserID}
		}
		// Registering again after a cancellation queues at the back.
		r.OrgID, r.Status, r.Visible, r.Attended, r.Requested, r.Updated = a.OrgID, StatusWaiting, visible, false, now, now
		if action == "create" {
			err = insertRegistration(ctx, tx, r)
		} else {
			err = updateRegistration(ctx, tx, r)
		}
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), action, "event_registration", r.ID, r.OrgID, nil, r); err != nil {
			return err
		}
		return s.settle(ctx, tx, a, e)
	})
	if err != nil {
		return nil, err
	}
	e, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return e.Mine, nil
}

// Unregister cancels the caller's registration for an event that has not
// started; the first on the waiting list takes the place, in the same
// transaction, and is told.
func (s *Service) Unregister(ctx context.Context, a *auth.Actor, id string) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		e, r, err := s.registering(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if r == nil || !r.Active() {
			return apperr.ErrNotFound
		}
		before := *r
		r.Status, r.Visible, r.Updated = StatusCancelled, false, s.now()
		if err := updateRegistration(ctx, tx, r); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, r.Updated, a.Who(), "withdraw", "event_registration", r.ID, r.OrgID, before, r); err != nil {
			return err
		}
		return s.settle(ctx, tx, a, e)
	})
}

// Registrations returns everyone registered for an event, cancelled ones
// too, first come first served, with their places on the waiting list:
// the check-in list of the association's admins and board.
func (s *Service) Registrations(ctx context.Context, a *auth.Actor, id string) ([]*Registration, error) {
	if err := s.running(ctx, nil, a); err != nil {
		return nil, err
	}
	if _, err := getEvent(ctx, s.DB, id); err != nil {
		return nil, err
	}
	regs, err := registrations(ctx, s.DB, id)
	number(regs)
	return regs, err
}

// CheckIn records who came to an event that has started (the
// association's admins and board): the confirmed registrations among
// attended came, the other confirmed ones did not.
func (s *Service) CheckIn(ctx context.Context, a *auth.Actor, id string, attended []string) ([]*Registration, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.running(ctx, tx, a); err != nil {
			return err
		}
		if err := lockEvent(ctx, tx, id); err != nil {
			return err
		}
		e, err := getEvent(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case e.Cancelled != nil:
			return apperr.New(apperr.Conflict, "events.error.cancelled")
		case s.now().Before(e.Starts):
			return apperr.New(apperr.Conflict, "events.error.not_started")
		}
		regs, err := registrations(ctx, tx, id)
		if err != nil {
			return err
		}
		confirmed := map[string]bool{}
		for _, r := range regs {
			confirmed[r.ID] = r.Status == StatusConfirmed
		}
		var v apperr.Validation
		for _, rid := range attended {
			if !confirmed[rid] {
				v.Add("attended", "events.validation.not_registered")
				break
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.now()
		for _, r := range regs {
			came := r.Status == StatusConfirmed && slices.Contains(attended, r.ID)
			if came == r.Attended {
				continue
			}
			before := *r
			r.Attended, r.Updated = came, now
			if err := updateRegistration(ctx, tx, r); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, now, a.Who(), "event_check_in", "event_registration", r.ID, r.OrgID, before, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Registrations(ctx, a, id)
}

// confirmed returns the event and the caller's registration when it holds
// a place: what the list of who else is coming and the suggestions ask.
func (s *Service) confirmed(ctx context.Context, a *auth.Actor, id string) (*Event, *Registration, []*Registration, error) {
	e, _, err := s.visible(ctx, s.DB, a, id)
	if err != nil {
		return nil, nil, nil, err
	}
	regs, err := registrations(ctx, s.DB, id)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, r := range regs {
		if r.UserID == a.UserID && a.UserID != "" && r.Status == StatusConfirmed {
			return e, r, regs, nil
		}
	}
	return nil, nil, nil, apperr.ErrNotFound
}

// competencies returns each organisation's competency ids, as pakt reads
// them (the people opted in to show them), and the taxonomy's names.
func (s *Service) competencies(ctx context.Context, orgs []string) (map[string][]string, map[string]*partner.Competency, error) {
	all, err := s.Partners.Competencies(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := make(map[string]*partner.Competency, len(all))
	for _, c := range all {
		names[c.ID] = c
	}
	out := map[string][]string{}
	for _, org := range orgs {
		if _, ok := out[org]; ok {
			continue
		}
		o, err := s.Partners.Get(ctx, auth.System, org)
		if err != nil {
			return nil, nil, err
		}
		out[org] = o.Competencies
	}
	return out, names, nil
}

// named returns the names of the competency ids in lang, sorted.
func named(lang string, ids []string, names map[string]*partner.Competency) []string {
	var out []string
	for _, id := range ids {
		if c, ok := names[id]; ok {
			out = append(out, c.Name(lang))
		}
	}
	i18n.SortBy(lang, out, func(s string) string { return s })
	return out
}

// Attendees is the list of who else is coming: the confirmed people who
// agreed to appear in it, with their organisations and competencies,
// sorted by organisation and name in lang. Only the event's confirmed
// attendees see it.
func (s *Service) Attendees(ctx context.Context, a *auth.Actor, id, lang string) ([]*Attendee, error) {
	_, _, regs, err := s.confirmed(ctx, a, id)
	if err != nil {
		return nil, err
	}
	var shown []*Registration
	var orgs []string
	for _, r := range regs {
		if r.Status == StatusConfirmed && r.Visible {
			shown = append(shown, r)
			orgs = append(orgs, r.OrgID)
		}
	}
	comps, names, err := s.competencies(ctx, orgs)
	if err != nil {
		return nil, err
	}
	out := make([]*Attendee, 0, len(shown))
	for _, r := range shown {
		out = append(out, &Attendee{Name: r.UserName, OrgID: r.OrgID, OrgName: r.OrgName, Competencies: named(lang, comps[r.OrgID], names)})
	}
	i18n.SortBy(lang, out, func(x *Attendee) string { return x.OrgName + "\x00" + x.Name })
	return out, nil
}

// Suggestions are the introductions pakt suggests to a confirmed attendee
// after the event, when they came: the other organisations that came,
// appeared in the list of who else is coming and share competencies with
// the caller's (Match). Before the end, or to one who did not come, none.
func (s *Service) Suggestions(ctx context.Context, a *auth.Actor, id, lang string) ([]Suggestion, error) {
	e, mine, regs, err := s.confirmed(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if s.now().Before(e.Ends) || !mine.Attended {
		return []Suggestion{}, nil
	}
	orgNames := map[string]string{}
	orgs := []string{mine.OrgID}
	for _, r := range regs {
		if r.Attended && r.Visible && r.OrgID != mine.OrgID {
			orgNames[r.OrgID] = r.OrgName
			orgs = append(orgs, r.OrgID)
		}
	}
	comps, names, err := s.competencies(ctx, orgs)
	if err != nil {
		return nil, err
	}
	others := map[string][]string{}
	for org := range orgNames {
		others[org] = comps[org]
	}
	out := Match(comps[mine.OrgID], others)
	for i := range out {
		out[i].OrgName = orgNames[out[i].OrgID]
		out[i].Shared = named(lang, out[i].Shared, names)
	}
	return out, nil
}

// Attendance returns the organisations that came to the association's
// events that started from from until before to, once per organisation
// and event (Where "event:<id>"): the events' part of the board's
// participation report. Cancelled events count nothing.
func (s *Service) Attendance(ctx context.Context, from, to time.Time) ([]community.Attendance, error) {
	return attendances(ctx, s.DB, from.UTC(), to.UTC())
}
