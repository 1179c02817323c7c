package fees_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/pdf/pdftext"
)

// An admin changes a recruiter's terms through the form (a mistake is
// named first); the recruiter reads its January statement as a page, CSV
// and PDF in German and English, its March statement with the clawback,
// and its performance; the other recruiter's pages answer 404.
func TestStatementPages(t *testing.T) {
	t.Parallel()
	c := &clock{}
	s := apptest.Start(t, withClock(c))
	st := play(t, s, c)
	admin := s.Login(st.admin.Email)
	admin.Lang = "de"
	rec := s.Login(st.recruiter.Email)
	rec.Lang = "de"
	base := "/fees/recruiters/" + st.recruiter.ID

	form := url.Values{"currency": {"EUR"}, "stage": {"qualified"}, "stage_fee": {"350,x"}, "won_fee": {"1.500"}, "clawback_months": {"2"},
		"valid_from": {"2026-04-01"}}
	res := admin.Form("POST", base+"/rule", form)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="fee-stage_fee-err"`) || !strings.Contains(res.Body, `value="1.500"`) {
		t.Fatalf("a wrong amount: %d\n%.3000s", res.Status, res.Body)
	}
	form.Set("stage_fee", "350")
	res = admin.Form("POST", base+"/rule", form)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="fee-valid_from-err"`) || !strings.Contains(res.Body, "frühestens ab heute") {
		t.Fatalf("terms from yesterday: %d\n%.3000s", res.Status, res.Body)
	}
	form.Set("valid_from", "2026-04-02")
	if res := admin.Form("POST", base+"/rule", form); res.Status != http.StatusSeeOther || res.Header.Get("Location") != base {
		t.Fatalf("save: %d %s\n%.3000s", res.Status, res.Header.Get("Location"), res.Body)
	}
	res = rec.Get(base)
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "350,00 EUR je Interessent, der zum ersten Mal „Qualifiziert“ erreicht.") ||
		!strings.Contains(res.Body, "Als Partner gewonnene Interessenten: 2") || !strings.Contains(res.Body, base+"/statements/2026-03") ||
		strings.Contains(res.Body, base+"/rule") {
		t.Errorf("the recruiter's page: %d\n%.4000s", res.Status, res.Body)
	}

	jan := base + "/statements/2026-01"
	res = rec.Get(jan)
	if res.Status != http.StatusOK {
		t.Fatalf("statement: %d", res.Status)
	}
	for _, want := range []string{"Abrechnung Januar 2026", alphaName, betaName, "„Qualifiziert“ erreicht", "Als Partner gewonnen", "200,00 EUR", "1.500,00 EUR",
		`<strong class="fees-total">3.400,00 EUR</strong>`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the January statement lacks %q", want)
		}
	}
	if strings.Contains(res.Body, gammaName) || strings.Contains(res.Body, deltaName) {
		t.Error("the January statement names another month's or recruiter's prospect")
	}
	res = rec.Get(base + "/statements/2026-03")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Rückforderung") || !strings.Contains(res.Body, "-1.500,00 EUR") ||
		!strings.Contains(res.Body, "nach dem Gewinn am 20.01.2026") || strings.Contains(res.Body, alphaName) {
		t.Errorf("the March statement: %d\n%.3000s", res.Status, res.Body)
	}

	res = rec.Get(jan + ".csv")
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{"2026-01-20;" + alphaName + ";Als Partner gewonnen;EUR;1500,00;1", "2026-01-10;" + betaName + ";„Qualifiziert“ erreicht;EUR;200,00;1",
		";Summe;;EUR;3400,00;"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the CSV lacks %q:\n%s", want, res.Body)
		}
	}
	if res := rec.Get(base + "/statements/2026-03.csv?lang=en"); !strings.Contains(res.Body, "No first deal in time after the win on") || !strings.Contains(res.Body, ",-1500.00,") {
		t.Errorf("the English CSV of March:\n%s", res.Body)
	}

	for _, c := range []struct{ lang, total, heading string }{{"de", "3.400,00 EUR", "Abrechnung Januar 2026"}, {"en", "3,400.00 EUR", "Statement January 2026"}} {
		res = rec.Get(jan + ".pdf?lang=" + c.lang)
		if res.Status != http.StatusOK || !bytes.HasPrefix([]byte(res.Body), []byte("%PDF-")) {
			t.Fatalf("%s pdf: %d %.20q", c.lang, res.Status, res.Body)
		}
		text := strings.ReplaceAll(pdftext.Extract([]byte(res.Body)), "\u00a0", " ")
		for _, want := range []string{c.heading, st.recruiter.Name, alphaName, betaName, c.total} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the PDF's text lacks %q:\n%.2000s", c.lang, want, text)
			}
		}
		if bad := pdftext.Unprintable([]byte(res.Body)); len(bad) > 0 {
			t.Errorf("%s: the PDF prints no glyph for %q", c.lang, string(bad))
		}
	}

	// Staff see both recruiters; the other recruiter sees none of these.
	res = admin.Get("/fees")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, st.recruiter.Name) || !strings.Contains(res.Body, st.other.Name) {
		t.Errorf("the staff overview: %d\n%.3000s", res.Status, res.Body)
	}
	other := s.Login(st.other.Email)
	for _, p := range []string{base, jan, jan + ".csv", jan + ".pdf"} {
		if res := other.Get(p); res.Status != http.StatusNotFound || strings.Contains(res.Body, alphaName) {
			t.Errorf("the other recruiter at %s: %d", p, res.Status)
		}
	}
	if res := other.Get("/fees"); res.Status != http.StatusOK || strings.Contains(res.Body, st.recruiter.Name) {
		t.Errorf("the other recruiter's overview: %d", res.Status)
	}
}
