package directory_test

import (
	"context"
	"slices"
	"testing"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
)

func names(r *partner.Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.LegalName)
	}
	return out
}

func facet(r *partner.Result, name, value string) int {
	for _, v := range r.Facets[name] {
		if v.Value == value {
			return v.Count
		}
	}
	return 0
}

func TestDirectorySearch(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := partner.NewService(d, clock)
		vr, err := s.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: ptr("Virtuelle Realität"), NameEN: ptr("Virtual Reality"), Slug: ptr("vr")})
		if err != nil {
			t.Fatal(err)
		}
		sec, err := s.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: ptr("Sicherheit"), NameEN: ptr("Security")})
		if err != nil {
			t.Fatal(err)
		}
		muller := mustCreate(t, s, partner.Input{LegalName: ptr("Müller IT GmbH & Co. KG"), City: ptr("München"), Region: ptr("Bayern"), Country: ptr("DE"),
			Tier: ptr("gold"), Published: ptr(true), Competencies: &[]string{vr.ID}, Description: ptr("Wir bauen VR-Schulungen für die Industrie.")})
		mustCreate(t, s, partner.Input{LegalName: ptr("Schmidt Security AG"), City: ptr("Hamburg"), Region: ptr("Hamburg"), Country: ptr("DE"),
			Tier: ptr("silver"), Published: ptr(true), Competencies: &[]string{sec.ID}})
		mustCreate(t, s, partner.Input{LegalName: ptr("Alpine Reality GmbH"), City: ptr("Wien"), Country: ptr("AT"),
			Tier: ptr("gold"), Published: ptr(true), Competencies: &[]string{vr.ID, sec.ID}})
		secret := mustCreate(t, s, partner.Input{LegalName: ptr("Müllerei Geheim GmbH"), Published: ptr(false)})
		staff := &auth.Actor{UserID: "m", Role: auth.RoleManager}
		partnerUser := &auth.Actor{UserID: "p", Role: auth.RolePartnerMember, OrgID: muller.ID}

		for _, tc := range []struct {
			who   *auth.Actor
			text  string
			want0 string // the first hit; "" for no hits
		}{
			{partnerUser, "mueller it", "Müller IT GmbH & Co. KG"},
			{partnerUser, "Muller", "Müller IT GmbH & Co. KG"},
			{partnerUser, "müller", "Müller IT GmbH & Co. KG"},
			{partnerUser, "MÜLLER IT GMBH", "Müller IT GmbH & Co. KG"},
			{partnerUser, "Müller IT", "Müller IT GmbH & Co. KG"},
			{partnerUser, "Mülller", "Müller IT GmbH & Co. KG"},      // a typo
			{partnerUser, "schmidt secruity", "Schmidt Security AG"}, // swapped letters
			{partnerUser, "security", "Schmidt Security AG"},         // a name match outranks a competency match
			{partnerUser, "Sicherheit", "Alpine Reality GmbH"},       // competency in German; equal ranks go by name
			{partnerUser, "virtual reality", "Alpine Reality GmbH"},  // name and competency beat competency alone
			{partnerUser, "bavaria", ""},                             // region names are not translated
			{partnerUser, "Bayern", "Müller IT GmbH & Co. KG"},
			{partnerUser, "Geheim", ""}, // unpublished: invisible to partners
			{staff, "Geheim", "Müllerei Geheim GmbH"},
			{partnerUser, "xylophon", ""},
		} {
			r, err := s.Search(ctx, tc.who, partner.Query{Text: tc.text})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if len(r.Hits) > 0 {
				got = r.Hits[0].LegalName
			}
			if got != tc.want0 {
				t.Errorf("%s searches %q: first hit %q, want %q (all: %q)", tc.who.Role, tc.text, got, tc.want0, names(r))
			}
		}

		// Facets: counts for other values of a chosen facet stay visible.
		q := partner.Query{Facets: partner.AllFacets}
		q.Filters[partner.FacetTier] = []string{"gold"}
		r, err := s.Search(ctx, partnerUser, q)
		if err != nil {
			t.Fatal(err)
		}
		if r.Total != 2 || facet(r, "tier", "silver") != 1 || facet(r, "tier", "gold") != 2 || facet(r, "country", "AT") != 1 {
			t.Fatalf("tier=gold: total %d, facets %+v", r.Total, r.Facets)
		}
		if facet(r, "competency", sec.ID) != 1 {
			t.Fatalf("competency counts within tier=gold: %+v", r.Facets["competency"])
		}
		if names(r)[0] != "Alpine Reality GmbH" {
			t.Fatalf("default order without text is by name: %q", names(r))
		}

		// Free resources in a period.
		from, _ := partner.ParseDate("2027-03-01")
		to, _ := partner.ParseDate("2027-03-31")
		res := &partner.Resource{Skill: "Unity-Entwicklung", AmountTenths: 20, Unit: "fte", From: from, To: to}
		if err := partner.SaveEntry(ctx, s, staff, muller.ID, res); err != nil {
			t.Fatal(err)
		}
		q = partner.Query{}
		q.FreeFrom, _ = partner.ParseDate("2027-03-15")
		q.FreeTo, _ = partner.ParseDate("2027-04-15")
		r, _ = s.Search(ctx, partnerUser, q)
		if r.Total != 1 || r.Hits[0].ID != muller.ID {
			t.Fatalf("free in March–April: %q", names(r))
		}
		q.FreeFrom, _ = partner.ParseDate("2027-04-01")
		r, _ = s.Search(ctx, partnerUser, q)
		if r.Total != 0 {
			t.Fatalf("free in April: %q, want none", names(r))
		}
		// The resource's skill is searchable right after it was saved.
		r, _ = s.Search(ctx, partnerUser, partner.Query{Text: "unity"})
		if len(r.Hits) != 1 {
			t.Fatalf("search for a new resource skill: %q", names(r))
		}

		// A deleted organisation leaves the directory; a renamed one is found
		// by its new name only.
		if err := s.Delete(ctx, auth.System, secret.ID); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.Search(ctx, staff, partner.Query{Text: "Geheim"}); r.Total != 0 {
			t.Fatalf("deleted organisation still found: %q", names(r))
		}
		if _, err := s.Update(ctx, staff, muller.ID, partner.Input{LegalName: ptr("Maier Digital GmbH")}); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.Search(ctx, staff, partner.Query{Text: "müller it"}); r.Total != 0 {
			t.Fatalf("old name still found: %q", names(r))
		}
		if r, _ := s.Search(ctx, staff, partner.Query{Text: "maier"}); r.Total != 1 {
			t.Fatalf("new name not found: %q", names(r))
		}
		// Renaming a competency reindexes the organisations that have it.
		if _, err := s.SaveCompetency(ctx, auth.System, vr.ID, partner.CompetencyInput{NameEN: ptr("Immersive Media")}); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.Search(ctx, staff, partner.Query{Text: "immersive"}); r.Total != 2 {
			t.Fatalf("renamed competency finds %q, want 2", names(r))
		}
	})
}

func TestPagination(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	s := partner.NewService(d, clock)
	for _, n := range []string{"Delta", "Alpha", "Echo", "Charlie", "Bravo"} {
		mustCreate(t, s, partner.Input{LegalName: ptr(n + " GmbH"), Published: ptr(true)})
	}
	staff := &auth.Actor{Role: auth.RoleAdmin}
	for _, tc := range []struct {
		sort      string
		page, per int
		want      []string
	}{
		{"name", 1, 2, []string{"Alpha GmbH", "Bravo GmbH"}},
		{"name", 3, 2, []string{"Echo GmbH"}},
		{"-name", 1, 3, []string{"Echo GmbH", "Delta GmbH", "Charlie GmbH"}},
		{"name", 4, 2, nil},
	} {
		r, err := s.Search(ctx, staff, partner.Query{Sort: tc.sort, Page: tc.page, PerPage: tc.per})
		if err != nil {
			t.Fatal(err)
		}
		if got := names(r); len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) || r.Total != 5 {
			t.Errorf("sort %s page %d/%d: got %q (total %d), want %q", tc.sort, tc.page, tc.per, got, r.Total, tc.want)
		}
	}
}

func TestDirectoryVisibility(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := partner.NewService(d, clock)
		org := func(name, kind string, published bool) *partner.Organisation {
			return mustCreate(t, s, partner.Input{LegalName: ptr(name), Kind: ptr(kind), Published: ptr(published), Tier: ptr("gold"),
				Description: ptr("Ein Eintrag im Verzeichnis.")})
		}
		org("Anton Listed GmbH", partner.KindPartner, true)
		own := org("Berta Own GmbH", partner.KindPartner, false)
		org("Carla Hidden GmbH", partner.KindPartner, false)
		org("Dora Prospect GmbH", partner.KindProspect, true)
		var gold partner.Query
		gold.Filters[partner.FacetTier] = []string{"gold"}
		queries := []partner.Query{{}, gold, {Text: "verzeichnis"}}
		for _, tc := range []struct {
			role string
			who  *auth.Actor
			want []string
		}{
			{"staff", &auth.Actor{UserID: "m", Role: auth.RoleManager}, []string{"Anton Listed GmbH", "Berta Own GmbH", "Carla Hidden GmbH", "Dora Prospect GmbH"}},
			{"partner of an unpublished organisation", &auth.Actor{UserID: "p", Role: auth.RolePartnerAdmin, OrgID: own.ID}, []string{"Anton Listed GmbH", "Berta Own GmbH"}},
			{"partner of an unknown organisation", &auth.Actor{UserID: "o", Role: auth.RolePartnerMember, OrgID: "no-such-org"}, []string{"Anton Listed GmbH"}},
			{"recruiter", &auth.Actor{UserID: "r", Role: auth.RoleRecruiter}, nil},
			{"nobody", nil, nil},
		} {
			for _, q := range queries {
				// Without facets, a page in name order takes a shorter way.
				r, err := s.Search(ctx, tc.who, q)
				if err != nil {
					t.Fatal(err)
				}
				if got := names(r); !slices.Equal(got, tc.want) || r.Total != len(tc.want) || r.Facets != nil {
					t.Errorf("%s searches %q %v without facets: got %q (total %d, facets %v), want %q",
						tc.role, q.Text, q.Filters, got, r.Total, r.Facets, tc.want)
				}
				q.Facets = partner.AllFacets
				r, err = s.Search(ctx, tc.who, q)
				if err != nil {
					t.Fatal(err)
				}
				if got := names(r); !slices.Equal(got, tc.want) || r.Total != len(tc.want) || facet(r, "tier", "gold") != len(tc.want) {
					t.Errorf("%s searches %q %v: got %q (total %d, gold %d), want %q",
						tc.role, q.Text, q.Filters, got, r.Total, facet(r, "tier", "gold"), tc.want)
				}
			}
		}
	})
}
