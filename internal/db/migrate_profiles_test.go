package db_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

// Migration 35 brings ideal-partner profiles: every existing assessment,
// latest assessment and self-assessment belongs to the default profile,
// which takes the programme's thresholds, so every figure of the
// portfolio stays what it was.
func TestProfilesMigrationKeepsTheFigures(t *testing.T) {
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
			if err := d.MigrateTo(ctx, 31); err != nil {
				t.Fatal(err)
			}
			at := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := d.ExecContext(ctx, q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			exec(`INSERT INTO portfolio_settings (id, can_threshold, will_threshold, updated_at) VALUES (1, 60, 40, $1)`, at)
			for i, org := range []string{"org-1", "org-2"} {
				exec(`INSERT INTO organisations (id, kind, legal_name, status, created_at, updated_at, seq) VALUES ($1, 'partner', $1, 'active', $2, $2, $3)`, org, at, i+1)
			}
			for i, a := range []struct {
				id, org   string
				on        time.Time
				can, will int
			}{
				{"as-1", "org-1", at, 450, 700},
				{"as-2", "org-1", at.AddDate(0, 1, 0), 720, 380},
				{"as-3", "org-2", at, 615, 401},
			} {
				exec(`INSERT INTO assessments (id, org_id, assessed_on, can_score, will_score, can_threshold, will_threshold, quadrant, created_at)
					VALUES ($1, $2, $3, $4, $5, 60, 40, 'hero', $6)`, a.id, a.org, a.on, a.can, a.will, at.Add(time.Duration(i)*time.Minute))
			}
			exec(`INSERT INTO latest_assessments (org_id, assessment_id, assessed_on, created_at, can_score, will_score) VALUES
				('org-1', 'as-2', $1, $2, 720, 380), ('org-2', 'as-3', $3, $4, 615, 401)`, at.AddDate(0, 1, 0), at.Add(time.Minute), at, at.Add(2*time.Minute))
			exec(`INSERT INTO self_assessments (id, org_id, lang, fit_tenths, answers, created_at) VALUES ('sa-1', 'org-2', 'de', 640, '[]', $1)`, at)

			if err := d.MigrateTo(ctx, 35); err != nil {
				t.Fatal(err)
			}
			type latest struct {
				profile, org, assessment string
				can, will                int
			}
			got, err := db.Query(ctx, d, func(r db.Row) (latest, error) {
				var l latest
				return l, r.Scan(&l.profile, &l.org, &l.assessment, &l.can, &l.will)
			}, `SELECT profile_id, org_id, assessment_id, can_score, will_score FROM latest_profile_assessments ORDER BY org_id`)
			if err != nil {
				t.Fatal(err)
			}
			if want := []latest{{"default", "org-1", "as-2", 720, 380}, {"default", "org-2", "as-3", 615, 401}}; !slices.Equal(got, want) {
				t.Errorf("latest assessments after the migration: %v, want %v", got, want)
			}
			var can, will, public int
			var name string
			if err := d.QueryRowContext(ctx, `SELECT can_threshold, will_threshold, CASE WHEN public THEN 1 ELSE 0 END, name_en FROM ideal_profiles WHERE id = 'default'`).
				Scan(&can, &will, &public, &name); err != nil {
				t.Fatal(err)
			}
			if can != 60 || will != 40 || public != 1 || name != "Default profile" {
				t.Errorf("the default profile: CAN %d, WILL %d, public %d, %q; want the programme's 60 and 40, offered publicly", can, will, public, name)
			}
			var others int
			if err := d.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM assessments WHERE profile_id <> 'default') + (SELECT count(*) FROM self_assessments WHERE profile_id <> 'default')`).
				Scan(&others); err != nil || others != 0 {
				t.Errorf("assessments outside the default profile: %d, %v", others, err)
			}
		})
	}
}
