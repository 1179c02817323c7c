package apptest

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Violation is one axe-core rule a page breaks, with the elements that
// break it.
type Violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeRun runs axe-core on the current page with its default rules (WCAG
// 2.x A and AA, WCAG 2.2's target size, and the best practices) and returns
// the violations, each with up to three of its elements.
const axeRun = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact || "", help: v.help,
  nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + n.failureSummary.replace(/\s+/g, " ").slice(0, 240))
})))`

// Axe loads axe-core into the current page and returns what it finds.
func (b *Browser) Axe() []Violation {
	b.t.Helper()
	if b.axeSource == "" {
		src, err := os.ReadFile(filepath.Join(Tools(b.t), "node_modules", "axe-core", "axe.min.js"))
		if err != nil {
			b.t.Fatal(err)
		}
		b.axeSource = string(src)
	}
	if _, err := chromedp.Run(b.Ctx, chromedp.Evaluate[chromedp.Void](b.axeSource+";void 0")); err != nil {
		b.t.Fatalf("load axe-core: %v%s", err, b.State())
	}
	v, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]Violation](axeRun, chromedp.EvalAsValue, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("run axe-core: %v%s", err, b.State())
	}
	return v
}

// UseSession makes the browser send the session of the client c (logged
// in through the API client), replacing any other.
func (b *Browser) UseSession(c *Client) {
	b.t.Helper()
	if _, err := chromedp.Call(b.Ctx, network.ClearBrowserCookies, struct{}{}); err != nil {
		b.t.Fatalf("clear cookies: %v", err)
	}
	u, err := url.Parse(b.base)
	if err != nil {
		b.t.Fatal(err)
	}
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if _, err := chromedp.Call(b.Ctx, network.SetCookie, network.SetCookieParams{Name: ck.Name, Value: ck.Value, URL: b.base + "/"}); err != nil {
			b.t.Fatalf("set cookie %s: %v", ck.Name, err)
		}
	}
}

// axeTimeout bounds a browser that checks many pages.
const axeTimeout = 5 * time.Minute

// NewAxeBrowser is NewBrowser for checking many pages with Axe: it lives
// longer than a browser test's.
func NewAxeBrowser(t *testing.T, base string) *Browser {
	t.Helper()
	return newBrowser(t, base, axeTimeout)
}

// accessibility checks the pages of a matrix with axe-core as they are
// answered, in one browser started for the first page.
type accessibility struct {
	t       *testing.T
	s       *Server
	b       *Browser
	session *Client
	seen    map[string]bool
}

// check opens path as the client's user and fails the test on every
// axe-core violation, naming the page, the role, the rule and the elements.
func (a *accessibility) check(role string, c *Client, path string) {
	a.t.Helper()
	if a.seen[role+" "+path] {
		return
	}
	a.seen[role+" "+path] = true
	if a.b == nil {
		a.b = NewAxeBrowser(a.t, a.s.URL)
	}
	if a.session != c {
		a.b.UseSession(c)
		a.session = c
	}
	a.b.Open(path)
	for _, v := range a.b.Axe() {
		a.t.Errorf("axe: %s as %s: %s (%s): %s\n\t%s", path, role, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
	}
}
