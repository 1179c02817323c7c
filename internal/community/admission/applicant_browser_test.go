package admission_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/community/admission"
	"pakt/internal/notify/notifytest"
	"pakt/internal/partner"
	"pakt/internal/pdf"
)

// checkAxe fails the test on every axe-core violation of the browser's
// page.
func checkAxe(t *testing.T, b *apptest.Browser, page string) {
	t.Helper()
	for _, v := range b.Axe() {
		t.Errorf("axe: %s: %s (%s): %s\n\t%s", page, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
	}
}

// A company applies through the public form; the mail with its private
// link arrives; the link shows the application submitted, its criteria
// to be checked; three board members vote and admit it; the link shows
// the decision with its reasons; the invitation in the decision's mail
// sets the contact's password, and the contact logs in and finds its
// company among the association's members. The applicant's pages pass
// axe-core.
func TestPublicApplicantStory(t *testing.T) {
	t.Parallel()
	var smtp *notifytest.Server
	s, admin := startAssociation(t, &smtp)
	ctx := context.Background()
	comp, err := s.App.Partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: new("Hochverfügbarkeit"), NameEN: new("High availability")})
	if err != nil {
		t.Fatal(err)
	}
	var board [3]*auth.User
	for i := range board {
		board[i] = s.CreateUser(auth.RoleBoard, "")
	}
	cert := filepath.Join(t.TempDir(), "Partner-Certificate.pdf")
	if err := os.WriteFile(cert, pdf.Page("Certified partner"), 0o600); err != nil {
		t.Fatal(err)
	}
	const company, email = "Clusterwerk Hochverfügbar GmbH", "anja.berger@clusterwerk.example"
	b := apptest.NewBrowser(t, s.URL)

	// The public form.
	b.Open("/community/apply")
	b.Fill("#ad-company", company)
	b.Fill("#ad-contact_name", "Anja Berger")
	b.Fill("#ad-contact_email", email)
	b.Do("tick independent", chromedp.Click(chromedp.ID("ad-independent")))
	b.Do("attach the certificate", chromedp.SetUploadFiles(`#ad-certificate`, []string{cert}))
	b.Do("certificate expiry", chromedp.SetValue(chromedp.ID("ad-certificate_expires"), time.Now().AddDate(1, 0, 0).Format(time.DateOnly)))
	for i, r := range [][3]string{{"Database cluster", "Stadtwerke Esslingen", "2025"}, {"Cloud migration", "Spedition Kälble", "2024"}} {
		n := "#ad-references\\." + string(rune('0'+i)) + "\\."
		b.Fill(n+"title", r[0])
		b.Fill(n+"customer", r[1])
		b.Fill(n+"year", r[2])
	}
	b.Do("choose the competency", chromedp.Click(chromedp.CSS(`input[name=competencies][value="`+comp.ID+`"]`)))
	b.Do("consent", chromedp.Click(chromedp.ID("ad-consent")))
	b.Click(`form[action="/community/apply"] button[type=submit]`)
	if got := b.Text("main"); !strings.Contains(got, "private link to your application's page") {
		t.Fatalf("after applying the page reads:\n%s%s", got, b.State())
	}

	// The mail with the link, and the page behind it.
	m := mailTo(t, smtp, email, "Your membership application for "+company)
	page := admission.StatusPath + linkIn(t, statusLinkPattern, m)
	b.Open(page)
	if got := b.Text("h1"); got != company {
		t.Errorf("the applicant's page is headed %q", got)
	}
	if got := b.Text("h1 + p + p .tag"); got != "Submitted" {
		t.Errorf("the application is %q, want Submitted", got)
	}
	if got := b.Text("#ad-criteria-h + ul"); !strings.Contains(got, "Legally independent company or partnership: to be checked by the board") ||
		!strings.Contains(got, "Project references: met") {
		t.Errorf("the criteria read:\n%s", got)
	}
	if got := b.Text("main"); !strings.Contains(got, "Partner-Certificate.pdf") || !strings.Contains(got, "Spedition Kälble") {
		t.Errorf("the application lacks its certificate or references:\n%s", got)
	}
	checkAxe(t, b, "the applicant's page")

	// The board votes and admits.
	list, _, err := s.App.Admission.List(ctx, admin.Actor(), "en", admission.StatusSubmitted)
	if err != nil || len(list) != 1 {
		t.Fatalf("the open applications: %d, %v", len(list), err)
	}
	app := admission.Path(list[0].ID)
	for i, u := range board {
		b.SwitchUser(u.Email)
		b.Open(app)
		b.Do("approve", chromedp.Click(chromedp.CSS(`input[name=choice][value=approve]`)))
		b.Fill("#ad-comment", "Vertraulich: passt gut zum Arbeitskreis.")
		b.Click(`form[action="` + app + `/vote"] button[type=submit]`)
		if got := b.Text(".flash"); got != "Your vote has been recorded." {
			t.Errorf("board member %d is told %q", i+1, got)
		}
	}
	b.Fill("#ad-reason", "All criteria met; the board has checked the independence.")
	if got := b.Confirm(`form[action="` + app + `/decide"]`); got != "Admit "+company+"?" {
		t.Errorf("the board is asked %q", got)
	}
	if got := b.Text(".flash"); !strings.Contains(got, "Its contact was invited to log in") {
		t.Errorf("after deciding the board is told %q%s", got, b.State())
	}

	// The link shows the decision and its reasons, never the votes.
	if _, err := chromedp.Call(b.Ctx, network.ClearBrowserCookies, struct{}{}); err != nil {
		t.Fatalf("log out: %v", err)
	}
	b.Open(page)
	if got := b.Text("#ad-decision-h + p .tag"); got != "Admitted" {
		t.Errorf("after the decision the application is %q, want Admitted", got)
	}
	if got := b.Text("main"); !strings.Contains(got, "the board has checked the independence") || strings.Contains(got, "Vertraulich") {
		t.Errorf("the decision on the applicant's page:\n%s", got)
	}
	checkAxe(t, b, "the applicant's page after the decision")
	b.Open(admission.StatusPath + "wrong")
	if got := b.Text("h1"); got != "This link does not work" {
		t.Errorf("a wrong link is headed %q", got)
	}
	checkAxe(t, b, "a wrong link")

	// The invitation sets the password; the contact logs in as member.
	welcome := mailTo(t, smtp, email, "Welcome to the association: "+company+" has been admitted")
	b.Open(linkIn(t, resetLinkPattern, welcome))
	if got := b.Text("h1"); got != "Welcome, choose your password" {
		t.Errorf("the invitation is headed %q%s", got, b.State())
	}
	checkAxe(t, b, "the invitation")
	b.Fill("#password", apptest.Password)
	b.Click(`#reset-form button[type=submit]`)
	if got := b.Text(".flash"); !strings.Contains(got, "Welcome!") {
		t.Errorf("after choosing the password the contact is told %q%s", got, b.State())
	}
	b.SwitchUser(email)
	b.Open("/community")
	if got := b.Text("main"); !strings.Contains(got, company) {
		t.Errorf("the new member's association page lacks its company:\n%s", got)
	}
	b.Open("/community/applications")
	if got := b.Text("main table tbody"); !strings.Contains(got, "Admitted") {
		t.Errorf("the new member's applications:\n%s", got)
	}
	b.CheckConsole("/community/apply/status?token=wrong")
}
