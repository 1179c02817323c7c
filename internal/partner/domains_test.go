package partner_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
)

// An organisation lists its e-mail domains: lower case, each once, each
// with one organisation only, never a public mail service; the partner
// itself and staff see them, other partners do not; OrgOfDomain finds the
// organisation.
func TestEmailDomains(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := partner.NewService(d, clock)
		own := mustCreate(t, s, partner.Input{LegalName: ptr("Muster IT GmbH"), Published: ptr(true)})
		other := mustCreate(t, s, partner.Input{LegalName: ptr("Andere AG"), Published: ptr(true)})
		admin := &auth.Actor{UserID: "u-admin", Role: auth.RolePartnerAdmin, OrgID: own.ID, Email: "pa@muster-it.example"}
		stranger := &auth.Actor{UserID: "u-other", Role: auth.RolePartnerAdmin, OrgID: other.ID}

		o, err := s.Update(ctx, admin, own.ID, partner.Input{EmailDomains: &[]string{" Muster-IT.example", "@muster.example", "muster-it.example", ""}})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"muster-it.example", "muster.example"}; !slices.Equal(o.EmailDomains, want) {
			t.Errorf("saved domains %v, want %v", o.EmailDomains, want)
		}
		if got, _ := s.Get(ctx, admin, own.ID); !slices.Equal(got.EmailDomains, o.EmailDomains) {
			t.Errorf("the partner reads %v, want %v", got.EmailDomains, o.EmailDomains)
		}
		if got, _ := s.Get(ctx, stranger, own.ID); got.EmailDomains != nil {
			t.Errorf("another partner reads the domains %v", got.EmailDomains)
		}
		for _, domain := range []string{"muster.example", "MUSTER-IT.example"} {
			if id, err := partner.OrgOfDomain(ctx, d, domain); err != nil || id != own.ID {
				t.Errorf("OrgOfDomain(%s): %q, %v; want %s", domain, id, err, own.ID)
			}
		}
		if id, err := partner.OrgOfDomain(ctx, d, "unbekannt.example"); err != nil || id != "" {
			t.Errorf("OrgOfDomain of an unknown domain: %q, %v", id, err)
		}
		// A prospect's people get no partner login by their domain.
		prospect := mustCreate(t, s, partner.Input{LegalName: ptr("Interessent KG"), Kind: ptr(partner.KindProspect), EmailDomains: &[]string{"interessent.example"}})
		if id, err := partner.OrgOfDomain(ctx, d, "interessent.example"); err != nil || id != "" {
			t.Errorf("OrgOfDomain of the prospect %s's domain: %q, %v; want none", prospect.ID, id, err)
		}
		for _, tc := range []struct {
			domains []string
			key     string
		}{
			{[]string{"muster.example"}, "validation.email_domain_taken"},
			{[]string{"gmail.com"}, "validation.email_domain_public"},
			{[]string{"not a domain"}, "validation.email_domain"},
			{[]string{"bad\x00.example"}, "validation.control_chars"},
		} {
			_, err := s.Update(ctx, auth.System, other.ID, partner.Input{EmailDomains: &tc.domains})
			if e, ok := apperr.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].Field != "email_domains" || e.Fields[0].Key != tc.key {
				t.Errorf("domains %q: %v, want %s on email_domains", tc.domains, err, tc.key)
			}
		}
		// Staff take a domain off one organisation and give it to another.
		if _, err := s.Update(ctx, auth.System, own.ID, partner.Input{EmailDomains: &[]string{"muster-it.example"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Update(ctx, auth.System, other.ID, partner.Input{EmailDomains: &[]string{"muster.example"}}); err != nil {
			t.Errorf("a freed domain: %v", err)
		}
		// A change of something else leaves the domains as they are.
		if _, err := s.Update(ctx, admin, own.ID, partner.Input{City: ptr("Köln")}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get(ctx, admin, own.ID); !slices.Equal(got.EmailDomains, []string{"muster-it.example"}) {
			t.Errorf("after another change: %v", got.EmailDomains)
		}
	})
}

// The partner admin lists its domains on the profile form and reads them
// on the profile; a refused one is named in the form.
func TestEmailDomainsOnTheProfileForm(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	org := s.Org("Formular GmbH")
	c := s.Login(s.CreateUser(auth.RolePartnerAdmin, org).Email)
	if form := c.Get("/partners/" + org + "/edit"); !strings.Contains(form.Body, `name="email_domains"`) {
		t.Fatalf("the profile form has no e-mail domains\n%.500s", form.Body)
	}
	if res := c.Form("POST", "/partners/"+org, url.Values{"email_domains": {"formular.example, Formular.de"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%.800s", res.Status, res.Body)
	}
	apptest.InOrder(t, c.Get("/partners/"+org).Body, "E-mail domains for single sign-on", "formular.de", "formular.example")
	res := c.Form("POST", "/partners/"+org, url.Values{"email_domains": {"formular.de, gmail.com"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "belongs to a public mail service") || !strings.Contains(res.Body, "formular.de, gmail.com") {
		t.Errorf("a public mail domain: %d\n%.800s", res.Status, res.Body)
	}
}
