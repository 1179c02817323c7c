package db_test

import (
	"context"
	"maps"
	"path/filepath"
	"testing"

	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

// Migration 28 takes the contact cadence from shadows and vampires where
// an installation still holds the earlier defaults, and keeps what an
// admin set otherwise.
func TestQuietQuadrantsKeepWhatAnAdminSet(t *testing.T) {
	// A fresh database per case and engine.
	engines := map[string]func() string{"sqlite": func() string { return filepath.Join(t.TempDir(), "old.db") }}
	if dbtest.PostgresURL(t) != "" {
		engines["postgres"] = func() string { return dbtest.PostgresURL(t) }
	}
	cases := []struct {
		name        string
		before, got map[string]int
	}{
		{"the earlier defaults", map[string]int{"hero": 14, "candidate": 30, "shadow": 60, "vampire": 90},
			map[string]int{"hero": 14, "candidate": 30, "shadow": 0, "vampire": 0}},
		{"set by an admin", map[string]int{"hero": 10, "candidate": 30, "shadow": 45, "vampire": 60},
			map[string]int{"hero": 10, "candidate": 30, "shadow": 45, "vampire": 60}},
	}
	for name, fresh := range engines {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			for _, c := range cases {
				d, err := db.Open(ctx, fresh())
				if err != nil {
					t.Fatal(err)
				}
				defer d.Close()
				if err := d.MigrateTo(ctx, 27); err != nil {
					t.Fatal(err)
				}
				for value, days := range c.before {
					if _, err := d.ExecContext(ctx, `INSERT INTO cadences (scope, value, days) VALUES ('quadrant', $1, $2)`, value, days); err != nil {
						t.Fatal(err)
					}
				}
				if err := d.MigrateTo(ctx, 28); err != nil {
					t.Fatal(err)
				}
				got := map[string]int{}
				rows, err := db.Query(ctx, d, func(r db.Row) ([2]any, error) {
					var value string
					var days int
					err := r.Scan(&value, &days)
					got[value] = days
					return [2]any{value, days}, err
				}, `SELECT value, days FROM cadences WHERE scope = 'quadrant'`)
				if err != nil || len(rows) != 4 {
					t.Fatalf("%s: %d cadences, %v", c.name, len(rows), err)
				}
				if !maps.Equal(got, c.got) {
					t.Errorf("%s: after the migration %v, want %v", c.name, got, c.got)
				}
			}
		})
	}
}
