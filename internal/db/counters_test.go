package db_test

import (
	"context"
	"database/sql"
	"testing"

	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

// TestCachedReloadsOnlyAfterItsCounterMoved: a cached value is loaded once,
// kept while its counters stand still, and reloaded after one of them moved,
// even when another process (another connection) moved it.
func TestCachedReloadsOnlyAfterItsCounterMoved(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		loads := 0
		load := func(context.Context) (int, error) { loads++; return loads, nil }
		var c db.Cached[int]
		get := func() int {
			t.Helper()
			v, err := c.Get(ctx, d, load, db.Organisations, db.Activities)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		if v := get(); v != 1 {
			t.Fatalf("first get: %d, want the first load", v)
		}
		if v := get(); v != 1 || loads != 1 {
			t.Fatalf("unchanged counters: value %d after %d loads, want the cached 1 after 1", v, loads)
		}
		if _, err := db.Bump(ctx, d, db.Concierge); err != nil {
			t.Fatal(err)
		}
		if v := get(); v != 1 {
			t.Fatalf("another counter moved: value %d, want the cached 1", v)
		}
		before, err := db.Counters(ctx, d, db.Activities)
		if err != nil {
			t.Fatal(err)
		}
		after, err := db.Bump(ctx, d, db.Activities)
		if err != nil {
			t.Fatal(err)
		}
		if after != before[0]+1 {
			t.Fatalf("bump returned %d, want %d", after, before[0]+1)
		}
		if v := get(); v != 2 {
			t.Fatalf("after the activities counter moved: value %d, want a reload (2)", v)
		}
		if _, err := db.Counters(ctx, d, db.Counter("nonsense")); err == nil {
			t.Fatal("an unknown counter was read without an error")
		}
	})
}

// TestDryRunChangesNothing: a transaction in a dry run sees its own writes
// and returns its error as usual, and afterwards nothing of it is saved.
func TestDryRunChangesNothing(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		before, err := db.Counters(ctx, d, db.Activities)
		if err != nil {
			t.Fatal(err)
		}
		bump := func(ctx context.Context) (int64, error) {
			var seen int64
			err := d.Tx(ctx, func(tx *sql.Tx) error {
				n, err := db.Bump(ctx, tx, db.Activities)
				seen = n
				return err
			})
			return seen, err
		}
		seen, err := bump(db.DryRun(ctx))
		if err != nil || seen != before[0]+1 {
			t.Fatalf("dry run: saw %d, %v; want %d inside the transaction", seen, err, before[0]+1)
		}
		after, err := db.Counters(ctx, d, db.Activities)
		if err != nil {
			t.Fatal(err)
		}
		if after[0] != before[0] {
			t.Fatalf("after the dry run the counter is %d, want %d", after[0], before[0])
		}
		if _, err := bump(ctx); err != nil {
			t.Fatal(err)
		}
		if after, _ = db.Counters(ctx, d, db.Activities); after[0] != before[0]+1 {
			t.Fatalf("after a real run the counter is %d, want %d", after[0], before[0]+1)
		}
	})
}
