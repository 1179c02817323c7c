package leads

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"pakt/internal/auth"
	"pakt/internal/partner"
)

// demoCampaign is a campaign of the demo: its period counts in days from
// the demo's end (negative: before it).
type demoCampaign struct {
	name, text string
	budget     int64
	from, to   int
}

var demoCampaigns = []demoCampaign{
	{"Cloud-Frühling", "Webinar-Reihe und Messeauftritt zur Migration in die Cloud; die Anmeldungen werden Leads.", 4_500_000, -75, 15},
	{"Sicherheitswochen Mittelstand", "Kostenlose Sicherheits-Checks für mittelständische Unternehmen, beworben über Verbände.", 2_800_000, -40, 20},
	{"KI im Vertrieb", "Online-Kampagne zu KI-Assistenten in Vertrieb und Service.", 1_500_000, -10, 50},
}

// demoLead is a lead of the demo: its campaign (-1: none), the customer,
// when it came in (hours before the demo's end), the partners it rotates
// through (indices into the eligible partners, 0 being Müller IT) and what
// they do in turn: "d:<reason>" declines, "a" accepts, "w" (staff)
// withdraws; an offer left open at its deadline expires with the demo's
// last Tick. A lead without partners stays new.
type demoLead struct {
	campaign                         int
	customer, domain, postcode, city string
	industry, size                   string
	topics                           []string
	value                            int64
	hoursAgo                         int
	queue                            []int
	script                           []string
}

var demoLeads = []demoLead{
	// offered, the deadline soon
	{0, "Bergmann Logistik GmbH", "bergmann-logistik.de", "80331", "München", "logistics", "medium", []string{"cloud-migration", "azure"}, 6_000_000, 40, []int{0, 3, 5}, nil},
	{1, "Hofmann Präzisionsteile GmbH", "hofmann-praezision.de", "70173", "Stuttgart", "manufacturing", "medium", []string{"security"}, 2_500_000, 30, []int{1, 0}, nil},
	{2, "Vogel Versandhandel KG", "vogel-versand.de", "20095", "Hamburg", "retail", "small", []string{"ai", "crm"}, 1_800_000, 6, []int{2, 4}, nil},
	{-1, "Stadtwerke Lindau", "stadtwerke-lindau.de", "88131", "Lindau", "energy", "medium", []string{"iot", "data-analytics"}, 3_200_000, 20, []int{0, 6}, nil},
	// declined and moved on
	{0, "Richter Spedition GmbH", "richter-spedition.de", "04109", "Leipzig", "logistics", "large", []string{"cloud-migration"}, 9_000_000, 30, []int{3, 0, 7}, []string{"d:no_capacity"}},
	{1, "Klinik am See gGmbH", "klinik-am-see.de", "78462", "Konstanz", "healthcare", "medium", []string{"security", "gdpr"}, 4_000_000, 26, []int{4, 0}, []string{"d:region"}},
	{2, "Neumann Möbelhaus GmbH", "neumann-moebel.de", "50667", "Köln", "retail", "medium", []string{"ai"}, 1_200_000, 20, []int{0, 5, 6}, []string{"d:too_small"}},
	// expired and moved on
	{0, "Krüger Agrar eG", "krueger-agrar.de", "30159", "Hannover", "manufacturing", "medium", []string{"hybrid-cloud"}, 2_200_000, 60, []int{5, 0}, nil},
	{1, "Schuster Steuerberatung", "schuster-stb.de", "90402", "Nürnberg", "finance", "small", []string{"backup", "security"}, 900_000, 55, []int{6, 1, 0}, nil},
	// accepted: registered deals
	{0, "Lorenz Maschinenbau AG", "lorenz-maschinenbau.de", "86150", "Augsburg", "manufacturing", "large", []string{"cloud-migration", "sap"}, 12_000_000, 24 * 40, []int{0, 3}, []string{"a"}},
	{0, "Fuchs Energie GmbH", "fuchs-energie.de", "93047", "Regensburg", "energy", "medium", []string{"azure"}, 5_500_000, 24 * 30, []int{3, 0}, []string{"d:no_fit", "a"}},
	{1, "Zimmermann Kliniken GmbH", "zimmermann-kliniken.de", "69117", "Heidelberg", "healthcare", "large", []string{"security"}, 7_000_000, 24 * 25, []int{1}, []string{"a"}},
	{1, "Peters Versicherungsmakler", "peters-makler.de", "40213", "Düsseldorf", "insurance", "small", []string{"gdpr"}, 1_500_000, 24 * 20, []int{0, 2}, []string{"a"}},
	{2, "Albers Autohaus GmbH", "albers-autohaus.de", "28195", "Bremen", "automotive", "medium", []string{"crm"}, 2_000_000, 24 * 8, []int{4, 2}, []string{"d:conflict", "a"}},
	{-1, "Brandt Bau GmbH", "brandt-bau.de", "01067", "Dresden", "construction", "medium", []string{"erp"}, 8_000_000, 24 * 50, []int{7}, []string{"a"}},
	{0, "Wagner Papier AG", "wagner-papier.de", "34117", "Kassel", "manufacturing", "large", []string{"cloud-migration"}, 6_500_000, 24 * 60, []int{8, 0}, []string{"a"}},
	// unassigned: every partner declined or let it run out
	{1, "Sommer Reisen GmbH", "sommer-reisen.de", "60311", "Frankfurt am Main", "tourism", "small", []string{"security"}, 800_000, 24 * 12, []int{2, 5}, []string{"d:too_small", "d:no_capacity"}},
	{0, "Graf Textil GmbH", "graf-textil.de", "72764", "Reutlingen", "manufacturing", "small", []string{"kubernetes"}, 1_100_000, 24 * 6, []int{6}, nil},
	{2, "Otto Immobilien KG", "otto-immobilien.de", "55116", "Mainz", "professional_services", "small", []string{"ai"}, 700_000, 24 * 4, []int{0, 9}, []string{"d:other:Kein Bezug zu unseren Kunden in Mainz.", "d:no_fit"}},
	// withdrawn
	{0, "Keller Druck GmbH", "keller-druck.de", "97070", "Würzburg", "manufacturing", "small", []string{"dms"}, 600_000, 24 * 15, []int{3}, []string{"w"}},
	{-1, "Haas Transporte", "haas-transporte.de", "66111", "Saarbrücken", "logistics", "small", []string{"itsm"}, 500_000, 24 * 9, nil, []string{"w"}},
	// new: not distributed yet
	{2, "Möller Elektro GmbH", "moeller-elektro.de", "24103", "Kiel", "construction", "medium", []string{"ai", "iot"}, 2_400_000, 3, nil, nil},
	{1, "Apotheke am Markt", "apotheke-am-markt.de", "39104", "Magdeburg", "healthcare", "micro", []string{"security"}, 300_000, 5, nil, nil},
	{-1, "Schubert Medien GmbH", "schubert-medien.de", "99084", "Erfurt", "media", "small", []string{"e-commerce"}, 1_300_000, 2, nil, nil},
	{0, "Seidel Kunststoffe GmbH", "seidel-kunststoffe.de", "09111", "Chemnitz", "manufacturing", "medium", []string{"hybrid-cloud", "backup"}, 3_600_000, 1, nil, nil},
}

// SeedDemo fills leads: three campaigns and some 25 leads in every state
// (offered with the deadline soon, declined or unanswered and moved on,
// accepted as deals through the RegisterDeal hook, unassigned, withdrawn,
// new), many offered to Müller IT. The history is made with its own
// clock, nobody is notified, and a last Tick at now expires what ran out.
func SeedDemo(ctx context.Context, s *Service, staff *auth.Actor, admins map[string]*auth.Actor, ids []string, drafts []partner.Draft, now time.Time) error {
	var eligible []string
	for i := range drafts {
		in := drafts[i].Input
		if *in.Kind == partner.KindPartner && *in.Published && *in.Country == "DE" && admins[ids[i]] != nil {
			eligible = append(eligible, ids[i])
		}
	}
	if len(eligible) < 2 {
		return nil // too few partners to distribute to
	}
	slugs, err := s.Partners.CompetencyBySlug(ctx)
	if err != nil {
		return err
	}
	at := now
	h := *s
	h.Now, h.Notify = func() time.Time { return at }, nil
	var camps []string
	for _, c := range demoCampaigns {
		from, to := now.AddDate(0, 0, c.from).Format(time.DateOnly), now.AddDate(0, 0, c.to).Format(time.DateOnly)
		at = now.AddDate(0, 0, c.from-14)
		cp, err := h.CreateCampaign(ctx, staff, CampaignInput{Name: new(c.name), Description: new(c.text), BudgetMinor: new(c.budget), From: &from, To: &to})
		if err != nil {
			return fmt.Errorf("campaign %q: %w", c.name, err)
		}
		camps = append(camps, cp.ID)
	}
	for n, d := range demoLeads {
		at = now.Add(-time.Duration(d.hoursAgo) * time.Hour)
		var topics []string
		for _, slug := range d.topics {
			if c := slugs[slug]; c != nil {
				topics = append(topics, c.ID)
			}
		}
		if len(topics) == 0 {
			continue
		}
		in := LeadInput{CustomerName: new(d.customer), WebDomain: new(d.domain), Country: new("DE"), Postcode: new(d.postcode), City: new(d.city),
			Industry: new(d.industry), Size: new(d.size), Competencies: &topics, ValueMinor: new(d.value),
			Description: new(demoTexts[n%len(demoTexts)]), ContactName: new(demoContacts[n%len(demoContacts)]),
			ContactEmail: new("vertrieb@" + d.domain), ContactPhone: new(fmt.Sprintf("+49 %d 5550%03d", 30+n, n))}
		if d.campaign >= 0 {
			in.CampaignID = &camps[d.campaign]
		}
		l, err := h.CreateLead(ctx, staff, in)
		if err != nil {
			return fmt.Errorf("lead %q: %w", d.customer, err)
		}
		var queue []string
		for _, i := range d.queue {
			if org := eligible[i%len(eligible)]; !slices.Contains(queue, org) {
				queue = append(queue, org)
			}
		}
		if len(queue) > 0 {
			at = at.Add(time.Hour)
			if l, err = h.Distribute(ctx, staff, l.ID, queue); err != nil {
				return fmt.Errorf("distribute %q: %w", d.customer, err)
			}
		}
		for k, step := range d.script {
			at = at.Add(time.Duration(3+4*k) * time.Hour)
			if l.State != StateOffered && step != "w" {
				break // the queue ran out
			}
			act, rest, _ := strings.Cut(step, ":")
			switch act {
			case "a":
				_, err = h.Accept(ctx, admins[l.OrgID], l.ID)
			case "w":
				_, err = h.Withdraw(ctx, staff, l.ID)
			case "d":
				reason, note, _ := strings.Cut(rest, ":")
				err = h.Decline(ctx, admins[l.OrgID], l.ID, Decline{Reason: reason, Note: note})
			}
			if err != nil {
				return fmt.Errorf("lead %q, step %q: %w", d.customer, step, err)
			}
			if l, err = getLead(ctx, s.DB, l.ID); err != nil {
				return err
			}
		}
	}
	at = now
	return h.Tick(ctx)
}

var demoTexts = []string{
	"Hat sich beim Webinar angemeldet und möchte in den nächsten sechs Monaten ein Projekt starten.",
	"Rückruf erwünscht; das Budget ist für dieses Jahr freigegeben.",
	"Sucht einen Partner in der Nähe, der auch den Betrieb übernimmt.",
	"Erstgespräch mit der Geschäftsführung hat stattgefunden; Entscheidung im nächsten Quartal.",
}

var demoContacts = []string{"Julia Brandt", "Markus Seidel", "Sandra Vogt", "Thomas Lang", "Petra Kühn", "Stefan Roth"}
