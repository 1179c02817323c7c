package exchange

import (
	"context"
	"fmt"
	"time"

	"pakt/internal/auth"
	"pakt/internal/partner"
)

// demoListing is a listing of the demo's project exchange: who posts it
// (an index into the eligible partners, 0 being Müller IT), how many days
// ago, and what becomes of it.
type demoListing struct {
	poster   int
	daysAgo  int
	kind     string
	title    string
	text     string
	topics   []string
	region   string // when the poster has none
	effort   int    // tenths of person-days (seeking) or of the unit (offering)
	budget   [2]int64
	industry string
	size     string
	customer string
	skill    string
	unit     string
	// answers are the eligible partners that answer, in order; accept is
	// the position of the accepted one (-1: none), shortlist those put on
	// the shortlist; reveal shows the accepted partner the customer;
	// close closes the listing without accepting.
	answers   []int
	shortlist []int
	accept    int
	reveal    bool
	close     bool
}

var demoListings = []demoListing{
	{poster: 0, daysAgo: 5, kind: KindSeeking, title: "VR-Schulungsumgebung für einen Maschinenbauer – Partner für Azure-Hosting gesucht",
		text:   "Wir entwickeln eine VR-Schulung für Servicetechniker und suchen einen Partner, der Hosting, Identitäten und Betrieb in Azure übernimmt.",
		topics: []string{"vr", "azure"}, region: "Bayern", effort: 450, budget: [2]int64{4_000_000, 6_000_000}, industry: "manufacturing", size: "large",
		customer: "Krause Maschinenbau AG", answers: []int{1, 2, 3}, shortlist: []int{2}, accept: -1},
	{poster: 0, daysAgo: 2, kind: KindOffering, title: "Zwei Unity-Entwickler ab Februar frei",
		text:   "Zwei erfahrene Unity/C#-Entwickler mit Schwerpunkt 3D-Visualisierung und VR-Training stehen für gemeinsame Projekte zur Verfügung.",
		topics: []string{"vr", "3d-visualisation"}, region: "Bayern", effort: 400, skill: "Unity/C#-Entwicklung", unit: "days", answers: []int{4}, accept: -1},
	{poster: 1, daysAgo: 8, kind: KindSeeking, title: "Security-Audit für einen Klinikverbund",
		text:   "Für einen Klinikverbund suchen wir Unterstützung bei Penetrationstests und der Prüfung der Datenschutzprozesse.",
		topics: []string{"security", "gdpr"}, region: "Baden-Württemberg", effort: 300, budget: [2]int64{0, 4_500_000}, industry: "healthcare", size: "enterprise",
		customer: "Klinikverbund Südwest", answers: []int{0, 5}, accept: -1},
	{poster: 2, daysAgo: 24, kind: KindSeeking, title: "SAP-Migration in die Cloud für einen Logistiker",
		text:   "Ein Logistikunternehmen zieht sein SAP-System in die Cloud. Wir suchen einen Partner für Infrastruktur und Betrieb.",
		topics: []string{"sap", "cloud-migration"}, region: "Hamburg", effort: 800, budget: [2]int64{8_000_000, 12_000_000}, industry: "logistics", size: "large",
		customer: "Hansen Logistik GmbH", answers: []int{0, 6}, shortlist: []int{0, 6}, accept: 0, reveal: true},
	{poster: 0, daysAgo: 19, kind: KindSeeking, title: "AR-Servicehandbuch für Landtechnik",
		text:   "Für ein Augmented-Reality-Servicehandbuch suchen wir einen Partner mit Erfahrung in CAD-Datenaufbereitung.",
		topics: []string{"ar", "cad"}, region: "Niedersachsen", effort: 250, industry: "manufacturing", size: "medium",
		customer: "Brandt Landtechnik KG", answers: []int{7, 8}, accept: 1, reveal: true},
	{poster: 9, daysAgo: 45, kind: KindSeeking, title: "Netzwerk-Modernisierung für einen Schulträger",
		text:   "WLAN und SD-WAN für zwölf Schulstandorte; wir suchen Verstärkung für Planung und Rollout.",
		topics: []string{"networking", "sd-wan"}, region: "Nordrhein-Westfalen", effort: 600, industry: "education", size: "large",
		customer: "Schulverband Rhein-Erft", answers: []int{3}, accept: -1},
	{poster: 5, daysAgo: 30, kind: KindOffering, title: "Kubernetes-Berater für drei Monate frei",
		text:   "Ein zertifizierter Kubernetes-Administrator unterstützt beim Aufbau von Plattformen und CI/CD.",
		topics: []string{"kubernetes", "devops"}, region: "Berlin", effort: 10, skill: "Kubernetes-Plattformbetrieb", unit: "fte", answers: []int{0}, accept: -1, close: true},
	{poster: 3, daysAgo: 1, kind: KindSeeking, title: "Microsoft-365-Einführung bei einer Versicherung",
		text:   "Wir führen Microsoft 365 bei einer Versicherung ein und suchen Unterstützung für Change-Management und Schulungen.",
		topics: []string{"m365", "digital-workplace"}, region: "Hessen", effort: 350, budget: [2]int64{3_000_000, 0}, industry: "insurance", size: "enterprise",
		customer: "Rhein-Main Versicherung AG", accept: -1},
	{poster: 4, daysAgo: 3, kind: KindSeeking, title: "KI-Assistent für den Kundenservice eines Händlers",
		text:   "Ein Händler möchte Kundenanfragen mit einem KI-Assistenten vorsortieren. Gesucht: Partner mit Erfahrung in Sprachmodellen und CRM-Anbindung.",
		topics: []string{"ai", "crm"}, region: "Sachsen", effort: 200, industry: "retail", size: "medium", customer: "Lindner Handelshaus GmbH",
		answers: []int{0}, accept: -1},
	{poster: 6, daysAgo: 6, kind: KindOffering, title: "BI-Berater mit Power-BI-Erfahrung frei",
		text:   "Wir haben einen Berater für Datenanalyse und Dashboards frei, ideal für Reporting-Projekte im Mittelstand.",
		topics: []string{"bi", "data-analytics"}, region: "Nordrhein-Westfalen", effort: 300, skill: "Power BI und Datenmodellierung", unit: "days", accept: -1},
	{poster: 7, daysAgo: 10, kind: KindSeeking, title: "ERP-Einführung bei einem Bauunternehmen",
		text:   "Ein mittelständisches Bauunternehmen stellt sein ERP um. Wir suchen einen Partner für Datenmigration und Schnittstellen.",
		topics: []string{"erp", "low-code"}, region: "Thüringen", effort: 500, budget: [2]int64{5_000_000, 7_500_000}, industry: "construction", size: "medium",
		customer: "Albrecht Bau GmbH", answers: []int{2}, accept: -1},
	{poster: 8, daysAgo: 12, kind: KindOffering, title: "Managed-Backup-Kapazität für neue Kunden",
		text:   "Unser Rechenzentrum hat Kapazität für Backup-as-a-Service frei; wir suchen Partner, die ihren Kunden Backup anbieten möchten.",
		topics: []string{"backup", "managed-services"}, region: "Bayern", effort: 5, skill: "Backup-Betrieb", unit: "fte", accept: -1},
	{poster: 9, daysAgo: 4, kind: KindSeeking, title: "IoT-Sensorik für eine Energiegenossenschaft",
		text:   "Für ein Pilotprojekt mit Sensoren an Windkraftanlagen suchen wir einen Partner für Datenplattform und Auswertung.",
		topics: []string{"iot", "data-analytics"}, region: "Schleswig-Holstein", effort: 150, industry: "energy", size: "small", customer: "Bürgerwind Nordfriesland eG",
		accept: -1},
}

var demoAnswers = []string{
	"Das passt gut zu unserem Team: Wir haben genau so ein Projekt im letzten Jahr umgesetzt und könnten kurzfristig starten.",
	"Gern unterstützen wir. Zwei unserer Berater sind zertifiziert und ab dem genannten Zeitraum verfügbar.",
	"Wir bringen Erfahrung aus ähnlichen Projekten in der Branche mit. Lassen Sie uns kurz telefonieren?",
	"Interessant! Wir könnten einen Teil des Umfangs übernehmen, vor allem Betrieb und Support.",
}

// SeedDemo fills the project exchange: open listings of both kinds,
// answered ones (shortlisted, accepted with the customer revealed), an
// expired and a closed one. Müller IT posts some and answers others. The
// history is made with its own clock, and nobody is notified.
func SeedDemo(ctx context.Context, svc *Service, partners *partner.Service, drafts []partner.Draft, ids []string, users []*auth.User, now time.Time) error {
	admins := map[string]*auth.Actor{}
	for _, u := range users {
		if u.Role == auth.RolePartnerAdmin {
			admins[u.OrgID] = u.Actor()
		}
	}
	// German partners in the directory take part, each in its own region.
	var eligible []*auth.Actor
	region := map[string]string{}
	for i := range drafts {
		in := drafts[i].Input
		kind := *in.Kind
		if (kind == partner.KindPartner || kind == partner.KindMember) && *in.Published && *in.Country == "DE" && admins[ids[i]] != nil {
			eligible = append(eligible, admins[ids[i]])
			region[ids[i]] = *in.Region
		}
	}
	if len(eligible) < 2 {
		return nil // too few partners for an exchange
	}
	who := func(i int) *auth.Actor { return eligible[i%len(eligible)] }
	slugs, err := partners.CompetencyBySlug(ctx)
	if err != nil {
		return err
	}
	at := now
	hist := svc.History(func() time.Time { return at })
	for n, d := range demoListings {
		at = now.AddDate(0, 0, -d.daysAgo).Add(-time.Duration(n) * time.Hour)
		var topics []string
		for _, s := range d.topics {
			if c := slugs[s]; c != nil {
				topics = append(topics, c.ID)
			}
		}
		if len(topics) == 0 {
			continue
		}
		from := at.AddDate(0, 0, 14+n*3)
		poster := who(d.poster)
		place := region[poster.OrgID]
		if place == "" {
			place = d.region
		}
		in := ListingInput{Kind: new(d.kind), Title: new(d.title), Description: new(d.text), Topics: &topics, Country: new("DE"),
			Region: new(place), From: new(from.Format(time.DateOnly)), To: new(from.AddDate(0, 2+n%3, 0).Format(time.DateOnly))}
		if d.kind == KindSeeking {
			in.EffortTenths, in.BudgetMinMinor, in.BudgetMaxMinor = new(d.effort), new(d.budget[0]), new(d.budget[1])
			in.CustomerIndustry, in.CustomerSize, in.CustomerName = new(d.industry), new(d.size), new(d.customer)
		} else {
			in.Skill, in.AmountTenths, in.Unit = new(d.skill), new(d.effort), new(d.unit)
		}
		l, err := hist.Create(ctx, poster, in)
		if err != nil {
			return fmt.Errorf("listing %q: %w", d.title, err)
		}
		var answers []string
		seen := map[string]bool{poster.OrgID: true}
		for k, p := range d.answers {
			a := who(p)
			if seen[a.OrgID] {
				continue // few partners: each answers once, never its own
			}
			seen[a.OrgID] = true
			at = at.Add(time.Duration(3+k*5) * time.Hour)
			ans, err := hist.Answer(ctx, a, l.ID, AnswerInput{Message: demoAnswers[(n+k)%len(demoAnswers)]})
			if err != nil {
				return fmt.Errorf("answer to %q: %w", d.title, err)
			}
			answers = append(answers, ans.ID)
		}
		at = at.Add(24 * time.Hour)
		for _, k := range d.shortlist {
			if k < len(answers) {
				if _, err := hist.Shortlist(ctx, poster, answers[k], true); err != nil {
					return err
				}
			}
		}
		switch {
		case d.accept >= 0 && d.accept < len(answers):
			if _, err := hist.Accept(ctx, poster, answers[d.accept]); err != nil {
				return err
			}
			if d.reveal {
				if _, err := hist.Reveal(ctx, poster, l.ID); err != nil {
					return err
				}
			}
		case d.close:
			if _, err := hist.Close(ctx, poster, l.ID); err != nil {
				return err
			}
		}
	}
	at = now
	return hist.Tick(ctx) // expires what ran out
}
