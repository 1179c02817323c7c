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
