package app_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/community/events"
	"pakt/internal/community/painpoints"
	"pakt/internal/notify"
	"pakt/internal/partner"
	"pakt/internal/pdf"
)

// associationFixture is what the association's story needs but does not
// tell: the association running beside the programme, its board of three,
// the vendor's liaison, four member companies with their partner admins,
// the annual meeting already full with two of them, and the company that
// is about to apply (not a member) with its partner admin, who reads
// pakt in German.
type associationFixture struct {
	s         *apptest.Server
	board     [3]*auth.User
	liaison   *auth.User
	members   [4]string
	admins    [4]*auth.User
	names     [4]string
	applicant string
	company   string
	anja      *auth.User // the applicant's partner admin
	ha        string     // the core competency "Hochverfügbarkeit"
	meeting   string     // the annual meeting
	cert      string     // the certificate file on disk
}

const (
	storyCompany = "Clusterwerk Hochverfügbar GmbH"
	storyMeeting = "Jahreshauptversammlung 2027"
	storyPain    = "Failover-Lizenzen werden doppelt berechnet"
)

func newAssociationFixture(t *testing.T, s *apptest.Server) *associationFixture {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	admin := s.CreateUser(auth.RoleAdmin, "")
	_, err := s.App.Community.SaveSettings(ctx, admin.Actor(), community.SettingsInput{Mode: new(community.ModeBoth)})
	must(err)
	org := func(name string) string {
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), City: new("Stuttgart"), Country: new("DE"), Published: new(true)})
		must(err)
		return o.ID
	}
	f := &associationFixture{s: s, company: storyCompany,
		names: [4]string{"Nordlicht Systemhaus GmbH", "Südwind IT AG", "Ostwerk Datentechnik GmbH", "Westend Rechenzentrum KG"}}
	for i := range f.board {
		f.board[i] = s.CreateUser(auth.RoleBoard, "")
	}

	f.liaison = s.CreateUser(auth.RoleLiaison, "")
	for i, name := range f.names {
		f.members[i] = org(name)
	}
	must(s.App.DB.Tx(ctx, func(tx *sql.Tx) error {
		for i := range f.members {
			if _, err := s.App.Community.StartMembership(ctx, tx, admin.Actor(), f.members[i], community.KindOrdinary, time.Now().AddDate(-2, 0, 0)); err != nil {
				return err
			}
		}
		return nil
	}))
	for i := range f.members {
		f.admins[i] = s.CreateUser(auth.RolePartnerAdmin, f.members[i])
	}
	// The board's chair and the second member's admin read pakt in
	// English, their notices too (without a preference notices read
	// German, whatever the page's language).
	for _, u := range []*auth.User{f.board[0], f.admins[1]} {
		_, err := s.App.Auth.UpdateUser(ctx, auth.System, u.ID, auth.UserInput{Lang: new("en")})
		must(err)
	}
	f.applicant = org(f.company)
	email, name, role, lang, pw := "anja.berger@clusterwerk.example", "Anja Berger", auth.RolePartnerAdmin, "de", apptest.Password
	f.anja, err = s.App.Auth.CreateUser(ctx, auth.System, auth.UserInput{Email: &email, Name: &name, Role: &role, OrgID: &f.applicant, Lang: &lang, Password: &pw})
	must(err)
	comp, err := s.App.Partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: new("Hochverfügbarkeit"), NameEN: new("High availability")})
	must(err)
	f.ha = comp.ID

	// The annual meeting in two months: its two places are taken by the
	// first two members.
	starts := time.Now().AddDate(0, 2, 0).Truncate(time.Hour)
	e, err := s.App.Events.Create(ctx, f.board[0].Actor(), events.Input{Kind: new(events.KindAnnualMeeting), Title: new(storyMeeting),
		Place: new("Haus der Wirtschaft, Stuttgart"), Starts: &starts, Ends: new(starts.Add(6 * time.Hour)), Capacity: new(2), Public: new(false)})
	must(err)
	f.meeting = e.ID
	for _, u := range f.admins[:2] {
		r, err := s.App.Events.Register(ctx, u.Actor(), f.meeting, true)
		must(err)
		if r.Status != events.StatusConfirmed {
			t.Fatalf("%s's registration is %s, want confirmed", u.Email, r.Status)
		}
	}

	f.cert = filepath.Join(t.TempDir(), "Partnerzertifikat-2027.pdf")
	must(os.WriteFile(f.cert, pdf.Page("Zertifizierter Partner: "+f.company), 0o600))
	return f
}

// navTo follows the navigation's link to path, opening its group first.
func navTo(t *testing.T, b *apptest.Browser, path string) {
	t.Helper()
	sel := `header nav a[href="` + path + `"]`
	open := `(() => { const a = document.querySelector(` + apptest.JSString(sel) + `); if (a && a.closest("details")) a.closest("details").open = true; return !!a; })()`
	if !apptest.Eval[bool](b, open) {
		t.Fatalf("the navigation offers no link to %s%s", path, b.State())
	}
	b.Click(sel)
}

// waitText returns the text of the first visible element matching sel,
// failing the test within seconds when the page shows none.
func waitText(t *testing.T, b *apptest.Browser, sel string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, 10*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("text of %s: %v%s", sel, err, b.State())
	}
	return strings.TrimSpace(s)
}

// inboxHas fails the test unless the signed-in user's inbox lists title.
func inboxHas(t *testing.T, b *apptest.Browser, who, title string) {
	t.Helper()
	b.Open("/inbox")
	if got := waitText(t, b, "main"); !strings.Contains(got, title) {
		t.Errorf("%s's inbox lacks %q:\n%s", who, title, got)
	}
}

// The association story: a company applies with a certificate
// and two references, three board members vote, the quorum is reached and
// it is admitted; it joins the thematic group "Hochverfügbarkeit und
// Sicherheit", registers for the full annual meeting and lands on the
// waiting list, a cancellation moves it up and it is told; it submits a
// pain point that four other members support, the board raises it with
// the vendor, the vendor's liaison answers, and the supporters find the
// answer in their inbox.
func TestAssociationStory(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	b := apptest.NewBrowser(t, s.URL)
	f := newAssociationFixture(t, s)

	application := storyApply(t, b, f)
	storyAdmit(t, b, f, application)
	storyGroup(t, b, f)
	storyMeetingWaitingList(t, b, f)
	storyPainPoint(t, b, f)
	b.CheckConsole()
}

// storyApply: the applicant's partner admin applies in German with the
// certificate, its expiry, two references and a core competency, and
// reads the criteria check. It returns the application's page.
func storyApply(t *testing.T, b *apptest.Browser, f *associationFixture) string {
	b.Login(f.anja.Email)
	if apptest.Eval[bool](b, `document.querySelector('header nav a[href="/community/pain-points"]') !== null`) {
		t.Errorf("before its admission the company is offered the pain points")
	}
	navTo(t, b, "/community/applications")
	b.Click(`main a[href="/community/apply"]`)
	if got := waitText(t, b, "h1"); got != "Mitgliedschaft beantragen" {
		t.Errorf("the form's heading reads %q", got)
	}
	b.Do("tick independent", chromedp.Click(chromedp.ID("ad-independent")))
	b.Do("attach the certificate", chromedp.SetUploadFiles(`#ad-certificate`, []string{f.cert}))
	b.Do("certificate expiry", chromedp.SetValue(chromedp.ID("ad-certificate_expires"), time.Now().AddDate(1, 6, 0).Format(time.DateOnly)))
	refs := [][3]string{{"Hochverfügbarer Datenbank-Cluster", "Stadtwerke Esslingen", "2025"}, {"Georedundante Cloud-Migration", "Spedition Kälble", "2024"}}
	for i, r := range refs {
		n := "#ad-references\\." + string(rune('0'+i)) + "\\."
		b.Fill(n+"title", r[0])
		b.Fill(n+"customer", r[1])
		b.Fill(n+"year", r[2])
	}
	b.Do("choose the competency", chromedp.Click(chromedp.CSS(`input[name=competencies][value="`+f.ha+`"]`)))
	b.Click(`form[action="/community/apply"] button[type=submit]`)
	page := b.Path()
	if !strings.HasPrefix(page, "/community/applications/") {
		t.Fatalf("after applying, the applicant is at %s%s", page, b.State())
	}
	if got := waitText(t, b, `.flash`); !strings.Contains(got, "Ihr Antrag ist eingereicht") {
		t.Errorf("the applicant is told %q", got)
	}
	if got := waitText(t, b, "h1 + p .tag"); got != "Eingereicht" {
		t.Errorf("the new application is %q, want Eingereicht", got)
	}
	criteria := waitText(t, b, "#ad-criteria-h + ul")
	for _, want := range []string{"Rechtlich selbständiges Unternehmen oder Personengesellschaft: vom Vorstand zu prüfen",
		"Aktiver zertifizierter Partnerstatus beim Hersteller: erfüllt", "Projektreferenzen: erfüllt", "Kernkompetenzen: erfüllt"} {
		if !strings.Contains(criteria, want) {
			t.Errorf("the criteria lack %q:\n%s", want, criteria)
		}
	}
	details := waitText(t, b, "main")
	for _, want := range []string{"Partnerzertifikat-2027.pdf", "Hochverfügbarkeit", refs[0][0], refs[1][1]} {
		if !strings.Contains(details, want) {
			t.Errorf("the application lacks %q:\n%s", want, details)
		}
	}
	if strings.Contains(details, "Abstimmung") || strings.Contains(details, "Ihre Stimme") {
		t.Errorf("the applicant sees the board's vote:\n%s", details)
	}
	return page
}

// storyAdmit: the board is told of the application; its three members
// vote approve, the quorum is reached, the third decides to admit after
// the confirmation; the company's admin is told and finds the
// association's pages.
func storyAdmit(t *testing.T, b *apptest.Browser, f *associationFixture, page string) {
	for i, u := range f.board {
		b.SwitchUser(u.Email)
		if i == 0 {
			inboxHas(t, b, "the board member", "New membership application: "+f.company)
			b.Open("/community/applications")
			if got := waitText(t, b, "main table tbody"); !strings.Contains(got, f.company) || !strings.Contains(got, "quorum not reached") {
				t.Errorf("the board's list: %q", got)
			}
			b.Click(`main table a[href="` + page + `"]`)
		} else {
			b.Open(page)
		}
		b.Do("approve", chromedp.Click(chromedp.CSS(`input[name=choice][value=approve]`)))
		b.Fill("#ad-comment", "Referenzen passen zum Arbeitskreis Hochverfügbarkeit.")
		b.Click(`form[action="` + page + `/vote"] button[type=submit]`)
		if got := waitText(t, b, `.flash`); got != "Your vote has been recorded." {
			t.Errorf("board member %d is told %q", i+1, got)
		}
	}
	votes := waitText(t, b, "#ad-votes-h + p + p")
	if !strings.Contains(votes, "3 for, 0 against, 0 abstentions") || !strings.Contains(votes, "admit") {
		t.Errorf("after three approvals the board reads %q, want the quorum reached and admit", votes)
	}
	b.Fill("#ad-reason", "Alle Kriterien erfüllt; die Unabhängigkeit hat der Vorstand geprüft.")
	confirmDialog(t, b, `form[action="`+page+`/decide"]`, "Admit "+f.company+"?")
	if got := waitText(t, b, `.flash`); got != "The decision has been recorded and the applicant told." {
		t.Errorf("after deciding the board is told %q%s", got, b.State())
	}
	if got := waitText(t, b, "h1 + p .tag"); got != "Admitted" {
		t.Errorf("after deciding the application is %q, want Admitted", got)
	}

	b.SwitchUser(f.anja.Email)
	if got := waitText(t, b, `header nav a[href="/inbox"] .badge`); got == "" {
		t.Errorf("the admitted company's admin has no unread notice")
	}
	inboxHas(t, b, "the applicant", "Willkommen im Verband: "+f.company+" ist aufgenommen")
	b.Click(`ul.inbox form button`)
	if p := b.Path(); p != page {
		t.Errorf("the notice leads to %s, want the application %s", p, page)
	}
	if got := waitText(t, b, "#ad-decision-h + p + p"); !strings.Contains(got, "Unabhängigkeit hat der Vorstand geprüft") {
		t.Errorf("the applicant does not read the reasons: %q", got)
	}
	if got := waitText(t, b, "main"); strings.Contains(got, "Referenzen passen") {
		t.Errorf("the applicant reads a board member's comment:\n%s", got)
	}
	navTo(t, b, "/community")
	members := waitText(t, b, "main")
	if !strings.Contains(members, "5 Mitgliedsunternehmen") || !strings.Contains(members, f.company) {
		t.Errorf("the new member's association page:\n%s", members)
	}
}

// storyGroup: the new member's admin joins the thematic working group
// "Hochverfügbarkeit und Sicherheit".
func storyGroup(t *testing.T, b *apptest.Browser, f *associationFixture) {
	navTo(t, b, "/community/groups")
	const group = "Hochverfügbarkeit und Sicherheit"
	link := `main a[href="/community/groups/wg-availability"]`
	if got := waitText(t, b, link); got != group {
		t.Fatalf("the thematic group reads %q, want %q", got, group)
	}
	b.Click(link)
	b.Click(`form[action="/community/groups/wg-availability/join"] button[type=submit]`)
	if got := waitText(t, b, `.flash`); got != "Sie sind dem Arbeitskreis beigetreten." {
		t.Errorf("joining, the member is told %q%s", got, b.State())
	}
	if got := waitText(t, b, "div.actions + p"); !strings.Contains(got, "Sie sind Mitglied") {
		t.Errorf("the group's page does not say the member is in it: %q", got)
	}
	if got := waitText(t, b, "main table tbody"); !strings.Contains(got, "Anja Berger") || !strings.Contains(got, f.company) {
		t.Errorf("the group's people lack the new member: %q", got)
	}
}

// storyMeetingWaitingList: the annual meeting is full; the new member
// lands on the waiting list; a registered member cancels after the
// question, and the new member has moved up and is told.
func storyMeetingWaitingList(t *testing.T, b *apptest.Browser, f *associationFixture) {
	path := events.EventPath(f.meeting)
	navTo(t, b, "/community/events")
	b.Click(`main a[href="` + path + `"]`)
	if got := waitText(t, b, "main dl"); !strings.Contains(got, "2 von 2 belegt") {
		t.Errorf("the annual meeting does not show it is full: %q", got)
	}
	reg := `form[action="` + path + `/registration"] button[type=submit]`
	if got := waitText(t, b, reg); got != "Auf die Warteliste" {
		t.Errorf("the full meeting offers %q, want the waiting list", got)
	}
	b.Click(reg)
	if got := waitText(t, b, `.flash`); !strings.Contains(got, "Sie stehen auf der Warteliste") {
		t.Errorf("registering for the full meeting, the member is told %q", got)
	}
	if got := waitText(t, b, "#ev-reg + p"); got != "Warteliste, Platz 1" {
		t.Errorf("the registration reads %q, want the first place on the waiting list", got)
	}

	b.SwitchUser(f.admins[0].Email)
	b.Open(path)
	if got := waitText(t, b, "main dl"); !strings.Contains(got, "2 of 2 taken · 1 on the waiting list") {
		t.Errorf("the registered member reads %q", got)
	}
	confirmDialog(t, b, `form[action="`+path+`/registration/cancel"]`, "Cancel your registration?")
	if got := waitText(t, b, `.flash`); got != "Your registration is cancelled." {
		t.Errorf("cancelling, the member is told %q%s", got, b.State())
	}

	b.SwitchUser(f.anja.Email)
	inboxHas(t, b, "the member who moved up", "Ein Platz ist frei: "+storyMeeting)
	b.Open(path)
	if got := waitText(t, b, "#ev-reg + p"); got != "Angemeldet" {
		t.Errorf("after the cancellation the registration reads %q, want Angemeldet", got)
	}
	if got := waitText(t, b, "main dl"); !strings.Contains(got, "2 von 2 belegt") || strings.Contains(got, "Warteliste") {
		t.Errorf("after moving up the meeting reads %q", got)
	}
}

// storyPainPoint: the new member submits a pain point; four other member
// companies support it (the second through the page, not to be named to
// the vendor; the third agrees to be named); the board puts it under
// review and raises it with the vendor; the liaison sees four supporters
// and only the third's name, and answers; the supporters and the
// submitter find the answer in their inbox.
func storyPainPoint(t *testing.T, b *apptest.Browser, f *associationFixture) {
	ctx := context.Background()
	navTo(t, b, "/community/pain-points")
	b.Click(`main a[href="/community/pain-points/new"]`)
	b.Fill("#title", storyPain)
	b.Do("topic", chromedp.SetValue(chromedp.ID("topic"), "availability"))
	b.Fill("#area", "Cluster-Lizenzierung")
	b.Fill("#description", "Für passive Failover-Knoten stellt der Hersteller volle Lizenzen in Rechnung, obwohl sie nur im Störfall laufen.")
	b.Click(`form[action="/community/pain-points"] button[type=submit]`)
	point := b.Path()
	if !strings.HasPrefix(point, "/community/pain-points/") {
		t.Fatalf("after submitting, the member is at %s%s", point, b.State())
	}
	if got := waitText(t, b, "h1 + p .tag"); got != "Neu" {
		t.Errorf("the new pain point is %q, want Neu", got)
	}
	id := strings.TrimPrefix(point, "/community/pain-points/")

	// The second member supports it through the page, without its name.
	b.SwitchUser(f.admins[1].Email)
	b.Open("/community/pain-points")
	b.Click(`main table a[href="` + point + `"]`)
	b.Click(`form[action="` + point + `/support"] button[type=submit]`)
	if got := waitText(t, b, "#pp-support-h + p"); got != "Your company supports this pain point." {
		t.Errorf("after supporting, the member reads %q%s", got, b.State())
	}
	// The others through the service; the third agrees to be named.
	for i, u := range []*auth.User{f.admins[0], f.admins[2], f.admins[3]} {
		if _, err := f.s.App.PainPoints.Support(ctx, u.Actor(), id, i == 1); err != nil {
			t.Fatalf("%s supports: %v", u.Email, err)
		}
	}

	// The board reviews it and raises it with the vendor.
	b.SwitchUser(f.board[0].Email)
	b.Open("/community/pain-points")
	if got := waitText(t, b, "main table tbody tr"); !strings.Contains(got, storyPain) || !strings.HasSuffix(got, "4") {
		t.Errorf("the board's list ranks %q first, want the pain point with 4 supporting companies", got)
	}
	b.Open(point)
	for _, st := range []struct{ value, label string }{{painpoints.StatusReview, "Under review"}, {painpoints.StatusRaised, "Raised with the vendor"}} {
		b.Do("choose "+st.value, chromedp.SetValue(chromedp.ID("status"), st.value))
		b.Click(`form[action="` + point + `/status"] button[type=submit]`)
		if got := waitText(t, b, "h1 + p .tag"); got != st.label {
			t.Errorf("after the change the pain point is %q, want %q%s", got, st.label, b.State())
		}
	}

	// The liaison counts the supporters, names only the one that agreed,
	// and answers.
	b.SwitchUser(f.liaison.Email)
	b.Open("/community/pain-points")
	b.Click(`main table a[href="` + point + `"]`)
	supporters := waitText(t, b, "#pp-supporters-h ~ p.muted")
	if !strings.Contains(supporters, "Supporting member companies: 4") {
		t.Errorf("the liaison reads %q, want 4 supporting companies", supporters)
	}
	page := waitText(t, b, "main")
	if !strings.Contains(page, f.names[2]) || !strings.Contains(page, "The others did not agree to be named.") {
		t.Errorf("the liaison does not see the one named supporter:\n%s", page)
	}
	for _, hidden := range []string{f.names[0], f.names[1], f.names[3], f.company} {
		if strings.Contains(page, hidden) {
			t.Errorf("the liaison sees %q, which did not agree to be named:\n%s", hidden, page)
		}
	}
	const answer = "Ab dem nächsten Quartal berechnen wir passive Failover-Knoten nicht mehr gesondert."
	b.Fill("#answer", answer)
	b.Click(`form[action="` + point + `/answer"] button[type=submit]`)
	if got := waitText(t, b, "h1 + p .tag"); got != "Answered" {
		t.Errorf("after answering the pain point is %q, want Answered%s", got, b.State())
	}

	// The supporters and the submitter are told and read the answer.
	b.SwitchUser(f.admins[1].Email)
	inboxHas(t, b, "a supporter", "The vendor has answered: "+storyPain)
	b.Click(`ul.inbox form button`)
	if got := waitText(t, b, "#pp-answer-h ~ p.exchange-text"); got != answer {
		t.Errorf("the supporter reads the answer %q", got)
	}
	for _, u := range []*auth.User{f.admins[0], f.admins[2], f.admins[3]} {
		list, err := f.s.App.Notify.Inbox(ctx, u.Actor(), "", true, 10)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(list, func(n *notify.Notification) bool { return n.Kind == "painpoints.answered" && n.Link == point }) {
			t.Errorf("the supporter %s was not told of the answer", u.Email)
		}
	}
	b.SwitchUser(f.anja.Email)
	inboxHas(t, b, "the submitter", "Der Hersteller hat geantwortet: "+storyPain)
}
