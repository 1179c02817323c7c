package partner_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
)

func ptr[T any](v T) *T { return &v }

var clock = func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) }

func mustCreate(t *testing.T, s *partner.Service, in partner.Input) *partner.Organisation {
	t.Helper()
	o, err := s.Create(context.Background(), auth.System, in)
	if err != nil {
		t.Fatalf("create %v: %v", *in.LegalName, err)
	}
	return o
}

func TestProfilePermissionsAndAudit(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := partner.NewService(d, clock)
		own := mustCreate(t, s, partner.Input{LegalName: ptr("Müller IT GmbH & Co. KG"), Published: ptr(true)})
		hidden := mustCreate(t, s, partner.Input{LegalName: ptr("Verborgen AG")})
		admin := &auth.Actor{UserID: "u-admin", Role: auth.RolePartnerAdmin, OrgID: own.ID, Email: "pa@example.com"}
		member := &auth.Actor{UserID: "u-member", Role: auth.RolePartnerMember, OrgID: own.ID}
		other := &auth.Actor{UserID: "u-other", Role: auth.RolePartnerAdmin, OrgID: hidden.ID}

		if _, err := s.Get(ctx, admin, hidden.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("partner reads an unpublished foreign profile: got %v, want not found", err)
		}
		if _, err := s.Get(ctx, other, own.ID); err != nil {
			t.Fatalf("partner reads a published profile: %v", err)
		}
		if _, err := s.Update(ctx, admin, hidden.ID, partner.Input{City: ptr("X")}); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("partner edits a hidden profile: got %v, want not found", err)
		}
		if _, err := s.Update(ctx, other, own.ID, partner.Input{City: ptr("X")}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("partner edits a foreign published profile: got %v, want forbidden", err)
		}
		if _, err := s.Update(ctx, member, own.ID, partner.Input{City: ptr("X")}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("partner member edits its own profile: got %v, want forbidden", err)
		}
		_, err := s.Update(ctx, admin, own.ID, partner.Input{Tier: ptr("gold")})
		if e, ok := apperr.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].Field != "tier" {
			t.Fatalf("partner admin sets its tier: got %v, want a validation error on tier", err)
		}
		got, err := s.Update(ctx, admin, own.ID, partner.Input{City: ptr("München"), Country: ptr("de"), Domain: ptr("https://www.mueller-it.de/")})
		if err != nil {
			t.Fatal(err)
		}
		if got.City != "München" || got.Country != "DE" || got.Domain != "mueller-it.de" {
			t.Fatalf("after update: city %q country %q domain %q", got.City, got.Country, got.Domain)
		}
		c := &partner.Contact{Name: "Anna Schäfer", Email: "Anna@Mueller-IT.de", DecisionMaker: true, CLevel: true}
		if err := partner.SaveEntry(ctx, s, admin, own.ID, c); err != nil {
			t.Fatal(err)
		}
		if seen, _ := s.Get(ctx, other, own.ID); len(seen.Contacts) != 0 {
			t.Fatalf("another partner sees %d contacts, want none before an introduction", len(seen.Contacts))
		}
		// The partner's own users see their contact flagged C-level, as staff do.
		if seen, _ := s.Get(ctx, member, own.ID); len(seen.Contacts) != 1 || seen.Contacts[0].Email != "anna@mueller-it.de" || !seen.Contacts[0].CLevel {
			t.Fatalf("own member sees contacts %+v", seen.Contacts)
		}
		entries, _, err := audit.List(ctx, d, audit.Filter{ObjectID: own.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 || entries[0].Action != "update" || entries[0].ActorID != "u-admin" {
			t.Fatalf("audit for the organisation: %+v", entries)
		}
		changes := entries[0].Changes()
		if len(changes) == 0 {
			t.Fatal("update recorded no changed fields")
		}
		found := false
		for _, ch := range changes {
			if ch.Field == "city" && ch.Before == "" && ch.After == "München" {
				found = true
			}
		}
		if !found {
			t.Fatalf("audit changes %+v lack city '' → München", changes)
		}
	})
}

func TestValidationNamesTheFields(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := partner.NewService(d, clock)
		_, err := s.Create(context.Background(), auth.System, partner.Input{LegalName: ptr("  "), Country: ptr("XX"), Size: ptr("huge"), Domain: ptr("not a domain")})
		e, ok := apperr.As(err)
		if !ok || e.Code != apperr.Invalid {
			t.Fatalf("got %v, want invalid", err)
		}
		want := map[string]bool{"legal_name": true, "country": true, "size": true, "domain": true}
		for _, f := range e.Fields {
			delete(want, f.Field)
		}
		if len(want) > 0 {
			t.Fatalf("fields without an error: %v (got %+v)", want, e.Fields)
		}
		n, err := countOrgs(d)
		if err != nil || n != 0 {
			t.Fatalf("organisations after a refused create: %d, %v", n, err)
		}
	})
}

// TestUnknownCompetencyIsRefused: an organisation is given only
// competencies of the taxonomy; one unknown among known ones refuses the
// change and names the field, and the known ones alone are kept in order.
func TestUnknownCompetencyIsRefused(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := partner.NewService(d, clock)
		var ids []string
		for _, slug := range []string{"cloud", "data"} {
			c, err := s.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{Slug: ptr(slug), NameDE: ptr(slug), NameEN: ptr(slug)})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		_, err := s.Create(ctx, auth.System, partner.Input{LegalName: ptr("Unbekannt GmbH"), Competencies: &[]string{ids[0], "no-such-competency", ids[1]}})
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "competencies" {
			t.Fatalf("an unknown competency: got %v, want invalid competencies", err)
		}
		o, err := s.Create(ctx, auth.System, partner.Input{LegalName: ptr("Bekannt GmbH"), Competencies: &[]string{ids[1], ids[0], ids[1]}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, auth.System, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := apperr.UniqueSorted(ids); !slices.Equal(got.Competencies, want) {
			t.Errorf("competencies: got %v, want %v", got.Competencies, want)
		}
	})
}

func countOrgs(d *db.DB) (int, error) {
	var n int
	err := d.QueryRow(`SELECT count(*) FROM organisations`).Scan(&n)
	return n, err
}
