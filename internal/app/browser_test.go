package app_test

// Browser tests: the real UI in headless Chromium, driven with chromedp.
// They run when Chromium is on PATH and skip otherwise, unless
// PAKT_TEST_BROWSER=required (CI), which makes a missing browser a failure.

import (
	"bytes"
	"context"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// browserTimeout bounds a whole browser test: when it ends, the browser is
// stopped and every pending action fails.
const browserTimeout = 60 * time.Second

// waitTimeout bounds one wait for the page to reach a state.
const waitTimeout = 10 * time.Second

// browser is one headless Chromium with one tab, talking to one server.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string

	mu       sync.Mutex
	problems []string // console errors and uncaught exceptions
}

func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts Chromium for the server at base, or skips the test when
// there is none (fails it when PAKT_TEST_BROWSER=required).
func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("PAKT_TEST_BROWSER") == "required" {
			t.Fatal("PAKT_TEST_BROWSER=required but none of chromium, chromium-browser, google-chrome is on PATH")
		}
		t.Skip("no Chromium on PATH (set PAKT_TEST_BROWSER=required to fail instead)")
	}
	profile := t.TempDir() // removed after the browser has stopped (cleanups run last in, first out)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		// Nothing but the test server: no proxy, no name resolution.
		chromedp.Flag("no-proxy-server", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.Flag("lang", "en-US"),
		chromedp.Flag("accept-lang", "en-US"),
		chromedp.Env("LANGUAGE=en_US", "LANG=en_US.UTF-8"),
		chromedp.WindowSize(1280, 1000),
	)
	limited, cancelLimit := context.WithTimeout(allocCtx, browserTimeout)
	ctx, cancelTab := chromedp.NewContext(limited)
	t.Cleanup(func() {
		cancelTab()
		cancelLimit()
		cancelAlloc() // waits until the browser has exited
	})
	b := &browser{t: t, ctx: ctx, base: base}
	// The first call starts the browser; the header makes the first page
	// English whatever the machine's locale.
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
		Headers: network.Headers{"Accept-Language": "en-US,en;q=0.9"},
	}); err != nil {
		t.Fatalf("start chromium (%s): %v", path, err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				b.mu.Lock()
				b.problems = append(b.problems, m.String()+" ("+m.URL+")")
				b.mu.Unlock()
			}
		}
	}()
	return b
}

// do runs actions and fails the test on an error.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v%s", what, err, b.state())
	}
}

// open loads a path of the server and waits for it.
func (b *browser) open(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path))
}

// navigate runs an action that leads to a new page (a click, Enter in a
// form) and waits until that page has loaded.
func (b *browser) navigate(what string, trigger chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, trigger)); err != nil {
		b.t.Fatalf("%s: %v%s", what, err, b.state())
	}
}

// click clicks the element and waits for the page it leads to.
func (b *browser) click(sel string) {
	b.t.Helper()
	b.navigate("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// fill replaces the content of a text field by typing, as a user would:
// select all, then type over it (or delete it).
func (b *browser) fill(sel, text string) {
	b.t.Helper()
	keys := text
	if keys == "" {
		keys = kb.Backspace
	}
	b.do("fill "+sel,
		chromedp.Focus(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](`document.activeElement.select()`),
		chromedp.SendKeys(chromedp.CSS(sel), keys),
	)
}

// text returns the text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("text of %s: %v%s", sel, err, b.state())
	}
	return strings.TrimSpace(s)
}

// value returns the current value of a form field.
func (b *browser) value(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("value of %s: %v%s", sel, err, b.state())
	}
	return s
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v%s", expr, err, b.state())
	}
	return v
}

// waitFor polls the JavaScript condition until it holds.
func (b *browser) waitFor(what, cond string) {
	b.t.Helper()
	_, err := chromedp.Run(b.ctx, chromedp.Poll[chromedp.Void](cond,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(waitTimeout)))
	if err != nil {
		b.t.Fatalf("waiting until %s: %v%s", what, err, b.state())
	}
}

// path returns the path and query of the current page.
func (b *browser) path() string {
	b.t.Helper()
	loc := eval[string](b, `location.href`)
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatal(err)
	}
	return u.RequestURI()
}

// state describes the page for a failure message.
func (b *browser) state() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + (document.querySelector("main") || document.body || {innerText: ""}).innerText.slice(0, 1500)`))
	if err != nil {
		return ""
	}
	return "\n--- page " + s
}

// checkConsole fails the test if the pages wrote errors to the console,
// other than those containing one of the expected texts.
func (b *browser) checkConsole(expected ...string) {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
next:
	for _, p := range b.problems {
		for _, e := range expected {
			if strings.Contains(p, e) {
				continue next
			}
		}
		b.t.Errorf("browser console: %s", p)
	}
}

// login signs in through the login form.
func (b *browser) login(email string) {
	b.t.Helper()
	b.open("/login")
	b.do("fill the login form",
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), apptest.Password),
	)
	b.click(`form[action="/login"] button[type=submit]`)
	if p := b.path(); p != "/" {
		b.t.Fatalf("after the login the browser is at %s, want the dashboard%s", p, b.state())
	}
}

// directoryFixture makes a competency, four published organisations and a
// partner admin of "Müller IT GmbH & Co. KG".
func directoryFixture(t *testing.T, s *apptest.Server) (orgID string, admin *auth.User) {
	t.Helper()
	ctx := context.Background()
	comp, err := s.App.Partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{
		NameDE: ptr("IT-Sicherheit"), NameEN: ptr("IT security")})
	if err != nil {
		t.Fatal(err)
	}
	var mueller string
	for _, in := range []partner.Input{
		{LegalName: ptr("Müller IT GmbH & Co. KG"), City: ptr("München"), Region: ptr("Bayern"), Country: ptr("DE"),
			Description: ptr("Netzwerke und Rechenzentren für den Mittelstand."), Competencies: &[]string{comp.ID}},
		{LegalName: ptr("Schmidt Security AG"), City: ptr("Hamburg"), Country: ptr("DE"), Competencies: &[]string{comp.ID}},
		{LegalName: ptr("Mullinger Data GmbH"), City: ptr("Wien"), Country: ptr("AT")},
		{LegalName: ptr("Alpine Reality GmbH"), City: ptr("Innsbruck"), Country: ptr("AT")},
	} {
		in.Published = ptr(true)
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
	b := newBrowser(t, s.URL)
	orgID, admin := directoryFixture(t, s)

	// 1. Log in; the browser speaks English, so the dashboard is English.
	b.login(admin.Email)
	if lang := eval[string](b, `document.documentElement.lang`); lang != "en" {
		t.Fatalf(`dashboard <html lang=%q>, want "en"`, lang)
	}
	if h := b.text("main h1"); !strings.HasPrefix(h, "Welcome, "+admin.Name) {
		t.Fatalf("dashboard heading %q, want a welcome for %s", h, admin.Name)
	}

	// 2. Edit the own profile from the dashboard.
	edit := `main a[href="/partners/` + orgID + `/edit"]`
	if got := b.text(edit); got != "Edit profile" {
		t.Fatalf("dashboard edit link reads %q", got)
	}
	b.click(edit)
	if got := b.value("#-city"); got != "München" {
		t.Fatalf("city field holds %q, want the saved München", got)
	}
	const description = "Netzwerke, Rechenzentren und Cloud für den Mittelstand in Franken."
	b.fill("#-city", "Nürnberg")
	b.fill("#-description", description)
	b.click(`#profile-form button[type=submit]`)
	if p := b.path(); p != "/partners/"+orgID {
		t.Fatalf("after saving the browser is at %s, want the profile", p)
	}
	if got := b.text(".flash"); got != "Saved." {
		t.Errorf("flash after saving: %q", got)
	}
	if got := eval[string](b, `[...document.querySelectorAll("dl.profile dt")].find(dt => dt.textContent === "Location")?.nextElementSibling.textContent ?? ""`); !strings.HasPrefix(got, "Nürnberg, Bayern") {
		t.Errorf("profile location reads %q, want Nürnberg", got)
	}
	if got := b.text("main section.card p"); got != description {
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
	if got := b.text(`form[action="/lang"] button`); got != "Deutsch" {
		t.Fatalf("language button reads %q", got)
	}
	b.click(`form[action="/lang"] button`)
	if lang := eval[string](b, `document.documentElement.lang`); lang != "de" {
		t.Fatalf(`after switching <html lang=%q>, want "de"`, lang)
	}
	if got := b.text(`nav a[href="/partners"]`); got != "Partnerverzeichnis" {
		t.Fatalf("German navigation reads %q", got)
	}
	if p := b.path(); p != "/partners/"+orgID {
		t.Errorf("the language switch went to %s, want back to the profile", p)
	}

	// 4. Search as you type: htmx refreshes #dir and pushes the URL.
	b.open("/partners")
	if got := b.text("#result-count"); got != "4 Treffer" {
		t.Fatalf("unfiltered directory count %q, want 4 Treffer", got)
	}
	search := func(typed string) {
		t.Helper()
		// Marks that a full page load or an htmx swap of #dir would lose.
		b.do("mark the page", chromedp.Evaluate[chromedp.Void](`window.sameDocument = true; document.querySelector("#dir").dataset.old = "1"`))
		b.fill("#q", typed)
		b.waitFor("the results for "+typed+" are shown", `new URLSearchParams(location.search).get("q") === `+jsString(typed)+
			` && !document.querySelector("#dir").dataset.old`+
			` && document.querySelector("#dir .hit h3 a")?.textContent === "Müller IT GmbH & Co. KG"`)
		if !eval[bool](b, `window.sameDocument === true`) {
			t.Fatal("typing in the search field reloaded the page instead of refreshing #dir")
		}
		if got := b.value("#q"); got != typed {
			t.Errorf("search field holds %q after the refresh, want %q", got, typed)
		}
		if id := eval[string](b, `document.activeElement.id`); id != "q" {
			t.Errorf("after the refresh the focus is on %q, want the search field", id)
		}
		if got := b.text("#result-count"); got != "1 Treffer" {
			t.Errorf("%q: result count %q, want 1 Treffer; hits: %v", typed, got, eval[[]string](b, `[...document.querySelectorAll("#dir .hit h3 a")].map(a => a.textContent)`))
		}
	}
	search("mueller it")
	if p := b.path(); !strings.Contains(p, "q=mueller") {
		t.Errorf("pushed URL %s lacks q=mueller", p)
	}
	// A typo finds it as well.
	search("mülller")

	shot, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
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
	b.checkConsole()
}

// unlabelled lists the form fields of the page that have no accessible name
// from a <label> or aria-label(ledby), ids used twice, and labels or
// descriptions pointing at missing ids. Hidden inputs are skipped; fields in
// closed <details> are checked too.
const unlabelled = `(() => {
  const out = [];
  const named = (el) => {
    if ((el.getAttribute("aria-label") || "").trim()) return true;
    if ([...el.labels].some(l => l.textContent.trim())) return true;
    return (el.getAttribute("aria-labelledby") || "").split(/\s+/)
      .some(id => id && (document.getElementById(id)?.textContent || "").trim());
  };
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden") continue;
    if (!named(el)) out.push("unlabelled: " + el.outerHTML.slice(0, 160));
  }
  const seen = new Map();
  for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) || 0) + 1);
  for (const [id, n] of seen) if (n > 1) out.push("id used " + n + " times: " + id);
  for (const l of document.querySelectorAll("label[for]"))
    if (!document.getElementById(l.htmlFor)) out.push("label for a missing id: " + l.htmlFor);
  for (const el of document.querySelectorAll("[aria-describedby]"))
    for (const id of el.getAttribute("aria-describedby").split(/\s+/))
      if (id && !document.getElementById(id)) out.push("aria-describedby names a missing id: " + id);
  return out;
})()`

func (b *browser) checkLabels(page string) {
	b.t.Helper()
	for _, p := range eval[[]string](b, unlabelled) {
		b.t.Errorf("%s: %s", page, p)
	}
}

// Keyboard use and labels: the login works with the keyboard alone, every
// field has a label, and the directory search is a plain GET form.
func TestBrowserKeyboardLabelsAndPlainSearchForm(t *testing.T) {
	s := apptest.Start(t)
	b := newBrowser(t, s.URL)
	orgID, admin := directoryFixture(t, s)

	b.open("/login")
	b.checkLabels("/login")
	// The e-mail field has the focus; Tab moves to the password, Enter
	// submits.
	if id := eval[string](b, `document.activeElement.id`); id != "email" {
		t.Fatalf("the login page focuses %q, want the e-mail field", id)
	}
	b.do("type the e-mail address", chromedp.KeyEvent(admin.Email), chromedp.KeyEvent(kb.Tab))
	if id := eval[string](b, `document.activeElement.id`); id != "password" {
		t.Fatalf("Tab from the e-mail field went to %q, want the password", id)
	}
	b.navigate("type the password and press Enter", chromedp.KeyEvent(apptest.Password+kb.Enter))
	if p := b.path(); p != "/" {
		t.Fatalf("keyboard login ended at %s, want the dashboard%s", p, b.state())
	}

	b.open("/partners")
	b.checkLabels("/partners")
	// The first Tab reaches the skip link to the content.
	b.do("press Tab", chromedp.KeyEvent(kb.Tab))
	if got := eval[string](b, `document.activeElement.getAttribute("href") + " " + !!document.querySelector("main#main")`); got != "#main true" {
		t.Errorf("first Tab on the directory: %q, want the skip link to main#main", got)
	}

	b.open("/partners/" + orgID + "/edit")
	b.checkLabels("/partners/{id}/edit")
	b.open("/account")
	b.checkLabels("/account")

	// Staff see more fields (programme, manager) and more forms.
	b.click(`form[action="/logout"] button`)
	staff := s.CreateUser(auth.RoleAdmin, "")
	b.login(staff.Email)
	for _, page := range []string{"/partners/" + orgID + "/edit", "/partners/new", "/competencies", "/users/new", "/users/" + admin.ID, "/audit"} {
		b.open(page)
		b.checkLabels("admin " + page)
	}

	// The search form works without htmx: a GET form to /partners whose
	// field is q. Scripts are off here, so Enter submits the form the plain
	// way and the server renders the results.
	b.open("/partners")
	attrs := eval[[]string](b, `(() => { const f = document.querySelector("#q").form; return [f.method, new URL(f.action).pathname, document.querySelector("#q").name]; })()`)
	if strings.Join(attrs, " ") != "get /partners q" {
		t.Fatalf("search form: method, action, field name = %v, want get /partners q", attrs)
	}
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	b.open("/partners")
	b.do("type a search", chromedp.SendKeys(chromedp.ID("q"), "mueller it"))
	b.navigate("press Enter in the search field", chromedp.SendKeys(chromedp.ID("q"), kb.Enter))
	if htmx := eval[string](b, `typeof window.htmx`); htmx != "undefined" {
		t.Fatalf("scripts are off, yet htmx is %s", htmx)
	}
	if u, _ := url.Parse(b.path()); u.Path != "/partners" || u.Query().Get("q") != "mueller it" {
		t.Errorf("Enter in the search field loaded %s, want /partners?q=mueller+it", u)
	}
	if got := b.text("#dir .hit h3 a"); got != "Müller IT GmbH & Co. KG" {
		t.Errorf("first hit %q", got)
	}
	if got := b.text("#result-count"); got != "1 results" && got != "1 result" {
		t.Errorf("result count %q, want 1 result", got)
	}
	if got := b.value("#q"); got != "mueller it" {
		t.Errorf("search field after the search holds %q", got)
	}
	b.checkConsole()
}

// A refused edit shows the message next to the field, in the page's
// language, keeps what was typed and saves nothing.
func TestBrowserProfileValidationError(t *testing.T) {
	s := apptest.Start(t)
	b := newBrowser(t, s.URL)
	orgID, admin := directoryFixture(t, s)
	b.login(admin.Email)

	refuse := func(city, description, message string) {
		t.Helper()
		b.open("/partners/" + orgID + "/edit")
		b.fill("#-legal_name", "")
		b.fill("#-city", city)
		b.fill("#-description", description)
		b.click(`#profile-form button[type=submit]`)
		if got := b.text(`#-legal_name-err`); got != message {
			t.Errorf("legal name error %q, want %q", got, message)
		}
		next := eval[bool](b, `(() => { const f = document.querySelector("#-legal_name").closest(".field"); return f.classList.contains("invalid") && f.querySelector(".err") === document.querySelector("#-legal_name-err"); })()`)
		if !next {
			t.Errorf("the error is not the .err of the legal name field")
		}
		aria := eval[[]string](b, `(() => { const i = document.querySelector("#-legal_name"); return [i.getAttribute("aria-invalid"), i.getAttribute("aria-describedby")]; })()`)
		if strings.Join(aria, " ") != "true -legal_name-err" {
			t.Errorf("legal name field aria-invalid, aria-describedby = %v", aria)
		}
		if got := b.value("#-legal_name"); got != "" {
			t.Errorf("legal name field holds %q, want it empty as sent", got)
		}
		if got := b.value("#-city"); got != city {
			t.Errorf("city field holds %q after the error, want the typed %q", got, city)
		}
		if got := b.value("#-description"); got != description {
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
	if got := b.text(".error-summary"); got != "Please check the marked fields." {
		t.Errorf("error summary %q", got)
	}
	b.click(`form[action="/lang"] button`)
	refuse("Regensburg", "Noch eine Beschreibung", "Pflichtfeld: bitte ausfüllen.")
	b.checkConsole("status of 422") // the refused form itself
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
