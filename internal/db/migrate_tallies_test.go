package db_test

import (
	"context"
	"maps"
	"path/filepath"
	"testing"
	"time"

	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

// Migration 51 counts the working groups' attendances that were there
// before it: per organisation and quarter, each group's meetings once
// however many of an organisation's people came.
func TestGroupTalliesCountEarlierAttendances(t *testing.T) {
	engines := map[string]string{"sqlite": filepath.Join(t.TempDir(), "old.db")}
	if u := dbtest.PostgresURL(t); u != "" {
		engines["postgres"] = u
	}
	for name, url := range engines {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			d, err := db.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if err := d.MigrateTo(ctx, 49); err != nil {
				t.Fatal(err)
			}
			at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := d.ExecContext(ctx, q, args...); err != nil {
					t.Fatal(err)
				}
			}
			for i, org := range []string{"alpha", "beta"} {
				exec(`INSERT INTO organisations (id, kind, legal_name, status, created_at, updated_at, seq) VALUES ($1, 'member', $1, 'active', $2, $2, $3)`, org, at, i+1)
			}
			for _, m := range [][3]string{{"m1", "wg-availability", "2026-Q1"}, {"m2", "wg-availability", "2026-Q2"}, {"m3", "wg-availability", "2026-Q2"}, {"m4", "wg-marketing", "2026-Q2"}} {
				exec(`INSERT INTO work_group_meetings (id, group_id, starts_at, quarter, created_at) VALUES ($1, $2, $3, $4, $3)`, m[0], m[1], at, m[2])
			}
			for _, a := range [][3]string{{"m1", "alpha", "u1"}, {"m2", "alpha", "u1"}, {"m2", "alpha", "u2"}, {"m3", "alpha", ""}, {"m4", "alpha", "u1"}, {"m4", "beta", ""}} {
				exec(`INSERT INTO work_group_attendances (meeting_id, org_id, user_id) VALUES ($1, $2, $3)`, a[0], a[1], a[2])
			}
			if err := d.MigrateTo(ctx, 51); err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			_, err = db.Query(ctx, d, func(r db.Row) (struct{}, error) {
				var q, org, groups string
				err := r.Scan(&q, &org, &groups)
				got[q+" "+org] = groups
				return struct{}{}, err
			}, `SELECT quarter, org_id, groups FROM work_group_tallies`)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{
				"2026-Q1 alpha": "wg-availability=1",
				"2026-Q2 alpha": "wg-availability=2 wg-marketing=1",
				"2026-Q2 beta":  "wg-marketing=1",
			}
			// The order of an organisation's groups is the engine's.
			if alt := "wg-marketing=1 wg-availability=2"; got["2026-Q2 alpha"] == alt {
				got["2026-Q2 alpha"] = want["2026-Q2 alpha"]
			}
			if !maps.Equal(got, want) {
				t.Errorf("tallies %v, want %v", got, want)
			}
		})
	}
}
