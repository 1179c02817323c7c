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

// teamTallies reads the activities per organisation and quarter of the
// quarters [from, to].
func teamTallies(ctx context.Context, q db.Querier, from, to string) ([]OrgTally, error) {
	return db.Query(ctx, q, func(r db.Row) (OrgTally, error) {
		var t OrgTally
		return t, r.Scan(&t.OrgID, &t.Quarter, &t.Activities, &t.Personal, &t.CLevel, &t.Proactive, &t.Minutes)
	}, `SELECT org_id, quarter, activities, personal, c_level, proactive, minutes FROM activity_quarters
		WHERE quarter >= $1 AND quarter <= $2`, from, to)
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
