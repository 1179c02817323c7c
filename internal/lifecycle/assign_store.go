package lifecycle

import (
	"context"
	"database/sql"

	"pakt/internal/db"
)

// activeStaff is the SQL test of a user who may own partners.
const activeStaff = `u.disabled = FALSE AND u.role IN ('admin', 'manager')`

func listManagerRules(ctx context.Context, q db.Querier) ([]ManagerRule, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.kind, r.country, r.region, r.competency_id, r.manager_id, u.name,
		CASE WHEN `+activeStaff+` THEN 1 ELSE 0 END
		FROM manager_rules r JOIN users u ON u.id = r.manager_id ORDER BY r.position, r.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ManagerRule{}
	for rows.Next() {
		var r ManagerRule
		var active int
		if err := rows.Scan(&r.ID, &r.Kind, &r.Country, &r.Region, &r.CompetencyID, &r.ManagerID, &r.ManagerName, &active); err != nil {
			return nil, err
		}
		r.Active = active == 1
		out = append(out, r)
	}
	return out, rows.Err()
}

func listRotation(ctx context.Context, q db.Querier) ([]RotationManager, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.manager_id, u.name, CASE WHEN `+activeStaff+` THEN 1 ELSE 0 END
		FROM manager_rotation m JOIN users u ON u.id = m.manager_id ORDER BY m.position, m.manager_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []RotationManager{}
	for rows.Next() {
		var m RotationManager
		var active int
		if err := rows.Scan(&m.ManagerID, &m.ManagerName, &active); err != nil {
			return nil, err
		}
		m.Active = active == 1
		out = append(out, m)
	}
	return out, rows.Err()
}

// replaceAssignment writes the rules, in their order, and the round robin's
// managers in place of the former ones.
func replaceAssignment(ctx context.Context, tx *sql.Tx, rules []ManagerRule, rotation []RotationManager) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM manager_rules`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM manager_rotation`); err != nil {
		return err
	}
	for i, r := range rules {
		if _, err := tx.ExecContext(ctx, `INSERT INTO manager_rules (id, position, kind, country, region, competency_id, manager_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, r.ID, i, r.Kind, r.Country, r.Region, r.CompetencyID, r.ManagerID); err != nil {
			return err
		}
	}
	for i, m := range rotation {
		if _, err := tx.ExecContext(ctx, `INSERT INTO manager_rotation (manager_id, position) VALUES ($1, $2)`, m.ManagerID, i); err != nil {
			return err
		}
	}
	return nil
}

// nextTurn takes the round robin's turn and moves it on, inside tx: the
// row stays locked until the commit, so two servers never take one turn.
func nextTurn(ctx context.Context, tx *sql.Tx) (int64, error) {
	var turn int64
	err := tx.QueryRowContext(ctx, `UPDATE manager_rotation_turn SET turn = turn + 1 WHERE id = 1 RETURNING turn`).Scan(&turn)
	return turn - 1, err
}

// activeManager reports whether id is a user who may own partners.
func activeManager(ctx context.Context, q db.Querier, id string) (string, bool, error) {
	var name string
	err := q.QueryRowContext(ctx, `SELECT u.name FROM users u WHERE u.id = $1 AND `+activeStaff, id).Scan(&name)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	return name, err == nil, err
}

// wonFacts reads what the assignment rules know of an organisation, with
// its name and its manager.
func wonFacts(ctx context.Context, q db.Querier, orgID string) (name, managerID string, f Facts, err error) {
	var country, region, city string
	err = q.QueryRowContext(ctx, `SELECT legal_name, COALESCE(manager_id, ''), country, region, city FROM organisations WHERE id = $1`, orgID).
		Scan(&name, &managerID, &country, &region, &city)
	if err != nil {
		return "", "", Facts{}, err
	}
	rows, err := q.QueryContext(ctx, `SELECT competency_id FROM organisation_competencies WHERE org_id = $1 ORDER BY competency_id`, orgID)
	if err != nil {
		return "", "", Facts{}, err
	}
	defer rows.Close()
	var comps []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return "", "", Facts{}, err
		}
		comps = append(comps, c)
	}
	return name, managerID, FactsOf(country, region, city, comps), rows.Err()
}
