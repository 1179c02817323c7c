package admission_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/community/admission"
	"pakt/internal/notify/notifytest"
	"pakt/internal/pdf"
)

// A company applies through the public form in German (refused without
// consent, its entries kept), and a partner admin of a company that is
// not a member applies in English; the board reads the applications with
// the criteria check, votes and decides after a confirmation; the
// applicant reads the decision with its reasons, never the board's
// comments. The admins change the criteria on the settings page.
func TestAdmissionPages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	admin := s.CreateUser(auth.RoleAdmin, "")
	if _, err := s.App.Community.SaveSettings(ctx, admin.Actor(), community.SettingsInput{Mode: new(community.ModeBoth)}); err != nil {
		t.Fatal(err)
	}
	comp := competency(t, s)
	lang := func(c *apptest.Client, l string) *apptest.Client { c.Lang = l; return c }
	certificate := map[string][]byte{"Partnerzertifikat.pdf": pdf.Page("Partnerzertifikat")}
	form := func(extra url.Values) url.Values {
		v := url.Values{"kind": {"ordinary"}, "independent": {"on"}, "certificate_expires": {time.Now().AddDate(1, 0, 0).Format(time.DateOnly)},
			"competencies":       {comp},
			"references.0.title": {"Hochverfügbarer Cluster"}, "references.0.customer": {"Stadtwerke Nord"}, "references.0.year": {"2025"}, "references.0.description": {"Zwei Rechenzentren."},
			"references.1.title": {"Cloud-Migration"}, "references.1.customer": {"Spedition Weber"}, "references.1.year": {"2024"}, "references.1.description": {""},
			"references.2.title": {""}, "references.2.customer": {""}, "references.2.year": {""}, "references.2.description": {""}}
		for k, vs := range extra {
			v[k] = vs
		}
		return v
	}

	// The public form, in German.
	anon := lang(s.Anonymous(), "de")
	res := anon.Get("/community/apply")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Mitgliedschaft beantragen") || !strings.Contains(res.Body, "Ich bin einverstanden") {
		t.Fatalf("public form: %d\n%.2000s", res.Status, res.Body)
	}
	public := url.Values{"company": {"Neu Cloud GmbH"}, "contact_name": {"Eva Neumann"}, "contact_email": {"eva@neu-cloud.example"}}
	res = anon.Multipart("POST", "/community/apply", form(public), "certificate", certificate)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Bitte stimmen Sie zu") || !strings.Contains(res.Body, `value="Neu Cloud GmbH"`) {
		t.Fatalf("without consent: %d\n%.3000s", res.Status, res.Body)
	}
	public.Set("consent", "on")
	res = anon.Multipart("POST", "/community/apply", form(public), "certificate", certificate)
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Vielen Dank für Ihren Antrag") {
		t.Fatalf("public application: %d\n%.3000s", res.Status, res.Body)
	}

	// A partner admin of a company that is not a member, in English.
	org := s.Org("Hochverfügbar Systeme GmbH")
	applicant := lang(s.Login(s.CreateUser(auth.RolePartnerAdmin, org).Email), "en")
	res = applicant.Get("/community/applications")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, `<a href="/community/applications"`) || !strings.Contains(res.Body, "Apply for membership") {
		t.Fatalf("the applicant's list: %d\n%.2000s", res.Status, res.Body)
	}
	res = applicant.Multipart("POST", "/community/apply", form(url.Values{"references.1.title": {""}, "references.1.customer": {""}, "references.1.year": {""}}), "certificate", certificate)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Please name at least 2 project references.") {
		t.Fatalf("one reference: %d\n%.3000s", res.Status, res.Body)
	}
	res = applicant.Multipart("POST", "/community/apply", form(nil), "certificate", certificate)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("application: %d\n%.3000s", res.Status, res.Body)
	}
	page := res.Header.Get("Location")
	res = applicant.Get(page)
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Submitted") || !strings.Contains(res.Body, "to be checked by the board") ||
		!strings.Contains(res.Body, "Partnerzertifikat.pdf") || strings.Contains(res.Body, "The board&#39;s votes") {
		t.Fatalf("the applicant's page: %d\n%.4000s", res.Status, res.Body)
	}
	if res := applicant.Get("/community/apply"); res.Status != http.StatusConflict {
		t.Errorf("applying again while open: %d", res.Status)
	}

	// The board, in German.
	var board []*apptest.Client
	for range 3 {
		board = append(board, lang(s.Login(s.CreateUser(auth.RoleBoard, "").Email), "de"))
	}
	res = board[0].Get("/community/applications?status=submitted")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Neu Cloud GmbH") || !strings.Contains(res.Body, "Hochverfügbar Systeme GmbH") ||
		!strings.Contains(res.Body, "vom Vorstand zu prüfen") || !strings.Contains(res.Body, "Quorum nicht erreicht") {
		t.Fatalf("the board's list: %d\n%.4000s", res.Status, res.Body)
	}
	if res := board[0].Form("POST", page+"/vote", url.Values{"choice": {"vielleicht"}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("an unknown choice: %d", res.Status)
	}
	for i, choice := range []string{"approve", "reject", "approve"} {
		if res := board[i].Form("POST", page+"/vote", url.Values{"choice": {choice}, "comment": {"Vertraulich " + choice}}); res.Status != http.StatusSeeOther {
			t.Fatalf("vote %d: %d\n%.2000s", i, res.Status, res.Body)
		}
	}
	res = board[1].Get(page)
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "2 dafür, 1 dagegen, 0 Enthaltungen") || !strings.Contains(res.Body, "Vertraulich reject") ||
		!strings.Contains(res.Body, `value="reject" checked`) {
		t.Fatalf("the board's page: %d\n%.5000s", res.Status, res.Body)
	}
	res = board[1].Form("POST", page+"/decide", url.Values{"reason": {"Alle Kriterien erfüllt, Unabhängigkeit geprüft."}})
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Hochverfügbar Systeme GmbH aufnehmen?") {
		t.Fatalf("the confirmation: %d\n%.3000s", res.Status, res.Body)
	}
	if res := board[1].Form("POST", page+"/decide", url.Values{"reason": {"Alle Kriterien erfüllt, Unabhängigkeit geprüft."}, "confirmed": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("the decision: %d\n%.3000s", res.Status, res.Body)
	}

	res = applicant.Get(page)
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Admitted") || !strings.Contains(res.Body, "Alle Kriterien erfüllt, Unabhängigkeit geprüft.") ||
		strings.Contains(res.Body, "Vertraulich") {
		t.Fatalf("the applicant's decision: %d\n%.4000s", res.Status, res.Body)
	}
	if res := applicant.Get("/community"); res.Status != http.StatusOK {
		t.Errorf("the admitted member's association page: %d", res.Status)
	}

	// The settings, in German.
	ad := lang(s.Login(admin.Email), "de")
	res = ad.Form("POST", "/community/applications/settings", url.Values{"independent": {"on"}, "min_references": {"3"}, "quorum": {"0"}, "majority_percent": {"50"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Erlaubt sind Werte von 1 bis 50.") || !strings.Contains(res.Body, `value="3"`) {
		t.Fatalf("a quorum of 0: %d\n%.3000s", res.Status, res.Body)
	}
	if res := ad.Form("POST", "/community/applications/settings", url.Values{"independent": {"on"}, "min_references": {"3"}, "quorum": {"2"}, "majority_percent": {"66"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("saving the settings: %d\n%.3000s", res.Status, res.Body)
	}
	res = ad.Get("/community/applications/settings")
	if !strings.Contains(res.Body, `name="quorum" value="2"`) || strings.Contains(res.Body, `name="certified" checked`) {
		t.Errorf("the settings read back:\n%.3000s", res.Body)
	}
}

// A public applicant applies in German and reads, through the link mailed
// to it, its own page: the criteria check, its certificate's name (no
// download), never the board's votes or comments; a wrong link gets a
// friendly 404. It withdraws after a confirmation, and the board finds
// the application among the withdrawn ones. A logged-in applicant's
// partner admin is offered the withdrawal on its page, the board is not.
func TestApplicantPages(t *testing.T) {
	t.Parallel()
	var smtp *notifytest.Server
	s, _ := startAssociation(t, &smtp)
	comp := competency(t, s)
	anon := s.Anonymous()
	anon.Lang = "de"
	form := url.Values{"kind": {"ordinary"}, "independent": {"on"}, "certificate_expires": {time.Now().AddDate(1, 0, 0).Format(time.DateOnly)},
		"competencies":       {comp},
		"references.0.title": {"Hochverfügbarer Cluster"}, "references.0.customer": {"Stadtwerke Nord"}, "references.0.year": {"2025"}, "references.0.description": {""},
		"references.1.title": {"Cloud-Migration"}, "references.1.customer": {"Spedition Weber"}, "references.1.year": {"2024"}, "references.1.description": {""},
		"company": {"Neu Cloud GmbH"}, "contact_name": {"Eva Neumann"}, "contact_email": {"eva@neu-cloud.example"}, "consent": {"on"}}
	res := anon.Multipart("POST", "/community/apply", form, "certificate", map[string][]byte{"Partnerzertifikat.pdf": pdf.Page("Partnerzertifikat")})
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "persönlichen Link zur Seite Ihres Antrags") {
		t.Fatalf("public application: %d\n%.3000s", res.Status, res.Body)
	}
	page := admission.StatusPath + linkIn(t, statusLinkPattern, mailTo(t, smtp, "eva@neu-cloud.example", "Neu Cloud GmbH"))

	board := s.Login(s.CreateUser(auth.RoleBoard, "").Email)
	board.Lang = "de"
	list := board.Get("/community/applications")
	id := regexp.MustCompile(`href="/community/applications/([^"/]+)">Neu Cloud GmbH`).FindStringSubmatch(list.Body)
	if id == nil {
		t.Fatalf("the board's list:\n%.3000s", list.Body)
	}
	if res := board.Form("POST", admission.Path(id[1])+"/vote", url.Values{"choice": {"reject"}, "comment": {"Vertraulicher Vorstandskommentar"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("vote: %d", res.Status)
	}
	if res := board.Get(admission.Path(id[1])); strings.Contains(res.Body, "Antrag zurückziehen") {
		t.Errorf("the board is offered the withdrawal:\n%.3000s", res.Body)
	}

	res = anon.Get(page)
	for _, want := range []string{"<h1>Neu Cloud GmbH</h1>", "In Abstimmung", "vom Vorstand zu prüfen", "Partnerzertifikat.pdf", "Stadtwerke Nord", "Antrag zurückziehen"} {
		if res.Status != http.StatusOK || !strings.Contains(res.Body, want) {
			t.Fatalf("the applicant's page lacks %q: %d\n%.5000s", want, res.Status, res.Body)
		}
	}
	for _, never := range []string{"Vertraulicher Vorstandskommentar", "Stimmen des Vorstands", "/certificate"} {
		if strings.Contains(res.Body, never) {
			t.Errorf("the applicant's page shows %q", never)
		}
	}
	if res := anon.Get(admission.StatusPath + "falsch"); res.Status != http.StatusNotFound || !strings.Contains(res.Body, "Dieser Link funktioniert nicht") ||
		strings.Contains(res.Body, "Neu Cloud GmbH") {
		t.Errorf("a wrong link: %d\n%.2000s", res.Status, res.Body)
	}

	token := strings.TrimPrefix(page, admission.StatusPath)
	res = anon.Form("POST", "/community/apply/withdraw", url.Values{"token": {token}})
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Den Antrag von Neu Cloud GmbH zurückziehen?") {
		t.Fatalf("the confirmation: %d\n%.3000s", res.Status, res.Body)
	}
	res = anon.Form("POST", "/community/apply/withdraw", url.Values{"token": {token}, "confirmed": {"1"}})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != page {
		t.Fatalf("withdrawn: %d %s", res.Status, res.Header.Get("Location"))
	}
	res = anon.Get(page)
	if !strings.Contains(res.Body, "Zurückgezogen am") || strings.Contains(res.Body, "Antrag zurückziehen") {
		t.Errorf("the page after the withdrawal:\n%.4000s", res.Body)
	}
	if res := board.Get("/community/applications?status=withdrawn"); !strings.Contains(res.Body, "Neu Cloud GmbH") || !strings.Contains(res.Body, `<strong aria-current="page">Zurückgezogen</strong>`) {
		t.Errorf("the board's withdrawn applications:\n%.3000s", res.Body)
	}

	// A logged-in applicant, in English.
	org := s.Org("Angemeldet GmbH")
	applicant := s.Login(s.CreateUser(auth.RolePartnerAdmin, org).Email)
	for _, k := range []string{"company", "contact_name", "contact_email", "consent"} {
		form.Del(k)
	}
	res = applicant.Multipart("POST", "/community/apply", form, "certificate", map[string][]byte{"Zertifikat.pdf": pdf.Page("Zertifikat")})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("the logged-in application: %d\n%.3000s", res.Status, res.Body)
	}
	own := res.Header.Get("Location")
	if res := applicant.Get(own); !strings.Contains(res.Body, "Withdraw the application") {
		t.Fatalf("the applicant's page offers no withdrawal:\n%.4000s", res.Body)
	}
	if res := applicant.Get(admission.Path(id[1])); res.Status != http.StatusNotFound {
		t.Errorf("another applicant's page: %d", res.Status)
	}
	if res := applicant.Form("POST", own+"/withdraw", url.Values{"confirmed": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("the withdrawal: %d\n%.3000s", res.Status, res.Body)
	}
	if res := applicant.Get(own); !strings.Contains(res.Body, "Withdrawn on") || strings.Contains(res.Body, "Withdraw the application") {
		t.Errorf("the page after the withdrawal:\n%.4000s", res.Body)
	}
}
