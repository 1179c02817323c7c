package incentive_test

import (
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/incentive"
	"pakt/internal/pdf/pdftext"
)

// An admin sets a rule through the pages; two deals are won; the
// partner's statement shows each line and a total that is their sum, as a
// page, a CSV and a PDF in German and English; another partner's name
// shows nowhere on it; a changed rule leaves the lines with their version.
func TestStatementPages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	a, b := s.Org("Müller IT GmbH & Co. KG"), s.Org("Beta Systemhaus AG")
	admin := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
	admin.Lang = "de"
	pa := s.Login(s.CreateUser(auth.RolePartnerMember, a).Email)
	pa.Lang = "de"

	// A form with mistakes comes back with the fields named.
	form := url.Values{"name": {"Partnerprämie"}, "currency": {"EUR"}, "rate_lead": {"5,x"}, "rate_delivery": {"3"}, "rate_referral": {"10"},
		"rate_reseller": {""}, "p2p_bonus": {"2"}, "cap_deal": {""}, "cap_quarter": {""}, "valid_from": {"2020-01-01"}, "valid_to": {"2019-12-31"}}
	res := admin.Form("POST", "/incentives/rules", form)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="in-rate_lead-err"`) || !strings.Contains(res.Body, "Das Ende liegt vor dem Beginn.") ||
		!strings.Contains(res.Body, `value="Partnerprämie"`) {
		t.Fatalf("refused form: %d\n%.3000s", res.Status, res.Body)
	}
	form.Set("rate_lead", "5")
	form.Set("valid_to", "")
	res = admin.Form("POST", "/incentives/rules", form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%.3000s", res.Status, res.Body)
	}
	rulePath := res.Header.Get("Location")
	// A second rule for EUR would overlap.
	form.Set("name", "Doppelt")
	form.Set("valid_from", "2030-01-01")
	if res := admin.Form("POST", "/incentives/rules", form); res.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `id="in-valid_from-err"`) || !strings.Contains(res.Body, "Überschneidet sich mit der Regel „Partnerprämie“") {
		t.Errorf("overlapping rule: %d\n%.3000s", res.Status, res.Body)
	}

	svc := incentive.NewService(s.App.DB, time.Now, s.App.Partners, nil)
	win := func(d incentive.WonDeal) {
		t.Helper()
		d.Currency, d.WonAt = "EUR", time.Now()
		if err := s.App.DB.Tx(ctx, func(tx *sql.Tx) error { _, err := svc.Earn(ctx, tx, d); return err }); err != nil {
			t.Fatal(err)
		}
	}
	// 12 345,67 EUR, 60 % lead: 5 % of 7 407,402 = 370,3701 → 370,37; 2 %
	// bonus 148,14804 → 148,15; together 518,52.
	win(incentive.WonDeal{ID: "d1", Customer: "Bäckerei Größl GmbH", Value: 1_234_567,
		Parties: []incentive.Party{{OrgID: a, Role: incentive.RoleLead, SplitBP: 6000}, {OrgID: b, Role: incentive.RoleDelivery, SplitBP: 4000}}})
	// 10 000,01 EUR alone: 5 % = 500,0005 → 500,00.
	win(incentive.WonDeal{ID: "d2", Customer: "Stadtwerke Überlingen", Value: 1_000_001,
		Parties: []incentive.Party{{OrgID: a, Role: incentive.RoleLead, SplitBP: 10_000}}})
	quarter := svc.CurrentQuarter()
	statement := "/incentives/statements/" + a + "/" + quarter

	// The rule changes afterwards; the lines keep version 1.
	form.Set("name", "Partnerprämie")
	form.Set("valid_from", "2020-01-01")
	form.Set("rate_lead", "6")
	if res := admin.Form("POST", rulePath, form); res.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%.3000s", res.Status, res.Body)
	}
	if res := admin.Get(rulePath + "?version=1"); res.Status != http.StatusOK || !strings.Contains(res.Body, "Sie sehen Version 1, nicht die aktuelle Version 2.") ||
		strings.Contains(res.Body, rulePath+"/edit") {
		t.Errorf("version 1 is shown read-only: %d\n%.3000s", res.Status, res.Body)
	}

	res = pa.Get(statement)
	if res.Status != http.StatusOK {
		t.Fatalf("statement: %d", res.Status)
	}
	for _, want := range []string{"Bäckerei Größl GmbH", "Stadtwerke Überlingen", "518,52\u00a0EUR", "500,00\u00a0EUR", "148,15\u00a0EUR",
		`<strong class="incentive-total">1.018,52` + "\u00a0EUR</strong>", "Version 1", "Müller IT GmbH &amp; Co. KG"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the statement lacks %q", want)
		}
	}
	if strings.Contains(res.Body, "Beta Systemhaus") || strings.Contains(res.Body, "Version 2") {
		t.Error("the statement names the other partner or the new version")
	}

	res = pa.Get(statement + ".csv")
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{"Bäckerei Größl GmbH;Federführung;60;EUR;7407,40;5;370,37;148,15;0,00;0,00;518,52;Partnerprämie;1",
		";;Summe;;;EUR;;;;;;;1018,52;"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the CSV lacks %q:\n%s", want, res.Body)
		}
	}

	for _, c := range []struct{ lang, total, heading string }{{"de", "1.018,52\u00a0EUR", "Abrechnung"}, {"en", "1,018.52\u00a0EUR", "Statement"}} {
		res = pa.Get(statement + ".pdf?lang=" + c.lang)
		if res.Status != http.StatusOK || !bytes.HasPrefix([]byte(res.Body), []byte("%PDF-")) {
			t.Fatalf("%s pdf: %d %.20q", c.lang, res.Status, res.Body)
		}
		text := pdftext.Extract([]byte(res.Body))
		for _, want := range []string{c.heading, "Müller IT GmbH & Co. KG", "Bäckerei Größl GmbH", "Stadtwerke Überlingen", c.total} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the PDF's text lacks %q:\n%.2000s", c.lang, want, text)
			}
		}
		if strings.Contains(text, "Beta Systemhaus") {
			t.Errorf("%s: the PDF names the other partner", c.lang)
		}
		if bad := pdftext.Unprintable([]byte(res.Body)); len(bad) > 0 {
			t.Errorf("%s: the PDF prints no glyph for %q", c.lang, string(bad))
		}
	}

	// Staff see both partners with their totals.
	res = admin.Get("/incentives?quarter=" + quarter)
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Beta Systemhaus AG") || !strings.Contains(res.Body, "1.018,52\u00a0EUR") ||
		strings.Index(res.Body, "Beta Systemhaus AG") > strings.Index(res.Body, "Müller IT GmbH") {
		t.Errorf("the staff overview: %d\n%.3000s", res.Status, res.Body)
	}
	// The partner sees its own quarter and the terms in words.
	res = pa.Get("/incentives")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, statement) || !strings.Contains(res.Body, "Federführung 6\u00a0%") ||
		strings.Contains(res.Body, "Beta Systemhaus") {
		t.Errorf("the partner's overview: %d\n%.3000s", res.Status, res.Body)
	}
}
