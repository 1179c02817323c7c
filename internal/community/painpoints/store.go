package painpoints

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/db"
)

const pointColumns = `p.id, p.title, p.description, p.topic, p.area, p.status, p.reason, p.answer, p.answered_at,
	COALESCE(p.merged_into, ''), p.support, p.org_id, o.legal_name, p.submitted_by, p.created_at, p.updated_at`

// scanPoint reads a point of pointColumns and, when mine is set, the
// caller's organisation's vote (named, at; NULL when it has none).
func scanPoint(r db.Row, mine bool) (*Point, error) {
	var p Point
	var named *bool
	var at *time.Time
	dest := []any{&p.ID, &p.Title, &p.Description, &p.Topic, &p.Area, &p.Status, &p.Reason, &p.Answer, db.NullTime(&p.AnsweredAt),
		&p.MergedInto, &p.Support, &p.OrgID, &p.OrgName, &p.SubmittedBy, &p.CreatedAt, &p.UpdatedAt}
	if mine {
		dest = append(dest, &named, db.NullTime(&at))
	}
	if err := r.Scan(dest...); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	if named != nil && at != nil {
		p.Mine = &Supporter{Named: *named, At: at.UTC()}
	}
	return &p, nil
}

// getPoint returns a point with the vote of org (none: "").
func getPoint(ctx context.Context, q db.Querier, id, org string) (*Point, error) {
	p, err := scanPoint(q.QueryRowContext(ctx, `SELECT `+pointColumns+`, v.named, v.created_at
		FROM pain_points p JOIN organisations o ON o.id = p.org_id
		LEFT JOIN pain_point_votes v ON v.point_id = p.id AND v.org_id = $2
		WHERE p.id = $1`, id, org), true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if p != nil && p.Mine != nil {
		p.Mine.OrgID = org
	}
	return p, err
}

// listPoints returns a page of the points in statuses that match f,
// ranked by support, then newest, with org's votes (none: ""). The rank
// reads the indexes on (support, created_at, id): the count of votes is
// kept on the point.
func listPoints(ctx context.Context, q db.Querier, statuses []string, f Filter, org string) (*Page, error) {
	var args []any
	where := ` WHERE ` + statusCond(&args, statuses)
	if f.Status != "" {
		args = append(args, f.Status)
		where += ` AND p.status = $` + strconv.Itoa(len(args))
	}
	if f.Topic != "" {
		args = append(args, f.Topic)
		where += ` AND p.topic = $` + strconv.Itoa(len(args))
	}
	page := &Page{Page: max(1, f.Page), PerPage: PerPage}
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM pain_points p`+where, args...).Scan(&page.Total); err != nil {
		return nil, err
	}
	args = append(args, org, PerPage, (page.Page-1)*PerPage)
	n := len(args)
	items, err := db.Query(ctx, q, func(r db.Row) (*Point, error) { return scanPoint(r, true) },
		`SELECT `+pointColumns+`, v.named, v.created_at
		FROM pain_points p JOIN organisations o ON o.id = p.org_id
		LEFT JOIN pain_point_votes v ON v.point_id = p.id AND v.org_id = $`+strconv.Itoa(n-2)+where+`
		ORDER BY p.support DESC, p.created_at DESC, p.id DESC LIMIT $`+strconv.Itoa(n-1)+` OFFSET $`+strconv.Itoa(n), args...)
	if err != nil {
		return nil, err
	}
	for _, p := range items {
		if p.Mine != nil {
			p.Mine.OrgID = org
		}
	}
	page.Items = items
	return page, nil
}

// statusCond is the condition on the points' statuses: every status but
// merged as an inequality, which leaves the ranked list to the index
// pain_points_rank (read backwards, stopping after a page; an IN of every
// status would read and sort the whole table), else the set asked.
func statusCond(args *[]any, statuses []string) string {
	if len(statuses) == len(Statuses) && !slices.Contains(statuses, StatusMerged) {
		*args = append(*args, StatusMerged)
		return "p.status <> $" + strconv.Itoa(len(*args))
	}
	return "p.status IN (" + db.In(args, statuses) + ")"
}

func insertPoint(ctx context.Context, q db.Querier, p *Point) error {
	_, err := q.ExecContext(ctx, `INSERT INTO pain_points (id, org_id, submitted_by, title, description, topic, area, status, support, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9)`,
		p.ID, p.OrgID, p.SubmittedBy, p.Title, p.Description, p.Topic, p.Area, p.Status, p.CreatedAt)
	return err
}

// setStatus saves a point's status, reason, answer and merge.
func setStatus(ctx context.Context, q db.Querier, p *Point) error {
	var merged any
	if p.MergedInto != "" {
		merged = p.MergedInto
	}
	_, err := q.ExecContext(ctx, `UPDATE pain_points SET status = $2, reason = $3, answer = $4, answered_at = $5, merged_into = $6, updated_at = $7 WHERE id = $1`,
		p.ID, p.Status, p.Reason, p.Answer, db.TimeArg(p.AnsweredAt), merged, p.UpdatedAt)
	return err
}

// votes returns a point's votes with the organisations' names, by
// organisation.
func votes(ctx context.Context, q db.Querier, point string) ([]Supporter, error) {
	return db.Query(ctx, q, func(r db.Row) (Supporter, error) {
		var s Supporter
		err := r.Scan(&s.OrgID, &s.OrgName, &s.Named, &s.At)
		s.At = s.At.UTC()
		return s, err
	}, `SELECT v.org_id, o.legal_name, v.named, v.created_at FROM pain_point_votes v JOIN organisations o ON o.id = v.org_id
		WHERE v.point_id = $1 ORDER BY v.org_id`, point)
}

// saveVote adds or changes org's vote and counts the point's votes anew.
func saveVote(ctx context.Context, q db.Querier, point string, s Supporter, by string, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO pain_point_votes (point_id, org_id, named, voted_by, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (point_id, org_id) DO UPDATE SET named = excluded.named`, point, s.OrgID, s.Named, by, s.At)
	if err != nil {
		return err
	}
	return recount(ctx, q, point, now)
}

// deleteVote withdraws org's vote and counts the point's votes anew; it
// reports whether there was one.
func deleteVote(ctx context.Context, q db.Querier, point, org string, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM pain_point_votes WHERE point_id = $1 AND org_id = $2`, point, org)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	return true, recount(ctx, q, point, now)
}

// recount keeps the point's number of supporting organisations.
func recount(ctx context.Context, q db.Querier, point string, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE pain_points SET support = (SELECT count(*) FROM pain_point_votes WHERE point_id = $1), updated_at = $2 WHERE id = $1`, point, now)
	return err
}

// lockPoint takes the point's row for the transaction (a no-op update),
// so that two merges or votes on it run one after the other on
// PostgreSQL too.
func lockPoint(ctx context.Context, q db.Querier, id string) error {
	_, err := q.ExecContext(ctx, `UPDATE pain_points SET support = support WHERE id = $1`, id)
	return err
}

// rankedAll returns the points in statuses ranked as the list ranks
// them, all of them: the report's.
func rankedAll(ctx context.Context, q db.Querier, statuses []string) ([]*Point, error) {
	var args []any
	return db.Query(ctx, q, func(r db.Row) (*Point, error) { return scanPoint(r, false) },
		`SELECT `+pointColumns+` FROM pain_points p JOIN organisations o ON o.id = p.org_id
		WHERE p.status IN (`+db.In(&args, statuses)+`) ORDER BY p.support DESC, p.created_at DESC, p.id DESC`, args...)
}

// namedVotes returns the votes of the points in statuses whose
// organisations agreed to be named, by point.
func namedVotes(ctx context.Context, q db.Querier, statuses []string) (map[string][]Supporter, error) {
	args := []any{true}
	type row struct {
		point string
		s     Supporter
	}
	list, err := db.Query(ctx, q, func(r db.Row) (row, error) {
		var x row
		err := r.Scan(&x.point, &x.s.OrgID, &x.s.OrgName, &x.s.Named, &x.s.At)
		return x, err
	}, `SELECT v.point_id, v.org_id, o.legal_name, v.named, v.created_at FROM pain_point_votes v
		JOIN organisations o ON o.id = v.org_id JOIN pain_points p ON p.id = v.point_id
		WHERE v.named = $1 AND p.status IN (`+db.In(&args, statuses)+`)`, args...)
	out := map[string][]Supporter{}
	for _, x := range list {
		out[x.point] = append(out[x.point], x.s)
	}
	return out, err
}

// mergeable returns the other points of a topic a duplicate may be merged
// into (not merged, not declined), ranked.
func mergeable(ctx context.Context, q db.Querier, topic, except string) ([]*Point, error) {
	return db.Query(ctx, q, func(r db.Row) (*Point, error) { return scanPoint(r, false) },
		`SELECT `+pointColumns+` FROM pain_points p JOIN organisations o ON o.id = p.org_id
		WHERE p.topic = $1 AND p.id <> $2 AND p.status NOT IN ($3, $4) ORDER BY p.support DESC, p.created_at DESC, p.id DESC LIMIT 200`,
		topic, except, StatusMerged, StatusDeclined)
}

// saveMerged carries a vote over to the kept point as MergeVotes made it.
func saveMerged(ctx context.Context, q db.Querier, point string, s Supporter, by string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO pain_point_votes (point_id, org_id, named, voted_by, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (point_id, org_id) DO UPDATE SET named = excluded.named, created_at = excluded.created_at`, point, s.OrgID, s.Named, by, s.At)
	return err
}
