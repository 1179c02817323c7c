package partner

import (
	"context"
	"net/url"
	"slices"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db/dbtest"
)

// FuzzDirectoryQuery: any query string of the directory's address is read
// without a panic; what is refused is refused by the name of a parameter it
// holds; what is taken, the search answers, with a page of at most the
// page size, from the index and, while it loads, from the database.
func FuzzDirectoryQuery(f *testing.F) {
	for _, s := range []string{"q=mueller+it&country=DE&tier=gold", "q=security&region=Bayern&facets=all", "free_from=2027-03-01&free_to=2027-03-31",
		"page=3&per_page=100&sort=-name", "competency=x,y,,z&kind=partner&facets=country,tier", "q=%C3%BC%00&page=-1", "free_to=2027-02-30&sort=relevance"} {
		f.Add(s)
	}
	ctx := context.Background()
	d := dbtest.SQLite(f)
	s := NewService(d, func() time.Time { return time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC) })
	for _, name := range []string{"Müller IT GmbH", "Security Bayern AG", "Cloud Nord KG"} {
		if _, err := s.Create(ctx, auth.System, Input{LegalName: &name, Country: new("DE"), Region: new("Bayern"), Published: new(true)}); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			t.Skip() // the server refuses such an address before
		}
		q, err := queryFrom(v)
		if err != nil {
			e, ok := apperr.As(err)
			if !ok || e.Code != apperr.Invalid || len(e.Fields) == 0 {
				t.Fatalf("%q: refused with %v, want the parameters named", raw, err)
			}
			for _, fe := range e.Fields {
				if _, given := v[fe.Field]; !given {
					t.Fatalf("%q: refused for %q, which it does not hold", raw, fe.Field)
				}
			}
			return
		}
		q.Facets = slices.Clone(AllFacets)
		for _, search := range []func(context.Context, *auth.Actor, Query) (*Result, error){s.Search, s.searchDatabase} {
			res, err := search(ctx, auth.System, q)
			if err != nil {
				if apperr.CodeOf(err) == apperr.Invalid {
					continue // e.g. a free period too long: named by the service
				}
				t.Fatalf("%q: %v", raw, err)
			}
			if len(res.Hits) > res.PerPage || res.Total < len(res.Hits) {
				t.Fatalf("%q: %d hits of %d on a page of %d", raw, len(res.Hits), res.Total, res.PerPage)
			}
		}
	})
}
