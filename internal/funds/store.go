package funds

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/partner"
)

const activitySelect = `SELECT x.id, x.org_id, o.legal_name, x.period, x.kind, x.title, x.description, x.planned_on,
	x.expected_leads, x.currency, x.requested_minor, x.approved_minor, x.claimed_minor, x.paid_minor, x.status, x.reason,
	x.paid_on, x.created_by, x.created_at, x.updated_at
	FROM fund_activities x
	JOIN organisations o ON o.id = x.org_id`

func scanActivity(r db.Row) (*Activity, error) {
	x := &Activity{}
	var planned time.Time
	var paid *time.Time
	err := r.Scan(&x.ID, &x.OrgID, &x.OrgName, &x.Period, &x.Kind, &x.Title, &x.Description, &planned,
		&x.ExpectedLeads, &x.Currency, &x.Requested, &x.Approved, &x.Claimed, &x.Paid, &x.Status, &x.Reason,
		db.NullDay(&paid), &x.createdBy, &x.CreatedAt, &x.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	x.PlannedOn = partner.Date{Time: Day(planned)}
	if paid != nil {
		x.PaidOn = partner.Date{Time: Day(*paid)}
	}
	x.CreatedAt, x.UpdatedAt = x.CreatedAt.UTC(), x.UpdatedAt.UTC()
	return x, nil
}

func getActivity(ctx context.Context, q db.Querier, id string) (*Activity, error) {
	return scanActivity(q.QueryRowContext(ctx, activitySelect+` WHERE x.id = $1`, id))
}

// Filter narrows the list of activities; zero fields do not filter.
type Filter struct {
	// OrgID: one partner's activities (always set for partner users).
	OrgID  string
	Status string
	// Period is a quarter or a year.
	Period string
	// reader: staff see the activities of the partners they steer
	// (partner.SteersSQL).
	reader *auth.Actor
}

// listActivities returns the activities matching f, the newest planned
// first; from and to bound the planned day when set.
func listActivities(ctx context.Context, q db.Querier, f Filter, from, to time.Time) ([]*Activity, error) {
	bounded := ""
	if !from.IsZero() {
		bounded = "1"
	}
	args := []any{f.OrgID, f.Status, bounded, from, to}
	steers := "1 = 1"
	if f.reader != nil && f.reader.IsStaff() {
		var sargs []any
		steers, sargs = partner.SteersSQL(f.reader, "x.org_id", len(args)+1)
		args = append(args, sargs...)
	}
	return db.Query(ctx, q, scanActivity, activitySelect+`
		WHERE ($1 = '' OR x.org_id = $1) AND ($2 = '' OR x.status = $2)
		AND ($3 = '' OR (x.planned_on >= $4 AND x.planned_on < $5)) AND `+steers+`
		ORDER BY x.planned_on DESC, x.created_at DESC, x.id`, args...)
}

func insertActivity(ctx context.Context, q db.Querier, x *Activity) error {
	_, err := q.ExecContext(ctx, `INSERT INTO fund_activities (id, org_id, period, kind, title, description, planned_on,
		expected_leads, currency, requested_minor, approved_minor, claimed_minor, paid_minor, status, reason, paid_on,
		created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, 0, 0, $11, '', NULL, $12, $13, $13)`,
		x.ID, x.OrgID, x.Period, x.Kind, x.Title, x.Description, x.PlannedOn.Time, x.ExpectedLeads, x.Currency,
		x.Requested, x.Status, x.createdBy, x.CreatedAt)
	return err
}

// moveActivity saves the decision, claim or payment of x, provided the
// activity is still in the state from; false when it is not (any more).
func moveActivity(ctx context.Context, q db.Querier, x *Activity, from string) (bool, error) {
	var paid any
	if !x.PaidOn.IsZero() {
		paid = x.PaidOn.Time
	}
	res, err := q.ExecContext(ctx, `UPDATE fund_activities SET status = $1, approved_minor = $2, claimed_minor = $3,
		paid_minor = $4, reason = $5, paid_on = $6, updated_at = $7 WHERE id = $8 AND status = $9`,
		x.Status, x.Approved, x.Claimed, x.Paid, x.Reason, paid, x.UpdatedAt, x.ID, from)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// countWaiting counts the requests and claims waiting for staff.
func countWaiting(ctx context.Context, q db.Querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM fund_activities WHERE status IN ('requested', 'claimed')`).Scan(&n)
	return n, err
}

// budgets returns the budgets of the quarter with what its activities draw
// on them, per organisation ("" for all); an organisation with activities
// and no budget has a budget of 0.
func budgets(ctx context.Context, q db.Querier, period, org string) (map[string]*Budget, error) {
	out := map[string]*Budget{}
	rows, err := q.QueryContext(ctx, `SELECT b.org_id, o.legal_name, b.amount_minor, b.currency FROM fund_budgets b
		JOIN organisations o ON o.id = b.org_id WHERE b.period = $1 AND ($2 = '' OR b.org_id = $2)`, period, org)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		b := &Budget{Period: period}
		if err := rows.Scan(&b.OrgID, &b.OrgName, &b.Amount, &b.Currency); err != nil {
			return nil, err
		}
		b.Remaining = b.Amount
		out[b.OrgID] = b
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sums, err := db.Query(ctx, q, func(r db.Row) (*Activity, error) {
		x := &Activity{}
		return x, r.Scan(&x.OrgID, &x.OrgName, &x.Status, &x.Requested, &x.Approved, &x.Claimed, &x.Paid)
	}, `SELECT x.org_id, o.legal_name, x.status, SUM(x.requested_minor), SUM(x.approved_minor), SUM(x.claimed_minor), SUM(x.paid_minor)
		FROM fund_activities x JOIN organisations o ON o.id = x.org_id
		WHERE x.period = $1 AND ($2 = '' OR x.org_id = $2) GROUP BY x.org_id, o.legal_name, x.status`, period, org)
	if err != nil {
		return nil, err
	}
	for _, x := range sums {
		b := out[x.OrgID]
		if b == nil {
			b = &Budget{OrgID: x.OrgID, OrgName: x.OrgName, Period: period, Currency: Currency}
			out[x.OrgID] = b
		}
		b.add(x)
	}
	return out, nil
}

func saveBudget(ctx context.Context, q db.Querier, b *Budget, by string, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO fund_budgets (org_id, period, amount_minor, currency, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (org_id, period) DO UPDATE SET amount_minor = $3, currency = $4, updated_by = $5, updated_at = $6`,
		b.OrgID, b.Period, b.Amount, b.Currency, by, now)
	return err
}

// orgName returns the name of a partner organisation; apperr.ErrNotFound
// for none.
func orgName(ctx context.Context, q db.Querier, id string) (string, error) {
	var name string
	err := q.QueryRowContext(ctx, `SELECT legal_name FROM organisations WHERE id = $1 AND kind = 'partner' AND deleted_at IS NULL`, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.ErrNotFound
	}
	return name, err
}

// orgNames returns the names of all organisations by id.
func orgNames(ctx context.Context, q db.Querier) (map[string]string, error) {
	out := map[string]string{}
	rows, err := q.QueryContext(ctx, `SELECT id, legal_name FROM organisations WHERE deleted_at IS NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

func scanFile(r db.Row) (*File, error) {
	f := &File{}
	err := r.Scan(&f.ID, &f.ActivityID, &f.Name, &f.ContentType, &f.Size, &f.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	f.CreatedAt = f.CreatedAt.UTC()
	return f, err
}

func listFiles(ctx context.Context, q db.Querier, activity string) ([]*File, error) {
	return db.Query(ctx, q, scanFile, `SELECT id, activity_id, name, content_type, size, created_at FROM fund_files
		WHERE activity_id = $1 ORDER BY created_at, id`, activity)
}

// fileContent returns a file with its content.
func fileContent(ctx context.Context, q db.Querier, id string) (*File, []byte, error) {
	f := &File{}
	var content []byte
	err := q.QueryRowContext(ctx, `SELECT id, activity_id, name, content_type, size, created_at, content FROM fund_files WHERE id = $1`, id).
		Scan(&f.ID, &f.ActivityID, &f.Name, &f.ContentType, &f.Size, &f.CreatedAt, &content)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, apperr.ErrNotFound
	}
	return f, content, err
}

func insertFile(ctx context.Context, q db.Querier, f *File, content []byte, by string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO fund_files (id, activity_id, name, content_type, size, content, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, f.ID, f.ActivityID, f.Name, f.ContentType, f.Size, content, by, f.CreatedAt)
	return err
}

func listLinks(ctx context.Context, q db.Querier, activity string) ([]*Link, error) {
	return db.Query(ctx, q, func(r db.Row) (*Link, error) {
		l := &Link{}
		return l, r.Scan(&l.Kind, &l.RefID, &l.Label)
	}, `SELECT kind, ref_id, label FROM fund_links WHERE activity_id = $1 ORDER BY kind, label, ref_id`, activity)
}

// insertLink links the activity; false when it was linked already.
func insertLink(ctx context.Context, q db.Querier, activity string, l *Link, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO fund_links (activity_id, kind, ref_id, label, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (activity_id, kind, ref_id) DO NOTHING`, activity, l.Kind, l.RefID, l.Label, now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func deleteLink(ctx context.Context, q db.Querier, activity, kind, ref string) (bool, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM fund_links WHERE activity_id = $1 AND kind = $2 AND ref_id = $3`, activity, kind, ref)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// orgLinks returns the links of an organisation's paid activities with
// the amount paid, by activity.
func orgLinks(ctx context.Context, q db.Querier, org string) (map[string][]*Link, error) {
	out := map[string][]*Link{}
	rows, err := q.QueryContext(ctx, `SELECT l.activity_id, l.kind, l.ref_id, l.label FROM fund_links l
		JOIN fund_activities x ON x.id = l.activity_id WHERE x.org_id = $1 AND x.status = 'paid' ORDER BY l.activity_id, l.kind, l.ref_id`, org)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		l := &Link{}
		if err := rows.Scan(&id, &l.Kind, &l.RefID, &l.Label); err != nil {
			return nil, err
		}
		out[id] = append(out[id], l)
	}
	return out, rows.Err()
}

// paidPerOrg returns the funds paid in [from, to) per organisation, in
// minor units of Currency.
func paidPerOrg(ctx context.Context, q db.Querier, from, to time.Time) (map[string]int64, error) {
	out := map[string]int64{}
	rows, err := q.QueryContext(ctx, `SELECT org_id, SUM(paid_minor) FROM fund_activities
		WHERE status = 'paid' AND currency = $1 AND paid_on >= $2 AND paid_on < $3 GROUP BY org_id`, Currency, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var org string
		var paid int64
		if err := rows.Scan(&org, &paid); err != nil {
			return nil, err
		}
		out[org] = paid
	}
	return out, rows.Err()
}

// seedBench writes a partner with a budget, a paid activity and an open one
// straight into the database, for the benchmark of the money view at
// scale (see bench_test.go); the i-th partner gets amounts that vary.
func seedBench(ctx context.Context, q db.Querier, org string, i int, now time.Time) error {
	seq, err := db.Bump(ctx, q, db.Organisations)
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO organisations (id, legal_name, kind, status, published, created_at, updated_at, seq)
		VALUES ($1, $2, 'partner', 'active', TRUE, $3, $3, $4)`, org, "Partner "+strconv.Itoa(i)+" GmbH", now, seq); err != nil {
		return err
	}
	period := QuarterOf(now)
	if err := saveBudget(ctx, q, &Budget{OrgID: org, Period: period, Amount: 2_000_000, Currency: Currency}, "", now); err != nil {
		return err
	}
	paid := int64(100_000 + i%13*50_000)
	day := Day(now).AddDate(0, 0, -(i % 60))
	for j, status := range []string{StatusPaid, StatusApproved} {
		x := &Activity{ID: db.NewID(), OrgID: org, Period: period, Kind: KindEvent, Title: "Aktion " + strconv.Itoa(j), PlannedOn: partner.Date{Time: day},
			Currency: Currency, Requested: paid, Status: StatusRequested, CreatedAt: now}
		if err := insertActivity(ctx, q, x); err != nil {
			return err
		}
		x.Status, x.Approved, x.Claimed = status, paid, paid
		if status == StatusPaid {
			x.Paid, x.PaidOn = paid, partner.Date{Time: day}
		}
		x.UpdatedAt = now
		if _, err := moveActivity(ctx, q, x, StatusRequested); err != nil {
			return err
		}
	}
	return nil
}
