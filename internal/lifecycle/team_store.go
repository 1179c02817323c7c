package lifecycle

import (
	"context"

	"pakt/internal/db"
)

func prospectsPerOwner(ctx context.Context, q db.Querier) (map[string]map[string]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.owner_id, p.stage, count(*) FROM prospects p
		JOIN organisations o ON o.id = p.org_id WHERE o.deleted_at IS NULL GROUP BY p.owner_id, p.stage`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var owner, stage string
		var n int
		if err := rows.Scan(&owner, &stage, &n); err != nil {
			return nil, err
		}
		if out[owner] == nil {
			out[owner] = map[string]int{}
		}
		out[owner][stage] = n
	}
	return out, rows.Err()
}
