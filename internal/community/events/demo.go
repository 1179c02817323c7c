package events

import (
	"context"
	"time"

	"pakt/internal/auth"
)

// at returns a copy of the service whose clock stands at now, for demo
// data with a history.
func (s *Service) at(now time.Time) *Service {
	c := *s
	c.Now = func() time.Time { return now }
	return &c
}

// demoEvent is an event of the demo: when it starts relative to the
// demo's day, how many people register, and whether those who register
// came and appear in the list of who else is coming.
type demoEvent struct {
	kind, title, description, place, link string
	days, hours, capacity, people         int
	public, cancel                        bool
}

var demoEvents = []demoEvent{
	{kind: KindAnnualMeeting, title: "Jahrestagung des Verbands", description: "Rückblick auf das Jahr, Wahl des Vorstands und die Schwerpunkte für das kommende Jahr.",
		place: "Kassel, Kongress Palais", days: -90, hours: 7, people: 14, public: true},
	{kind: KindPartnerDay, title: "Partnertag Süd", description: "Partner lernen sich ohne Projekt kennen: kurze Vorstellungen, dann Gespräche bei Kaffee.",
		place: "München, Werksviertel", days: -40, hours: 5, capacity: 20, people: 9},
	{kind: KindMemberMeeting, title: "Mitgliederversammlung Frühjahr", description: "Bericht des Vorstands, Haushalt und Anträge der Mitglieder.",
		place: "Frankfurt am Main, Haus der Wirtschaft", link: "https://meet.example/verband-mv", days: 21, hours: 3, capacity: 6, people: 9},
	{kind: KindTradeFair, title: "Gemeinschaftsstand auf der Hannover Messe", description: "Mitglieder zeigen ihre Lösungen am Stand des Verbands; wir suchen Standdienste.",
		place: "Hannover, Messegelände, Halle 7", days: 60, hours: 9, capacity: 4, people: 2, public: true},
	{kind: KindPartnerDay, title: "Online-Partnertag Cloud", place: "", link: "https://meet.example/partnertag-cloud", days: 35, hours: 2, people: 0, cancel: true},
}

// SeedDemo plans the association's demo events with the board: two past
// ones with their registrations and attendance, an upcoming member meeting
// that is full with a waiting list, an upcoming public trade-fair stand,
// and a cancelled online partner day. people are the partner users; those
// of member organisations register, first come first served, and every
// other one appears in the list of who else is coming.
func SeedDemo(ctx context.Context, s *Service, board *auth.Actor, people []*auth.Actor, now time.Time) error {
	members, err := s.Community.Members(ctx, board, "de")
	if err != nil {
		return err
	}
	isMember := map[string]bool{}
	for _, m := range members {
		isMember[m.OrgID] = true
	}
	var attendees []*auth.Actor
	for _, p := range people {
		if isMember[p.OrgID] {
			attendees = append(attendees, p)
		}
	}
	day := time.Date(now.Year(), now.Month(), now.Day(), 9, 0, 0, 0, time.UTC)
	next := 0
	for _, d := range demoEvents {
		starts := day.AddDate(0, 0, d.days)
		ends := starts.Add(time.Duration(d.hours) * time.Hour)
		planned := starts.AddDate(0, 0, -30)
		in := Input{Kind: &d.kind, Title: &d.title, Description: &d.description, Place: &d.place, OnlineURL: &d.link,
			Starts: &starts, Ends: &ends, Capacity: &d.capacity, Public: &d.public}
		e, err := s.at(earliest(planned, now)).Create(ctx, board, in)
		if err != nil {
			return err
		}
		for i := range d.people {
			if len(attendees) == 0 {
				break
			}
			p := attendees[next%len(attendees)]
			next++
			when := planned.Add(time.Duration(i+1) * 7 * time.Hour)
			if when.After(now) {
				when = now.Add(-time.Duration(d.people-i) * time.Minute)
			}
			if _, err := s.at(when).Register(ctx, p, e.ID, i%2 == 0); err != nil {
				return err
			}
		}
		if d.cancel {
			if _, err := s.at(earliest(starts.AddDate(0, 0, -10), now)).Cancel(ctx, board, e.ID); err != nil {
				return err
			}
		}
		if !ends.Before(now) {
			continue
		}
		// The board ticked who came: all but every fourth.
		regs, err := s.Registrations(ctx, board, e.ID)
		if err != nil {
			return err
		}
		var came []string
		for i, r := range regs {
			if r.Status == StatusConfirmed && i%4 != 3 {
				came = append(came, r.ID)
			}
		}
		if _, err := s.at(ends).CheckIn(ctx, board, e.ID, came); err != nil {
			return err
		}
	}
	return nil
}

// earliest returns the earlier of a and b.
func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
