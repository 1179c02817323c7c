package audit_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
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

var _ = audit.Event("gadget", "create")

// A published action waits in the event outbox from the moment its change
// commits; a change that rolls back leaves none, an unpublished action
// none, and of two takers of one event only one gets it.
func TestPublishedActionsWaitInTheOutboxWithTheirChange(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		rec := func(action, id string) error {
			return audit.Record(ctx, d, at, audit.Who{Label: "Test"}, action, "gadget", id, "org-1", nil, nil)
		}
		if err := rec("create", "g1"); err != nil {
			t.Fatal(err)
		}
		if err := rec("update", "g1"); err != nil {
			t.Fatal(err)
		}
		_ = d.Tx(ctx, func(tx *sql.Tx) error {
			if err := audit.Record(ctx, tx, at, audit.Who{Label: "Test"}, "create", "gadget", "rolled-back", "", nil, nil); err != nil {
				t.Fatal(err)
			}
			return errors.New("roll back")
		})
		if err := rec("create", "g2"); err != nil {
			t.Fatal(err)
		}
		events, err := audit.Outbox(ctx, d, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 2 || events[0].ObjectID != "g1" || events[1].ObjectID != "g2" || events[0].Type != "gadget.create" || events[0].OrgID != "org-1" {
			t.Fatalf("outbox %+v", events)
		}
		if got := audit.Events(); !slices.Contains(got, "gadget.create") || slices.Contains(got, "gadget.update") {
			t.Errorf("events %v", got)
		}
		for i, want := range []bool{true, false} {
			var took bool
			if err := d.Tx(ctx, func(tx *sql.Tx) (err error) { took, err = audit.Take(ctx, tx, events[0].ID); return err }); err != nil || took != want {
				t.Errorf("take %d: %v, %v; want %v", i, took, err, want)
			}
		}
		if left, err := audit.Outbox(ctx, d, 10); err != nil || len(left) != 1 || left[0].ObjectID != "g2" {
			t.Errorf("left %+v, %v", left, err)
		}
	})
}
