package db_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

// indexed reports whether the index exists in the database's catalogue.
func indexed(t *testing.T, d *db.DB, name string) bool {
	t.Helper()
	query := `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = $1`
	if d.Engine == db.Postgres {
		query = `SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1`
	}
	var n int
	if err := d.QueryRowContext(context.Background(), query, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func TestWithoutIndexesBuildsThemAgain(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, q := range []string{
			`CREATE TABLE bulk_people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL)`,
			`CREATE INDEX bulk_people_name ON bulk_people (name)`,
			`CREATE UNIQUE INDEX bulk_people_city_name ON bulk_people (city, name)`,
		} {
			if _, err := d.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		names := []string{"bulk_people_name", "bulk_people_city_name"}
		err := d.WithoutIndexes(ctx, names, func() error {
			for _, n := range names {
				if indexed(t, d, n) {
					t.Errorf("%s exists during the load", n)
				}
			}
			for i := range 500 {
				if _, err := d.ExecContext(ctx, `INSERT INTO bulk_people (id, name, city) VALUES ($1, $2, $3)`, i, fmt.Sprint("name ", 499-i), "Köln"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if !indexed(t, d, n) {
				t.Errorf("%s is missing after the load", n)
			}
		}
		// The unique index is back as unique.
		if _, err := d.ExecContext(ctx, `INSERT INTO bulk_people (id, name, city) VALUES (1000, 'name 7', 'Köln')`); !db.IsUniqueViolation(err) {
			t.Errorf("a duplicate after the load: got %v, want a unique violation", err)
		}
	})
}

func TestWithoutIndexesAfterAFailedLoad(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, q := range []string{
			`CREATE TABLE bulk_things (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`,
			`CREATE INDEX bulk_things_name ON bulk_things (name)`,
		} {
			if _, err := d.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		failed := errors.New("the load failed")
		err := d.WithoutIndexes(ctx, []string{"bulk_things_name"}, func() error { return failed })
		if !errors.Is(err, failed) {
			t.Fatalf("got %v, want the load's error", err)
		}
		if !indexed(t, d, "bulk_things_name") {
			t.Error("the index is missing after a failed load")
		}
		// An index that does not exist is refused before anything is dropped.
		err = d.WithoutIndexes(ctx, []string{"bulk_things_name", "no_such_index"}, func() error {
			t.Error("the load ran although an index was unknown")
			return nil
		})
		if err == nil {
			t.Error("an unknown index: no error")
		}
		if !indexed(t, d, "bulk_things_name") {
			t.Error("the refusal dropped an index")
		}
	})
}
