package painpoints_test

import (
	"context"
	"database/sql"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/partner"
)

// A member's user submits a pain point in German (a missing title is
// named and the text kept), two other members support it, one agreeing to
// be named; the board raises it, is asked before merging a duplicate and
// before declining another; the vendor's liaison, reading English, finds
// it with its count and the one agreed name, answers it, and the
// supporters read the answer in their inbox, in their language.
func TestPainPointPages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	admin := s.CreateUser(auth.RoleAdmin, "")
	if _, err := s.App.Community.SaveSettings(ctx, admin.Actor(), community.SettingsInput{Mode: new(community.ModeBoth)}); err != nil {
		t.Fatal(err)
	}
	lang := func(c *apptest.Client, l string) *apptest.Client { c.Lang = l; return c }
	member := func(name, l string) *apptest.Client {
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), Published: new(true)})
		if err != nil {
			t.Fatal(err)
		}
		err = s.App.DB.Tx(ctx, func(tx *sql.Tx) error {
			_, err := s.App.Community.StartMembership(ctx, tx, admin.Actor(), o.ID, community.KindOrdinary, time.Now().AddDate(-1, 0, 0))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		u := s.CreateUser(auth.RolePartnerAdmin, o.ID)
		if _, err := s.App.Auth.UpdateUser(ctx, auth.System, u.ID, auth.UserInput{Lang: new(l)}); err != nil {
			t.Fatal(err)
		}
		return lang(s.Login(u.Email), l)
	}
	alpha, beta, gamma := member("Alpha Süd GmbH", "de"), member("Beta Nord GmbH", "en"), member("Gamma Ost GmbH", "de")
	board := lang(s.Login(s.CreateUser(auth.RoleBoard, "").Email), "de")
	liaison := lang(s.Login(s.CreateUser(auth.RoleLiaison, "").Email), "en")
	manager := lang(s.Login(s.CreateUser(auth.RoleManager, "").Email), "de")
	const nav = `<a href="/community/pain-points"`

	res := alpha.Get("/community/pain-points/new")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, nav) || !strings.Contains(res.Body, "Pain Point einreichen") || !strings.Contains(res.Body, "Lizenzen und Preise") {
		t.Fatalf("the German form: %d\n%.2000s", res.Status, res.Body)
	}
	res = alpha.Form("POST", "/community/pain-points", url.Values{"title": {""}, "description": {"Schlüssel brauchen drei Tage."}, "topic": {"licensing"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="err-title"`) || !strings.Contains(res.Body, "Schlüssel brauchen drei Tage.") {
		t.Fatalf("a missing title: %d\n%.2000s", res.Status, res.Body)
	}
	submit := func(title string) string {
		t.Helper()
		res := alpha.Form("POST", "/community/pain-points", url.Values{"title": {title}, "description": {"Schlüssel brauchen drei Tage."}, "topic": {"licensing"}, "area": {"Lizenzportal"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("submitting %q: %d\n%.2000s", title, res.Status, res.Body)
		}
		return res.Header.Get("Location")
	}
	point, dup, other := submit("Lizenzschlüssel kommen zu spät"), submit("Schlüssel dauern Tage"), submit("Ein Wunsch ohne Hersteller")
	if res := beta.Form("POST", point+"/support", url.Values{"named": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("Beta supports: %d\n%.2000s", res.Status, res.Body)
	}
	if res := gamma.Form("POST", point+"/support", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("Gamma supports: %d", res.Status)
	}
	res = beta.Get("/community/pain-points")
	if !strings.Contains(res.Body, "Your company supports it") || !strings.Contains(res.Body, "Lizenzschlüssel kommen zu spät") || !strings.Contains(res.Body, "Licences and prices") {
		t.Fatalf("Beta's English list:\n%.3000s", res.Body)
	}

	res = board.Form("POST", dup+"/merge", url.Values{"into": {strings.TrimPrefix(point, "/community/pain-points/")}})
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Diesen Pain Point zusammenführen?") {
		t.Fatalf("merging asks first: %d\n%.2000s", res.Status, res.Body)
	}
	if res := board.Form("POST", dup+"/merge", url.Values{"into": {strings.TrimPrefix(point, "/community/pain-points/")}, "confirmed": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("merging: %d\n%.2000s", res.Status, res.Body)
	}
	if res := board.Get(dup); !strings.Contains(res.Body, "Dieser Pain Point ist ein Duplikat von:") {
		t.Fatalf("the duplicate's page:\n%.2000s", res.Body)
	}
	res = board.Form("POST", other+"/status", url.Values{"status": {"declined"}, "reason": {"Betrifft nicht den Hersteller."}})
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Diesen Pain Point ablehnen?") {
		t.Fatalf("declining asks first: %d\n%.2000s", res.Status, res.Body)
	}
	res = board.Form("POST", other+"/status", url.Values{"status": {"declined"}, "confirmed": {"1"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Geben Sie die Begründung der Ablehnung an.") {
		t.Fatalf("declining without a reason: %d\n%.2000s", res.Status, res.Body)
	}
	for _, st := range []string{"review", "raised"} {
		if res := board.Form("POST", point+"/status", url.Values{"status": {st}}); res.Status != http.StatusSeeOther {
			t.Fatalf("moving to %s: %d\n%.2000s", st, res.Status, res.Body)
		}
	}

	res = liaison.Get("/community/pain-points")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, nav) || !strings.Contains(res.Body, "Lizenzschlüssel kommen zu spät") || strings.Contains(res.Body, "Ein Wunsch ohne Hersteller") {
		t.Fatalf("the liaison's list: %d\n%.3000s", res.Status, res.Body)
	}
	res = liaison.Get(point)
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Beta Nord GmbH") || strings.Contains(res.Body, "Gamma Ost GmbH") || strings.Contains(res.Body, "Alpha Süd GmbH") ||
		!strings.Contains(res.Body, "Supporting member companies: 2") || !strings.Contains(res.Body, "The others did not agree to be named.") {
		t.Fatalf("the liaison's view of the point: %d\n%.3000s", res.Status, res.Body)
	}
	if res := liaison.Form("POST", point+"/answer", url.Values{"answer": {"From July, keys arrive within the hour."}}); res.Status != http.StatusSeeOther {
		t.Fatalf("answering: %d\n%.2000s", res.Status, res.Body)
	}
	if res := alpha.Get(point); !strings.Contains(res.Body, "Antwort des Herstellers") || !strings.Contains(res.Body, "From July, keys arrive within the hour.") {
		t.Fatalf("the answer is published to the members:\n%.3000s", res.Body)
	}
	if res := beta.Get("/inbox"); !strings.Contains(html.UnescapeString(res.Body), "The vendor has answered: Lizenzschlüssel kommen zu spät") {
		t.Errorf("Beta's English inbox:\n%.3000s", res.Body)
	}
	if res := gamma.Get("/inbox"); !strings.Contains(html.UnescapeString(res.Body), "Der Hersteller hat geantwortet: Lizenzschlüssel kommen zu spät") {
		t.Errorf("Gamma's German inbox:\n%.3000s", res.Body)
	}

	res = board.Get("/community/pain-points/report.md")
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/markdown") || !strings.Contains(res.Body, "Beta Nord GmbH") ||
		strings.Contains(res.Body, "Gamma Ost GmbH") || !strings.Contains(res.Body, "From July") {
		t.Fatalf("the report: %d %s\n%.2000s", res.Status, res.Header.Get("Content-Type"), res.Body)
	}
	if res := board.Get("/community/pain-points/report.pdf?lang=en"); res.Status != http.StatusOK || !strings.HasPrefix(res.Body, "%PDF") {
		t.Fatalf("the PDF report: %d", res.Status)
	}
	if res := manager.Get("/community/pain-points"); res.Status != http.StatusNotFound || strings.Contains(res.Body, nav) {
		t.Fatalf("a manager: %d", res.Status)
	}
}
