package lifecycle

import (
	"context"
	"database/sql"
	"errors"

	"pakt/internal/db"
)

// loadGates reads the programme's stage gates.
func loadGates(ctx context.Context, q db.Querier) (*Gates, error) {
	g := &Gates{Stages: map[string][]string{}, BreakEvenMonths: DefaultBreakEvenMonths}
	err := q.QueryRowContext(ctx, `SELECT break_even_months FROM pipeline_settings WHERE id = 1`).Scan(&g.BreakEvenMonths)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT stage, evidence FROM stage_gates`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var stage, evidence string
		if err := rows.Scan(&stage, &evidence); err != nil {
			return nil, err
		}
		g.Stages[stage] = append(g.Stages[stage], evidence)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	g.normalise()
	return g, nil
}

// saveGates replaces the programme's stage gates.
func saveGates(ctx context.Context, tx *sql.Tx, g *Gates) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM stage_gates`); err != nil {
		return err
	}
	for _, st := range GatedStages {
		for _, e := range g.Stages[st] {
			if _, err := tx.ExecContext(ctx, `INSERT INTO stage_gates (stage, evidence) VALUES ($1, $2)`, st, e); err != nil {
				return err
			}
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO pipeline_settings (id, break_even_months) VALUES (1, $1)
		ON CONFLICT (id) DO UPDATE SET break_even_months = $1`, g.BreakEvenMonths)
	return err
}
