package db_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

type bulkRow struct {
	ID   string
	N    int64
	OK   bool
	At   *time.Time
	Note string
}

func createBulkTable(t *testing.T, d *db.DB) {
	t.Helper()
	_, err := d.ExecContext(context.Background(), `CREATE TABLE bulk_rows (id TEXT PRIMARY KEY, n BIGINT NOT NULL,
		ok BOOLEAN NOT NULL, at TIMESTAMP, note TEXT NOT NULL)`)
	if err != nil {
		t.Fatal(err)
	}
}

func readBulkRows(t *testing.T, d *db.DB) []bulkRow {
	t.Helper()
	got, err := db.Query(context.Background(), d, func(r db.Row) (bulkRow, error) {
		var b bulkRow
		return b, r.Scan(&b.ID, &b.N, &b.OK, db.NullTime(&b.At), &b.Note)
	}, `SELECT id, n, ok, at, note FROM bulk_rows ORDER BY n`)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestBulkInsertWritesExactlyTheRowsGiven: a load of more rows than one
// statement carries reads back as written, NULLs and odd text included.
func TestBulkInsertWritesExactlyTheRowsGiven(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		createBulkTable(t, d)
		base := time.Date(2026, 3, 12, 10, 30, 0, 123456000, time.UTC)
		var want []bulkRow
		var rows [][]any
		for i := range 1000 {
			r := bulkRow{ID: db.NewID(), N: int64(i), OK: i%3 == 0, Note: fmt.Sprintf("Zeile %d: ä'ö\"ü\\\t,\n", i)}
			var at any
			if i%7 != 0 {
				ts := base.Add(time.Duration(i) * time.Hour)
				r.At, at = &ts, ts
			}
			want = append(want, r)
			rows = append(rows, []any{r.ID, r.N, r.OK, at, r.Note})
		}
		err := d.Bulk(ctx, func(b *db.Bulk) error {
			if err := b.Insert(ctx, "bulk_rows", []string{"id", "n", "ok", "at", "note"}, rows[:600]); err != nil {
				return err
			}
			return b.Insert(ctx, "bulk_rows", []string{"id", "n", "ok", "at", "note"}, rows[600:])
		})
		if err != nil {
			t.Fatal(err)
		}
		got := readBulkRows(t, d)
		if len(got) != len(want) {
			t.Fatalf("got %d rows, want %d", len(got), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("row %d: got %+v, want %+v", i, got[i], want[i])
			}
		}
	})
}

// TestBulkInsertErrorNamesTheRow: a row the table refuses fails the whole
// load, and the error says which row it was.
func TestBulkInsertErrorNamesTheRow(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		createBulkTable(t, d)
		var rows [][]any
		for i := range 700 {
			rows = append(rows, []any{fmt.Sprintf("id-%d", i), int64(i), true, nil, "x"})
		}
		rows[517][0] = "id-3" // taken by row 3
		err := d.Bulk(ctx, func(b *db.Bulk) error {
			return b.Insert(ctx, "bulk_rows", []string{"id", "n", "ok", "at", "note"}, rows)
		})
		if err == nil || !strings.Contains(err.Error(), "bulk_rows, row 517:") || !db.IsUniqueViolation(err) {
			t.Fatalf("got error %v, want a unique violation naming bulk_rows, row 517", err)
		}
		if got := readBulkRows(t, d); len(got) != 0 {
			t.Errorf("got %d rows after the failed load, want none", len(got))
		}

		err = d.Bulk(ctx, func(b *db.Bulk) error {
			return b.Insert(ctx, "bulk_rows", []string{"id", "n", "ok", "at", "note"}, [][]any{{"a", int64(1), true, nil, "x"}, {"b", int64(2)}})
		})
		if err == nil || !strings.Contains(err.Error(), "row 1: 2 values for 5 columns") {
			t.Errorf("short row: got error %v, want one naming row 1", err)
		}
	})
}

// TestBumpByTakesARange: a batch takes n numbers of one shard at once,
// which the counter then covers; the next bump takes none of them.
func TestBumpByTakesARange(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := db.Bump(ctx, d, db.Organisations); err != nil {
			t.Fatal(err)
		}
		before, err := db.Counters(ctx, d, db.Organisations)
		if err != nil {
			t.Fatal(err)
		}
		var first, last int64
		err = d.Bulk(ctx, func(b *db.Bulk) error {
			var err error
			first, last, err = db.BumpBy(ctx, b.Tx, db.Organisations, 500)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if last-first != 499*db.Shards || before[0].Covers(first) {
			t.Errorf("got the numbers %d to %d, want 500 new ones of one shard after %v", first, last, before[0])
		}
		after, err := db.Counters(ctx, d, db.Organisations)
		if err != nil {
			t.Fatal(err)
		}
		if !after[0].Covers(last) || after[0][last%db.Shards] != last/db.Shards {
			t.Errorf("after the batch the counter is %v, want its shard %d at the last number %d", after[0], last%db.Shards, last)
		}
		next, err := db.Bump(ctx, d, db.Organisations)
		if err != nil || after[0].Covers(next) {
			t.Errorf("next bump: got %d, %v, want a number after %v", next, err, after[0])
		}
		if _, _, err := db.BumpBy(ctx, d, db.Organisations, 0); err == nil {
			t.Error("moving by 0: got no error")
		}
	})
}

// TestAnalyzeAfterBulkGivesThePlannerTheRows: after a load in two parts,
// PostgreSQL's planner knows how many rows the table holds (before, it
// guesses, and scans whole tables for a few ids); on SQLite Analyze does
// nothing and fails at nothing.
func TestAnalyzeAfterBulkGivesThePlannerTheRows(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		createBulkTable(t, d)
		for part := range 2 {
			rows := make([][]any, 2500)
			for i := range rows {
				rows[i] = []any{db.NewID(), int64(part*2500 + i), true, nil, "x"}
			}
			if err := d.Bulk(ctx, func(b *db.Bulk) error {
				return b.Insert(ctx, "bulk_rows", []string{"id", "n", "ok", "at", "note"}, rows)
			}); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Analyze(ctx); err != nil {
			t.Fatal(err)
		}
		if d.Engine != db.Postgres {
			return
		}
		var tuples float64
		if err := d.QueryRowContext(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'bulk_rows'::regclass`).Scan(&tuples); err != nil {
			t.Fatal(err)
		}
		if tuples != 5000 {
			t.Errorf("the planner counts %v rows, want 5000", tuples)
		}
	})
}

// TestLoaderKeepsThePartsBeforeAFailedOne: a load in parts keeps every
// part committed before the one that fails, writes nothing of that one,
// and gives the connection back, so that writes go on after it.
func TestLoaderKeepsThePartsBeforeAFailedOne(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		createBulkTable(t, d)
		cols := []string{"id", "n", "ok", "at", "note"}
		load, err := d.Loader(db.Unsynced(ctx))
		if err != nil {
			t.Fatal(err)
		}
		for part := range 3 {
			rows := make([][]any, 300)
			for i := range rows {
				n := part*300 + i
				rows[i] = []any{fmt.Sprintf("id-%d", n), int64(n), true, nil, "x"}
			}
			if part == 2 {
				rows[299][0] = "id-0" // taken in the first part
			}
			err := load.Part(ctx, func(b *db.Bulk) error { return b.Insert(ctx, "bulk_rows", cols, rows) })
			if part < 2 && err != nil {
				t.Fatalf("part %d: %v", part, err)
			}
			if part == 2 && (err == nil || !strings.Contains(err.Error(), "row 299")) {
				t.Fatalf("part 2: got error %v, want one naming row 299", err)
			}
		}
		if err := load.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `INSERT INTO bulk_rows (id, n, ok, note) VALUES ('after', 1000, TRUE, 'y')`); err != nil {
			t.Fatalf("a write after the load: %v", err)
		}
		got := readBulkRows(t, d)
		if len(got) != 601 || got[599].N != 599 || got[600].ID != "after" {
			t.Errorf("got %d rows, want the 600 of the first two parts and the one written after", len(got))
		}
	})
}
