package audit_test

import (
	"context"
	"testing"
	"time"

	"pakt/internal/audit"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

var _ = audit.Kind("gadget", "create", "update")

func TestRecordRefusesWhatNoOneDeclared(t *testing.T) {
	err := audit.Record(context.Background(), nil, time.Now(), audit.Who{Label: "Test"}, "explode", "gadget", "g1", "", nil, nil)
	if err == nil {
		t.Fatal("an undeclared action was recorded")
	}
	if kinds := audit.Kinds(); len(kinds["gadget"]) != 2 {
		t.Fatalf("declared kinds %v", kinds)
	}
}

func TestNamesComeFromTheLatestRecordThatNamesTheObject(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		rec := func(min int, action, id string, before, after any) {
			t.Helper()
			if err := audit.Record(ctx, d, at.Add(time.Duration(min)*time.Minute), audit.Who{Label: "Test"}, action, "gadget", id, "", before, after); err != nil {
				t.Fatal(err)
			}
		}
		rec(0, "create", "g1", nil, map[string]string{"name": "Zahnrad"})
		rec(1, "update", "g1", map[string]string{"name": "Zahnrad"}, map[string]string{"name": "Großes Zahnrad"})
		rec(2, "update", "g1", nil, map[string]string{"color": "rot"}) // names nothing
		rec(0, "create", "g2", nil, map[string]string{"name_de": "Schraube", "name_en": "Screw"})
		rec(0, "create", "g3", nil, map[string]string{"weight": "3"})
		names, err := audit.Names(ctx, d, "en", []string{"g1", "g2", "g3", "unknown"})
		if err != nil {
			t.Fatal(err)
		}
		if names["g1"] != "Großes Zahnrad" || names["g2"] != "Screw" || len(names) != 2 {
			t.Fatalf("names %v", names)
		}
	})
}
