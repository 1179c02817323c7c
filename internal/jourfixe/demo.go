package jourfixe

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/google/uuid"

	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/partner"
)

// SeedHistory schedules the jour fixe series of the demo's agreements
// inside tx and gives them a history as of now: each series whose first
// meeting lies before now is scheduled from then, its past meetings have
// notes written by people of the parties (or marks that they were held),
// and exactly one meeting, in the first series with two past meetings, is
// left unrecorded so that it shows as missed; meetings reach a year ahead
// of now. people are the users who write the notes; a series without one
// of its parties among them is recorded by pakt itself.
func SeedHistory(ctx context.Context, svc *Service, tx *sql.Tx, series []SeriesInput, people []*auth.Actor, now time.Time) error {
	now = now.UTC()
	byOrg := map[string][]*auth.Actor{}
	for _, p := range people {
		if p.ActsForOwnOrg() { // members read the notes; admins write them
			byOrg[p.OrgID] = append(byOrg[p.OrgID], p)
		}
	}
	missedLeft := false
	for _, in := range series {
		clock := now
		if in.Start.Before(now) {
			clock = in.Start.Add(-time.Minute)
		}
		if err := svc.At(clock).Schedule(ctx, tx, in); err != nil {
			return fmt.Errorf("jour fixe %q: %w", in.Title, err)
		}
		ms, err := svc.MeetingsOf(ctx, tx, in.AgreementID)
		if err != nil {
			return err
		}
		var past []*Meeting
		for _, m := range ms {
			if m.CancelledAt == nil && m.End.Before(now) {
				past = append(past, m)
			}
		}
		var writers []*auth.Actor
		for _, org := range in.OrgIDs {
			writers = append(writers, byOrg[org]...)
		}
		if len(writers) == 0 {
			writers = []*auth.Actor{auth.System}
		}
		for i, m := range past {
			if !missedLeft && len(past) >= 2 && i == len(past)-2 {
				missedLeft = true
				continue
			}
			p := MeetingPatch{}
			switch i % 3 {
			case 0, 1:
				p.Note = demoNotes[(i+len(in.Title))%len(demoNotes)]
				if i%3 == 1 {
					p.Held = new(true)
				}
			default:
				p.Held = new(true)
			}
			// Written down two hours after the meeting.
			at := svc.At(m.End.Add(2 * time.Hour))
			if err := at.Record(ctx, tx, writers[i%len(writers)], m.SeriesID, m.ID, p); err != nil {
				return fmt.Errorf("jour fixe %q, meeting of %s: %w", in.Title, m.Start.Format(time.DateOnly), err)
			}
		}
		// Scheduled as of now, the series has a year ahead again.
		if err := svc.At(now).Schedule(ctx, tx, in); err != nil {
			return err
		}
	}
	return nil
}

var demoNotes = []string{
	"Pipeline abgeglichen: zwei gemeinsame Angebote in Arbeit, Entscheidung beim Kunden bis Monatsende.",
	"Rollen im Projekt geklärt – Müller IT führt, der Partner liefert die Security-Beratung.\nNächster Schritt: gemeinsamer Workshop beim Kunden.",
	"Aufteilung der Kosten für die Messe besprochen (50/50); Budgetfreigabe folgt.",
	"Kundenschutz: bestehende Kunden bleiben beim jeweiligen Partner; Folgeaufträge werden gemeldet.",
	"Feedback aus dem letzten Projekt: Übergabe an den Betrieb lief gut, Dokumentation verbessern.",
	"Gemeinsame Webinar-Reihe für das nächste Quartal geplant; Themen: Cloud-Migration, Zero Trust.",
}

// SeedDemo gives the series of the demo's agreements in force a history
// (agreed: the agreements have started them); without agreements, it makes
// series of its own so that the pages are filled: the showcase partner
// (ids[0]) with two others, and two further partners with each other.
// people are the partners' users who write the notes.
func SeedDemo(ctx context.Context, svc *Service, agreed bool, ids []string, drafts []partner.Draft, people []*auth.Actor, now time.Time) error {
	if agreed {
		list, err := svc.List(ctx, auth.System, "")
		if err != nil {
			return err
		}
		var series []SeriesInput
		for _, s := range list {
			series = append(series, s.Input())
		}
		return svc.DB.Tx(ctx, func(tx *sql.Tx) error {
			return SeedHistory(ctx, svc, tx, series, people, now)
		})
	}
	if len(ids) < 5 {
		return nil
	}
	name := func(i int) string { return *drafts[i].Input.LegalName }
	// Each series began some time ago on a fixed local hour, so that it has
	// a past and a future.
	series := []SeriesInput{
		{Title: "Vertriebsabstimmung " + name(0) + " / " + name(1), OrgIDs: []string{ids[0], ids[1]},
			Cadence: CadenceWeekly, Start: i18n.LocalTime(svc.Zone, now.AddDate(0, 0, -7*8+1), 9, 0), Minutes: 45},
		{Title: "Security-Projekte " + name(0) + " / " + name(2), OrgIDs: []string{ids[0], ids[2]},
			Cadence: CadenceMonthly, Start: i18n.LocalTime(svc.Zone, now.AddDate(0, -5, 3), 14, 0), Minutes: 60},
		{Title: "Gemeinsamer Marktauftritt " + name(3) + " / " + name(4), OrgIDs: []string{ids[3], ids[4]},
			Cadence: CadenceBiweekly, Start: i18n.LocalTime(svc.Zone, now.AddDate(0, 0, -14*4+2), 10, 30), Minutes: 30},
	}
	for i := range series {
		series[i].AgreementID = uuid.Must(uuid.NewV7()).String()
	}
	return svc.DB.Tx(ctx, func(tx *sql.Tx) error {
		return SeedHistory(ctx, svc, tx, series, people, now)
	})
}
