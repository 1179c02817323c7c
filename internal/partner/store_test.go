package partner

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

// TestEachOrgReadsEveryOrganisationOnce reads the organisations in
// batches of three and checks that each one not deleted comes once, with
// its own profile entries.
func TestEachOrgReadsEveryOrganisationOnce(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewService(d, func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) })
		want := map[string]string{} // id → the title of its reference
		var ids []string
		for i := range 11 {
			name := fmt.Sprintf("Batch %02d GmbH", i)
			o, err := s.Create(ctx, auth.System, Input{LegalName: &name})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, o.ID)
			want[o.ID] = ""
			if i%2 == 0 {
				want[o.ID] = "Projekt " + name
				if err := SaveEntry(ctx, s, auth.System, o.ID, &Reference{Title: want[o.ID]}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := s.Delete(ctx, auth.System, ids[4]); err != nil {
			t.Fatal(err)
		}
		delete(want, ids[4])
		upto, _, err := readCounters(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		defer func(n int) { orgBatch = n }(orgBatch)
		orgBatch = 3
		got := map[string]string{}
		err = eachOrg(ctx, d, upto, func(o *Organisation) error {
			if _, seen := got[o.ID]; seen {
				t.Errorf("%s comes twice", o.LegalName)
			}
			got[o.ID] = ""
			for _, r := range o.References {
				got[o.ID] += r.Title
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
		// An organisation changed after upto waits for the next changes.
		if _, err := s.Update(ctx, auth.System, ids[0], Input{City: new("Köln")}); err != nil {
			t.Fatal(err)
		}
		var seen []string
		if err := eachOrg(ctx, d, upto, func(o *Organisation) error { seen = append(seen, o.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		if slices.Contains(seen, ids[0]) || len(seen) != len(want)-1 {
			t.Errorf("after a change past upto: %d organisations, the changed one among them: %v", len(seen), slices.Contains(seen, ids[0]))
		}
	})
}
