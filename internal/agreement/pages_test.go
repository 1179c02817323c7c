package agreement_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"pakt/internal/agreement"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/exchange"
	"pakt/internal/partner"
)

var (
	inputTag    = regexp.MustCompile(`<input\b[^>]*>`)
	textareaTag = regexp.MustCompile(`(?s)<textarea\b([^>]*)>(.*?)</textarea>`)
	selectTag   = regexp.MustCompile(`(?s)<select\b([^>]*)>(.*?)</select>`)
	optionTag   = regexp.MustCompile(`<option\b[^>]*>`)
	attrRe      = regexp.MustCompile(`([a-z][a-z0-9_.-]*)(?:="([^"]*)")?`)
)

func attrs(tag string) map[string]string {
	out := map[string]string{}
	for _, m := range attrRe.FindAllStringSubmatch(tag, -1) {
		out[m[1]] = html.UnescapeString(m[2])
	}
	return out
}

// formValues reads the fields of the form with the action on a page as a
// browser would submit it unchanged.
func formValues(t *testing.T, page, action string) url.Values {
	t.Helper()
	start := strings.Index(page, `action="`+action+`"`)
	if start < 0 {
		t.Fatalf("no form for %s in\n%s", action, page)
	}
	end := strings.Index(page[start:], "</form>")
	form := page[start : start+end]
	v := url.Values{}
	for _, tag := range inputTag.FindAllString(form, -1) {
		a := attrs(tag)
		if a["name"] == "" {
			continue
		}
		if (a["type"] == "checkbox" || a["type"] == "radio") && !strings.Contains(tag, " checked") {
			continue
		}
		v.Add(a["name"], a["value"])
	}
	for _, m := range textareaTag.FindAllStringSubmatch(form, -1) {
		v.Add(attrs(m[1])["name"], html.UnescapeString(m[2]))
	}
	for _, m := range selectTag.FindAllStringSubmatch(form, -1) {
		options := optionTag.FindAllString(m[2], -1)
		chosen := ""
		for i, o := range options {
			if i == 0 || strings.Contains(o, " selected") {
				chosen = attrs(o)["value"]
			}
		}
		v.Add(attrs(m[1])["name"], chosen)
	}
	return v
}

// The story the browser test will tell: A and B draft an agreement with a
// 60/40 split, B changes a clause, both accept the latest version, the
// agreement is in force and the PDF downloads with umlauts.
func TestAgreementStory(t *testing.T) {
	s := apptest.Start(t)
	ctx := context.Background()
	mk := func(name string) string {
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: &name, Published: new(true)})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	orgA, orgB := mk("Müller IT GmbH & Co. KG"), mk("Beta Systemhaus AG")
	userA := s.CreateUser(auth.RolePartnerAdmin, orgA)
	a := s.Login(userA.Email)
	b := s.Login(s.CreateUser(auth.RolePartnerAdmin, orgB).Email)
	a.Lang, b.Lang = "de", "en"
	topic, err := s.App.Partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: new("Energie"), NameEN: new("Energy")})
	if err != nil {
		t.Fatal(err)
	}
	post := func(poster *auth.Actor) string {
		l, err := s.App.Exchange.Create(ctx, poster, exchange.ListingInput{Kind: new(exchange.KindSeeking), Title: new("Wärmepumpen-Monitoring"),
			Description: new("Wir suchen Unterstützung."), Topics: &[]string{topic.ID}, Country: new("DE"), From: new("2027-01-04"), To: new("2027-02-26"), EffortTenths: new(100)})
		if err != nil {
			t.Fatal(err)
		}
		return l.ID
	}
	listing := post(userA.Actor())

	// An agreement names only a listing its creator may see: a third
	// partner's closed listing is as unknown as one that never existed.
	orgC := mk("Dritte Partner AG")
	userC := s.CreateUser(auth.RolePartnerAdmin, orgC)
	hidden := post(userC.Actor())
	if _, err := s.App.Exchange.Close(ctx, userC.Actor(), hidden); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{hidden, "01234567-89ab-7def-8123-456789abcdef"} {
		res := a.JSON("POST", "/api/v1/agreements", agreement.CreateInput{Title: "Fremd", Customer: "Kunde", Parties: []string{orgA, orgB}, ListingID: id})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `"field":"listing_id"`) {
			t.Errorf("an agreement from listing %s: %d %s", id, res.Status, res.Body)
		}
	}
	if list, _ := s.App.Agreements.List(ctx, userA.Actor(), ""); len(list) != 0 {
		t.Fatalf("agreements from unknown listings were made: %d", len(list))
	}

	// The project exchange links to a prefilled form.
	res := a.Get("/agreements/new?title=" + url.QueryEscape("Wärmepumpen-Monitoring") + "&parties=" + orgB + "&listing=" + listing)
	if res.Status != http.StatusOK || !strings.Contains(res.Body, `value="Wärmepumpen-Monitoring"`) ||
		!regexp.MustCompile(`<option value="`+orgB+`" selected>`).MatchString(res.Body) {
		t.Fatalf("prefilled form: %d\n%s", res.Status, res.Body)
	}
	form := formValues(t, res.Body, "/agreements")
	form.Set("customer", "Stadtwerke Ölbach")
	form.Set("share.0", "60")
	form.Set("share.1", "30")
	res = a.Form("POST", "/agreements", form)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Die Anteile müssen zusammen 100 % ergeben; eingetragen sind 90 %.") {
		t.Fatalf("shares of 90 %%: %d\n%s", res.Status, res.Body)
	}
	form.Set("share.1", "40")
	res = a.Form("POST", "/agreements", form)
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/agreements/") {
		t.Fatalf("create: %d %s\n%s", res.Status, res.Header.Get("Location"), res.Body)
	}
	page := res.Header.Get("Location")
	id := strings.TrimPrefix(page, "/agreements/")
	ag, err := s.App.Agreements.Get(ctx, auth.System, id)
	if err != nil || ag.Content.Share(orgA) != 6000 || ag.Content.Share(orgB) != 4000 || ag.ListingID != listing {
		t.Fatalf("created: %+v, %v", ag, err)
	}

	// B changes a clause through the edit form; shares with a decimal comma.
	res = b.Get(page + "/edit")
	if res.Status != http.StatusOK {
		t.Fatalf("edit page: %d", res.Status)
	}
	edit := formValues(t, res.Body, page)
	if edit.Get("costs.share."+orgA) != "60" || edit.Get("base_version") != "1" || edit.Get("checklist.gtm_budget.status") != "open" {
		t.Fatalf("edit form: %v", edit)
	}
	// Saving the form unchanged makes no version.
	res = b.Form("POST", page, edit)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("unchanged save: %d\n%s", res.Status, res.Body)
	}
	edit.Set("confidentiality.scope", "Preise, Kundendaten und Quellcode")
	edit.Set("costs.share."+orgA, "66.67")
	edit.Set("costs.share."+orgB, "33.33")
	edit.Set("checklist.gtm_budget.status", "clarified")
	edit.Set("checklist.gtm_budget.note", "je 5.000 €")
	edit.Set("jour_fixe.cadence", "monthly")
	edit.Set("jour_fixe.first", "2027-01-12T09:30")
	edit.Set("note", "Vertraulichkeit präzisiert")
	res = b.Form("POST", page, edit)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("B's change: %d\n%s", res.Status, res.Body)
	}
	// A's form of version 1 is stale now: refused with a conflict, not lost.
	stale := formValues(t, a.Get(page+"/edit").Body, page)
	stale.Set("base_version", "1")
	stale.Set("understanding.goals", "Gleichzeitig")
	if res = a.Form("POST", page, stale); res.Status != http.StatusConflict || !strings.Contains(res.Body, "Inzwischen hat jemand Version 2 gespeichert") {
		t.Errorf("stale edit: %d\n%.500s", res.Status, res.Body)
	}
	ag, _ = s.App.Agreements.Get(ctx, auth.System, id)
	if ag.CurrentVersion != 2 || ag.Content.Share(orgA) != 6667 || ag.Content.Item("gtm_budget").Note != "je 5.000 €" || !ag.Content.JourFixe.Active() {
		t.Fatalf("after B's change: version %d, %+v", ag.CurrentVersion, ag.Content)
	}
	// The first jour fixe meeting was typed as Berlin time and is kept in
	// UTC; the form shows it as typed, the page with the zone.
	if f := ag.Content.JourFixe.First; f == nil || !f.Equal(time.Date(2027, 1, 12, 8, 30, 0, 0, time.UTC)) {
		t.Errorf("first jour fixe meeting stored as %v, want 08:30 UTC", f)
	}
	res = b.Get(page + "/edit")
	if !strings.Contains(res.Body, `value="2027-01-12T09:30"`) || !strings.Contains(res.Body, "local time (Europe/Berlin)") || strings.Contains(res.Body, "(UTC)") {
		t.Errorf("edit form with the first meeting:\n%s", res.Body)
	}
	if res = a.Get(page); !strings.Contains(res.Body, "12.01.2027 09:30 MEZ") {
		t.Errorf("A's page does not show the first meeting in German local time:\n%s", res.Body)
	}

	// The comparison highlights what B changed.
	res = a.Get(page + "/compare?a=1&b=2")
	if res.Status != http.StatusOK || strings.Count(res.Body, `<tr class="changed">`) != 7 || !strings.Contains(res.Body, "Preise, Kundendaten und Quellcode") {
		t.Errorf("compare: %d, %d changed rows\n%s", res.Status, strings.Count(res.Body, `<tr class="changed">`), res.Body)
	}

	// Both accept the latest version.
	res = a.Get(page)
	if !strings.Contains(res.Body, "Version 2 annehmen") {
		t.Fatalf("A's page has no accept button:\n%s", res.Body)
	}
	accept := formValues(t, res.Body, page+"/accept")
	if res = a.Form("POST", page+"/accept", accept); res.Status != http.StatusOK || !strings.Contains(res.Body, "Version 2 verbindlich annehmen?") {
		t.Fatalf("A accepts unconfirmed: %d\n%s", res.Status, res.Body)
	}
	if res = a.Get(page); !strings.Contains(res.Body, "Version 2 annehmen") {
		t.Fatalf("an unconfirmed acceptance counted:\n%s", res.Body)
	}
	accept.Set("confirmed", "1")
	if res = a.Form("POST", page+"/accept", accept); res.Status != http.StatusSeeOther {
		t.Fatalf("A accepts: %d\n%s", res.Status, res.Body)
	}
	res = b.Get(page)
	if !strings.Contains(res.Body, "In negotiation") || strings.Contains(res.Body, "/jour-fixe?agreement=") {
		t.Errorf("B's page before accepting:\n%s", res.Body)
	}
	accept = formValues(t, res.Body, page+"/accept")
	accept.Set("confirmed", "1")
	if res = b.Form("POST", page+"/accept", accept); res.Status != http.StatusSeeOther {
		t.Fatalf("B accepts: %d\n%s", res.Status, res.Body)
	}
	res = b.Get(page)
	if !strings.Contains(res.Body, `<span class="tag agreement-in_force">In force</span>`) || strings.Contains(res.Body, "Accept version") ||
		!strings.Contains(res.Body, `href="/jour-fixe?agreement=`+id+`"`) {
		t.Errorf("B's page in force:\n%s", res.Body)
	}

	// The PDF downloads as an attachment with an ASCII name.
	res = a.Get(page + "/export.pdf?lang=de")
	if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.Body, "%PDF-") ||
		res.Header.Get("Content-Disposition") != `attachment; filename="Waermepumpen-Monitoring-v2.pdf"` {
		t.Errorf("pdf: %d %s %s", res.Status, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}
	res = b.Get(page + "/export.md?lang=de")
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/markdown") ||
		!strings.Contains(res.Body, "- **Parteien:** Müller IT GmbH & Co. KG (federführend), Beta Systemhaus AG") ||
		!strings.Contains(res.Body, "**Anteil von Müller IT GmbH & Co. KG:** 66,67 %") || !strings.Contains(res.Body, "- **Status:** In Kraft") {
		t.Errorf("markdown: %d\n%s", res.Status, res.Body)
	}

	// A change after that sends it back to negotiation.
	edit = formValues(t, a.Get(page+"/edit").Body, page)
	edit.Set("employees.months_after", "24")
	if res = a.Form("POST", page, edit); res.Status != http.StatusSeeOther {
		t.Fatalf("A's change in force: %d\n%s", res.Status, res.Body)
	}
	if ag, _ = s.App.Agreements.Get(ctx, auth.System, id); ag.Status != agreement.StatusNegotiation || ag.CurrentVersion != 3 {
		t.Errorf("after a change in force: %s, version %d", ag.Status, ag.CurrentVersion)
	}
	if res = b.Get(page); !strings.Contains(res.Body, "Accept version 3") || !strings.Contains(res.Body, "accepted version 2 only") {
		t.Errorf("B's page after the change:\n%s", res.Body)
	}
	// Accepting the old version is refused with a clear message.
	if res = b.Form("POST", page+"/accept", url.Values{"version": {"2"}}); res.Status != http.StatusConflict ||
		!strings.Contains(res.Body, "Version 2 is no longer current: please review and accept the current version 3.") {
		t.Errorf("accepting version 2 of 3: %d\n%.300s", res.Status, res.Body)
	}

	// The API says the same, as problem details.
	res = b.JSON("POST", "/api/v1/agreements/"+id+"/accept", agreement.AcceptInput{Version: 2})
	if res.Status != http.StatusConflict || !strings.Contains(res.Body, `"code":"conflict"`) {
		t.Errorf("API accept of version 2 of 3: %d %s", res.Status, res.Body)
	}
	res = b.JSON("PUT", "/api/v1/agreements/"+id, agreement.UpdateInput{BaseVersion: 2, Content: *ag.Content})
	if res.Status != http.StatusConflict || !strings.Contains(res.Body, "Meanwhile someone saved version 3") {
		t.Errorf("API save on version 2 of 3: %d %s", res.Status, res.Body)
	}
	var got agreement.Agreement
	if res = b.Get("/api/v1/agreements/" + id); res.Status != http.StatusOK {
		t.Fatalf("API get: %d %s", res.Status, res.Body)
	}
	res.JSON(t, &got)
	if got.Customer != "Stadtwerke Ölbach" || got.Content.Share(orgA) != 6667 || got.Party(orgA).AcceptedVersion != 2 || got.Status != "negotiation" {
		t.Errorf("API get: %+v", got)
	}

	// To a partner that is no party, the agreement does not exist.
	c := s.Login(s.CreateUser(auth.RolePartnerAdmin, mk("Gamma AG")).Email)
	missing := "01234567-89ab-7def-8123-456789abcdef"
	for _, p := range []string{"/agreements/%s", "/agreements/%s/export.pdf", "/api/v1/agreements/%s"} {
		hidden, absent := c.Get(strings.Replace(p, "%s", id, 1)), c.Get(strings.Replace(p, "%s", missing, 1))
		if hidden.Status != http.StatusNotFound || strings.ReplaceAll(hidden.Body, id, "ID") != strings.ReplaceAll(absent.Body, missing, "ID") {
			t.Errorf("%s: hidden %d and missing %d answer differently:\n%s\n---\n%s", p, hidden.Status, absent.Status, hidden.Body, absent.Body)
		}
	}
}
