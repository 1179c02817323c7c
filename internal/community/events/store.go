package events

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/community"
	"pakt/internal/db"
)

const eventSelect = `SELECT e.id, e.kind, e.title, e.description, e.starts_at, e.ends_at, e.place, e.online_url, e.capacity, e.public,
	e.cancelled_at, e.sequence, e.created_at, e.updated_at,
	(SELECT count(*) FROM community_event_registrations r WHERE r.event_id = e.id AND r.status = 'confirmed'),
	(SELECT count(*) FROM community_event_registrations r WHERE r.event_id = e.id AND r.status = 'waiting')
	FROM community_events e`

func scanEvent(r db.Row) (*Event, error) {
	var e Event
	if err := r.Scan(&e.ID, &e.Kind, &e.Title, &e.Description, &e.Starts, &e.Ends, &e.Place, &e.OnlineURL, &e.Capacity, &e.Public,
		db.NullTime(&e.Cancelled), &e.Sequence, &e.Created, &e.Updated, &e.Confirmed, &e.Waiting); err != nil {
		return nil, err
	}
	e.Starts, e.Ends, e.Created, e.Updated = e.Starts.UTC(), e.Ends.UTC(), e.Created.UTC(), e.Updated.UTC()
	return &e, nil
}

// listEvents returns every event, the latest start first.
func listEvents(ctx context.Context, q db.Querier) ([]*Event, error) {
	return db.Query(ctx, q, scanEvent, eventSelect+` ORDER BY e.starts_at DESC, e.id`)
}

// getEvent returns an event, apperr.ErrNotFound when there is none.
func getEvent(ctx context.Context, q db.Querier, id string) (*Event, error) {
	e, err := scanEvent(q.QueryRowContext(ctx, eventSelect+` WHERE e.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	return e, err
}

// lockEvent takes the event's row for the rest of the transaction q: every
// change of its registrations starts with it, so that on PostgreSQL two
// of them wait for each other and never hand out the same free place (on
// SQLite the writer is one already). apperr.ErrNotFound: no such event.
func lockEvent(ctx context.Context, q db.Querier, id string) error {
	res, err := q.ExecContext(ctx, `UPDATE community_events SET lock_seq = lock_seq + 1 WHERE id = $1`, id)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err == nil && n == 0 {
		err = apperr.ErrNotFound
	}
	return err
}

func insertEvent(ctx context.Context, q db.Querier, e *Event, by string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO community_events (id, kind, title, description, starts_at, ends_at, place, online_url, capacity, public,
		sequence, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		e.ID, e.Kind, e.Title, e.Description, e.Starts, e.Ends, e.Place, e.OnlineURL, e.Capacity, e.Public, e.Sequence, by, e.Created, e.Updated)
	return err
}

func updateEvent(ctx context.Context, q db.Querier, e *Event) error {
	_, err := q.ExecContext(ctx, `UPDATE community_events SET kind = $2, title = $3, description = $4, starts_at = $5, ends_at = $6, place = $7,
		online_url = $8, capacity = $9, public = $10, cancelled_at = $11, sequence = $12, updated_at = $13 WHERE id = $1`,
		e.ID, e.Kind, e.Title, e.Description, e.Starts, e.Ends, e.Place, e.OnlineURL, e.Capacity, e.Public, db.TimeArg(e.Cancelled), e.Sequence, e.Updated)
	return community.Changed(ctx, q, err)
}

const registrationSelect = `SELECT r.id, r.event_id, r.user_id, u.name, r.org_id, o.legal_name, r.status, r.visible, r.attended, r.requested_at, r.updated_at
	FROM community_event_registrations r JOIN users u ON u.id = r.user_id JOIN organisations o ON o.id = r.org_id`

func scanRegistration(row db.Row) (*Registration, error) {
	var r Registration
	if err := row.Scan(&r.ID, &r.EventID, &r.UserID, &r.UserName, &r.OrgID, &r.OrgName, &r.Status, &r.Visible, &r.Attended, &r.Requested, &r.Updated); err != nil {
		return nil, err
	}
	r.Requested, r.Updated = r.Requested.UTC(), r.Updated.UTC()
	return &r, nil
}

// registrations returns an event's registrations, cancelled ones too.
func registrations(ctx context.Context, q db.Querier, eventID string) ([]*Registration, error) {
	return db.Query(ctx, q, scanRegistration, registrationSelect+` WHERE r.event_id = $1 ORDER BY r.requested_at, r.id`, eventID)
}

// userRegistrations returns a person's registrations per event.
func userRegistrations(ctx context.Context, q db.Querier, userID string) (map[string]*Registration, error) {
	list, err := db.Query(ctx, q, scanRegistration, registrationSelect+` WHERE r.user_id = $1`, userID)
	out := make(map[string]*Registration, len(list))
	for _, r := range list {
		out[r.EventID] = r
	}
	return out, err
}

func insertRegistration(ctx context.Context, q db.Querier, r *Registration) error {
	_, err := q.ExecContext(ctx, `INSERT INTO community_event_registrations (id, event_id, user_id, org_id, status, visible, attended, requested_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, r.ID, r.EventID, r.UserID, r.OrgID, r.Status, r.Visible, r.Attended, r.Requested, r.Updated)
	return community.Changed(ctx, q, err)
}

func updateRegistration(ctx context.Context, q db.Querier, r *Registration) error {
	_, err := q.ExecContext(ctx, `UPDATE community_event_registrations SET org_id = $2, status = $3, visible = $4, attended = $5, requested_at = $6, updated_at = $7
		WHERE id = $1`, r.ID, r.OrgID, r.Status, r.Visible, r.Attended, r.Requested, r.Updated)
	return community.Changed(ctx, q, err)
}

// attendances returns the organisations that came to events not cancelled
// that started from from until before to, once per organisation and event.
func attendances(ctx context.Context, q db.Querier, from, to time.Time) ([]community.Attendance, error) {
	return db.Query(ctx, q, func(row db.Row) (community.Attendance, error) {
		var a community.Attendance
		var id string
		err := row.Scan(&a.OrgID, &id, &a.On)
		a.Where, a.On = "event:"+id, a.On.UTC()
		return a, err
	}, `SELECT DISTINCT r.org_id, e.id, e.starts_at FROM community_event_registrations r JOIN community_events e ON e.id = r.event_id
		WHERE r.attended = TRUE AND e.cancelled_at IS NULL AND e.starts_at >= $1 AND e.starts_at < $2 ORDER BY e.starts_at, e.id, r.org_id`, from, to)
}
