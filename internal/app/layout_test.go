package app_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
)

// screens are the widths the pages must fit: a phone, a laptop and a
// desktop monitor.
var screens = []struct {
	name          string
	width, height int64
}{{"phone", 390, 844}, {"laptop", 1366, 768}, {"desktop", 1920, 1080}}

// overflow lists what breaks the layout of the page: the page wider than
// the window (it would scroll sideways), an element sticking out of the
// page, and cards of one grid that overlap.
const overflow = `(() => {
  const out = [];
  const page = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > page + 1) out.push("the page is " + document.documentElement.scrollWidth + " px wide in a " + page + " px window");
  for (const el of document.querySelectorAll("main *")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > page + 1 && !el.closest(".card, .table-scroll, .board")) {
      out.push("sticks out: " + el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + " to " + Math.round(r.right) + " px");
      break;
    }
  }
  for (const grid of document.querySelectorAll(".grid")) {
    const cards = [...grid.children].map(c => c.getBoundingClientRect());
    for (let i = 0; i < cards.length; i++) for (let j = i + 1; j < cards.length; j++) {
      const a = cards[i], b = cards[j];
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) out.push("cards " + i + " and " + j + " of a grid overlap");
    }
  }
  return out;
})()`

// TestDemoPagesFitEveryScreen opens the main pages of the demo as staff and
// as a partner on a phone, a laptop and a desktop screen and fails on a page
// that scrolls sideways, an element outside the page, or overlapping cards.
func TestDemoPagesFitEveryScreen(t *testing.T) {
	t.Parallel()
	s, clients := startDemo(t)
	pages := map[string][]string{
		"admin":  {"/", "/partners", "/portfolio", "/pipeline", "/agreements", "/exchange", "/introductions", "/audit", "/enablement", "/steering/overdue"},
		"padmin": {"/", "/partners", "/agreements", "/exchange", "/introductions", "/community", "/community/groups", "/community/events", "/community/pain-points", "/community/dues"},
		"board": {"/community", "/community/applications", "/community/groups", "/community/groups/report", "/community/events",
			"/community/pain-points", "/community/dues", "/community/dues/history"},
	}
	// A profile, an agreement and a business case, found from the lists.
	admin := clients["admin"]
	for _, find := range []struct{ list, prefix, suffix string }{
		{"/partners", "/partners/", ""}, {"/agreements", "/agreements/", ""}, {"/portfolio", "/partners/", "/business-case"},
	} {
		body := admin.Get(find.list).Body
		for _, m := range link.FindAllStringSubmatch(body, -1) {
			p := m[1]
			if id := idInPath.FindString(p); id != "" && strings.HasPrefix(p, find.prefix+id) {
				pages["admin"] = append(pages["admin"], find.prefix+id+find.suffix)
				break
			}
		}
	}
	for role, list := range pages {
		for _, p := range list {
			if res := clients[role].Get(p); res.Status != http.StatusOK {
				t.Fatalf("%s as %s: %d", p, role, res.Status)
			}
		}
	}
	b := apptest.NewAxeBrowser(t, s.URL)
	for _, role := range []string{"admin", "padmin", "board"} {
		b.UseSession(clients[role])
		for _, sc := range screens {
			b.Do("resize to "+sc.name, chromedp.EmulateViewport(sc.width, sc.height))
			for _, p := range pages[role] {
				b.Open(p)
				for _, problem := range apptest.Eval[[]string](b, overflow) {
					t.Errorf("%s as %s on a %s (%d px): %s", p, role, sc.name, sc.width, problem)
				}
			}
		}
	}
	if len(pages["admin"]) < 13 {
		t.Fatalf("found only the pages %v", pages["admin"])
	}

	// On paper a profile, an agreement and a business case show their
	// content without the navigation, forms and buttons.
	b.UseSession(admin)
	if _, err := chromedp.Call(b.Ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	for _, p := range pages["admin"][len(pages["admin"])-3:] {
		b.Open(p)
		shown := apptest.Eval[[]string](b, `[...document.querySelectorAll("header.top, main form, main button, main .button")]
			.filter(el => el.getClientRects().length > 0).map(el => el.tagName.toLowerCase() + "." + el.className)`)
		if len(shown) > 0 {
			t.Errorf("%s printed shows %v", p, shown)
		}
		if !apptest.Eval[bool](b, `document.querySelector("main h1").getClientRects().length > 0`) {
			t.Errorf("%s printed hides its title", p)
		}
	}
}

// TestPhoneNavigationBehindAMenu: on a phone the navigation folds behind a
// menu button that opens it and Escape closes; on a laptop the navigation
// shows and the button does not, and its groups open and fold.
func TestPhoneNavigationBehindAMenu(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	b := apptest.NewBrowser(t, s.URL)
	b.Login(s.CreateUser(auth.RoleManager, "").Email)
	shown := func(sel string) bool {
		return apptest.Eval[bool](b, `(() => { const el = document.querySelector(`+apptest.JSString(sel)+`); return !!el && el.getClientRects().length > 0; })()`)
	}
	b.Do("phone", chromedp.EmulateViewport(390, 844))
	b.Open("/")
	if shown("#main-nav") || !shown(".menu-toggle") {
		t.Fatalf("on a phone the navigation shows %v, the menu button %v", shown("#main-nav"), shown(".menu-toggle"))
	}
	b.Do("open the menu", chromedp.Click(chromedp.CSS(".menu-toggle")))
	if !shown("#main-nav a[href='/partners']") || apptest.Eval[string](b, `document.querySelector(".menu-toggle").getAttribute("aria-expanded")`) != "true" {
		t.Fatal("the menu button does not open the navigation")
	}
	b.Do("escape", chromedp.KeyEvent(kb.Escape))
	if shown("#main-nav") {
		t.Fatal("Escape leaves the navigation open")
	}
	b.Do("laptop", chromedp.EmulateViewport(1366, 768))
	b.Open("/")
	if !shown("#main-nav") || shown(".menu-toggle") {
		t.Fatalf("on a laptop the navigation shows %v, the menu button %v", shown("#main-nav"), shown(".menu-toggle"))
	}
	// Steering is a group: its links show once it is opened, above the
	// page, and fold on Escape and on a click elsewhere.
	team := "#main-nav details.group a[href='/steering/team']"
	shown = func(sel string) bool {
		return apptest.Eval[bool](b, `(() => { const el = document.querySelector(`+apptest.JSString(sel)+`); return !!el && el.checkVisibility(); })()`)
	}
	if shown(team) {
		t.Fatal("the steering group is open before it is asked")
	}
	open := func() {
		b.Do("open steering", chromedp.Click(chromedp.CSS("#main-nav details.group summary")))
		if !shown(team) {
			t.Fatal("the steering group does not open")
		}
	}
	open()
	b.Do("escape", chromedp.KeyEvent(kb.Escape))
	if shown(team) {
		t.Fatal("Escape leaves the group open")
	}
	open()
	b.Do("click elsewhere", chromedp.Click(chromedp.CSS("main h1")))
	if shown(team) {
		t.Fatal("a click elsewhere leaves the group open")
	}
}
