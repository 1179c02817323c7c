package cosell

import (
	"context"
	"fmt"
	"time"

	"pakt/internal/auth"
	"pakt/internal/partner"
)

// demoDeal is a registration of the demo and what happens to it.
type demoDeal struct {
	// by is the registering partner: an index into the demo's partners
	// (0 is the showcase partner Müller IT).
	by                          int
	customer, domain, city, sol string
	industry, size              string
	value                       int64
	daysAgo, closeIn            int
	stage                       string
	// steps happen one day after another.
	steps []func(x *demoRun, d *Deal) (*Deal, error)
}

// demoRun holds what the steps need.
type demoRun struct {
	ctx    context.Context
	svc    *Service
	staff  *auth.Actor
	orgs   []string
	admins map[string]*auth.Actor
	deals  []*Deal
}

func (x *demoRun) admin(i int) *auth.Actor { return x.admins[x.orgs[i]] }

func approve(x *demoRun, d *Deal) (*Deal, error) { return x.svc.Approve(x.ctx, x.staff, d.ID) }

func stage(s string) func(x *demoRun, d *Deal) (*Deal, error) {
	return func(x *demoRun, d *Deal) (*Deal, error) { return x.svc.SetStage(x.ctx, x.admins[d.OrgID], d.ID, s) }
}

// with adds the partner i in role with the proposed split; accept tells
// whether it accepts.
func with(i int, role string, accept bool) func(x *demoRun, d *Deal) (*Deal, error) {
	return func(x *demoRun, d *Deal) (*Deal, error) {
		by := x.admins[d.OrgID]
		p, err := x.svc.Propose(x.ctx, by, d.ID, x.orgs[i], role)
		if err != nil {
			return nil, err
		}
		if d, err = x.svc.AddParty(x.ctx, by, d.ID, x.orgs[i], p.Shares); err != nil || !accept {
			return d, err
		}
		return x.svc.Answer(x.ctx, x.admin(i), d.ID, true)
	}
}

func win(x *demoRun, d *Deal) (*Deal, error) { return x.svc.Win(x.ctx, x.admins[d.OrgID], d.ID, nil) }

func lose(reason string) func(x *demoRun, d *Deal) (*Deal, error) {
	return func(x *demoRun, d *Deal) (*Deal, error) { return x.svc.Lose(x.ctx, x.admins[d.OrgID], d.ID, reason) }
}

func reject(reason string) func(x *demoRun, d *Deal) (*Deal, error) {
	return func(x *demoRun, d *Deal) (*Deal, error) { return x.svc.Reject(x.ctx, x.staff, d.ID, reason) }
}

func extend(x *demoRun, d *Deal) (*Deal, error) { return x.svc.Extend(x.ctx, x.staff, d.ID) }

// decide decides the deal's open conflict.
func decide(decision, note string) func(x *demoRun, d *Deal) (*Deal, error) {
	return func(x *demoRun, d *Deal) (*Deal, error) {
		full, err := x.svc.Deal(x.ctx, x.staff, d.ID)
		if err != nil {
			return nil, err
		}
		for _, c := range full.Conflicts {
			if c.Status == ConflictOpen && c.DealID == d.ID {
				if _, err := x.svc.Decide(x.ctx, x.staff, c.ID, decision, note); err != nil {
					return nil, err
				}
			}
		}
		return x.svc.Deal(x.ctx, x.staff, d.ID)
	}
}

var demoDeals = []demoDeal{
	{by: 0, customer: "Bäckerei Größl GmbH", domain: "baeckerei-groessl.de", city: "München", sol: "Kassensystem mit Warenwirtschaft für 14 Filialen",
		industry: "retail", size: "medium", value: 4_850_000, daysAgo: 40, closeIn: 60, stage: "propose", steps: []func(*demoRun, *Deal) (*Deal, error){approve, stage("propose")}},
	// The same bakery, two days later, by another partner: a conflict
	// waiting for staff.
	{by: 2, customer: "Baeckerei Groessl", city: "München", sol: "Filial-WLAN und Kassenanbindung", industry: "retail", value: 1_200_000, daysAgo: 38, closeIn: 50},
	{by: 0, customer: "Brauerei Schönbrunn KG", domain: "brauerei-schoenbrunn.de", city: "Bamberg", sol: "Migration von ERP und Warenwirtschaft in die Cloud",
		industry: "manufacturing", size: "medium", value: 12_600_000, daysAgo: 75, closeIn: 20, steps: []func(*demoRun, *Deal) (*Deal, error){approve, with(4, RoleDelivery, true), stage("commit"), win}},
	{by: 0, customer: "Stadtwerke Würzburg GmbH", domain: "wvv.de", city: "Würzburg", sol: "Digitaler Zwilling des Fernwärmenetzes",
		industry: "energy", size: "large", value: 28_000_000, daysAgo: 30, closeIn: 120, steps: []func(*demoRun, *Deal) (*Deal, error){approve, stage("develop"), with(1, RoleDelivery, false)}},
	{by: 0, customer: "Autohaus Kern KG", domain: "autohaus-kern.de", city: "Regensburg", sol: "Werkstattplanung und Kundenportal",
		industry: "retail", size: "small", value: 3_900_000, daysAgo: 3, closeIn: 75},
	// A later registration of the same car dealer, decided as a joint deal.
	{by: 3, customer: "Kern Autohaus", domain: "autohaus-kern.de", city: "Regensburg", sol: "Kundenportal", industry: "retail", value: 900_000, daysAgo: 2, closeIn: 60,
		steps: []func(*demoRun, *Deal) (*Deal, error){decide(DecideJoint, "Beide Partner arbeiten beim Kunden bereits zusammen.")}},
	{by: 0, customer: "Klinikum Süd gGmbH", domain: "klinikum-sued.de", city: "Nürnberg", sol: "Sicherheitsaudit der Medizintechnik-Netze",
		industry: "healthcare", size: "large", value: 7_400_000, daysAgo: 120, closeIn: 30, steps: []func(*demoRun, *Deal) (*Deal, error){approve, with(5, RoleDelivery, true), lose("Der Kunde vergibt das Audit an den Hersteller der Medizintechnik.")}},
	{by: 3, customer: "Metzgerei Huber", city: "Landshut", sol: "Warenwirtschaft und Waagenanbindung", industry: "retail", size: "micro", value: 650_000, daysAgo: 130, closeIn: 10,
		steps: []func(*demoRun, *Deal) (*Deal, error){approve}},
	{by: 5, customer: "Hotel Sonnenhof", domain: "sonnenhof-hotel.example", city: "Garmisch-Partenkirchen", sol: "Buchungsplattform", industry: "tourism", value: 2_300_000, daysAgo: 25, closeIn: 40,
		steps: []func(*demoRun, *Deal) (*Deal, error){reject("Das Hotel gehört zur Kette, mit der der Hersteller direkt verhandelt.")}},
	{by: 6, customer: "Sanitär Wagner UG (haftungsbeschränkt)", domain: "sanitaer-wagner.de", city: "Leipzig", sol: "Einsatzplanung für 40 Monteure", industry: "construction", size: "small", value: 1_890_000,
		daysAgo: 85, closeIn: 30, steps: []func(*demoRun, *Deal) (*Deal, error){approve, stage("negotiate"), extend}},
	{by: 7, customer: "Zahnarztpraxis Dr. Krüger", city: "Köln", sol: "Praxis-IT und Datensicherung", industry: "healthcare", size: "micro", value: 745_000, daysAgo: 60, closeIn: 5,
		steps: []func(*demoRun, *Deal) (*Deal, error){approve, with(0, RoleReferral, true), win}},
	{by: 1, customer: "Gemeinde Großhöflein", city: "Großhöflein", sol: "Planung und Dokumentation des Glasfaserausbaus", industry: "public", value: 5_200_000, daysAgo: 50, closeIn: 30,
		steps: []func(*demoRun, *Deal) (*Deal, error){approve, stage("commit"), win}},
	{by: 4, customer: "Druckerei Lindner GmbH", domain: "druckerei-lindner.de", city: "Augsburg", sol: "Workflow-Automatisierung der Druckvorstufe", industry: "manufacturing", size: "small",
		value: 3_150_000, daysAgo: 20, closeIn: 45, steps: []func(*demoRun, *Deal) (*Deal, error){approve, stage("propose")}},
}

// demoSolutions are the solutions of the generated won deals.
var demoSolutions = []string{"Cloud-Migration", "Managed Security", "ERP-Einführung", "Datenplattform", "Arbeitsplatz-Modernisierung", "Netzwerkausbau"}

// SeedDemo registers the demo's deals over the last months: deals in every
// state, an open conflict (the same bakery registered by two partners), a
// conflict decided as a joint deal, multi-partner deals built on the
// demo's cooperation agreements (a won one whose follow-up has a split
// proposal open), and a won deal for each of the first thirty partners,
// so that statements and the money view are filled. Incentives are earned
// through the service's OnWon as in the app.
func SeedDemo(ctx context.Context, base *Service, admin *auth.Actor, drafts []partner.Draft, ids []string, users []*auth.User, now time.Time) error {
	orgs, admins := partner.DemoPartners(drafts, ids, users, 30)
	if len(orgs) < 8 {
		return nil
	}
	clock := now
	svc := &Service{DB: base.DB, Now: func() time.Time { return clock }, Partners: base.Partners, Zone: base.Zone, OnWon: base.OnWon, AgreedShares: base.AgreedShares}
	x := &demoRun{ctx: ctx, svc: svc, staff: admin, orgs: orgs, admins: admins}
	register := func(by int, in DealInput) (*Deal, error) { return svc.Register(ctx, admins[orgs[by]], in) }
	for i, dd := range demoDeals {
		clock = now.AddDate(0, 0, -dd.daysAgo).Truncate(time.Hour).Add(time.Duration(9+i%6) * time.Hour)
		d, err := register(dd.by, DealInput{Customer: Customer{Name: dd.customer, Domain: dd.domain, Country: "DE", City: dd.city, Industry: dd.industry, Size: dd.size},
			Solution: dd.sol, ValueMinor: dd.value, Currency: "EUR", Stage: dd.stage,
			ExpectedClose: clock.AddDate(0, 0, dd.closeIn).Format(time.DateOnly), Description: "Erstgespräch geführt; Entscheidung im Lenkungskreis."})
		if err != nil {
			return fmt.Errorf("deal %s: %w", dd.customer, err)
		}
		for j, step := range dd.steps {
			clock = clock.Add(time.Duration(j+1) * 25 * time.Hour)
			if d, err = step(x, d); err != nil {
				return fmt.Errorf("deal %s, step %d: %w", dd.customer, j+1, err)
			}
		}
		x.deals = append(x.deals, d)
	}
	// The brewery's follow-up: the delivery partner registers it and
	// proposes another split, which the showcase partner has yet to answer.
	clock = now.AddDate(0, 0, -4).Truncate(time.Hour).Add(10 * time.Hour)
	brewery := x.deals[2]
	f, err := svc.Register(ctx, x.admin(4), DealInput{FollowUpOf: brewery.ID, Solution: "Betrieb und Wartung der Cloud-Umgebung", ValueMinor: 3_600_000,
		Currency: "EUR", ExpectedClose: clock.AddDate(0, 0, 90).Format(time.DateOnly)})
	if err != nil {
		return fmt.Errorf("follow-up: %w", err)
	}
	clock = clock.Add(2 * time.Hour)
	if _, err := svc.ProposeSplit(ctx, x.admin(4), f.ID, []Share{{OrgID: orgs[0], Role: RoleLead, SplitBP: 3000}, {OrgID: orgs[4], Role: RoleDelivery, SplitBP: 7000}}); err != nil {
		return fmt.Errorf("follow-up split: %w", err)
	}
	// A won deal for each partner over the last two quarters.
	for i := 1; i < len(orgs); i++ {
		clock = now.AddDate(0, 0, -170+i*5).Truncate(time.Hour).Add(11 * time.Hour)
		d, err := register(i, DealInput{Customer: Customer{Name: fmt.Sprintf("Kunde %02d der %s", i, demoSolutions[i%len(demoSolutions)]), Country: "DE"},
			Solution: demoSolutions[i%len(demoSolutions)], ValueMinor: int64(800_000 + (i*370_000)%4_000_000), Currency: "EUR",
			ExpectedClose: clock.AddDate(0, 0, 30).Format(time.DateOnly)})
		if err != nil {
			return err
		}
		for _, step := range []func(*demoRun, *Deal) (*Deal, error){approve, win} {
			clock = clock.Add(72 * time.Hour)
			if d, err = step(x, d); err != nil {
				return fmt.Errorf("won deal %d: %w", i, err)
			}
		}
	}
	// Protection that ended while nobody looked.
	clock = now
	return svc.Tick(ctx)
}
