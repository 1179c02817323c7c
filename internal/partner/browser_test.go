package partner_test

import (
	"bytes"
	"context"
	"image/png"
	"net/url"
	"os"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// directoryFixture makes a competency, four published organisations and a
// partner admin of "Müller IT GmbH & Co. KG".
func directoryFixture(t *testing.T, s *apptest.Server) (orgID string, admin *auth.User) {
	t.Helper()
	ctx := context.Background()
	comp, err := s.App.Partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{
		NameDE: new("IT-Sicherheit"), NameEN: new("IT security")})
	if err != nil {
		t.Fatal(err)
	}
	var mueller string
	for _, in := range []partner.Input{
		{LegalName: new("Müller IT GmbH & Co. KG"), City: new("München"), Region: new("Bayern"), Country: new("DE"),
			Description: new("Netzwerke und Rechenzentren für den Mittelstand."), Competencies: &[]string{comp.ID}},
		{LegalName: new("Schmidt Security AG"), City: new("Hamburg"), Country: new("DE"), Competencies: &[]string{comp.ID}},
		{LegalName: new("Mullinger Data GmbH"), City: new("Wien"), Country: new("AT")},
		{LegalName: new("Alpine Reality GmbH"), City: new("Innsbruck"), Country: new("AT")},
	} {
		in.Published = new(true)
		o, err := s.App.Partners.Create(ctx, auth.System, in)
		if err != nil {
			t.Fatalf("create %s: %v", *in.LegalName, err)
		}
		if mueller == "" {
			mueller = o.ID
		}
	}
	return mueller, s.CreateUser(auth.RolePartnerAdmin, mueller)
}

// The scenario: a partner admin logs in, edits its profile, switches
// to German, and finds "Müller IT GmbH & Co. KG" by typing "mueller it".
func TestBrowserPartnerAdminEditsProfileAndSearches(t *testing.T) {
	s := apptest.Start(t)
	b := apptest.NewBrowser(t, s.URL)
	orgID, admin := directoryFixture(t, s)

	// 1. Log in; the browser speaks English, so the dashboard is English.
	b.Login(admin.Email)
	if lang := apptest.Eval[string](b, `document.documentElement.lang`); lang != "en" {
		t.Fatalf(`dashboard <html lang=%q>, want "en"`, lang)
	}
	if h := b.Text("main h1"); !strings.HasPrefix(h, "Welcome, "+admin.Name) {
		t.Fatalf("dashboard heading %q, want a welcome for %s", h, admin.Name)
	}

	// 2. Edit the own profile from the dashboard.
	edit := `main a[href="/partners/` + orgID + `/edit"]`
	if got := b.Text(edit); got != "Edit profile" {
		t.Fatalf("dashboard edit link reads %q", got)
	}
	b.Click(edit)
	if got := b.Value("#-city"); got != "München" {
		t.Fatalf("city field holds %q, want the saved München", got)
	}
	const description = "Netzwerke, Rechenzentren und Cloud für den Mittelstand in Franken."
	b.Fill("#-city", "Nürnberg")
	b.Fill("#-description", description)
	b.Click(`#profile-form button[type=submit]`)
	if p := b.Path(); p != "/partners/"+orgID {
		t.Fatalf("after saving the browser is at %s, want the profile", p)
	}
	if got := b.Text(".flash"); got != "Saved." {
		t.Errorf("flash after saving: %q", got)
	}
	if got := apptest.Eval[string](b, `[...document.querySelectorAll("dl.profile dt")].find(dt => dt.textContent === "Location")?.nextElementSibling.textContent ?? ""`); !strings.HasPrefix(got, "Nürnberg, Bayern") {
		t.Errorf("profile location reads %q, want Nürnberg", got)
	}
	if got := b.Text("main section.card p"); got != description {
		t.Errorf("profile description reads %q", got)
	}
	o, err := s.App.Partners.Get(context.Background(), auth.System, orgID)
	if err != nil {
		t.Fatal(err)
	}
	if o.City != "Nürnberg" || o.Description != description || o.LegalName != "Müller IT GmbH & Co. KG" || !o.Published {
		t.Fatalf("saved profile: city %q, description %q, name %q, published %v", o.City, o.Description, o.LegalName, o.Published)
	}

	// 3. Switch to German with the button in the header.
	if got := b.Text(`form[action="/lang"] button`); got != "Deutsch" {
		t.Fatalf("language button reads %q", got)
	}
	b.Click(`form[action="/lang"] button`)
	if lang := apptest.Eval[string](b, `document.documentElement.lang`); lang != "de" {
		t.Fatalf(`after switching <html lang=%q>, want "de"`, lang)
	}
	if got := b.Text(`nav a[href="/partners"]`); got != "Partnerverzeichnis" {
		t.Fatalf("German navigation reads %q", got)
	}
	if p := b.Path(); p != "/partners/"+orgID {
		t.Errorf("the language switch went to %s, want back to the profile", p)
	}

	// 4. Search as you type: htmx refreshes #dir and pushes the URL.
	b.Open("/partners")
	if got := b.Text("#result-count"); got != "4 Treffer" {
		t.Fatalf("unfiltered directory count %q, want 4 Treffer", got)
	}
	search := func(typed string) {
		t.Helper()
		// Marks that a full page load or an htmx swap of #dir would lose.
		b.Do("mark the page", chromedp.Evaluate[chromedp.Void](`window.sameDocument = true; document.querySelector("#dir").dataset.old = "1"`))
		b.Fill("#q", typed)
		b.WaitFor("the results for "+typed+" are shown", `new URLSearchParams(location.search).get("q") === `+apptest.JSString(typed)+
			` && !document.querySelector("#dir").dataset.old`+
			` && document.querySelector("#dir .hit h3 a")?.textContent === "Müller IT GmbH & Co. KG"`)
		if !apptest.Eval[bool](b, `window.sameDocument === true`) {
			t.Fatal("typing in the search field reloaded the page instead of refreshing #dir")
		}
		if got := b.Value("#q"); got != typed {
			t.Errorf("search field holds %q after the refresh, want %q", got, typed)
		}
		if id := apptest.Eval[string](b, `document.activeElement.id`); id != "q" {
			t.Errorf("after the refresh the focus is on %q, want the search field", id)
		}
		if got := b.Text("#result-count"); got != "1 Treffer" {
			t.Errorf("%q: result count %q, want 1 Treffer; hits: %v", typed, got, apptest.Eval[[]string](b, `[...document.querySelectorAll("#dir .hit h3 a")].map(a => a.textContent)`))
		}
	}
	search("mueller it")
	if p := b.Path(); !strings.Contains(p, "q=mueller") {
		t.Errorf("pushed URL %s lacks q=mueller", p)
	}
	// A typo finds it as well.
	search("mülller")

	shot, err := chromedp.Run(b.Ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "directory.png")
	if err := os.WriteFile(file, shot, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(shot))
	if err != nil || cfg.Width == 0 || cfg.Height == 0 {
		t.Fatalf("screenshot (%d bytes) is not a PNG: %v %+v", len(shot), err, cfg)
	}
	b.CheckConsole()
}

// Keyboard use and labels: the login works with the keyboard alone, every
// field has a label, and the directory search is a plain GET form.
func TestBrowserKeyboardLabelsAndPlainSearchForm(t *testing.T) {
	s := apptest.Start(t)
	b := apptest.NewBrowser(t, s.URL)
	orgID, admin := directoryFixture(t, s)

	b.Open("/login")
	b.CheckLabels("/login")
	// The e-mail field has the focus; Tab moves to the password, Enter
	// submits.
	if id := apptest.Eval[string](b, `document.activeElement.id`); id != "email" {
		t.Fatalf("the login page focuses %q, want the e-mail field", id)
	}
	b.Do("type the e-mail address", chromedp.KeyEvent(admin.Email), chromedp.KeyEvent(kb.Tab))
	if id := apptest.Eval[string](b, `document.activeElement.id`); id != "password" {
		t.Fatalf("Tab from the e-mail field went to %q, want the password", id)
	}
	b.Navigate("type the password and press Enter", chromedp.KeyEvent(apptest.Password+kb.Enter))
	if p := b.Path(); p != "/" {
		t.Fatalf("keyboard login ended at %s, want the dashboard%s", p, b.State())
	}

	b.Open("/partners")
	b.CheckLabels("/partners")
	// The first Tab reaches the skip link to the content.
	b.Do("press Tab", chromedp.KeyEvent(kb.Tab))
	if got := apptest.Eval[string](b, `document.activeElement.getAttribute("href") + " " + !!document.querySelector("main#main")`); got != "#main true" {
		t.Errorf("first Tab on the directory: %q, want the skip link to main#main", got)
	}

	b.Open("/partners/" + orgID + "/edit")
	b.CheckLabels("/partners/{id}/edit")
	b.Open("/account")
	b.CheckLabels("/account")

	// Staff see more fields (programme, manager) and more forms.
	b.Click(`form[action="/logout"] button`)
	staff := s.CreateUser(auth.RoleAdmin, "")
	b.Login(staff.Email)
	for _, page := range []string{"/partners/" + orgID + "/edit", "/partners/new", "/competencies", "/users/new", "/users/" + admin.ID, "/audit"} {
		b.Open(page)
		b.CheckLabels("admin " + page)
	}

	// The search form works without htmx: a GET form to /partners whose
	// field is q. Scripts are off here, so Enter submits the form the plain
	// way and the server renders the results.
	b.Open("/partners")
	attrs := apptest.Eval[[]string](b, `(() => { const f = document.querySelector("#q").form; return [f.method, new URL(f.action).pathname, document.querySelector("#q").name]; })()`)
	if strings.Join(attrs, " ") != "get /partners q" {
		t.Fatalf("search form: method, action, field name = %v, want get /partners q", attrs)
	}
	if _, err := chromedp.Call(b.Ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	b.Open("/partners")
	b.Do("type a search", chromedp.SendKeys(chromedp.ID("q"), "mueller it"))
	b.Navigate("press Enter in the search field", chromedp.SendKeys(chromedp.ID("q"), kb.Enter))
	if htmx := apptest.Eval[string](b, `typeof window.htmx`); htmx != "undefined" {
		t.Fatalf("scripts are off, yet htmx is %s", htmx)
	}
	if u, _ := url.Parse(b.Path()); u.Path != "/partners" || u.Query().Get("q") != "mueller it" {
		t.Errorf("Enter in the search field loaded %s, want /partners?q=mueller+it", u)
	}
	if got := b.Text("#dir .hit h3 a"); got != "Müller IT GmbH & Co. KG" {
		t.Errorf("first hit %q", got)
	}
	if got := b.Text("#result-count"); got != "1 results" && got != "1 result" {
		t.Errorf("result count %q, want 1 result", got)
	}
	if got := b.Value("#q"); got != "mueller it" {
		t.Errorf("search field after the search holds %q", got)
	}
	b.CheckConsole()
}

// A refused edit shows the message next to the field, in the page's
// language, keeps what was typed and saves nothing.
func TestBrowserProfileValidationError(t *testing.T) {
	s := apptest.Start(t)
	b := apptest.NewBrowser(t, s.URL)
	orgID, admin := directoryFixture(t, s)
	b.Login(admin.Email)

	refuse := func(city, description, message string) {
		t.Helper()
		b.Open("/partners/" + orgID + "/edit")
		b.Fill("#-legal_name", "")
		b.Fill("#-city", city)
		b.Fill("#-description", description)
		b.Click(`#profile-form button[type=submit]`)
		if got := b.Text(`#-legal_name-err`); got != message {
			t.Errorf("legal name error %q, want %q", got, message)
		}
		next := apptest.Eval[bool](b, `(() => { const f = document.querySelector("#-legal_name").closest(".field"); return f.classList.contains("invalid") && f.querySelector(".err") === document.querySelector("#-legal_name-err"); })()`)
		if !next {
			t.Errorf("the error is not the .err of the legal name field")
		}
		aria := apptest.Eval[[]string](b, `(() => { const i = document.querySelector("#-legal_name"); return [i.getAttribute("aria-invalid"), i.getAttribute("aria-describedby")]; })()`)
		if strings.Join(aria, " ") != "true -legal_name-err" {
			t.Errorf("legal name field aria-invalid, aria-describedby = %v", aria)
		}
		if got := b.Value("#-legal_name"); got != "" {
			t.Errorf("legal name field holds %q, want it empty as sent", got)
		}
		if got := b.Value("#-city"); got != city {
			t.Errorf("city field holds %q after the error, want the typed %q", got, city)
		}
		if got := b.Value("#-description"); got != description {
			t.Errorf("description holds %q after the error, want the typed %q", got, description)
		}
		o, err := s.App.Partners.Get(context.Background(), auth.System, orgID)
		if err != nil {
			t.Fatal(err)
		}
		if o.LegalName != "Müller IT GmbH & Co. KG" || o.City != "München" {
			t.Fatalf("a refused form changed the organisation: %q, %q", o.LegalName, o.City)
		}
	}
	refuse("Augsburg", "Neue Beschreibung", "Required: please fill in.")
	if got := b.Text(".error-summary p"); got != "Please check the marked fields." {
		t.Errorf("error summary %q", got)
	}
	// The summary has the focus, names the refused field with its label,
	// and its link moves the focus to the field.
	if got := apptest.Eval[string](b, `document.activeElement.id`); got != "error-summary" {
		t.Errorf("after the refused form the focus is on %q, want the error summary", got)
	}
	if got := b.Text(".error-summary li a"); got != "Legal name: Required: please fill in." {
		t.Errorf("summary link %q, want the field's label and message", got)
	}
	b.Do("click the summary's link", chromedp.Click(chromedp.CSS(".error-summary li a")))
	if got := apptest.Eval[string](b, `document.activeElement.id`); got != "-legal_name" {
		t.Errorf("the summary's link moved the focus to %q, want the legal name field", got)
	}
	b.Click(`form[action="/lang"] button`)
	refuse("Regensburg", "Noch eine Beschreibung", "Pflichtfeld: bitte ausfüllen.")
	b.CheckConsole("status of 422") // the refused form itself
}

// A delete asks first in a dialog: Escape cancels and nothing changes,
// the dialog's button deletes.
func TestBrowserConfirmDialog(t *testing.T) {
	s := apptest.Start(t)
	b := apptest.NewBrowser(t, s.URL)
	ctx := context.Background()
	comp, err := s.App.Partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: new("Virtuelle Realität"), NameEN: new("Virtual reality")})
	if err != nil {
		t.Fatal(err)
	}
	exists := func() bool {
		list, err := s.App.Partners.Competencies(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range list {
			if c.ID == comp.ID {
				return true
			}
		}
		return false
	}
	b.Login(s.CreateUser(auth.RoleAdmin, "").Email)
	b.Open("/competencies")
	button := `form[action="/competencies/` + comp.ID + `/delete"] button`
	open := func() {
		t.Helper()
		apptest.Eval[bool](b, `document.querySelector('`+button+`').closest("details").open = true`)
		b.Do("click delete", chromedp.Click(chromedp.CSS(button)))
		b.WaitFor("the dialog opens", `document.querySelector("#confirm-dialog")?.open === true`)
		if got := b.Text("#confirm-dialog h2"); got != "Delete this competency?" {
			t.Errorf("dialog title %q", got)
		}
		if got := b.Text("#confirm-dialog button.danger"); got != "Delete permanently" {
			t.Errorf("the dialog's button reads %q", got)
		}
		if in := apptest.Eval[bool](b, `document.activeElement.closest("#confirm-dialog") !== null`); !in {
			t.Error("the focus is not in the dialog")
		}
		if label := apptest.Eval[string](b, `document.getElementById(document.querySelector("#confirm-dialog").getAttribute("aria-labelledby")).textContent`); label != "Delete this competency?" {
			t.Errorf("the dialog is labelled %q", label)
		}
	}
	// Without the dialog the question is a page of its own, with the same
	// form; axe-core finds nothing on it, nor on the open dialog.
	b.Navigate("post without the dialog", chromedp.Evaluate[chromedp.Void](`(() => { const f = document.querySelector('`+button+`').form; f.removeAttribute("data-confirm"); f.requestSubmit(); })()`))
	if got := b.Text("main h1"); got != "Delete this competency?" {
		t.Errorf("the confirmation page asks %q", got)
	}
	if v := b.Axe(); len(v) > 0 {
		t.Errorf("axe-core on the confirmation page: %+v", v)
	}
	if !exists() {
		t.Fatal("the confirmation page deleted the competency")
	}
	b.Open("/competencies")
	open()
	if v := b.Axe(); len(v) > 0 {
		t.Errorf("axe-core with the dialog open: %+v", v)
	}
	b.Do("press Escape", chromedp.KeyEvent(kb.Escape))
	b.WaitFor("the dialog closes", `!document.querySelector("#confirm-dialog").open`)
	if back := apptest.Eval[bool](b, `document.activeElement === document.querySelector('`+button+`')`); !back {
		t.Error("after Escape the focus is not back on the delete button")
	}
	if !exists() {
		t.Fatal("Escape deleted the competency")
	}
	open()
	b.Click("#confirm-dialog button.danger")
	if exists() {
		t.Fatal("the dialog's button left the competency")
	}
	if got := b.Text(".flash"); got == "" {
		t.Error("no message after the delete")
	}
	b.CheckConsole()
}
