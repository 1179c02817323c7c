package portfolio

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

// The migration that brought the questions of the self-assessment gives an
// existing installation's default criteria the same questions a new
// installation starts with, on both engines.
func TestSelfQuestionMigrationMatchesTheDefaults(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../db/migrations/00015_selfassessment_texts.sql")
	if err != nil {
		t.Fatal(err)
	}
	up, _, _ := strings.Cut(string(b), "-- +goose Down")
	var updates []string
	for _, stmt := range strings.Split(up, ";") {
		if i := strings.Index(stmt, "UPDATE criteria"); i >= 0 {
			updates = append(updates, stmt[i:])
		}
	}
	if len(updates) != len(defaultCriteria) {
		t.Fatalf("the migration sets the questions of %d criteria, want the %d defaults", len(updates), len(defaultCriteria))
	}
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewService(d, func() time.Time { return time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC) })
		if err := s.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		// As before the migration: no questions, and one default criterion
		// renamed by its admins, which gets no question of its own and is
		// asked by its name.
		if _, err := d.ExecContext(ctx, `UPDATE criteria SET self_question_de = '', self_question_en = ''`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `UPDATE criteria SET name_en = 'Timing of the partner' WHERE slug = 'timing'`); err != nil {
			t.Fatal(err)
		}
		for _, u := range updates {
			if _, err := d.ExecContext(ctx, u); err != nil {
				t.Fatalf("%s: %v", u, err)
			}
		}
		all, err := s.Criteria(ctx, &auth.Actor{Role: auth.RoleAdmin})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]defaultCriterion{}
		for _, dc := range defaultCriteria {
			want[dc.slug] = dc
		}
		for _, c := range all {
			dc := want[c.Slug]
			if c.Slug == "timing" {
				if c.SelfQuestionDE != "" || c.SelfQuestionEN != "" || c.SelfQuestion("en") != "How would you rate your company on “Timing of the partner”?" {
					t.Errorf("the renamed criterion got questions: %q, %q", c.SelfQuestionDE, c.SelfQuestionEN)
				}
				continue
			}
			if c.SelfQuestionDE != dc.selfQuestionDE || c.SelfQuestionEN != dc.selfQuestionEN || dc.selfQuestionDE == "" {
				t.Errorf("%s: the migration gives %q / %q, a new installation %q / %q", c.Slug, c.SelfQuestionDE, c.SelfQuestionEN, dc.selfQuestionDE, dc.selfQuestionEN)
			}
		}
	})
}
