package db_test

import (
	"context"
	"testing"
	"time"

	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

func TestNullTimeAndDay(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, `CREATE TABLE null_times (id INTEGER PRIMARY KEY, at TIMESTAMP, note TEXT)`); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 3, 1, 23, 30, 0, 0, time.FixedZone("CET", 3600))
		for id, arg := range []*time.Time{nil, &at} {
			if _, err := d.ExecContext(ctx, `INSERT INTO null_times (id, at, note) VALUES ($1, $2, $3)`, id, db.TimeArg(arg), db.TextArg("")); err != nil {
				t.Fatal(err)
			}
		}
		for id, want := range []*time.Time{nil, new(at.UTC())} {
			var got, day *time.Time
			var note *string
			if err := d.QueryRowContext(ctx, `SELECT at, at, note FROM null_times WHERE id = $1`, id).Scan(db.NullTime(&got), db.NullDay(&day), &note); err != nil {
				t.Fatal(err)
			}
			if note != nil {
				t.Errorf("row %d: note %q, want NULL", id, *note)
			}
			if want == nil {
				if got != nil || day != nil {
					t.Errorf("row %d: got %v, %v, want nil", id, got, day)
				}
				continue
			}
			if got == nil || !got.Equal(*want) || got.Location() != time.UTC {
				t.Errorf("row %d: got %v, want %v in UTC", id, got, *want)
			}
			if wantDay := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC); day == nil || !day.Equal(wantDay) {
				t.Errorf("row %d: day %v, want %v", id, day, wantDay)
			}
		}
	})
}
