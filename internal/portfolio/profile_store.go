package portfolio

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"pakt/internal/apperr"
	"pakt/internal/db"
)

const profileColumns = `id, slug, name_de, name_en, can_threshold, will_threshold, public, archived, created_at, updated_at`

func scanProfile(row interface{ Scan(...any) error }) (*Profile, error) {
	var p Profile
	err := row.Scan(&p.ID, &p.Slug, &p.NameDE, &p.NameEN, &p.CanThreshold, &p.WillThreshold, &p.Public, &p.Archived, &p.CreatedAt, &p.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	p.Default = p.ID == DefaultProfile
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, nil
}

// withWeights fills the profiles' weights: every criterion's, the
// criterion's own unless the profile has its own.
func withWeights(ctx context.Context, q db.Querier, profiles ...*Profile) error {
	criteria, err := listCriteria(ctx, q)
	if err != nil {
		return err
	}
	own := map[string]map[string]int{}
	rows, err := q.QueryContext(ctx, `SELECT profile_id, criterion_id, weight FROM ideal_profile_weights`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var pid, cid string
		var w int
		if err := rows.Scan(&pid, &cid, &w); err != nil {
			return err
		}
		if own[pid] == nil {
			own[pid] = map[string]int{}
		}
		own[pid][cid] = w
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range profiles {
		p.Weights = make(map[string]int, len(criteria))
		for _, c := range criteria {
			p.Weights[c.ID] = WeightOf(c, own[p.ID])
		}
	}
	return nil
}

// listProfiles returns every profile with its weights, the default first,
// then by English name.
func listProfiles(ctx context.Context, q db.Querier) ([]*Profile, error) {
	out, err := db.Query(ctx, q, scanProfile, `SELECT `+profileColumns+` FROM ideal_profiles`)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(x, y *Profile) int {
		if x.Default != y.Default {
			if x.Default {
				return -1
			}
			return 1
		}
		return cmp.Or(strings.Compare(x.NameEN, y.NameEN), strings.Compare(x.ID, y.ID))
	})
	return out, withWeights(ctx, q, out...)
}

func getProfile(ctx context.Context, q db.Querier, id string) (*Profile, error) {
	p, err := scanProfile(q.QueryRowContext(ctx, `SELECT `+profileColumns+` FROM ideal_profiles WHERE id = $1`, id))
	if err != nil {
		return nil, err
	}
	return p, withWeights(ctx, q, p)
}

func profileBySlug(ctx context.Context, q db.Querier, slug string) (*Profile, error) {
	p, err := scanProfile(q.QueryRowContext(ctx, `SELECT `+profileColumns+` FROM ideal_profiles WHERE slug = $1`, slug))
	if err != nil {
		return nil, err
	}
	return p, withWeights(ctx, q, p)
}

// saveProfile writes a profile and its weights. The default profile's
// weights are the criteria's own; another's are all its own, so that a
// later change of a criterion's weight leaves the profile as it was.
func saveProfile(ctx context.Context, q db.Querier, p *Profile, creating bool, criteria []*Criterion) error {
	var err error
	if creating {
		_, err = q.ExecContext(ctx, `INSERT INTO ideal_profiles (`+profileColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			p.ID, p.Slug, p.NameDE, p.NameEN, p.CanThreshold, p.WillThreshold, p.Public, p.Archived, p.CreatedAt, p.UpdatedAt)
	} else {
		_, err = q.ExecContext(ctx, `UPDATE ideal_profiles SET slug = $2, name_de = $3, name_en = $4, can_threshold = $5, will_threshold = $6,
			public = $7, archived = $8, updated_at = $9 WHERE id = $1`,
			p.ID, p.Slug, p.NameDE, p.NameEN, p.CanThreshold, p.WillThreshold, p.Public, p.Archived, p.UpdatedAt)
	}
	if err != nil {
		return err
	}
	for _, c := range criteria {
		w := p.Weights[c.ID]
		switch {
		case p.Default && w != c.Weight:
			_, err = q.ExecContext(ctx, `UPDATE criteria SET weight = $2, updated_at = $3 WHERE id = $1`, c.ID, w, p.UpdatedAt)
		case p.Default:
		default:
			_, err = q.ExecContext(ctx, `INSERT INTO ideal_profile_weights (profile_id, criterion_id, weight) VALUES ($1, $2, $3)
				ON CONFLICT (profile_id, criterion_id) DO UPDATE SET weight = excluded.weight`, p.ID, c.ID, w)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
