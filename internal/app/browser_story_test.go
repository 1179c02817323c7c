package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
	"pakt/internal/pdf/pdftext"
)

// storyFixture: a VR competency; the asker A (Alpen Digital) and three VR
// partners: B in München with references and a certification, C in
// Hamburg (outside Bavaria), D unpublished in Nürnberg.
type storyFixture struct {
	A, B, C, D         string
	adminA, adminB     *auth.User
	vr                 string
	contactA, contactB string
}

func newStory(t *testing.T, s *apptest.Server) *storyFixture {
	t.Helper()
	ctx := context.Background()
	p := s.App.Partners
	vr, err := p.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: new("Virtual Reality"), NameEN: new("Virtual Reality")})
	if err != nil {
		t.Fatal(err)
	}
	org := func(name, city, region string, published bool, comps []string) string {
		o, err := p.Create(ctx, auth.System, partner.Input{LegalName: new(name), City: new(city), Region: new(region), Country: new("DE"),
			Published: new(published), Competencies: &comps})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	f := &storyFixture{vr: vr.ID, contactA: "Anna Auftrag", contactB: "Jürgen Müller"}
	f.A = org("Alpen Digital GmbH", "Augsburg", "Bayern", true, nil)
	f.B = org("Müller VR Studio GmbH & Co. KG", "München", "Bayern", true, []string{vr.ID})
	f.C = org("Nordlicht VR GmbH", "Hamburg", "Hamburg", true, []string{vr.ID})
	f.D = org("Verborgen VR GmbH", "Nürnberg", "Bayern", false, []string{vr.ID})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(partner.SaveEntry(ctx, p, auth.System, f.A, &partner.Contact{Name: f.contactA, Email: "anna@alpen-digital.example", DecisionMaker: true}))
	must(partner.SaveEntry(ctx, p, auth.System, f.B, &partner.Contact{Name: f.contactB, Email: "juergen@mueller-vr.example", DecisionMaker: true}))
	for _, title := range []string{"VR-Schulung Bäckerhandwerk", "Virtual Reality Showroom", "VR-Sicherheitstraining"} {
		must(partner.SaveEntry(ctx, p, auth.System, f.B, &partner.Reference{Title: title, Industry: "education", Year: 2025}))
	}
	from, _ := partner.ParseDate("2027-03-01")
	to, _ := partner.ParseDate("2027-03-31")
	must(partner.SaveEntry(ctx, p, auth.System, f.B, &partner.Resource{Skill: "VR-Entwicklung", AmountTenths: 20, Unit: "fte", From: from, To: to}))
	until, _ := partner.ParseDate("2027-06-30")
	cert := &partner.Certification{Name: "Virtual Reality Professional", Issuer: "XR Board", ValidUntil: until, Number: "XRB-2025-0042"}
	must(partner.SaveEntry(ctx, p, auth.System, f.B, cert))
	_, err = p.VerifyCertification(ctx, auth.System, f.B, cert.ID, true)
	must(err)
	f.adminA = s.CreateUser(auth.RolePartnerAdmin, f.A)
	f.adminB = s.CreateUser(auth.RolePartnerAdmin, f.B)
	return f
}

// The story, first half: partner A looks for a VR partner in
// Bavaria, sees ranked reasons, requests an introduction, partner B
// accepts, and both see each other's contact person.
func storyIntroduction(t *testing.T, b *apptest.Browser, f *storyFixture) {
	b.Login(f.adminA.Email)
	b.Open("/concierge")
	b.Do("ask for VR in Bavaria in March",
		chromedp.SendKeys(chromedp.ID("competency-filter"), "virtual"),
		chromedp.Click(chromedp.CSS(`input[name=competency][value="`+f.vr+`"]`)),
		chromedp.SendKeys(chromedp.ID("region"), "Bavaria"),
		chromedp.SetValue(chromedp.ID("from"), "2027-03-01"),
		chromedp.SetValue(chromedp.ID("to"), "2027-03-31"),
	)
	b.Click(".concierge-form button[type=submit]")
	names := apptest.Eval[[]string](b, `[...document.querySelectorAll(".concierge-matches > li.hit h3 a")].map(a => a.textContent.trim())`)
	if len(names) != 1 || names[0] != "Müller VR Studio GmbH & Co. KG" {
		t.Fatalf("matches for VR in Bavaria: %q, want only Müller VR Studio (not A itself, not Hamburg, not the unpublished one)%s", names, b.State())
	}
	reasons := b.Text(".concierge-matches > li.hit .concierge-reasons")
	for _, want := range []string{"3 references on Virtual Reality", "certified until", "2027", "FTE available", "km away"} {
		if !strings.Contains(reasons, want) {
			t.Errorf("the reasons %q lack %q", reasons, want)
		}
	}
	b.Click(".concierge-matches > li.hit a.button")
	b.Fill("#message", "Wir suchen einen VR-Partner für eine Bäckerei in Augsburg – hätten Sie Zeit für ein Gespräch?")
	b.Click(`form[action="/introductions"] button[type=submit]`)
	intro := b.Path()
	if !strings.HasPrefix(intro, "/introductions/") {
		t.Fatalf("after the request the browser is at %s%s", intro, b.State())
	}
	if page := b.Text("main"); strings.Contains(page, f.contactB) {
		t.Fatalf("A sees B's contact person before B accepted:\n%s", page)
	}

	b.SwitchUser(f.adminB.Email)
	if got := b.Text(`header nav a[href="/inbox"] .badge`); got != "1" {
		t.Errorf("B's inbox badge reads %q, want 1 (the request)", got)
	}
	if got := b.Text(".concierge-widget"); !strings.Contains(got, "Alpen Digital GmbH") {
		t.Errorf("B's dashboard does not show the waiting request: %q", got)
	}
	b.Open(intro)
	if page := b.Text("main"); strings.Contains(page, f.contactA) || !strings.Contains(page, "Bäckerei in Augsburg") {
		t.Fatalf("before accepting, B's page shows A's contact or lacks the message:\n%s", page)
	}
	b.Click(`form[action="` + intro + `/accept"] button`)
	if page := b.Text("main"); !strings.Contains(page, f.contactA) || !strings.Contains(page, f.contactB) {
		t.Fatalf("after accepting, B does not see both contact persons:\n%s", page)
	}

	b.SwitchUser(f.adminA.Email)
	b.Open(intro)
	if page := b.Text("main"); !strings.Contains(page, f.contactB) || !strings.Contains(page, "juergen@mueller-vr.example") {
		t.Fatalf("after B accepted, A does not see B's contact person:\n%s", page)
	}
}

// The story, agreement half: A and B draft an agreement with a
// 60/40 split, B changes a clause, both accept the latest version, the
// agreement is in force, and the PDF downloads with umlauts.
func storyAgreement(t *testing.T, b *apptest.Browser, f *storyFixture) {
	b.SwitchUser(f.adminA.Email)
	b.Open("/agreements/new?parties=" + f.A + "," + f.B)
	b.Fill("#a-title", "VR-Schulung für die Bäckerei Größl")
	b.Fill("#a-customer", "Bäckerei Größl GmbH")
	b.Do("choose B", chromedp.SetValue(chromedp.CSS("#a-party-1"), f.B))
	b.Fill("#a-share-0", "60")
	b.Fill("#a-share-1", "40")
	b.Do("A leads", chromedp.Click(chromedp.CSS("#a-lead-0")))
	b.Click(`form[action="/agreements"] button[type=submit]`)
	agPath := b.Path()
	if !strings.HasPrefix(agPath, "/agreements/") {
		t.Fatalf("after creating, the browser is at %s%s", agPath, b.State())
	}
	if got := b.Text("#s-costs"); !strings.Contains(got, "60") || !strings.Contains(got, "40") {
		t.Errorf("the costs section does not show the 60/40 split: %q", got)
	}

	// B changes a clause: no poaching for 18 months instead of the default.
	b.SwitchUser(f.adminB.Email)
	b.Open(agPath + "/edit")
	b.Fill(`#f-employees\.months_after`, "18")
	b.Fill("#f-note", "Abwerbeverbot auf 18 Monate verlängert")
	b.Click(`form[action="` + agPath + `"] button[type=submit]`)
	if got := b.Text("#s-employees"); !strings.Contains(got, "18") {
		t.Errorf("after B's change the employees section reads %q, want 18 months", got)
	}
	acceptInDialog(t, b)

	b.SwitchUser(f.adminA.Email)
	if got := b.Text(".agreement-widget"); !strings.Contains(got, "VR-Schulung für die Bäckerei Größl") {
		t.Errorf("A's dashboard does not ask to accept the changed agreement: %q", got)
	}
	b.Open(agPath)
	if got := b.Text("h1 .tag"); got == "In force" {
		t.Fatalf("in force before A accepted")
	}
	if !strings.Contains(b.Text(".agreement-accept"), "2") {
		t.Errorf("A is not asked to accept version 2: %q", b.Text(".agreement-accept"))
	}
	acceptInDialog(t, b)
	if got := b.Text("h1 .tag"); got != "In force" {
		t.Fatalf("after both accepted version 2 the agreement is %q, want In force%s", got, b.State())
	}

	name, pdf := b.Download(`a[href*="/export.pdf?lang=en"]`)
	if !strings.HasSuffix(name, ".pdf") || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("downloaded %q (%d bytes), not a PDF", name, len(pdf))
	}
	text := pdftext.Extract(pdf)
	for _, want := range []string{"VR-Schulung für die Bäckerei Größl", "Bäckerei Größl GmbH", "Müller VR Studio GmbH & Co. KG", "60", "40"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%.1500s", want, text)
		}
	}
}

func TestBrowserPartnerToPartnerStory(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	b := apptest.NewBrowser(t, s.URL)
	f := newStory(t, s)
	storyIntroduction(t, b, f)
	storyAgreement(t, b, f)
	b.CheckConsole()
}

// acceptInDialog accepts the agreement on the page: its button asks in a
// dialog, whose button accepts.
func acceptInDialog(t *testing.T, b *apptest.Browser) {
	t.Helper()
	b.Do("click accept", chromedp.Click(chromedp.CSS(".agreement-accept button[type=submit]")))
	b.WaitFor("the question", `document.querySelector("#confirm-dialog")?.open === true`)
	if got := b.Text("#confirm-dialog h2"); !strings.Contains(got, "2") {
		t.Errorf("the question %q does not name version 2", got)
	}
	b.Click("#confirm-dialog button.danger")
}
