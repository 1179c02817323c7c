package cosell

import (
	"context"
	"time"

	"pakt/internal/db"
)

func firstWins(ctx context.Context, q db.Querier) (map[string]time.Time, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.org_id, d.closed_at FROM deals d
		JOIN deal_parties p ON p.deal_id = d.id AND p.status = 'accepted'
		WHERE d.status = 'won' AND d.closed_at IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var org string
		var at time.Time
		if err := rows.Scan(&org, &at); err != nil {
			return nil, err
		}
		if first, ok := out[org]; !ok || at.Before(first) {
			out[org] = at.UTC()
		}
	}
	return out, rows.Err()
}
