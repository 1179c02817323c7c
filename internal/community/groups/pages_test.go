package groups_test

import (
	"context"
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

// A member's user joins "High availability and security" in English; the
// board, in German, makes it the group's lead; the lead plans a meeting
// (a bad link is refused, naming the field, with what was typed kept),
// uploads a file and is asked before deleting the meeting or the file.
// Another member's user, in German, sees the group and its meeting but
// neither the file nor the minutes; the board reads the participation
// report; the vendor's liaison finds no working groups at all.
func TestGroupPages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	// Two member companies, with the association running beside the
	// programme.
	if _, err := s.App.Community.SaveSettings(ctx, auth.System, community.SettingsInput{Mode: new(community.ModeBoth)}); err != nil {
		t.Fatal(err)
	}
	since := time.Now().AddDate(-1, 0, 0)
	alpha, beta := s.Member("Alpha Verfügbar GmbH", community.KindOrdinary, since), s.Member("Beta Netzwerk AG", community.KindOrdinary, since)
	lang := func(c *apptest.Client, l string) *apptest.Client { c.Lang = l; return c }
	leadUser := s.CreateUser(auth.RolePartnerAdmin, alpha)
	lead := lang(s.Login(leadUser.Email), "en")
	board := lang(s.Login(s.CreateUser(auth.RoleBoard, "").Email), "de")
	other := lang(s.Login(s.CreateUser(auth.RolePartnerMember, beta).Email), "de")
	liaison := lang(s.Login(s.CreateUser(auth.RoleLiaison, "").Email), "de")
	const sec = "/community/groups/wg-availability"

	res := lead.Get("/community/groups")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "High availability and security") || !strings.Contains(res.Body, `<a href="/community/groups"`) {
		t.Fatalf("the groups in English: %d\n%.2000s", res.Status, res.Body)
	}
	if res := lead.Form("POST", sec+"/join", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("joining: %d\n%.1000s", res.Status, res.Body)
	}
	if res := board.Form("POST", sec+"/leads", url.Values{"user_id": {leadUser.ID}, "lead": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("naming the lead: %d\n%.1000s", res.Status, res.Body)
	}
	res = board.Get(sec)
	if !strings.Contains(res.Body, "Hochverfügbarkeit und Sicherheit") || !strings.Contains(res.Body, "Leitung entziehen") {
		t.Errorf("the group to the board in German:\n%.3000s", res.Body)
	}

	res = lead.Form("POST", sec+"/meetings", url.Values{"form_id": {"meeting"}, "starts_at": {"2030-03-05T14:00"}, "place": {"Hamburg"}, "link": {"meet.example"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Enter a web address starting with https://.") || !strings.Contains(res.Body, `value="Hamburg"`) {
		t.Fatalf("a bad link: %d\n%.3000s", res.Status, res.Body)
	}
	if res := lead.Form("POST", sec+"/meetings", url.Values{"form_id": {"meeting"}, "starts_at": {"2030-03-05T14:00"}, "place": {"Hamburg"}, "agenda": {"Notfallübung"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("planning the meeting: %d\n%.2000s", res.Status, res.Body)
	}
	v, err := s.App.Groups.Get(ctx, leadUser.Actor(), "wg-availability")
	if err != nil || len(v.Meetings) != 1 {
		t.Fatalf("the meeting: %v", err)
	}
	meeting := sec + "/meetings/" + v.Meetings[0].ID
	if res := lead.Form("POST", meeting, url.Values{"form_id": {"meeting"}, "minutes": {"Failover im Rechenzentrum geprobt"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("the minutes: %d\n%.2000s", res.Status, res.Body)
	}
	res = lead.Multipart("POST", sec+"/files", url.Values{"form_id": {"file"}}, "file", map[string][]byte{"Notfallplan.pdf": []byte("%PDF-1.4\n%%EOF\n")})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("the upload: %d\n%.2000s", res.Status, res.Body)
	}
	res = lead.Multipart("POST", sec+"/files", url.Values{"form_id": {"file"}}, "file", map[string][]byte{"skript.html": []byte("<html></html>")})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "is no PDF, PNG or JPEG file") {
		t.Fatalf("an HTML file: %d\n%.2000s", res.Status, res.Body)
	}
	files, err := s.App.Groups.Files(ctx, leadUser.Actor(), "wg-availability")
	if err != nil || len(files) != 1 {
		t.Fatalf("files: %v", err)
	}
	file := sec + "/files/" + files[0].ID
	if res := lead.Get(file); res.Status != http.StatusOK || res.Body != "%PDF-1.4\n%%EOF\n" {
		t.Errorf("the lead's download: %d", res.Status)
	}
	if res := lead.Form("POST", file+"/delete", nil); res.Status != http.StatusOK || !strings.Contains(res.Body, "Delete this file?") {
		t.Errorf("deleting a file asks first: %d\n%.2000s", res.Status, res.Body)
	}
	if res := lead.Form("POST", meeting+"/delete", nil); res.Status != http.StatusOK || !strings.Contains(res.Body, "Delete this meeting?") {
		t.Errorf("deleting a meeting asks first: %d\n%.2000s", res.Status, res.Body)
	}

	// Another member: the group and its meeting, not its file or minutes.
	res = other.Get(sec)
	if res.Status != http.StatusOK || strings.Contains(res.Body, "Notfallplan") || !strings.Contains(res.Body, "Beitreten") ||
		!strings.Contains(res.Body, "Protokoll und Anwesenheit sehen nur die Mitglieder des Arbeitskreises.") {
		t.Errorf("the group to another member: %d\n%.3000s", res.Status, res.Body)
	}
	res = other.Get(meeting)
	if res.Status != http.StatusOK || strings.Contains(res.Body, "Failover") || !strings.Contains(res.Body, "Notfallübung") {
		t.Errorf("the meeting to another member: %d\n%.3000s", res.Status, res.Body)
	}
	if res := other.Get(file); res.Status != http.StatusNotFound {
		t.Errorf("another member downloaded the file: %d", res.Status)
	}
	if res := lead.Get(meeting); !strings.Contains(res.Body, "Failover im Rechenzentrum geprobt") || !strings.Contains(res.Body, "Record attendance") {
		t.Errorf("the meeting to its lead:\n%.3000s", res.Body)
	}

	res = board.Get("/community/groups/report")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Mitglieder ohne jede Beteiligung") || !strings.Contains(res.Body, "Beta Netzwerk AG") {
		t.Errorf("the board's report: %d\n%.3000s", res.Status, res.Body)
	}
	if res := board.Get("/community/groups/report?from=2026-Q9&to=2026-Q1"); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Bitte ein Quartal wie 2026-Q1 angeben.") {
		t.Errorf("a bad quarter: %d\n%.2000s", res.Status, res.Body)
	}
	if res := liaison.Get("/community/groups"); res.Status != http.StatusNotFound {
		t.Errorf("the liaison opened the groups: %d", res.Status)
	}
	if res := liaison.Get("/account"); strings.Contains(res.Body, `<a href="/community/groups"`) {
		t.Error("the liaison is offered the groups in the navigation")
	}
}

// The board lists the association's regions (a region named twice is
// refused on its line, with what was typed kept); setting up a regional
// group then offers them to choose from, and a region outside the list is
// refused. A member's user cannot open the list.
func TestRegionPages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	if _, err := s.App.Community.SaveSettings(ctx, auth.System, community.SettingsInput{Mode: new(community.ModeAssociation)}); err != nil {
		t.Fatal(err)
	}
	board := s.Login(s.CreateUser(auth.RoleBoard, "").Email)
	board.Lang = "de"
	if page := board.Get("/community/groups/new"); page.Status != http.StatusOK || !strings.Contains(page.Body, `<input id="wg-region" name="region"`) {
		t.Fatalf("without regions the region is typed in: %d", page.Status)
	}
	typed := "Niederlassung Hamburg\r\nNiederlassung München\r\n\r\nniederlassung hamburg\r\n"
	res := board.Form("POST", "/community/groups/regions", url.Values{"regions": {typed}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Zeile 4: Diese Region steht schon in Zeile 1.") || !strings.Contains(res.Body, "\nniederlassung hamburg") {
		t.Fatalf("a region named twice: %d\n%s", res.Status, res.Body)
	}
	res = board.Form("POST", "/community/groups/regions", url.Values{"regions": {"Niederlassung Hamburg\r\n Niederlassung München \r\n"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("saving the regions: %d\n%s", res.Status, res.Body)
	}
	if page := board.Get("/community/groups/regions"); !strings.Contains(page.Body, "Niederlassung Hamburg\nNiederlassung München</textarea>") {
		t.Errorf("the saved regions:\n%s", page.Body)
	}
	page := board.Get("/community/groups/new")
	if !strings.Contains(page.Body, `<select id="wg-region" name="region"`) || !strings.Contains(page.Body, "<option>Niederlassung München</option>") {
		t.Fatalf("the regions to choose from:\n%s", page.Body)
	}
	form := url.Values{"kind": {"regional"}, "name_de": {"Region Nord"}, "name_en": {"Region North"}, "region": {"Hamburg"}}
	if res := board.Form("POST", "/community/groups", form); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Bitte eine der Regionen des Verbands wählen.") {
		t.Errorf("a region outside the list: %d", res.Status)
	}
	form.Set("region", "Niederlassung Hamburg")
	if res := board.Form("POST", "/community/groups", form); res.Status != http.StatusSeeOther {
		t.Fatalf("a group for a region of the list: %d\n%s", res.Status, res.Body)
	}
	var got struct{ Regions []string }
	board.JSON("GET", "/api/v1/community/regions", nil).JSON(t, &got)
	if strings.Join(got.Regions, "|") != "Niederlassung Hamburg|Niederlassung München" {
		t.Errorf("the API's regions: %q", got.Regions)
	}
	o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new("Gamma GmbH"), Kind: new(partner.KindMember)})
	if err != nil {
		t.Fatal(err)
	}
	member := s.Login(s.CreateUser(auth.RolePartnerAdmin, o.ID).Email)
	if res := member.Get("/community/groups/regions"); res.Status != http.StatusNotFound {
		t.Errorf("a member's user opened the regions: %d", res.Status)
	}
}
