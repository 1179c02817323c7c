package account_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// TestAuditLogReadsAsSentences checks that the audit log says who did what
// to which object in the reader's language, names people and
// organisations instead of showing their ids, labels fields and values,
// and offers every object type as a filter.
func TestAuditLogReadsAsSentences(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	manager := s.CreateUser(auth.RoleManager, "")
	name, tier := "Protokoll & Söhne GmbH", "silver"
	o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: &name, Tier: &tier})
	if err != nil {
		t.Fatal(err)
	}
	admin := s.CreateUser(auth.RoleAdmin, "")
	c := s.Login(admin.Email)
	if r := c.JSON("PATCH", "/api/v1/partners/"+o.ID, map[string]any{"manager_id": manager.ID, "tier": "gold"}); r.Status != http.StatusOK {
		t.Fatalf("change the organisation: %d %s", r.Status, r.Body)
	}
	c.Lang = "de"
	r := c.Get("/audit?object=" + o.ID)
	if r.Status != http.StatusOK {
		t.Fatalf("audit log: %d", r.Status)
	}
	for _, want := range []string{
		admin.Name + " hat die Organisation „Protokoll &amp; Söhne GmbH“ geändert.",
		"Partnermanager</strong>: <span class=\"muted\">leer</span> → <ins>" + manager.Name + "</ins>",
		"Partnerstufe</strong>: <del>Silber</del> → <ins>Gold</ins>",
		"Nur der Verlauf von „Protokoll &amp; Söhne GmbH“.",
		`<option value="listing_answer" >Antwort auf einen Börseneintrag</option>`,
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the German audit log lacks %q", want)
		}
	}
	if strings.Contains(r.Body, "<ins>"+manager.ID) || strings.Contains(r.Body, "object.") || strings.Contains(r.Body, "action.") {
		t.Errorf("the audit log shows an id or a raw key:\n%s", r.Body)
	}
	c.Lang = "en"
	r = c.Get("/audit?object=" + o.ID)
	if !strings.Contains(r.Body, admin.Name+" changed the organisation “Protokoll &amp; Söhne GmbH”.") {
		t.Errorf("the English audit log lacks the sentence:\n%s", r.Body[strings.Index(r.Body, "audit-log"):])
	}
}
