package partner

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner/directory"
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
		err = eachOrg(ctx, d, upto, func(o *directory.Profile) error {
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
		if err := eachOrg(ctx, d, upto, func(o *directory.Profile) error { seen = append(seen, o.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		if slices.Contains(seen, ids[0]) || len(seen) != len(want)-1 {
			t.Errorf("after a change past upto: %d organisations, the changed one among them: %v", len(seen), slices.Contains(seen, ids[0]))
		}
	})
}

// TestEachOrgReadsWhatTheChangesRead: the full load of the index reads the
// same profiles, entries in the same order, as the load of the changes
// (which reads them four organisations at a time here).
func TestEachOrgReadsWhatTheChangesRead(t *testing.T) {
	defer func(n int) { changedPart = n }(changedPart)
	changedPart = 4
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, published, _, _ := seedDirectory(t, d)
		day := func(m, d int) Date { return Date{Time: time.Date(2027, time.Month(m), d, 0, 0, 0, 0, time.UTC)} }
		for _, e := range []interface {
			child
		}{
			&Certification{Name: "Cloud Architect", Issuer: "Hyperscaler", ValidUntil: day(3, 31)},
			&Certification{Name: "Ohne Ablauf"},
			&Reference{Title: "Umzug in die Cloud", Customer: "Stadtwerke", Industry: "energy", Year: 2025, Description: "Zwei Rechenzentren"},
			&Reference{Title: "Sicherheit", Customer: "Bank"},
			&Resource{Skill: "Kubernetes", AmountTenths: 5, Unit: "fte", From: day(1, 1), To: day(6, 30)},
		} {
			var err error
			switch e := e.(type) {
			case *Certification:
				err = SaveEntry(ctx, s, auth.System, published, e)
			case *Reference:
				err = SaveEntry(ctx, s, auth.System, published, e)
			case *Resource:
				err = SaveEntry(ctx, s, auth.System, published, e)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		upto, _, err := readCounters(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		changed, _, err := loadChanged(ctx, d, db.Mark{}, upto)
		if err != nil {
			t.Fatal(err)
		}
		var want []directory.Profile
		for _, o := range changed {
			p := profileOf(o)
			// The index reads the time of the last change as a number.
			p.UpdatedAt = p.UpdatedAt.UTC()
			want = append(want, p)
		}
		slices.SortFunc(want, func(a, b directory.Profile) int { return strings.Compare(a.ID, b.ID) })
		var got []directory.Profile
		if err := eachOrg(ctx, d, upto, func(p *directory.Profile) error { got = append(got, *p); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(got) != 14 || !reflect.DeepEqual(got, want) {
			t.Errorf("the full load read\n%+v\nthe changes\n%+v", got, want)
		}
	})
}
