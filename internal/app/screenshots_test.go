package app_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// TestScreenshots writes the documentation's screenshots of the demo (the
// dashboard, the CAN × WILL matrix, a profile and an agreement, on a
// desktop and a phone) into the folder named by PAKT_SCREENSHOTS, e.g.
//
//	PAKT_SCREENSHOTS=$PWD/docs/screenshots go test ./internal/app -run TestScreenshots
//
// It is a tool, not a check: without the variable it skips.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("PAKT_SCREENSHOTS")
	if dir == "" {
		t.Skip("set PAKT_SCREENSHOTS to a folder to write the screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s, clients := startDemo(t)
	admin := clients["admin"]
	agreement := regexp.MustCompile(`href="(/agreements/[0-9a-f-]{36})"`).FindStringSubmatch(admin.Get("/agreements").Body)
	if agreement == nil {
		t.Fatal("no agreement in the demo")
	}
	res, err := s.App.Partners.Search(context.Background(), auth.System, partner.Query{Text: "Müller IT"})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("the demo's showcase partner: %v", err)
	}
	deal := regexp.MustCompile(`href="(/deals/[0-9a-f-]{36})"`).FindStringSubmatch(admin.Get("/deals?q=Schönbrunn").Body)
	conflict := regexp.MustCompile(`href="(/deal-conflicts/[0-9a-f-]{36})"`).FindStringSubmatch(admin.Get("/deal-conflicts").Body)
	if deal == nil || conflict == nil {
		t.Fatal("no deal or conflict in the demo")
	}
	shots := []struct{ name, path string }{
		{"dashboard", "/"}, {"matrix", "/portfolio"}, {"profile", "/partners/" + res.Hits[0].ID}, {"agreement", agreement[1]},
		{"deal", deal[1]}, {"conflict", conflict[1]}, {"money", "/portfolio/money"},
	}
	b := apptest.NewBrowser(t, s.URL)
	b.UseSession(admin)
	for _, sc := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1366, 1000}, {"phone", 390, 1100}} {
		b.Do("resize", chromedp.EmulateViewport(sc.width, sc.height))
		for _, shot := range shots {
			b.Open(shot.path)
			img, err := chromedp.Call(b.Ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, shot.name+"-"+sc.name+".png"), img.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
