package apptest

// Browser tests drive the real UI in headless Chromium with chromedp. They
// run when Chromium is on PATH and skip otherwise, unless
// PAKT_TEST_BROWSER=required (CI), which makes a missing browser a failure.

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// browserTimeout bounds a whole browser test: when it ends, the browser is
// stopped and every pending action fails. It guards against a hang, not
// for speed: the longest stories take a minute on a busy 2-core machine.
const browserTimeout = 3 * time.Minute

// waitTimeout bounds one wait for the page to reach a state.
const waitTimeout = 10 * time.Second

// Browser is one headless Chromium with one tab, talking to one server.
type Browser struct {
	t *testing.T
	// Ctx is the browser tab, for chromedp actions the methods lack.
	Ctx  context.Context
	base string

	mu       sync.Mutex
	problems []string // console errors and uncaught exceptions

	axeSource string // axe-core, read on first use
}

func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// NewBrowser starts Chromium for the server at base, or skips the test when
// there is none (fails it when PAKT_TEST_BROWSER=required).
func NewBrowser(t *testing.T, base string) *Browser {
	t.Helper()
	return newBrowser(t, base, browserTimeout)
}

func newBrowser(t *testing.T, base string, timeout time.Duration) *Browser {
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
	limited, cancelLimit := context.WithTimeout(allocCtx, timeout)
	ctx, cancelTab := chromedp.NewContext(limited)
	t.Cleanup(func() {
		cancelTab()
		cancelLimit()
		cancelAlloc() // waits until the browser has exited
	})
	b := &Browser{t: t, Ctx: ctx, base: base}
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

// Do runs actions and fails the test on an error.
func (b *Browser) Do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.Ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v%s", what, err, b.State())
	}
}

// Open loads a path of the server and waits for it.
func (b *Browser) Open(path string) {
	b.t.Helper()
	b.Do("open "+path, chromedp.Navigate(b.base+path))
}

// Navigate runs an action that leads to a new page (a click, Enter in a
// form) and waits until that page has loaded.
func (b *Browser) Navigate(what string, trigger chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if _, err := chromedp.Run(b.Ctx, chromedp.WaitEvent(page.LoadEventFired, nil, trigger)); err != nil {
		b.t.Fatalf("%s: %v%s", what, err, b.State())
	}
}

// Click clicks the element and waits for the page it leads to.
func (b *Browser) Click(sel string) {
	b.t.Helper()
	b.Navigate("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// Fill replaces the content of a text field by typing, as a user would:
// select all, then type over it (or delete it).
func (b *Browser) Fill(sel, text string) {
	b.t.Helper()
	keys := text
	if keys == "" {
		keys = kb.Backspace
	}
	b.Do("fill "+sel,
		chromedp.Focus(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](`document.activeElement.select()`),
		chromedp.SendKeys(chromedp.CSS(sel), keys),
	)
}

// Text returns the text of the first element matching sel.
func (b *Browser) Text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.Ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("text of %s: %v%s", sel, err, b.State())
	}
	return strings.TrimSpace(s)
}

// Value returns the current value of a form field.
func (b *Browser) Value(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.Ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("value of %s: %v%s", sel, err, b.State())
	}
	return s
}

// Eval evaluates a JavaScript expression in the page.
func Eval[T any](b *Browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.Ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v%s", expr, err, b.State())
	}
	return v
}

// WaitFor polls the JavaScript condition until it holds.
func (b *Browser) WaitFor(what, cond string) {
	b.t.Helper()
	_, err := chromedp.Run(b.Ctx, chromedp.Poll[chromedp.Void](cond,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(waitTimeout)))
	if err != nil {
		b.t.Fatalf("waiting until %s: %v%s", what, err, b.State())
	}
}

// Confirm submits the form sel, whose action asks first (web.Confirming,
// in a dialog with JavaScript), answers yes and returns the question.
func (b *Browser) Confirm(sel string) string {
	b.t.Helper()
	b.Do("submit "+sel, chromedp.Click(chromedp.CSS(sel+" button[type=submit]")))
	b.WaitFor("the question", `document.querySelector("#confirm-dialog")?.open === true`)
	question := b.Text("#confirm-dialog h2")
	b.Click("#confirm-dialog button.danger")
	return question
}

// Path returns the path and query of the current page.
func (b *Browser) Path() string {
	b.t.Helper()
	loc := Eval[string](b, `location.href`)
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatal(err)
	}
	return u.RequestURI()
}

// State describes the page for a failure message.
func (b *Browser) State() string {
	ctx, cancel := context.WithTimeout(b.Ctx, 2*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + (document.querySelector("main") || document.body || {innerText: ""}).innerText.slice(0, 1500)`))
	if err != nil {
		return ""
	}
	return "\n--- page " + s
}

// CheckConsole fails the test if the pages wrote errors to the console,
// other than those containing one of the expected texts.
func (b *Browser) CheckConsole(expected ...string) {
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

// Login signs in through the login form.
func (b *Browser) Login(email string) {
	b.t.Helper()
	b.Open("/login")
	b.Do("fill the login form",
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), Password),
	)
	b.Click(`form[action="/login"] button[type=submit]`)
	if p := b.Path(); p != "/" {
		b.t.Fatalf("after the login the browser is at %s, want the dashboard%s", p, b.State())
	}
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

// CheckLabels fails the test for every unlabelled field, duplicate id or
// dangling reference on the page (see unlabelled).
func (b *Browser) CheckLabels(page string) {
	b.t.Helper()
	for _, p := range Eval[[]string](b, unlabelled) {
		b.t.Errorf("%s: %s", page, p)
	}
}

// JSString quotes s as a JavaScript string literal.
func JSString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// SwitchUser ends the browser's session and signs in as email.
func (b *Browser) SwitchUser(email string) {
	b.t.Helper()
	if _, err := chromedp.Call(b.Ctx, network.ClearBrowserCookies, struct{}{}); err != nil {
		b.t.Fatalf("clear cookies: %v", err)
	}
	b.Login(email)
}

// Download clicks the link sel with downloads going to a fresh folder and
// returns the file the browser saved.
func (b *Browser) Download(sel string) (name string, content []byte) {
	b.t.Helper()
	dir := b.t.TempDir()
	if _, err := chromedp.Call(b.Ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		b.t.Fatalf("allow downloads: %v", err)
	}
	b.Do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
	deadline := time.Now().Add(waitTimeout)
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".crdownload") {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err == nil && len(data) > 0 {
				return e.Name(), data
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("no download from %s within %s%s", sel, waitTimeout, b.State())
	return "", nil
}
