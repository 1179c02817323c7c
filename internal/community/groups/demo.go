package groups

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"pakt/internal/auth"
	"pakt/internal/i18n"
)

// demoRegions are the demo's regional groups, one per branch office of
// the vendor.
var demoRegions = []struct{ de, en, region string }{
	{"Region Nord", "Region North", "Niederlassung Hamburg"},
	{"Region West", "Region West", "Niederlassung Düsseldorf"},
	{"Region Süd", "Region South", "Niederlassung München"},
	{"Region Ost", "Region East", "Niederlassung Berlin"},
}

// demoTopics are what the demo's meetings were about, in turn.
var demoTopics = []struct{ agenda, minutes string }{
	{"1. Begrüßung und Vorstellungsrunde\n2. Erfahrungen aus laufenden Projekten\n3. Themen für das nächste Halbjahr",
		"Acht Teilnehmende aus fünf Mitgliedsunternehmen. Zwei Projektberichte (Migration, Betrieb). Beschluss: ein gemeinsamer Leitfaden bis zum nächsten Treffen; Federführung bei der Leitung."},
	{"1. Leitfaden: Stand und Entwurf\n2. Gastvortrag des Herstellers\n3. Verschiedenes",
		"Der Entwurf des Leitfadens wurde besprochen und mit Änderungen angenommen. Der Hersteller stellte die neue Zertifizierung vor; Rückfragen zur Preisgestaltung werden als Pain Point eingereicht."},
	{"1. Rückblick auf die Messe\n2. Gemeinsame Kundenveranstaltung planen\n3. Termine",
		"Der Messestand wurde als Erfolg bewertet (34 Gespräche). Für die Kundenveranstaltung im Herbst übernehmen drei Mitglieder die Organisation; Budget wird beim Vorstand beantragt."},
}

// demoFiles are the few files the demo's groups keep.
var demoFiles = []string{"Leitfaden Entwurf.pdf", "Protokollvorlage.pdf", "Teilnehmerliste Messe.pdf"}

// SeedDemo fills the working groups: the seven thematic groups of the
// migration and four regional ones for the association's regions (the
// vendor's branch offices, with a fifth that has no group yet), each
// with people of member companies (people: the partner users), one or two
// of them leads named by the board, three past meetings with agenda,
// minutes and attendance, an upcoming one, and a few files.
func SeedDemo(ctx context.Context, s *Service, board *auth.Actor, people []*auth.Actor, now time.Time) error {
	offices := []string{}
	for _, r := range demoRegions {
		offices = append(offices, r.region)
	}
	if _, err := s.SaveRegions(ctx, board, append(offices, "Niederlassung Frankfurt")); err != nil {
		return err
	}
	for _, r := range demoRegions {
		if _, err := s.Create(ctx, board, GroupInput{Kind: new(KindRegional), Region: new(r.region), NameDE: new(r.de), NameEN: new(r.en),
			Description: new("Austausch der Mitglieder im Gebiet der " + r.region + ": Projekte, Kunden und Veranstaltungen in der Region.")}); err != nil {
			return err
		}
	}
	members, err := s.Community.Members(ctx, board, "de")
	if err != nil {
		return err
	}
	isMember := map[string]bool{}
	for _, m := range members {
		isMember[m.OrgID] = true
	}
	var candidates []*auth.Actor
	for _, p := range people {
		if isMember[p.OrgID] {
			candidates = append(candidates, p)
		}
	}
	list, err := s.List(ctx, board, "de")
	if err != nil || len(candidates) == 0 {
		return err
	}
	zone := i18n.ZoneOr(s.Zone)
	for gi, g := range list {
		// Some six people per group, joined over the past two years.
		var in []*auth.Actor
		for k := range min(6, len(candidates)) {
			in = append(in, candidates[(gi*4+k)%len(candidates)])
		}
		err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
			for k, p := range in {
				if err := insertStay(ctx, tx, g.ID, p.UserID, p.OrgID, now.AddDate(0, -24+k*3, -gi).UTC()); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		leads := in[:min(len(in), 1+gi%2)]
		for _, l := range leads {
			if _, err := s.SetLead(ctx, board, g.ID, l.UserID, true); err != nil {
				return err
			}
		}
		for k, t := range demoTopics {
			at := time.Date(now.Year(), now.Month(), now.Day(), 14, 0, 0, 0, zone).AddDate(0, -3*(len(demoTopics)-k), -gi)
			m, err := s.CreateMeeting(ctx, leads[0], g.ID, MeetingInput{StartsAt: new(at.Format("2006-01-02T15:04")), Place: new(demoPlace(g, k)),
				Agenda: new(t.agenda), Minutes: new(t.minutes)})
			if err != nil {
				return err
			}
			var came []string
			for j, p := range in {
				if (j+k)%3 != 2 {
					came = append(came, p.UserID)
				}
			}
			if _, err := s.RecordAttendance(ctx, leads[0], g.ID, m.ID, AttendanceInput{Users: came}); err != nil {
				return err
			}
		}
		next := time.Date(now.Year(), now.Month(), now.Day(), 10, 0, 0, 0, zone).AddDate(0, 0, 14+gi)
		if _, err := s.CreateMeeting(ctx, leads[0], g.ID, MeetingInput{StartsAt: new(next.Format("2006-01-02T15:04")), Place: new(demoPlace(g, 0)),
			Link: new(fmt.Sprintf("https://meet.example/ak-%d", gi+1)), Agenda: new(demoTopics[0].agenda)}); err != nil {
			return err
		}
		if gi < len(demoFiles) {
			pdf := []byte("%PDF-1.4\n% " + demoFiles[gi] + "\n%%EOF\n")
			if _, err := s.AddFiles(ctx, leads[0], g.ID, []Upload{{Name: demoFiles[gi], Content: pdf}}); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoPlace is where a group's k-th meeting took place.
func demoPlace(g *Group, k int) string {
	if g.Region != "" {
		return g.Region
	}
	return []string{"Frankfurt am Main", "Online", "Köln"}[k%3]
}
