package app_test

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"pakt/internal/app/apptest"
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
		"padmin": {"/", "/partners", "/agreements", "/exchange", "/introductions"},
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
	b := apptest.NewAxeBrowser(t, s.URL)
	for _, role := range []string{"admin", "padmin"} {
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
