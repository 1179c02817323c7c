package steering

import (
	"context"

	"pakt/internal/db"
)

// The reads of the team view and of the evidence of a C-level meeting.

// teamManagers returns the partner managers, and the admins responsible for
// a partner, who are not disabled.
func teamManagers(ctx context.Context, q db.Querier) ([]Manager, error) {
	return db.Query(ctx, q, func(r db.Row) (Manager, error) {
		var m Manager
		return m, r.Scan(&m.ID, &m.Name)
	}, `SELECT u.id, u.name FROM users u WHERE u.disabled = FALSE AND (u.role = 'manager' OR (u.role = 'admin'
		AND EXISTS (SELECT 1 FROM organisations o WHERE o.manager_id = u.id AND o.deleted_at IS NULL))) ORDER BY u.name, u.id`)
}

// partnerSQL is the condition on organisations o of the partners the team
// view counts: not the owner, not a prospect, not ended, not deleted.
const partnerSQL = `o.deleted_at IS NULL AND o.kind <> 'owner' AND o.kind <> 'prospect' AND o.status <> 'ended'`

// teamPerManager sums the partners' activities of the quarters [from, to]
// per responsible manager ("" for none) and quarter.
func teamPerManager(ctx context.Context, q db.Querier, from, to string) (map[string]map[string]Tally, error) {
	rows, err := q.QueryContext(ctx, `SELECT COALESCE(o.manager_id, ''), t.quarter, SUM(t.activities), SUM(t.personal), SUM(t.c_level), SUM(t.proactive), SUM(t.minutes)
		FROM activity_quarters t JOIN organisations o ON o.id = t.org_id
		WHERE t.quarter >= $1 AND t.quarter <= $2 AND `+partnerSQL+`
		GROUP BY COALESCE(o.manager_id, ''), t.quarter`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]Tally{}
	for rows.Next() {
		var manager, quarter string
		var t Tally
		if err := rows.Scan(&manager, &quarter, &t.Activities, &t.Personal, &t.CLevel, &t.Proactive, &t.Minutes); err != nil {
			return nil, err
		}
		if out[manager] == nil {
			out[manager] = map[string]Tally{}
		}
		out[manager][quarter] = t
	}
	return out, rows.Err()
}

// teamPerOrg sums each organisation's activities and minutes of the
// quarters [from, to].
func teamPerOrg(ctx context.Context, q db.Querier, from, to string) (map[string]Tally, error) {
	rows, err := q.QueryContext(ctx, `SELECT org_id, SUM(activities), SUM(minutes) FROM activity_quarters
		WHERE quarter >= $1 AND quarter <= $2 GROUP BY org_id`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]Tally{}
	for rows.Next() {
		var org string
		var t Tally
		if err := rows.Scan(&org, &t.Activities, &t.Minutes); err != nil {
			return nil, err
		}
		out[org] = t
	}
	return out, rows.Err()
}

// metCLevel reports whether a personal activity of the organisation
// included a contact flagged C-level now.
func metCLevel(ctx context.Context, q db.Querier, orgID string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM activities a
		WHERE a.org_id = $1 AND a.personal = TRUE AND EXISTS (SELECT 1 FROM activity_contacts ac
			JOIN contacts c ON c.id = ac.contact_id WHERE ac.activity_id = a.id AND c.c_level = TRUE)`, orgID).Scan(&n)
	return n > 0, err
}
