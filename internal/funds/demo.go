package funds

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	imgpng "image/png"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/pdf"
	"pakt/internal/upload"
)

// demoActivity is an activity of the demo: whose (an index into the
// partners, 0 being the showcase partner; -1 to -3 the first Vampires), its
// planned day relative to the demo's end, and the state it reaches.
type demoActivity struct {
	who      int
	days     int
	kind     string
	title    string
	text     string
	euros    int64
	leads    int
	state    string
	approved int64 // euros approved, 0: as requested
	reason   string
}

var demoActivities = []demoActivity{
	{who: 0, days: -45, kind: KindTradeFair, title: "Stand auf der Fachmesse „Digitale Fabrik“", text: "Gemeinschaftsstand mit VR-Demonstrator für Servicetechnik.",
		euros: 12_000, leads: 40, state: StatusPaid},
	{who: 0, days: -20, kind: KindWebinar, title: "Webinar: VR-Schulungen in der Praxis", text: "Einstündiges Webinar mit einem Kunden aus dem Maschinenbau.",
		euros: 2_500, leads: 25, state: StatusClaimed},
	{who: 0, days: 25, kind: KindEvent, title: "Kundentag Augmented Reality", text: "Ein Tag mit Vorträgen und Vorführungen für Bestandskunden.",
		euros: 8_000, leads: 30, state: StatusApproved, approved: 6_000},
	{who: 0, days: 40, kind: KindOnlineCampaign, title: "LinkedIn-Kampagne Servicetechnik", text: "Sechs Wochen Anzeigen für Entscheider im Service.",
		euros: 4_000, leads: 20, state: StatusRequested},
	{who: 1, days: -30, kind: KindContent, title: "Whitepaper Cloud-Migration für den Mittelstand", text: "Whitepaper mit Checkliste, Landingpage und Nurturing-Strecke.",
		euros: 3_500, leads: 15, state: StatusReturned, reason: "Bitte reichen Sie die Rechnung der Agentur nach."},
	{who: 2, days: -50, kind: KindPrint, title: "Broschüre Managed Security", text: "Auflage 2.000 Stück für Messen und Kundentermine.",
		euros: 1_800, leads: 5, state: StatusRejected, reason: "Reine Druckkosten ohne Kampagne fördern wir nicht."},
	{who: 3, days: -35, kind: KindTraining, title: "Schulungsreihe für Vertriebsteams", text: "Drei halbe Tage Produktschulung für die Vertriebsteams unserer Kunden.",
		euros: 5_000, leads: 10, state: StatusPaid},
	{who: 4, days: 15, kind: KindEvent, title: "Roadshow Norddeutschland", text: "Vier Abendveranstaltungen in Hamburg, Bremen, Hannover und Kiel.",
		euros: 9_000, leads: 35, state: StatusRequested},
	{who: 5, days: -25, kind: KindWebinar, title: "Webinarreihe Datenschutz", text: "Drei Webinare zu DSGVO-Themen mit Q&A.",
		euros: 2_000, leads: 18, state: StatusClaimed},
	{who: -1, days: -60, kind: KindTradeFair, title: "Großer Messestand auf der Hausmesse", text: "Eigener Stand mit Catering und Abendveranstaltung.",
		euros: 15_000, leads: 50, state: StatusPaid},
	{who: -1, days: -15, kind: KindEvent, title: "Partnerabend mit Golfturnier", text: "Abendveranstaltung für ausgewählte Kunden.",
		euros: 5_000, leads: 10, state: StatusPaid},
	{who: -2, days: -40, kind: KindOnlineCampaign, title: "Suchmaschinenkampagne Frühjahr", text: "Anzeigen auf Suchmaschinen für drei Monate.",
		euros: 6_000, leads: 30, state: StatusPaid},
	{who: -3, days: -28, kind: KindOther, title: "Sponsoring Sommerfest", text: "Sponsoring eines regionalen Firmenfests.",
		euros: 4_500, leads: 8, state: StatusPaid},
	{who: -3, days: 10, kind: KindEvent, title: "Kundenevent im Stadion", text: "Loge für zwölf Kunden beim Heimspiel.",
		euros: 5_000, leads: 6, state: StatusApproved},
}

// demoPDF is a small generated PDF proof.
func demoPDF(title string) []byte { return pdf.Page("Rechnung: " + upload.ASCIIName(title)) }

// demoPNG is a small generated photo of an activity: stripes.
func demoPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 60, 40))
	for y := 0; y < 40; y++ {
		for x := 0; x < 60; x++ {
			img.Set(x, y, color.RGBA{R: uint8(40 + x*3), G: uint8(90 + y*2), B: 160, A: 255})
		}
	}
	var b bytes.Buffer
	_ = imgpng.Encode(&b, img)
	return b.Bytes()
}

// SeedDemo gives the showcase partner (ids[0]) and up to 30 others a
// budget for each quarter of the demo's year, and the activities above in
// every state, several for Vampires (quadrantOf, when set, names them),
// so that staff see money flowing there. admins act for their
// organisations; staff decides. Links to deals and leads are added by
// whoever seeds those (Service.Link on the paid activities).
func SeedDemo(ctx context.Context, svc *Service, staff *auth.Actor, admins map[string]*auth.Actor, ids []string,
	quadrantOf func(ctx context.Context, a *auth.Actor) (map[string]string, error), end time.Time) error {
	// Only partners get funds; the ids hold prospects too.
	var partners []string
	for _, org := range ids {
		if _, err := orgName(ctx, svc.DB, org); err == nil {
			partners = append(partners, org)
		} else if err != apperr.ErrNotFound {
			return err
		}
	}
	ids = partners
	if len(ids) == 0 {
		return nil
	}
	at := end
	s := svc.History(func() time.Time { return at })
	budgeted := map[string]bool{}
	budget := func(org string, day time.Time, euros int64) error {
		q := QuarterOf(day)
		if budgeted[org+q] {
			return nil
		}
		budgeted[org+q] = true
		_, err := s.SetBudget(ctx, staff, BudgetInput{OrgID: org, Period: q, AmountMinor: euros * 100})
		return err
	}
	at = end.AddDate(0, 0, -90)
	for i, org := range ids[:min(31, len(ids))] {
		euros := int64(20_000 + (i*7%5)*5_000)
		if i == 0 {
			euros = 40_000
		}
		for q := 1; q <= 4; q++ {
			if err := budget(org, time.Date(end.Year(), time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC), euros); err != nil {
				return err
			}
		}
	}
	var vampires []string
	if quadrantOf != nil {
		m, err := quadrantOf(ctx, staff)
		if err != nil {
			return err
		}
		for _, org := range ids[1:] {
			if m[org] == vampire {
				vampires = append(vampires, org)
			}
		}
	}
	for _, d := range demoActivities {
		var org string
		switch {
		case d.who >= 0 && d.who < len(ids):
			org = ids[d.who]
		case d.who < 0 && -d.who <= len(vampires):
			org = vampires[-d.who-1]
		default:
			continue
		}
		admin := admins[org]
		if admin == nil {
			admin = &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: org, Name: "Demo"}
		}
		planned := Day(end).AddDate(0, 0, d.days)
		if err := budget(org, planned, 20_000); err != nil {
			return err
		}
		at = minTime(planned.AddDate(0, 0, -30), end.Add(-4*time.Hour))
		x, err := s.Request(ctx, admin, RequestInput{Kind: d.kind, Title: d.title, Description: d.text, PlannedOn: planned.Format(time.DateOnly),
			RequestedMinor: d.euros * 100, ExpectedLeads: d.leads})
		if err != nil {
			return fmt.Errorf("%s: %w", d.title, err)
		}
		if d.state == StatusRequested {
			continue
		}
		at = at.Add(50 * time.Hour)
		if d.state == StatusRejected {
			_, err = s.Decide(ctx, staff, x.ID, Decision{Status: StatusRejected, Reason: d.reason})
			if err != nil {
				return err
			}
			continue
		}
		if x, err = s.Decide(ctx, staff, x.ID, Decision{Status: StatusApproved, ApprovedMinor: d.approved * 100}); err != nil {
			return err
		}
		if d.state == StatusApproved {
			continue
		}
		at = minTime(planned.AddDate(0, 0, 4), end.Add(-2*time.Hour))
		x, err = s.Claim(ctx, admin, x.ID, ClaimInput{ClaimedMinor: x.Approved}, []Upload{{Name: "Rechnung.pdf", Content: demoPDF(d.title)}, {Name: "Foto.png", Content: demoPNG()}})
		if err != nil {
			return err
		}
		at = at.Add(time.Hour)
		switch d.state {
		case StatusReturned:
			_, err = s.Decide(ctx, staff, x.ID, Decision{Status: StatusReturned, Reason: d.reason})
		case StatusPaid:
			_, err = s.Decide(ctx, staff, x.ID, Decision{Status: StatusPaid})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
