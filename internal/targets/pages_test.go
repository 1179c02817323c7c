package targets_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
)

// An admin sees the programme and every manager against the partners'
// plans in German, corrects a mistyped target and sets Anna's; Anna sees
// only her own line in English; Rita only her recruitment.
func TestTargetPages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, at)
	w := newWorld(t, s)
	admin := s.Login(w.admin.Email)
	admin.Lang = "de"
	res := admin.Get("/targets?period=2027")
	for _, want := range []string{"Programm 2027", "1.000.000,00 EUR", "500.000,00 EUR", "150.000,00 EUR", "15\u00a0%", "Anna Berger", "Ben Adler",
		"Partner ohne Manager", "In anderen Währungen geplant, nicht mitgezählt: 80.000,00 CHF.", "100.000,00 CHF", "gefährdet",
		"50\u00a0% des Zeitraums 2027", "So werden Zielerreichung und Prognose berechnet"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("admin's page lacks %q\n%.4000s", want, res.Body)
		}
	}
	// Managers by name, the partners without a manager last.
	row := func(name string) int { return strings.Index(res.Body, `<th scope="row">`+name) }
	if a, b, n := row("Anna Berger"), row("Ben Adler"), row("Partner ohne Manager"); a < 0 || !(a < b && b < n) {
		t.Errorf("managers out of order: Anna %d, Ben %d, unassigned %d", a, b, n)
	}

	form := url.Values{"period": {"2027"}, "user": {w.anna.UserID}, "currency": {"EUR"}, "revenue": {"600.000x"}, "deals": {"9"}, "certifications": {""}, "recruits": {"2"}}
	res = admin.Form("POST", "/targets", form)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="targets-revenue-err"`) || !strings.Contains(res.Body, `value="600.000x"`) ||
		!strings.Contains(res.Body, "Ziel von Anna Berger für 2027") {
		t.Fatalf("mistyped target: %d\n%.3000s", res.Status, res.Body)
	}
	if res := admin.Get("/targets?period=2027"); !strings.Contains(res.Body, "500.000,00 EUR") {
		t.Errorf("a refused form changed Anna's target")
	}
	form.Set("revenue", "600.000")
	if res := admin.Form("POST", "/targets", form); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/targets?period=2027" {
		t.Fatalf("set target: %d %s\n%.3000s", res.Status, res.Header.Get("Location"), res.Body)
	}
	if res := admin.Get("/targets/edit?period=2027&user=" + w.anna.UserID); !strings.Contains(res.Body, `value="600.000"`) || !strings.Contains(res.Body, `value="9"`) {
		t.Errorf("the form does not show Anna's new target\n%.3000s", res.Body)
	}

	anna := s.Login(w.anna.Email)
	anna.Lang = "en"
	res = anna.Get("/targets?period=2027")
	for _, want := range []string{"Your targets for 2027", "600,000.00 EUR", "400,000.00 EUR", "120,000.00 EUR", "20%", "off track", "Partner plans counted: 2."} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("Anna's page lacks %q\n%.4000s", want, res.Body)
		}
	}
	for _, secret := range []string{"Ben Adler", "1,000,000.00 EUR", "Partners without a manager", "CHF", "Set target"} {
		if strings.Contains(res.Body, secret) {
			t.Errorf("Anna's page shows %q", secret)
		}
	}
	if res := anna.Get("/targets/edit?period=2027&user=" + w.anna.UserID); res.Status != http.StatusForbidden {
		t.Errorf("Anna opens the target form: %d, want 403", res.Status)
	}

	rita := s.Login(w.rita.Email)
	rita.Lang = "de"
	res = rita.Get("/targets?period=2027")
	for _, want := range []string{"Ihre Ziele für 2027", "Gewonnene Interessenten", "66\u00a0%", "auf Kurs"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("Rita's page lacks %q\n%.4000s", want, res.Body)
		}
	}
	for _, secret := range []string{"Anna Berger", "Umsatz", "Programm 2027"} {
		if strings.Contains(res.Body, secret) {
			t.Errorf("Rita's page shows %q", secret)
		}
	}
}
