package steering

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/db"
)

const activityColumns = `id, org_id, kind, held_on, participants, notes, minutes, personal, initiated_by, c_level, created_by, created_at`

func scanActivity(row interface{ Scan(...any) error }) (*Activity, error) {
	a := Activity{ContactIDs: []string{}}
	err := row.Scan(&a.ID, &a.OrgID, &a.Kind, &a.On, &a.Participants, &a.Notes, &a.Minutes, &a.Personal, &a.InitiatedBy, &a.CLevel, &a.CreatedBy, &a.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	a.On, a.CreatedAt = day(a.On), a.CreatedAt.UTC()
	return &a, nil
}

func listActivities(ctx context.Context, q db.Querier, orgID string) ([]*Activity, error) {
	acts, err := db.Query(ctx, q, scanActivity, `SELECT `+activityColumns+` FROM activities WHERE org_id = $1 ORDER BY held_on DESC, created_at DESC, id`, orgID)
	if err != nil {
		return nil, err
	}
	return acts, withContacts(ctx, q, acts, `SELECT ac.activity_id, ac.contact_id FROM activity_contacts ac
		JOIN activities a ON a.id = ac.activity_id WHERE a.org_id = $1 ORDER BY ac.activity_id, ac.contact_id`, orgID)
}

func getActivity(ctx context.Context, q db.Querier, orgID, id string) (*Activity, error) {
	a, err := scanActivity(q.QueryRowContext(ctx, `SELECT `+activityColumns+` FROM activities WHERE id = $1 AND org_id = $2`, id, orgID))
	if err != nil {
		return nil, err
	}
	return a, withContacts(ctx, q, []*Activity{a}, `SELECT activity_id, contact_id FROM activity_contacts WHERE activity_id = $1 ORDER BY contact_id`, id)
}

// withContacts fills in the activities' contacts from query's pairs of
// activity and contact.
func withContacts(ctx context.Context, q db.Querier, acts []*Activity, query string, args ...any) error {
	byID := make(map[string]*Activity, len(acts))
	for _, a := range acts {
		byID[a.ID] = a
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var act, contact string
		if err := rows.Scan(&act, &contact); err != nil {
			return err
		}
		if a := byID[act]; a != nil {
			a.ContactIDs = append(a.ContactIDs, contact)
		}
	}
	return rows.Err()
}

// orgContacts returns the ids of an organisation's contacts, each with
// whether it is flagged C-level.
func orgContacts(ctx context.Context, q db.Querier, orgID string) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, c_level FROM contacts WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		var c bool
		if err := rows.Scan(&id, &c); err != nil {
			return nil, err
		}
		out[id] = c
	}
	return out, rows.Err()
}

// contactRef is a contact of an organisation and its C-level flag.
type contactRef struct {
	id     string
	cLevel bool
}

// contactsByName lists an organisation's contacts in the order of their
// names.
func contactsByName(ctx context.Context, q db.Querier, orgID string) ([]contactRef, error) {
	return db.Query(ctx, q, func(r db.Row) (contactRef, error) {
		var c contactRef
		return c, r.Scan(&c.id, &c.cLevel)
	}, `SELECT id, c_level FROM contacts WHERE org_id = $1 ORDER BY name, id`, orgID)
}

func insertActivity(ctx context.Context, q db.Querier, a *Activity) error {
	if err := countActivityChange(ctx, q); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO activities (`+activityColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		a.ID, a.OrgID, a.Kind, a.On, a.Participants, a.Notes, a.Minutes, a.Personal, a.InitiatedBy, a.CLevel, a.CreatedBy, a.CreatedAt)
	if err != nil {
		return err
	}
	for _, c := range a.ContactIDs {
		if _, err := q.ExecContext(ctx, `INSERT INTO activity_contacts (activity_id, contact_id) VALUES ($1, $2)`, a.ID, c); err != nil {
			return err
		}
	}
	return addTally(ctx, q, a.OrgID, quarterOf(a.On), tallyOf(a, 1))
}

func deleteActivity(ctx context.Context, q db.Querier, a *Activity) error {
	if err := countActivityChange(ctx, q); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM activities WHERE id = $1`, a.ID); err != nil {
		return err
	}
	return addTally(ctx, q, a.OrgID, quarterOf(a.On), tallyOf(a, -1))
}

// addTally adds t to the organisation's activities of the quarter.
func addTally(ctx context.Context, q db.Querier, orgID, quarter string, t Tally) error {
	_, err := q.ExecContext(ctx, `INSERT INTO activity_quarters (org_id, quarter, activities, personal, c_level, proactive, minutes)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (org_id, quarter) DO UPDATE SET activities = activity_quarters.activities + $3, personal = activity_quarters.personal + $4,
			c_level = activity_quarters.c_level + $5, proactive = activity_quarters.proactive + $6, minutes = activity_quarters.minutes + $7`,
		orgID, quarter, t.Activities, t.Personal, t.CLevel, t.Proactive, t.Minutes)
	return err
}

// countTallies counts the rows of activity_quarters.
func countTallies(ctx context.Context, q db.Querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM activity_quarters`).Scan(&n)
	return n, err
}

// anyActivity reports whether any activity was recorded.
func anyActivity(ctx context.Context, q db.Querier) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM activities LIMIT 1) a`).Scan(&n)
	return n > 0, err
}

// rebuildTallies counts every activity anew into activity_quarters: once
// after the migration that added them to a database with activities, and
// after a bulk load.
func rebuildTallies(ctx context.Context, q db.Querier) error {
	acts, err := db.Query(ctx, q, func(r db.Row) (*Activity, error) {
		var a Activity
		return &a, r.Scan(&a.OrgID, &a.On, &a.Minutes, &a.Personal, &a.InitiatedBy, &a.CLevel)
	}, `SELECT org_id, held_on, minutes, personal, initiated_by, c_level FROM activities`)
	if err != nil {
		return err
	}
	type key struct{ org, quarter string }
	sum := map[key]Tally{}
	for _, a := range acts {
		k := key{a.OrgID, quarterOf(a.On)}
		sum[k] = sum[k].Add(tallyOf(a, 1))
	}
	if err := countActivityChange(ctx, q); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM activity_quarters`); err != nil {
		return err
	}
	for k, t := range sum {
		if err := addTally(ctx, q, k.org, k.quarter, t); err != nil {
			return err
		}
	}
	return nil
}

func listCadences(ctx context.Context, q db.Querier) ([]Cadence, error) {
	rows, err := q.QueryContext(ctx, `SELECT scope, value, days FROM cadences ORDER BY scope, value`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Cadence{}
	for rows.Next() {
		var c Cadence
		if err := rows.Scan(&c.Scope, &c.Value, &c.Days); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func countCadences(ctx context.Context, q db.Querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM cadences`).Scan(&n)
	return n, err
}

func replaceCadences(ctx context.Context, q db.Querier, list []Cadence) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM cadences`); err != nil {
		return err
	}
	for _, c := range list {
		if _, err := q.ExecContext(ctx, `INSERT INTO cadences (scope, value, days) VALUES ($1, $2, $3)`, c.Scope, c.Value, c.Days); err != nil {
			return err
		}
	}
	return nil
}

const planColumns = `id, org_id, period, starts_on, ends_on, currency, target_revenue_minor, target_deals, target_certifications,
	actual_revenue_minor, actual_deals, actual_certifications, updated_by, updated_at`

func scanPlan(row interface{ Scan(...any) error }) (*Plan, error) {
	var p Plan
	err := row.Scan(&p.ID, &p.OrgID, &p.Period, &p.From, &p.To, &p.Currency, &p.TargetRevenueMinor, &p.TargetDeals, &p.TargetCertifications,
		&p.ActualRevenueMinor, &p.ActualDeals, &p.ActualCertifications, &p.UpdatedBy, &p.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	p.From, p.To, p.UpdatedAt = day(p.From), day(p.To), p.UpdatedAt.UTC()
	p.Attain()
	return &p, nil
}

func listPlans(ctx context.Context, q db.Querier, orgID string) ([]*Plan, error) {
	return db.Query(ctx, q, scanPlan, `SELECT `+planColumns+` FROM plans WHERE org_id = $1 ORDER BY starts_on DESC, period`, orgID)
}

func getPlan(ctx context.Context, q db.Querier, orgID, period string) (*Plan, error) {
	return scanPlan(q.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans WHERE org_id = $1 AND period = $2`, orgID, period))
}

func insertPlan(ctx context.Context, q db.Querier, p *Plan) error {
	_, err := q.ExecContext(ctx, `INSERT INTO plans (`+planColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		p.ID, p.OrgID, p.Period, p.From, p.To, p.Currency, p.TargetRevenueMinor, p.TargetDeals, p.TargetCertifications,
		p.ActualRevenueMinor, p.ActualDeals, p.ActualCertifications, p.UpdatedBy, p.UpdatedAt)
	return err
}

func updatePlan(ctx context.Context, q db.Querier, p *Plan) error {
	_, err := q.ExecContext(ctx, `UPDATE plans SET currency = $2, target_revenue_minor = $3, target_deals = $4, target_certifications = $5,
		actual_revenue_minor = $6, actual_deals = $7, actual_certifications = $8, updated_by = $9, updated_at = $10 WHERE id = $1`,
		p.ID, p.Currency, p.TargetRevenueMinor, p.TargetDeals, p.TargetCertifications,
		p.ActualRevenueMinor, p.ActualDeals, p.ActualCertifications, p.UpdatedBy, p.UpdatedAt)
	return err
}

// orgExists reports whether the organisation exists and is not deleted.
func orgExists(ctx context.Context, q db.Querier, id string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM organisations WHERE id = $1 AND deleted_at IS NULL`, id).Scan(&n)
	return n > 0, err
}

// contacts reads every partner organisation (not the owner, not a
// prospect, not ended) with its last personal contact, for the overdue
// rule; quadrants are filled in by the caller.
// countActivityChange moves the activities counter inside the change's
// transaction.
func countActivityChange(ctx context.Context, q db.Querier) error {
	_, err := db.Bump(ctx, q, db.Activities)
	return err
}

func contacts(ctx context.Context, q db.Querier) ([]Contact, error) {
	// One look into activities_personal per partner finds its last
	// personal contact; grouping every activity by partner read them all.
	rows, err := q.QueryContext(ctx, `SELECT o.id, o.legal_name, o.tier, COALESCE(o.manager_id, ''), o.created_at,
			(SELECT max(a.held_on) FROM activities a WHERE a.org_id = o.id AND a.personal = TRUE)
		FROM organisations o
		WHERE o.deleted_at IS NULL AND o.kind <> 'owner' AND o.kind <> 'prospect' AND o.status <> 'ended'
		ORDER BY o.legal_name, o.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Contact{}
	for rows.Next() {
		var c Contact
		var last nullTime
		if err := rows.Scan(&c.OrgID, &c.LegalName, &c.Tier, &c.ManagerID, &c.CreatedAt, &last); err != nil {
			return nil, err
		}
		c.CreatedAt, c.LastPersonal = c.CreatedAt.UTC(), last.t
		out = append(out, c)
	}
	return out, rows.Err()
}

// nullTime scans a day that may be NULL; SQLite answers max() of a DATE
// column as text, PostgreSQL as a time.
type nullTime struct{ t time.Time }

func (n *nullTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		n.t = time.Time{}
	case time.Time:
		n.t = day(v)
	case string:
		return n.parse(v)
	case []byte:
		return n.parse(string(v))
	default:
		return errors.New("steering: unexpected day type")
	}
	return nil
}

func (n *nullTime) parse(s string) error {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			n.t = day(t)
			return nil
		}
	}
	if len(s) >= 10 {
		t, err := time.Parse("2006-01-02", s[:10])
		if err != nil {
			return err
		}
		n.t = t
		return nil
	}
	return errors.New("steering: unreadable day " + s)
}
