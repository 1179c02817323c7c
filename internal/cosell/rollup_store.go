package cosell

import (
	"context"
	"time"

	"pakt/internal/db"
)

// wonPerOrg counts per party the deals won in [from, to) in currency and
// their value by its accepted share, as planFigures does for one.
func wonPerOrg(ctx context.Context, q db.Querier, from, to time.Time, currency string) (map[string]PlanFigures, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.org_id, count(*), COALESCE(SUM(d.value_minor * p.split_bp / 10000), 0)
		FROM deals d JOIN deal_parties p ON p.deal_id = d.id AND p.status = 'accepted'
		WHERE d.status = 'won' AND d.currency = $1 AND d.closed_at >= $2 AND d.closed_at < $3
		GROUP BY p.org_id`, currency, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]PlanFigures{}
	for rows.Next() {
		var org string
		var f PlanFigures
		if err := rows.Scan(&org, &f.WonDeals, &f.WonMinor); err != nil {
			return nil, err
		}
		out[org] = f
	}
	return out, rows.Err()
}

// openPerOrg lists per party its share of the open approved deals in
// currency expected to close in [from, to), with their stage.
func openPerOrg(ctx context.Context, q db.Querier, from, to time.Time, currency string) (map[string][]*Deal, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.org_id, d.value_minor * p.split_bp / 10000, d.stage
		FROM deals d JOIN deal_parties p ON p.deal_id = d.id AND p.status = 'accepted'
		WHERE d.status = 'approved' AND d.currency = $1 AND d.expected_close >= $2 AND d.expected_close < $3`, currency, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]*Deal{}
	for rows.Next() {
		var org string
		d := &Deal{Status: StatusApproved}
		if err := rows.Scan(&org, &d.ValueMinor, &d.Stage); err != nil {
			return nil, err
		}
		out[org] = append(out[org], d)
	}
	return out, rows.Err()
}
