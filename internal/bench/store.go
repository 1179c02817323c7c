package bench

import (
	"context"

	"pakt/internal/db"
)

// countOrganisations returns the number of organisations not deleted.
func countOrganisations(ctx context.Context, q db.Querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM organisations WHERE deleted_at IS NULL`).Scan(&n)
	return n, err
}

// organisationsThere returns how many of the organisations ids are in the
// database and not deleted.
func organisationsThere(ctx context.Context, q db.Querier, ids []string) (int, error) {
	n := 0
	for at := 0; at < len(ids); at += 500 {
		var args []any
		in := db.In(&args, ids[at:min(at+500, len(ids))])
		var part int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM organisations WHERE deleted_at IS NULL AND id IN (`+in+`)`, args...).Scan(&part); err != nil {
			return 0, err
		}
		n += part
	}
	return n, nil
}
