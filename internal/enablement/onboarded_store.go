package enablement

import (
	"context"

	"pakt/internal/db"
)

// openTasks counts an organisation's onboarding tasks, and those of them
// not yet done.
func openTasks(ctx context.Context, q db.Querier, orgID string) (open, total int, err error) {
	err = q.QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(CASE WHEN done_at IS NULL THEN 1 ELSE 0 END), 0)
		FROM onboarding_tasks WHERE org_id = $1`, orgID).Scan(&total, &open)
	return open, total, err
}

// orgStatus is an organisation's lifecycle status.
func orgStatus(ctx context.Context, q db.Querier, orgID string) (string, error) {
	var status string
	err := q.QueryRowContext(ctx, `SELECT status FROM organisations WHERE id = $1 AND deleted_at IS NULL`, orgID).Scan(&status)
	return status, notFound(err)
}
