package partner

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner/directory"
)

// seedDirectory makes a service over a directory of varied organisations
// and returns it with the ids of a published partner, an unpublished one
// and of competencies.
func seedDirectory(t *testing.T, d *db.DB) (s *Service, published, hidden string, comps []string) {
	t.Helper()
	ctx := context.Background()
	s = NewService(d, func() time.Time { return time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC) })
	for i, slug := range []string{"cloud", "security", "data"} {
		c, err := s.SaveCompetency(ctx, auth.System, "", CompetencyInput{Slug: &slug, NameDE: ptrTo(fmt.Sprintf("Kompetenz %d", i)), NameEN: ptrTo(fmt.Sprintf("Competency %d", i))})
		if err != nil {
			t.Fatalf("competency: %v", err)
		}
		comps = append(comps, c.ID)
	}
	names := []string{"Nordlicht GmbH", "Müller IT GmbH & Co. KG", "Mueller Consulting AG", "Äpfel & Birnen e.K.", "Zebra Systems",
		"alpha beta", "Alpha Beta Services", "Örtlich Software", "Sonnord Media", "Ypsilon Data GmbH", "Berg IT", "Berg IT",
		"Cloudwerk", "Datenhaus GmbH", "Eins Zwei Drei"}
	kinds := []string{KindPartner, KindPartner, KindMember, KindPartner, KindProspect}
	statuses := []string{"active", "onboarding", "paused", "active", "ended"}
	countries := []string{"de", "at", "ch", "de"}
	for i, name := range names {
		kind, status := kinds[i%len(kinds)], statuses[i%len(statuses)]
		if kind == KindProspect {
			status = "prospect"
		}
		industries := [][]string{{"it"}, {"it", "finance"}, {}, {"energy"}}[i%4]
		in := Input{LegalName: ptrTo(name), Kind: &kind, Status: &status, Published: ptrTo(i%6 != 5),
			Country: ptrTo(countries[i%len(countries)]), Region: ptrTo([]string{"Bayern", "Tirol", ""}[i%3]), City: ptrTo("Stadt " + fmt.Sprint(i%5)),
			Tier: ptrTo([]string{"gold", "silver", "", "platinum"}[i%4]), Size: ptrTo([]string{"small", "medium", "large"}[i%3]),
			Industries: &industries, Competencies: &[]string{comps[i%3]},
			Description: ptrTo([]string{"Wir bauen Wolken.", "Sicherheit für alle, auch in der Cloud.", "", "Daten und Wolken"}[i%4])}
		if i%4 == 1 {
			in.Competencies = &[]string{comps[0], comps[2]}
		}
		o, err := s.Create(ctx, auth.System, in)
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		switch {
		case i == 0:
			published = o.ID
		case i == 5:
			hidden = o.ID
		}
		if i%3 == 0 {
			from := Date{Time: time.Date(2026, 11, 1+i, 0, 0, 0, 0, time.UTC)}
			r := &Resource{Skill: "Go", AmountTenths: 10, Unit: "days", From: from, To: Date{Time: from.AddDate(0, 0, 10+i)}}
			if err := SaveEntry(ctx, s, auth.System, o.ID, r); err != nil {
				t.Fatalf("resource: %v", err)
			}
		}
		if i == 14 {
			if err := s.Delete(ctx, auth.System, o.ID); err != nil {
				t.Fatalf("delete: %v", err)
			}
		}
	}
	return s, published, hidden, comps
}

func ptrTo[T any](v T) *T { return &v }

// While the index loads, the database answers: the same organisations in
// the same order, the same totals and facet counts, for staff, a partner
// admin of an unpublished organisation and a member of a published one.
func TestDatabaseAnswersAsTheIndex(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, published, hidden, comps := seedDirectory(t, d)
		actors := map[string]*auth.Actor{
			"staff":         {UserID: "u-staff", Role: auth.RoleAdmin},
			"partner admin": {UserID: "u-pa", Role: auth.RolePartnerAdmin, OrgID: hidden},
			"member":        {UserID: "u-pm", Role: auth.RolePartnerMember, OrgID: published},
		}
		var filters [len(FacetNames)][]string
		withFilter := func(f int, vals ...string) Query {
			q := Query{}
			q.Filters = filters
			q.Filters[f] = vals
			return q
		}
		day := func(s string) Date { d, _ := ParseDate(s); return d }
		queries := []Query{
			{},
			{Sort: "-name"},
			{Sort: "updated"},
			{Page: 2, PerPage: 4},
			{Page: 9, PerPage: 4},
			withFilter(FacetCountry, "DE"),
			withFilter(FacetTier, "gold", "silver"),
			withFilter(FacetCompetency, comps[0]),
			withFilter(FacetIndustry, "finance", "energy"),
			withFilter(FacetIndustry, "fin%"),
			withFilter(FacetKind, KindMember),
			withFilter(FacetStatus, "active", "nonsense"),
			withFilter(FacetRegion, ""),
			{FreeFrom: day("2026-11-12")},
			{FreeFrom: day("2026-11-05"), FreeTo: day("2026-11-06")},
			{Text: "nordlicht", Sort: "name"},
			{Text: "berg", Sort: "-name"},
			{Text: "alpha", Sort: "name", Filters: withFilter(FacetCountry, "AT", "CH").Filters},
			{Text: "gmbh"},
		}
		for i := range queries {
			if i%5 != 4 {
				queries[i].Facets = directory.AllFacets
			}
		}
		queries = append(queries, Query{Facets: []string{"free", "kind"}}, Query{Facets: []string{"region"}, Filters: withFilter(FacetRegion, "Tirol", "Tirol", "Wien").Filters})
		for who, a := range actors {
			for _, q := range queries {
				want, err := s.Search(ctx, a, q)
				if err != nil {
					t.Fatalf("index %+v: %v", q, err)
				}
				got, err := s.searchDatabase(ctx, a, q)
				if err != nil {
					t.Fatalf("database %+v: %v", q, err)
				}
				if !got.Preparing || want.Preparing {
					t.Errorf("%s %+v: preparing %v (database), %v (index), want true, false", who, q, got.Preparing, want.Preparing)
				}
				if got.Total != want.Total || !reflect.DeepEqual(hitNames(got), hitNames(want)) {
					t.Errorf("%s %+v: database %d %v, index %d %v", who, q, got.Total, hitNames(got), want.Total, hitNames(want))
				}
				for i := range min(len(got.Hits), len(want.Hits)) {
					g, w := got.Hits[i], want.Hits[i]
					g.Score, w.Score = 0, 0
					if !reflect.DeepEqual(g, w) {
						t.Errorf("%s %+v: hit %d from the database %+v, from the index %+v", who, q, i, g, w)
					}
				}
				if !reflect.DeepEqual(got.Facets, want.Facets) {
					t.Errorf("%s %+v: facets from the database %v, from the index %v", who, q, got.Facets, want.Facets)
				}
			}
		}
	})
}

func hitNames(r *Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.LegalName+" "+h.ID[len(h.ID)-4:])
	}
	return out
}

// gatedSource holds the index's load until the gate opens.
type gatedSource struct {
	directory.Source
	gate chan struct{}
}

func (g gatedSource) Counters(ctx context.Context) (orgs, comps db.Mark, err error) {
	<-g.gate
	return g.Source.Counters(ctx)
}

// While the index loads in the background, searches answer at once from
// the database, marked preparing, and places are read from the database;
// the concierge's matching waits for the index.
func TestSearchWhileTheIndexLoads(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, published, _, _ := seedDirectory(t, d)
		gate := make(chan struct{})
		s.Index = directory.NewIndex(gatedSource{indexSource{d}, gate})
		loaded := s.Index.Warm(ctx, func(err error) { t.Errorf("load: %v", err) })
		member := &auth.Actor{UserID: "u-pm", Role: auth.RolePartnerMember, OrgID: published}

		q := Query{Text: "nordlicht"}
		during, err := s.Search(ctx, member, q)
		if err != nil {
			t.Fatalf("search while loading: %v", err)
		}
		if !during.Preparing || s.Index.Ready() || during.Total != 1 || during.Hits[0].ID != published {
			t.Fatalf("search while loading: preparing %v, ready %v, %d %v; want preparing, not ready, Nordlicht", during.Preparing, s.Index.Ready(), during.Total, hitNames(during))
		}
		if country, city, err := s.Whereabouts(ctx, member, published); err != nil || country != "DE" || city != "Stadt 0" {
			t.Errorf("whereabouts while loading: %q %q %v, want DE, Stadt 0", country, city, err)
		}
		matched := make(chan int)
		go func() {
			n := 0
			if err := s.MatchFacts(ctx, &auth.Actor{UserID: "u-staff", Role: auth.RoleAdmin}, MatchFilter{Topic: "wolken"}, func(*MatchFact) { n++ }); err != nil {
				t.Errorf("match: %v", err)
			}
			matched <- n
		}()
		select {
		case n := <-matched:
			t.Fatalf("the concierge matched %d before the index loaded", n)
		case <-time.After(50 * time.Millisecond):
		}

		close(gate)
		<-loaded
		if n := <-matched; n == 0 {
			t.Errorf("the concierge matched nothing once the index loaded")
		}
		after, err := s.Search(ctx, member, q)
		if err != nil {
			t.Fatalf("search once loaded: %v", err)
		}
		if after.Preparing || !s.Index.Ready() || !reflect.DeepEqual(hitNames(after), hitNames(during)) {
			t.Errorf("search once loaded: preparing %v, ready %v, %v; want the index's answer %v", after.Preparing, s.Index.Ready(), hitNames(after), hitNames(during))
		}
	})
}

// Organisations written without a sort key (before the key existed, or
// straight into the table) get theirs at start-up, so that the database's
// pages are in name order too.
func TestFillSortKeys(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _, _, _ := seedDirectory(t, d)
		staff := &auth.Actor{UserID: "u-staff", Role: auth.RoleAdmin}
		want, err := s.searchDatabase(ctx, staff, Query{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := d.ExecContext(ctx, `UPDATE organisations SET sort_key = ''`)
		if err != nil {
			t.Fatal(err)
		}
		cleared, _ := res.RowsAffected()
		if n, err := s.FillSortKeys(ctx); err != nil || int64(n) != cleared {
			t.Fatalf("FillSortKeys: %d, %v; want %d", n, err, cleared)
		}
		got, err := s.searchDatabase(ctx, staff, Query{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(hitNames(got), hitNames(want)) {
			t.Errorf("after FillSortKeys: %v, want %v", hitNames(got), hitNames(want))
		}
		if n, err := s.FillSortKeys(ctx); err != nil || n != 0 {
			t.Errorf("FillSortKeys again: %d, %v; want 0", n, err)
		}
	})
}
