package db_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

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
		seq, err := db.Bump(ctx, d, db.Activities)
		if err != nil {
			t.Fatal(err)
		}
		after, err := db.Counters(ctx, d, db.Activities)
		if err != nil {
			t.Fatal(err)
		}
		if before[0].Covers(seq) || !after[0].Covers(seq) {
			t.Fatalf("bump took %d: the mark before (%v) covers it or the one after (%v) does not", seq, before[0], after[0])
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
		if err != nil || seen <= 0 || before[0].Covers(seen) {
			t.Fatalf("dry run: saw %d, %v; want a new number inside the transaction", seen, err)
		}
		after, err := db.Counters(ctx, d, db.Activities)
		if err != nil {
			t.Fatal(err)
		}
		if after[0] != before[0] {
			t.Fatalf("after the dry run the counter is %v, want %v", after[0], before[0])
		}
		seen, err = bump(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if after, _ = db.Counters(ctx, d, db.Activities); !after[0].Covers(seen) || before[0].Covers(seen) {
			t.Fatalf("after a real run the counter is %v, want it to cover %d", after[0], seen)
		}
	})
}

// TestTwoWritersHoldTheirNumbersAtOnce: on PostgreSQL two transactions
// that each take an organisations number hold them uncommitted at the
// same time, so no single row is updated by every writer; the second
// commits first, and the counter then covers its number and not the
// first's. A transaction that takes numbers again stays in its shard, so
// two writers never wait for each other's rows in opposite orders.
func TestTwoWritersHoldTheirNumbersAtOnce(t *testing.T) {
	d := dbtest.Postgres(t)
	if d == nil {
		t.Skip("PAKT_TEST_POSTGRES not set: PostgreSQL tests skipped")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	firstTook, secondDone := make(chan int64), make(chan error)
	var again int64
	firstDone := make(chan error)
	go func() {
		firstDone <- d.Tx(ctx, func(tx *sql.Tx) error {
			seq, err := db.Bump(ctx, tx, db.Organisations)
			if err != nil {
				close(firstTook)
				return err
			}
			firstTook <- seq
			// Hold the number until the second transaction has committed.
			if err := <-secondDone; err != nil {
				return err
			}
			again, err = db.Bump(ctx, tx, db.Organisations)
			return err
		})
	}()
	a, ok := <-firstTook
	if !ok {
		t.Fatal(<-firstDone)
	}
	var b int64
	// On one shared row this would wait for the first's commit, which
	// waits for this one: both would end with ctx.
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		b, err = db.Bump(ctx, tx, db.Organisations)
		return err
	})
	if err != nil {
		t.Fatalf("bump while another transaction holds its number: %v", err)
	}
	mid, err := db.Counters(ctx, d, db.Organisations)
	secondDone <- err
	if err != nil {
		t.Fatal(err)
	}
	if err := <-firstDone; err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatalf("both transactions took %d", a)
	}
	if !mid[0].Covers(b) || mid[0].Covers(a) {
		t.Errorf("with the second committed the counter is %v: want it to cover %d and not the uncommitted %d", mid[0], b, a)
	}
	if again != a+db.Shards {
		t.Errorf("the first transaction's second number is %d, want %d, the next of its shard", again, a+db.Shards)
	}
	end, err := db.Counters(ctx, d, db.Organisations)
	if err != nil || !end[0].Covers(a) || !end[0].Covers(b) || !end[0].Covers(again) {
		t.Errorf("after both commits the counter is %v, %v: want it to cover %d, %d and %d", end[0], err, a, b, again)
	}
}

// TestOneWriterKeepsOneRow: transactions that run one after another all
// take one shard, so a counter moved by one writer at a time (as on
// SQLite) moves one row, besides its shard 0 made by the migration.
func TestOneWriterKeepsOneRow(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for range 20 {
			err := d.Tx(ctx, func(tx *sql.Tx) error {
				_, err := db.Bump(ctx, tx, db.Organisations)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		var rows, total int64
		if err := d.QueryRowContext(ctx, `SELECT count(*), sum(value) FROM counters WHERE name = 'organisations' AND value > 0`).Scan(&rows, &total); err != nil {
			t.Fatal(err)
		}
		if rows != 1 || total != 20 {
			t.Errorf("after 20 transactions one after another: %d rows moved %d times, want 1 row moved 20 times", rows, total)
		}
	})
}

// TestSinceSelectsTheChangesBetweenTwoMarks: the condition Since makes
// selects exactly the numbers taken after one mark up to another, shard
// by shard, on both engines.
func TestSinceSelectsTheChangesBetweenTwoMarks(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var since, upto db.Mark
		since[0], upto[0] = 2, 4 // 3 and 4 of shard 0
		since[5], upto[5] = 7, 7 // none of shard 5
		since[15], upto[15] = 0, 1
		var all []int64
		for v := range int64(10) {
			for s := range db.Shards {
				all = append(all, db.Seq(v, s))
			}
		}
		cond, args := db.Since("n", since, upto, 1)
		query := `WITH numbers (n) AS (VALUES ` + strings.Repeat("(CAST(? AS BIGINT)), ", len(all)-1) + `(CAST(? AS BIGINT))) SELECT n FROM numbers WHERE ` + cond + ` ORDER BY n`
		// The numbers come after the condition's arguments.
		for i := range all {
			query = strings.Replace(query, "?", "$"+strconv.Itoa(len(args)+i+1), 1)
		}
		vals := append(args, make([]any, len(all))...)
		for i, n := range all {
			vals[len(args)+i] = n
		}
		got, err := db.Query(ctx, d, func(r db.Row) (int64, error) {
			var n int64
			return n, r.Scan(&n)
		}, query, vals...)
		if err != nil {
			t.Fatal(err)
		}
		want := []int64{db.Seq(1, 15), db.Seq(3, 0), db.Seq(4, 0)}
		if !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
		for _, n := range all {
			if in := slices.Contains(want, n); upto.Covers(n) && !since.Covers(n) != in {
				t.Errorf("%d: covered by upto %v, by since %v, selected %v", n, upto.Covers(n), since.Covers(n), in)
			}
		}
		if cond, args := db.Since("n", upto, upto, 1); cond != "1 = 0" || len(args) != 0 {
			t.Errorf("no shard moved: got %q, %v", cond, args)
		}
	})
}

// TestShardingKeepsExistingNumbers: the migration to sharded counters
// turns an existing database's change numbers into shard 0's, in their
// order, with the counter at its old value, so that a cache loaded before
// it misses nothing after it and new numbers repeat none.
func TestShardingKeepsExistingNumbers(t *testing.T) {
	engines := map[string]string{"sqlite": filepath.Join(t.TempDir(), "old.db")}
	if u := dbtest.PostgresURL(t); u != "" {
		engines["postgres"] = u
	}
	for name, location := range engines {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			d, err := db.Open(ctx, location)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if err := d.MigrateTo(ctx, 21); err != nil {
				t.Fatal(err)
			}
			at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
			for i := range 5 {
				// Numbers 1 to 5 in one order, while the later ones would
				// collide with the earlier ones' new numbers if converted
				// one by one.
				if _, err := d.ExecContext(ctx, `INSERT INTO organisations (id, kind, legal_name, status, created_at, updated_at, seq)
					VALUES ($1, 'partner', $1, 'active', $2, $2, $3)`, "org-"+strconv.Itoa(i), at, i+1); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := d.ExecContext(ctx, `UPDATE counters SET value = 5 WHERE name = 'organisations'`); err != nil {
				t.Fatal(err)
			}
			if err := d.MigrateTo(ctx, 22); err != nil {
				t.Fatal(err)
			}
			seqs, err := db.Query(ctx, d, func(r db.Row) (int64, error) {
				var seq int64
				return seq, r.Scan(&seq)
			}, `SELECT seq FROM organisations ORDER BY id`)
			if err != nil {
				t.Fatal(err)
			}
			if want := []int64{db.Seq(1, 0), db.Seq(2, 0), db.Seq(3, 0), db.Seq(4, 0), db.Seq(5, 0)}; !slices.Equal(seqs, want) {
				t.Errorf("numbers after the migration: got %v, want %v", seqs, want)
			}
			mark, err := db.Counters(ctx, d, db.Organisations)
			if err != nil {
				t.Fatal(err)
			}
			if mark[0] != (db.Mark{5}) {
				t.Errorf("counter after the migration: got %v, want shard 0 at 5", mark[0])
			}
			for range 2 * db.Shards {
				seq, err := db.Bump(ctx, d, db.Organisations)
				if err != nil {
					t.Fatal(err)
				}
				if mark[0].Covers(seq) || slices.Contains(seqs, seq) {
					t.Fatalf("a new number %d repeats or precedes the old ones %v", seq, seqs)
				}
				seqs = append(seqs, seq)
			}
		})
	}
}
