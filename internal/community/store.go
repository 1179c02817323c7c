package community

import (
	"context"
	"time"

	"pakt/internal/db"
)

func getMode(ctx context.Context, q db.Querier) (string, error) {
	var m string
	err := q.QueryRowContext(ctx, `SELECT mode FROM community_settings WHERE id = 1`).Scan(&m)
	return m, err
}

func saveMode(ctx context.Context, q db.Querier, mode string) error {
	_, err := q.ExecContext(ctx, `UPDATE community_settings SET mode = $1 WHERE id = 1`, mode)
	return err
}

// runningOn is the condition of a membership m that runs on the day $n.
func runningOn(n string) string {
	return "m.starts_on <= " + n + " AND (m.ends_on IS NULL OR m.ends_on >= " + n + ")"
}

// isMember reports whether org holds a membership that runs on day.
func isMember(ctx context.Context, q db.Querier, org string, day time.Time) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM memberships m WHERE m.org_id = $1 AND `+runningOn("$2"), org, day).Scan(&n)
	return n > 0, err
}

const membershipSelect = `SELECT m.id, m.org_id, o.legal_name, m.kind, m.starts_on, m.ends_on, m.created_at
	FROM memberships m JOIN organisations o ON o.id = m.org_id`

func scanMembership(r db.Row) (*Membership, error) {
	var m Membership
	var starts time.Time
	var ends *time.Time
	if err := r.Scan(&m.ID, &m.OrgID, &m.OrgName, &m.Kind, &starts, db.NullDay(&ends), &m.Created); err != nil {
		return nil, err
	}
	m.StartsOn, m.Created = Date{Time: day(starts)}, m.Created.UTC()
	if ends != nil {
		m.EndsOn = &Date{Time: *ends}
	}
	return &m, nil
}

// listMembers returns the memberships that run on day, of organisations
// not deleted.
func listMembers(ctx context.Context, q db.Querier, on time.Time) ([]*Membership, error) {
	return db.Query(ctx, q, scanMembership, membershipSelect+` WHERE o.deleted_at IS NULL AND `+runningOn("$1")+` ORDER BY m.org_id`, on)
}

// memberNames returns the organisations whose membership runs on, with
// their names.
func memberNames(ctx context.Context, q db.Querier, on time.Time) ([]MemberName, error) {
	return db.Query(ctx, q, func(r db.Row) (MemberName, error) {
		var m MemberName
		return m, r.Scan(&m.OrgID, &m.Name)
	}, `SELECT m.org_id, o.legal_name FROM memberships m JOIN organisations o ON o.id = m.org_id
		WHERE o.deleted_at IS NULL AND `+runningOn("$1")+` ORDER BY m.org_id`, on)
}

// orgMemberships returns an organisation's memberships, the latest first.
func orgMemberships(ctx context.Context, q db.Querier, org string) ([]*Membership, error) {
	return db.Query(ctx, q, scanMembership, membershipSelect+` WHERE m.org_id = $1 ORDER BY m.starts_on DESC, m.id`, org)
}

// allMemberships returns every membership of organisations not deleted,
// by start.
func allMemberships(ctx context.Context, q db.Querier) ([]*Membership, error) {
	return db.Query(ctx, q, scanMembership, membershipSelect+` WHERE o.deleted_at IS NULL ORDER BY m.starts_on, m.id`)
}

// overlapping counts org's memberships that run on any day from starts on.
func overlapping(ctx context.Context, q db.Querier, org string, starts time.Time) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM memberships m WHERE m.org_id = $1 AND (m.ends_on IS NULL OR m.ends_on >= $2)`, org, starts).Scan(&n)
	return n, err
}

func insertMembership(ctx context.Context, q db.Querier, m *Membership, by string) error {
	var ends any
	if m.EndsOn != nil {
		ends = m.EndsOn.Time
	}
	_, err := q.ExecContext(ctx, `INSERT INTO memberships (id, org_id, kind, starts_on, ends_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		m.ID, m.OrgID, m.Kind, m.StartsOn.Time, ends, by, m.Created)
	return Changed(ctx, q, err)
}

func setMembershipEnd(ctx context.Context, q db.Querier, id string, ends time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE memberships SET ends_on = $2 WHERE id = $1`, id, ends)
	return Changed(ctx, q, err)
}

// Changed records a change of participation in q's transaction: of a
// membership, a working group's people, meetings or attendances, an
// event's registrations or check-ins. The board's cached participation
// report reloads when it moved (db.Participation). It passes on err, and
// moves nothing after a failed write.
func Changed(ctx context.Context, q db.Querier, err error) error {
	if err != nil {
		return err
	}
	_, err = db.Bump(ctx, q, db.Participation)
	return err
}

// day returns t's calendar day at midnight UTC.
func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
