package painpoints

import (
	"context"
	"errors"
	"slices"

	"pakt/internal/auth"
)

// demoPoint is one of the demo's pain points: submitted by the member at
// index by, supported by the next support members (every third agrees to
// be named), moved along path by the board, answered by the vendor's
// liaison when answer is set. A point with into merges into the demo
// point of that index.
type demoPoint struct {
	title, topic, area, description string
	by, support                     int
	path                            []string
	answer, reason                  string
	into                            int
}

var demoPoints = []demoPoint{
	{title: "Lizenzschlüssel kommen erst nach Tagen", topic: "licensing", area: "Lizenzportal", by: 0, support: 14,
		description: "Bestellte Lizenzschlüssel erreichen uns oft erst drei bis fünf Werktage nach der Bestellung. Kunden warten mit dem Projektstart, und wir müssen Termine verschieben.",
		path:        []string{StatusReview, StatusRaised}, answer: "Wir stellen das Lizenzportal im Juli auf automatische Auslieferung um: Schlüssel kommen dann binnen einer Stunde. Bis dahin bearbeitet ein eigenes Team Partnerbestellungen bevorzugt."},
	{title: "Supportfälle werden ohne Rückmeldung geschlossen", topic: "support", area: "Partner-Support", by: 3, support: 11,
		description: "Tickets der Stufe 2 werden nach zehn Tagen automatisch geschlossen, auch wenn wir noch auf eine Antwort warten.",
		path:        []string{StatusReview, StatusRaised, StatusAnswered, StatusResolved}, answer: "Die automatische Schließung gilt nicht mehr für Tickets, die auf den Hersteller warten. Die Änderung ist seit dem letzten Release aktiv."},
	{title: "Deal-Registrierung schützt zu kurz", topic: "programme", area: "Deal-Registrierung", by: 5, support: 9,
		description: "90 Tage Schutz reichen bei öffentlichen Ausschreibungen nicht: Vergabeverfahren dauern oft sechs Monate und länger.",
		path:        []string{StatusReview, StatusRaised}, answer: "Für öffentliche Ausschreibungen verlängern wir den Schutz auf Antrag auf 180 Tage. Das Formular folgt im nächsten Quartal."},
	{title: "Zertifizierungsprüfungen nur auf Englisch", topic: "certification", area: "Prüfungszentrum", by: 8, support: 8,
		description: "Die Prüfungen für die technischen Zertifizierungen gibt es nur auf Englisch. Erfahrene Administratoren scheitern an der Sprache, nicht am Stoff.",
		path:        []string{StatusReview, StatusRaised}},
	{title: "Failover-Dokumentation für Cluster veraltet", topic: "availability", area: "Hochverfügbarkeit", by: 11, support: 6,
		description: "Die Anleitung zum Failover beschreibt noch die Version 7; die Befehle haben sich geändert.",
		path:        []string{StatusReview}},
	{title: "Marketingmittel werden zu spät freigegeben", topic: "sales", by: 13, support: 4,
		description: "Die Freigabe von Marketingmitteln dauert so lange, dass Messeauftritte vorfinanziert werden müssen."},
	{title: "Partnerportal meldet sich ständig ab", topic: "product", area: "Partnerportal", by: 16, support: 2,
		description: "Nach wenigen Minuten ohne Eingabe ist man abgemeldet; halb ausgefüllte Formulare gehen verloren."},
	{title: "Schulungstermine nur in Frankfurt", topic: "certification", area: "Schulungen", by: 19, support: 5,
		description: "Präsenzschulungen finden nur in Frankfurt statt; Partner aus dem Norden und Osten reisen jedes Mal einen Tag an.",
		path:        []string{StatusReview, StatusRaised}, answer: "Ab dem Herbst bieten wir jede Schulung auch in Hamburg und Leipzig sowie online an."},
	{title: "Eigene Preisliste für einen Großkunden", topic: "licensing", by: 21, support: 1,
		description: "Wir wünschen uns für einen Großkunden eine eigene Preisliste.",
		path:        []string{StatusDeclined}, reason: "Betrifft ein einzelnes Kundenprojekt, kein gemeinsames Anliegen der Mitglieder. Bitte direkt mit dem Partnermanager klären."},
	{title: "Lizenzaktivierung dauert zu lange", topic: "licensing", area: "Lizenzportal", by: 24, support: 4, into: 1,
		description: "Zwischen Bestellung und Aktivierung vergehen mehrere Tage."},
}

// SeedDemo submits the demo's pain points in every status: members'
// admins submit and support them (the first point by fourteen companies),
// the board reviews, raises, declines and merges a duplicate, and the
// vendor's liaison answers the raised points; some are resolved. board are
// the association's board members; admins the partner admins by
// organisation, of which the members' submit and support.
func SeedDemo(ctx context.Context, s *Service, admin *auth.Actor, board []*auth.Actor, liaison *auth.Actor, admins map[string]*auth.Actor) error {
	ms, err := s.Community.Members(ctx, admin, "de")
	if err != nil {
		return err
	}
	// The members' partner admins submit and support, in the members' order.
	var members []*auth.Actor
	for _, m := range ms {
		if a := admins[m.OrgID]; a != nil {
			members = append(members, a)
		}
	}
	if len(board) == 0 || liaison == nil || len(members) == 0 {
		return errors.New("painpoints: the demo needs a board, a liaison and members")
	}
	ids := make([]string, len(demoPoints))
	for i, d := range demoPoints {
		p, err := s.Create(ctx, members[d.by%len(members)], Input{Title: d.title, Description: d.description, Topic: d.topic, Area: d.area})
		if err != nil {
			return err
		}
		ids[i] = p.ID
		for k := 1; k <= d.support && k < len(members); k++ {
			if _, err := s.Support(ctx, members[(d.by+k)%len(members)], p.ID, k%3 == 0); err != nil {
				return err
			}
		}
		who := board[i%len(board)]
		for _, st := range d.path {
			if st == StatusAnswered {
				if _, err := s.Answer(ctx, liaison, p.ID, d.answer); err != nil {
					return err
				}
				continue
			}
			if _, err := s.SetStatus(ctx, who, p.ID, StatusInput{Status: st, Reason: d.reason}); err != nil {
				return err
			}
		}
		if d.answer != "" && !slices.Contains(d.path, StatusAnswered) {
			if _, err := s.Answer(ctx, liaison, p.ID, d.answer); err != nil {
				return err
			}
		}
		if d.into > 0 {
			if _, err := s.Merge(ctx, who, p.ID, ids[d.into-1]); err != nil {
				return err
			}
		}
	}
	return nil
}
