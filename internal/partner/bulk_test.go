package partner_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
)

// bulkDrafts are two profiles with every kind of entry and one without
// any, using the competency comp.
func bulkDrafts(comp string) []partner.Draft {
	day := func(y, m, d int) partner.Date { return partner.Date{Time: clock().AddDate(y-2026, m-11, d-23)} }
	return []partner.Draft{
		{Input: partner.Input{LegalName: ptr("Müller IT GmbH & Co. KG"), Domain: ptr("https://www.Mueller-IT.de/"), Country: ptr("de"),
			City: ptr("München"), Industries: &[]string{"manufacturing", "automotive"}, Tier: ptr("gold"), Published: ptr(true),
			Competencies: &[]string{comp}, Description: ptr("VR für den Maschinenbau.")},
			Certifications: []partner.Certification{{Name: "Lumen XR Gold", Issuer: "Lumen XR", ValidUntil: day(2027, 9, 30)}, {Name: "Ohne Ablauf"}},
			References:     []partner.Reference{{Title: "VR-Schulung", Customer: "Maschinenbauer", Industry: "manufacturing", Year: 2024}},
			Resources:      []partner.Resource{{Skill: "VR-Entwicklung", AmountTenths: 200, Unit: "days", From: day(2026, 12, 1), To: day(2027, 3, 31)}},
			Contacts:       []partner.Contact{{Name: "Katrin Müller", Email: "km@mueller-it.de", DecisionMaker: true}, {Name: "Jonas Weiß"}}},
		{Input: partner.Input{LegalName: ptr("Leer AG"), Kind: ptr(partner.KindMember), Status: ptr("paused")}},
		{Input: partner.Input{LegalName: ptr("Alpen Cloud GmbH"), Country: ptr("AT"), Competencies: &[]string{comp}},
			Contacts: []partner.Contact{{Name: "Eva Huber", Phone: "+43 1 234"}}},
	}
}

// withoutKeys blanks what differs between two creations of the same
// profiles: the generated ids.
func withoutKeys(orgs []*partner.Organisation) []*partner.Organisation {
	for _, o := range orgs {
		o.ID = ""
		for i := range o.Certifications {
			o.Certifications[i].ID = ""
		}
		for i := range o.References {
			o.References[i].ID = ""
		}
		for i := range o.Resources {
			o.Resources[i].ID = ""
		}
		for i := range o.Contacts {
			o.Contacts[i].ID = ""
		}
	}
	return orgs
}

// TestInsertAllCreatesWhatCreateAllCreates: the same drafts loaded in bulk
// read back as the profiles CreateAll makes, and take one sequence number
// each, as the directory expects.
func TestInsertAllCreatesWhatCreateAllCreates(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		one, bulk := partner.NewService(dbtest.SQLite(t), clock), partner.NewService(d, clock)
		var drafts [2][]partner.Draft
		for i, s := range []*partner.Service{one, bulk} {
			// The same competency id in both databases.
			if _, err := s.DB.ExecContext(ctx, `INSERT INTO competencies (id, slug, name_de, name_en, created_at, updated_at)
				VALUES ('c-vr', 'vr', 'VR', 'VR', $1, $1)`, clock()); err != nil {
				t.Fatal(err)
			}
			drafts[i] = bulkDrafts("c-vr")
		}
		if _, err := one.CreateAll(ctx, auth.System, drafts[0], nil); err != nil {
			t.Fatal(err)
		}
		var ids []string
		err := bulk.DB.Bulk(ctx, func(b *db.Bulk) error {
			var err error
			ids, err = bulk.InsertAll(ctx, b, auth.System, drafts[1])
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		want, err := one.All(ctx, auth.System)
		if err != nil {
			t.Fatal(err)
		}
		got, err := bulk.All(ctx, auth.System)
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != 3 || len(got) != 3 || got[0].ID != ids[2] {
			t.Fatalf("got ids %v and %d organisations, Alpen Cloud first (%s), want 3 and 3", ids, len(got), got[0].ID)
		}
		if !reflect.DeepEqual(withoutKeys(got), withoutKeys(want)) {
			for i := range want {
				t.Errorf("organisation %d:\ngot  %+v\nwant %+v", i, *got[i], *want[i])
			}
		}
		keys := func(d *db.DB) []string {
			list, err := db.Query(ctx, d, func(r db.Row) (string, error) {
				var name, key string
				err := r.Scan(&name, &key)
				return name + "=" + key, err
			}, `SELECT legal_name, sort_key FROM organisations ORDER BY legal_name`)
			if err != nil {
				t.Fatal(err)
			}
			return list
		}
		if got, want := keys(d), keys(one.DB); !reflect.DeepEqual(got, want) {
			t.Errorf("names and sort keys: got %q, want %q", got, want)
		}
		seqs, err := db.Query(ctx, d, func(r db.Row) (int64, error) {
			var seq int64
			return seq, r.Scan(&seq)
		}, `SELECT DISTINCT seq FROM organisations`)
		if err != nil {
			t.Fatal(err)
		}
		counter, err := db.Counters(ctx, d, db.Organisations)
		if err != nil {
			t.Fatal(err)
		}
		if len(seqs) != 3 || slices.ContainsFunc(seqs, func(seq int64) bool { return !counter[0].Covers(seq) }) {
			t.Errorf("got the distinct change numbers %v with the counter at %v, want 3, all taken up to the counter", seqs, counter[0])
		}
		found, err := bulk.Search(ctx, auth.System, partner.Query{Text: "mueller it"})
		if err != nil {
			t.Fatal(err)
		}
		if len(found.Hits) == 0 || found.Hits[0].LegalName != "Müller IT GmbH & Co. KG" {
			t.Errorf("search for \"mueller it\": got %v, want Müller IT GmbH & Co. KG first", found.Hits)
		}
	})
}

// TestInsertAllRefusesInvalidDrafts: an invalid draft, or one naming an
// unknown competency, refuses the whole batch and is named by its index.
func TestInsertAllRefusesInvalidDrafts(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := partner.NewService(d, clock)
		drafts := bulkDrafts("no-such-competency")
		drafts[1].Input.LegalName = ptr("")
		err := d.Bulk(ctx, func(b *db.Bulk) error {
			_, err := s.InsertAll(ctx, b, auth.System, drafts)
			return err
		})
		var be *apperr.BatchError
		if !errors.As(err, &be) || len(be.Items) != 3 {
			t.Fatalf("got %v, want a batch error on all three drafts", err)
		}
		for i, item := range be.Items {
			field := "competencies"
			if i == 1 {
				field = "legal_name"
			}
			if item.Index != i || len(item.Err.Fields) != 1 || item.Err.Fields[0].Field != field {
				t.Errorf("item %d: got index %d, fields %v, want index %d and the field %s", i, item.Index, item.Err.Fields, i, field)
			}
		}
		all, err := s.All(ctx, auth.System)
		if err != nil || len(all) != 0 {
			t.Errorf("got %d organisations (%v) after the refused batch, want none", len(all), err)
		}
		staffOnly := &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: "x"}
		err = d.Bulk(ctx, func(b *db.Bulk) error {
			_, err := s.InsertAll(ctx, b, staffOnly, bulkDrafts("c"))
			return err
		})
		if apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a partner admin loads organisations: got %v, want forbidden", err)
		}
	})
}
