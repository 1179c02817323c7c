package webhook_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
)

// An admin subscribes the programme's CRM through the pages, in German: a
// URL into the server's own network is refused with the reason at the
// field and the choices kept; the endpoint's page shows its secret, its
// events and its empty log; deleting asks first.
func TestWebhookPages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	c := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
	c.Lang = "de"

	res := c.Get("/webhooks")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Noch kein Endpunkt abonniert.") || !strings.Contains(res.Body, `href="/webhooks/new"`) {
		t.Fatalf("list: %d\n%s", res.Status, res.Body)
	}
	res = c.Get("/webhooks/new")
	for _, want := range []string{"Interessent", "Bewertung", "Vorstellung", `value="prospect.create"`, `value="assessment.create"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	apptest.InOrder(t, res.Body, "<legend>Antwort auf einen Börseneintrag", "<legend>Bewertung", "<legend>Börseneintrag", "<legend>Deal", "<legend>Interessent") // in German order

	res = c.Form("POST", "/webhooks", url.Values{"url": {"http://127.0.0.1:8080/intern"}, "events": {"prospect.create", "deal.win"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "privates oder lokales Netz (127.0.0.1)") ||
		!strings.Contains(res.Body, `value="prospect.create" checked`) || !strings.Contains(res.Body, `value="deal.win" checked`) {
		t.Fatalf("a private URL: %d\n%s", res.Status, res.Body)
	}
	if res := c.Form("POST", "/webhooks", url.Values{"url": {"https://8.8.8.8/crm"}}); res.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Wählen Sie mindestens ein Ereignis.") {
		t.Fatalf("no events: %d", res.Status)
	}
	res = c.Form("POST", "/webhooks", url.Values{"url": {"https://8.8.8.8/crm"}, "description": {"Unser CRM"}, "events": {"prospect.create", "deal.win"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("subscribe: %d\n%s", res.Status, res.Body)
	}
	page := res.Header.Get("Location")
	res = c.Get(page)
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Der Endpunkt ist abonniert.") || !strings.Contains(res.Body, "whsec_") ||
		!strings.Contains(res.Body, "Noch nichts zugestellt.") || !strings.Contains(res.Body, `value="deal.win" checked`) {
		t.Fatalf("endpoint page: %d\n%s", res.Status, res.Body)
	}
	if res := c.Form("POST", page+"/switch", url.Values{"enabled": {"0"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("switch off: %d", res.Status)
	}
	if res := c.Get(page); !strings.Contains(res.Body, "Der Endpunkt ist abgeschaltet") || !strings.Contains(res.Body, "Anschalten") {
		t.Errorf("after switching off:\n%s", res.Body)
	}
	res = c.Form("POST", page+"/delete", nil)
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "Diesen Endpunkt löschen?") {
		t.Fatalf("delete without confirmation: %d", res.Status)
	}
	if res := c.Get("/webhooks"); !strings.Contains(res.Body, "https://8.8.8.8/crm") {
		t.Error("the question deleted the endpoint")
	}
	if res := c.Form("POST", page+"/delete", url.Values{"confirmed": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.Status)
	}
	if res := c.Get("/webhooks"); strings.Contains(res.Body, "https://8.8.8.8/crm") || !strings.Contains(res.Body, "Der Endpunkt ist gelöscht.") {
		t.Error("still listed after deletion")
	}
	// A partner member has no webhooks of its own to manage.
	o := s.Org("Alpha GmbH")
	m := s.Login(s.CreateUser(auth.RolePartnerMember, o).Email)
	if res := m.Get("/webhooks"); res.Status != http.StatusNotFound || strings.Contains(m.Get("/").Body, `href="/webhooks"`) {
		t.Errorf("a partner member: %d", res.Status)
	}
}
