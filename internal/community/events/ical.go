package events

import (
	"context"
	"strings"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/ical"
)

// entry is an event as a calendar shows it, in lang; base makes its link
// absolute.
func entry(e *Event, lang, base string) ical.Event {
	link := strings.TrimSuffix(base, "/") + EventPath(e.ID)
	lines := []string{i18n.T(lang, "events.kind."+e.Kind)}
	for _, l := range []string{e.Place, e.OnlineURL, e.Description, link} {
		if l != "" {
			lines = append(lines, l)
		}
	}
	return ical.Event{UID: "event-" + e.ID + "@pakt", Start: e.Starts, End: e.Ends, Summary: e.Title, Description: strings.Join(lines, "\n"),
		URL: link, Cancelled: e.Cancelled != nil, Sequence: e.Sequence, LastModified: e.Updated}
}

// Calendar is the download of one event a sees, for a calendar
// application, in lang.
func (s *Service) Calendar(ctx context.Context, a *auth.Actor, id, lang, base string) (*ical.Calendar, error) {
	e, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return &ical.Calendar{Name: e.Title, Events: []ical.Event{entry(e, lang, base)}}, nil
}

// FeedEntries are the events a holds a place at, for a's personal
// calendar feed (an ical.Source): those a still sees, cancelled ones too,
// so that calendars remove them. With the association off, none.
func (s *Service) FeedEntries(ctx context.Context, a *auth.Actor, lang, base string) ([]ical.Event, error) {
	st, err := s.Community.Standing(ctx, nil, a)
	if apperr.CodeOf(err) == apperr.NotFound || a.UserID == "" {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	mine, err := userRegistrations(ctx, s.DB, a.UserID)
	if err != nil {
		return nil, err
	}
	all, err := listEvents(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	var out []ical.Event
	for _, e := range all {
		if r := mine[e.ID]; r != nil && r.Status == StatusConfirmed && sees(st, e.Public) {
			out = append(out, entry(e, lang, base))
		}
	}
	return out, nil
}
