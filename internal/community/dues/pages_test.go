package dues_test

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
)

// The board sets the fees in German; the yearly job raises them; the
// board records a payment, a wrong day is refused by name; the members
// over time show as a chart with its table. A member's admin reads its own
// fee in English, resigns after confirming and withdraws; the vendor's
// liaison finds nothing.
func TestDuesPages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	if _, err := s.App.Community.SaveSettings(ctx, auth.System, community.SettingsInput{Mode: new(community.ModeBoth)}); err != nil {
		t.Fatal(err)
	}
	org := s.Member("Hochverfügbar Systeme GmbH", community.KindOrdinary, time.Now().AddDate(-2, 0, 0))
	lang := func(c *apptest.Client, l string) *apptest.Client { c.Lang = l; return c }
	board := lang(s.Login(s.CreateUser(auth.RoleBoard, "").Email), "de")
	liaison := lang(s.Login(s.CreateUser(auth.RoleLiaison, "").Email), "de")
	member := lang(s.Login(s.CreateUser(auth.RolePartnerAdmin, org).Email), "en")

	form := url.Values{"fee_ordinary": {"1.200,50"}, "fee_supporting": {"300"}, "currency": {"EUR"}, "due_month": {"13"}, "due_day": {"31"},
		"remind_days": {"14"}, "notice_months": {"3"}, "notice_to": {"year"}}
	if res := board.Form("POST", "/community/dues/settings", form); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "1.200,50") {
		t.Fatalf("month 13: %d\n%.2000s", res.Status, res.Body)
	}
	form.Set("due_month", "12")
	if res := board.Form("POST", "/community/dues/settings", form); res.Status != http.StatusSeeOther {
		t.Fatalf("the settings: %d\n%.2000s", res.Status, res.Body)
	}
	if err := s.App.Dues.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	res := board.Get("/community/dues")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Hochverfügbar Systeme GmbH") || !strings.Contains(res.Body, "1.200,50 EUR") || !strings.Contains(res.Body, "Offen") {
		t.Fatalf("the board's fees: %d\n%.3000s", res.Status, res.Body)
	}
	fees, err := s.App.Dues.Fees(ctx, auth.System, 0, "de")
	if err != nil || len(fees) != 1 {
		t.Fatalf("fees: %d, %v", len(fees), err)
	}
	pay := "/community/dues/fees/" + fees[0].ID + "/payment"
	tomorrow := time.Now().AddDate(0, 0, 2).Format(time.DateOnly)
	if res := board.Form("POST", pay, url.Values{"form_id": {fees[0].ID}, "paid_on": {tomorrow}}); res.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Der Zahlungstag darf nicht in der Zukunft liegen") {
		t.Fatalf("a payment in the future: %d\n%.3000s", res.Status, res.Body)
	}
	if res := board.Form("POST", pay, url.Values{"paid_on": {time.Now().Format(time.DateOnly)}}); res.Status != http.StatusSeeOther {
		t.Fatalf("the payment: %d\n%.2000s", res.Status, res.Body)
	}
	if res := board.Get("/community/dues/history"); res.Status != http.StatusOK || !strings.Contains(res.Body, "<svg") ||
		!strings.Contains(res.Body, "Mitgliederentwicklung") || !strings.Contains(res.Body, `aria-labelledby="dues-chart-title dues-chart-desc"`) {
		t.Fatalf("the chart: %d\n%.2000s", res.Status, res.Body)
	}

	res = member.Get("/community/dues")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Your membership") || !strings.Contains(res.Body, "1,200.50 EUR") || !strings.Contains(res.Body, "Paid on") {
		t.Fatalf("the member's page: %d\n%.3000s", res.Status, res.Body)
	}
	if res := member.Form("POST", "/community/dues/resignation", nil); res.Status != http.StatusOK || !strings.Contains(res.Body, "Resign your company") {
		t.Fatalf("the question before resigning: %d\n%.2000s", res.Status, res.Body)
	}
	if res := member.Form("POST", "/community/dues/resignation", url.Values{"confirmed": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("resigning: %d\n%.2000s", res.Status, res.Body)
	}
	if res := member.Get("/community/dues"); !strings.Contains(res.Body, "Your company resigned on") || !strings.Contains(res.Body, "31 Dec") {
		t.Fatalf("the member's page after resigning:\n%.3000s", res.Body)
	}
	if res := board.Get("/community/dues"); !strings.Contains(res.Body, "Ausstehende Kündigungen") || !strings.Contains(res.Body, "31.12.") {
		t.Fatalf("the board's pending resignations:\n%.3000s", res.Body)
	}
	if res := member.Form("POST", "/community/dues/resignation/withdraw", url.Values{"confirmed": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("withdrawing: %d\n%.2000s", res.Status, res.Body)
	}
	if res := liaison.Get("/community/dues"); res.Status != http.StatusNotFound {
		t.Fatalf("the liaison: %d", res.Status)
	}
}
