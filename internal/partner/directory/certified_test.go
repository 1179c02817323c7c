package directory

import (
	"testing"
	"time"

	"pakt/internal/auth"
)

// TestOnlyVerifiedCertificationsCertify: a certification makes a partner
// "certified" for the concierge only when staff verified it and it is
// still valid; an unverified one is still found by its name.
func TestOnlyVerifiedCertificationsCertify(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	day := func(s string) Date {
		d, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, tc := range []struct {
		name      string
		cert      Certification
		certified bool
		until     string
	}{
		{"declared, not verified", Certification{Name: "Lumen Quanten Partner", ValidUntil: day("2027-09-30")}, false, ""},
		{"declared without expiry, not verified", Certification{Name: "Lumen Quanten Partner"}, false, ""},
		{"verified and valid", Certification{Name: "Lumen Quanten Partner", ValidUntil: day("2027-09-30"), Verified: true}, true, "2027-09-30"},
		{"verified, valid for ever", Certification{Name: "Lumen Quanten Partner", Verified: true}, true, ""},
		{"verified and expired", Certification{Name: "Lumen Quanten Partner", ValidUntil: day("2026-11-22"), Verified: true}, false, ""},
		{"verified, valid to the last day", Certification{Name: "Lumen Quanten Partner", ValidUntil: day("2026-11-23"), Verified: true}, true, "2026-11-23"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := newState([]Competency{{ID: "c1", Slug: "cloud", NameDE: "Cloud", NameEN: "Cloud"}}, true)
			st.add(&Profile{ID: "o1", LegalName: "Alpha GmbH", Kind: "partner", Status: "active", Published: true, Listed: true,
				Competencies: []string{"c1"}, Certifications: []Certification{tc.cert}})
			st.add(&Profile{ID: "o2", LegalName: "Beta GmbH", Kind: "partner", Status: "active", Published: true, Listed: true,
				Competencies: []string{"c1"}})
			st.sortAll()

			res := st.search(&auth.Actor{Role: auth.RoleAdmin}, Query{Text: "Quanten", Page: 1, PerPage: 10}, now)
			if len(res.Hits) != 1 || res.Hits[0].ID != "o1" {
				t.Errorf("search for the certification's name: got %d hits, want Alpha GmbH", len(res.Hits))
			}
			for _, f := range []MatchFilter{{Competencies: []string{"c1"}, Today: now}, {Topic: "Quanten", Today: now}} {
				var got *MatchFact
				st.matchFacts("", f, func(m *MatchFact) {
					m.Complete()
					if m.ID == "o1" {
						c := *m
						got = &c
					}
				})
				if got == nil {
					t.Fatalf("filter %+v: Alpha GmbH does not match", f)
				}
				if got.Certified != tc.certified {
					t.Errorf("filter %+v: certified %v, want %v", f, got.Certified, tc.certified)
				}
				if tc.certified && (got.Certification.Name != tc.cert.Name || got.Certification.ValidUntil.String() != tc.until) {
					t.Errorf("filter %+v: the certification named: %+v, want %s until %q", f, got.Certification, tc.cert.Name, tc.until)
				}
			}
		})
	}
}
