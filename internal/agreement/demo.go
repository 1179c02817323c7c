package agreement

import (
	"context"
	"fmt"
	"time"

	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/partner"
)

// demoAgreement is a cooperation agreement of the demo and how far it got.
type demoAgreement struct {
	title, customer string
	// parties are indexes into the eligible partners (0 is the showcase
	// partner Müller IT); the first creates the
	parties []int
	shares  []int
	// fill completes the first version's content.
	fill func(c *Content)
	// steps are what the parties do after that, in order.
	steps []demoStep
}

// demoStep is a party saving a change (edit) or its admin accepting the
// current version.
type demoStep struct {
	edit  bool
	party int
}

func demoAccept(p int) demoStep { return demoStep{party: p} }
func demoEdit(p int) demoStep   { return demoStep{edit: true, party: p} }

var demoAgreements = []demoAgreement{
	{
		title: "Digitaler Zwilling für die Stadtwerke Würzburg", customer: "Stadtwerke Würzburg GmbH",
		parties: []int{0, 1}, shares: []int{6000, 4000},
		fill: func(c *Content) {
			c.Understanding.Goals = "Gemeinsames Angebot für einen digitalen Zwilling des Fernwärmenetzes."
			c.Understanding.Scope = "Konzeption, 3D-Visualisierung und Anbindung der Leitsysteme; kein Betrieb."
			c.Checklist[0].Status, c.Checklist[0].Note = ItemClarified, "Müller IT führt gegenüber dem Kunden."
		},
	},
	{
		title: "VR-Schulungsräume für die Handwerkskammer Oberfranken", customer: "Handwerkskammer für Oberfranken",
		parties: []int{2, 0, 3}, shares: []int{4000, 4000, 2000},
		fill: func(c *Content) {
			c.Understanding.Goals = "Drei VR-Schulungsräume für die überbetriebliche Ausbildung."
			c.Communication.ToCustomer = "Der Kunde hat eine Ansprechperson je Gewerk; Abstimmungen laufen über die Federführung."
			c.Disputes.Steps = []string{"Klärung zwischen den Projektleitungen innerhalb einer Woche", "Gespräch der Geschäftsführungen", "Moderation durch das Partnermanagement"}
		},
		steps: []demoStep{demoEdit(1), demoAccept(1), demoAccept(0)},
	},
	{
		title: "Cloud-Migration für die Brauerei Schönbrunn", customer: "Brauerei Schönbrunn KG",
		parties: []int{4, 0}, shares: []int{5500, 4500},
		fill: func(c *Content) {
			c.Understanding.Goals = "Migration von ERP und Warenwirtschaft in die Cloud bis zum Sudjahr 2027."
			c.Costs.FollowUp = "Folgeaufträge im Betrieb gehen an Müller IT, Erweiterungen der Warenwirtschaft an die Federführung."
			c.Confidentiality.Scope = "Preise, Rezepturen und Kundendaten der Brauerei."
			c.JourFixe = JourFixe{Cadence: "biweekly", Minutes: 45}
		},
		steps: []demoStep{demoAccept(0), demoAccept(1)},
	},
	{
		title: "Sicherheitsaudit für das Klinikum Süd", customer: "Klinikum Süd gGmbH",
		parties: []int{0, 5}, shares: []int{5000, 5000},
		fill: func(c *Content) {
			c.Understanding.Scope = "Penetrationstest, Härtung der Medizintechnik-Netze, Schulung des IT-Teams."
			c.Employees.MonthsAfter = 18
			c.JourFixe = JourFixe{Cadence: "weekly", Minutes: 30}
		},
		// In force, then changed: back in negotiation.
		steps: []demoStep{demoAccept(0), demoAccept(1), demoEdit(1)},
	},
	{
		title: "Gemeinsames Angebot Glasfaser-Ausbau Gemeinde Großhöflein", customer: "Gemeinde Großhöflein",
		parties: []int{6, 7}, shares: []int{7000, 3000},
		fill: func(c *Content) {
			c.Understanding.Goals = "Planung und Dokumentation des Glasfaserausbaus."
		},
		steps: []demoStep{demoAccept(1), demoAccept(0)},
	},
}

// SeedDemo creates the demo's cooperation agreements in every state
// (draft, negotiation with some acceptances, in force, back in negotiation
// after a change), most of them with the showcase partner, a few weeks
// before now. The parties are the live, published partner organisations
// among the demo's drafts (ids their organisations, users their logins)
// with their admins; the showcase partner is the first.
func SeedDemo(ctx context.Context, base *Service, drafts []partner.Draft, ids []string, users []*auth.User, now time.Time) error {
	orgs, admins := partner.DemoPartners(drafts, ids, users, 8)
	clock := now.AddDate(0, 0, -40)
	// The demo's own clock and no mail; the in-force hook as the app has it
	// (the jour fixe series of agreements in force start there).
	svc := &Service{DB: base.DB, Now: func() time.Time { return clock }, OnInForce: base.OnInForce, Zone: base.Zone}
	for i, d := range demoAgreements {
		clock = now.AddDate(0, 0, -40+i*6).Truncate(time.Hour)
		var parties []string
		for _, p := range d.parties {
			if p >= len(orgs) {
				return nil // too few partners for the demo's agreements
			}
			parties = append(parties, orgs[p])
		}
		actor := func(p int) *auth.Actor { return admins[parties[p]] }
		c := DefaultContent(d.title, d.customer, parties, "", d.shares)
		d.fill(c)
		if c.JourFixe.Active() {
			// A few weeks ago, so that the series has a past.
			first := i18n.LocalTime(svc.Zone, clock.AddDate(0, 0, 3), 9, 0)
			c.JourFixe.First = &first
		}
		ag, err := svc.Create(ctx, actor(0), CreateInput{Title: d.title, Customer: d.customer, Parties: parties, Shares: d.shares, Content: c})
		if err != nil {
			return fmt.Errorf("agreement %s: %w", d.title, err)
		}
		for j, step := range d.steps {
			clock = clock.Add(time.Duration(j+1) * 26 * time.Hour)
			p := step.party
			if step.edit {
				next := Clone(ag.Content)
				next.Confidentiality.Months += 12
				next.Responsibilities.Parties[p].Contribution = "Überarbeitet: Projektleitung und Qualitätssicherung."
				ag, err = svc.Update(ctx, actor(p), ag.ID, UpdateInput{BaseVersion: ag.CurrentVersion, Content: *next, Note: "Beitrag präzisiert, Vertraulichkeit verlängert"})
			} else {
				ag, err = svc.Accept(ctx, actor(p), ag.ID, ag.CurrentVersion)
			}
			if err != nil {
				return fmt.Errorf("agreement %s, step %d: %w", d.title, j+1, err)
			}
		}
	}
	return nil
}
