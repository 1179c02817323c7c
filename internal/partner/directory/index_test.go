package directory_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
)

// matchFacts returns the completed facts of f, the order of their yield
// aside.
func matchFacts(t *testing.T, s *partner.Service, f partner.MatchFilter) []partner.MatchFact {
	t.Helper()
	var out []partner.MatchFact
	err := s.MatchFacts(context.Background(), &auth.Actor{Role: auth.RoleAdmin}, f, func(m *partner.MatchFact) {
		m.Complete()
		out = append(out, *m)
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(out, func(a, b partner.MatchFact) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// TestIncrementalIndexMatchesAFullLoad changes organisations at random
// between searches and checks that the index kept up to date change by
// change answers exactly like one loaded from scratch.
func TestIncrementalIndexMatchesAFullLoad(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		live := partner.NewService(d, clock)
		comp, err := live.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: ptr("Cloud"), NameEN: ptr("Cloud")})
		if err != nil {
			t.Fatal(err)
		}
		staff := &auth.Actor{Role: auth.RoleAdmin}
		rng := rand.New(rand.NewPCG(7, 9))
		words := []string{"Alpha", "Bäcker", "Cloud", "Delta", "Müller", "Nord", "Ost", "Zeta", "Ärzte", "Öko"}
		name := func() string {
			return fmt.Sprintf("%s %s %d GmbH", words[rng.IntN(len(words))], words[rng.IntN(len(words))], rng.IntN(1000))
		}
		var ids []string
		for range 40 {
			o := mustCreate(t, live, partner.Input{LegalName: ptr(name()), Published: ptr(rng.IntN(4) > 0), Country: ptr("DE")})
			ids = append(ids, o.ID)
		}
		queries := []partner.Query{{}, {Sort: "-name", PerPage: 100}, {Text: "müller", PerPage: 100}, {Text: "cloud", PerPage: 100}, {Text: "nord", Sort: "name", PerPage: 100},
			{Facets: partner.AllFacets}, {Text: "cloud", Facets: partner.AllFacets}}
		check := func(step int) {
			t.Helper()
			fresh := partner.NewService(d, clock)
			for _, q := range queries {
				q.PerPage = 100
				a, err := live.Search(ctx, staff, q)
				if err != nil {
					t.Fatal(err)
				}
				b, err := fresh.Search(ctx, staff, q)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(names(a), names(b)) || a.Total != b.Total || !reflect.DeepEqual(a.Facets, b.Facets) {
					t.Fatalf("step %d, query %+v: incremental %q (%d), full load %q (%d)", step, q, names(a), a.Total, names(b), b.Total)
				}
			}
			// The concierge's facts, certifications and marks included.
			for _, f := range []partner.MatchFilter{{Competencies: []string{comp.ID}}, {Topic: "cloud"}, {Topic: "zertifikat"}} {
				f.Today, f.Marked = clock(), ids[:5]
				a, b := matchFacts(t, live, f), matchFacts(t, fresh, f)
				if !reflect.DeepEqual(a, b) {
					t.Fatalf("step %d, filter %+v: incremental facts\n%+v\nfull load\n%+v", step, f, a, b)
				}
			}
		}
		check(0)
		for step := 1; step <= 60; step++ {
			id := ids[rng.IntN(len(ids))]
			var err error
			switch rng.IntN(6) {
			case 0:
				o := mustCreate(t, live, partner.Input{LegalName: ptr(name()), Published: ptr(true)})
				ids = append(ids, o.ID)
			case 1:
				_, err = live.Update(ctx, auth.System, id, partner.Input{LegalName: ptr(name())})
			case 2:
				_, err = live.Update(ctx, auth.System, id, partner.Input{Competencies: &[]string{comp.ID}, Published: ptr(rng.IntN(2) == 0)})
			case 3:
				err = partner.SaveEntry(ctx, live, auth.System, id, &partner.Reference{Title: "Cloud-Projekt " + words[rng.IntN(len(words))]})
			case 4:
				err = live.Delete(ctx, auth.System, id)
			case 5:
				until := partner.Date{Time: clock().AddDate(0, 0, rng.IntN(200)-100)}
				err = partner.SaveEntry(ctx, live, auth.System, id, &partner.Certification{Name: "Zertifikat " + words[rng.IntN(len(words))], ValidUntil: until})
				if err == nil {
					err = partner.SaveEntry(ctx, live, auth.System, id, &partner.Reference{Title: "Cloud-Projekt"})
				}
			}
			if err != nil && err.Error() != "not_found: error.not_found" {
				t.Fatalf("step %d: %v", step, err)
			}
			if step%5 == 0 {
				check(step)
			}
		}
	})
}
