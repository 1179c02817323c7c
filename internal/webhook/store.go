package webhook

import (
	"context"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/db"
)

const endpointColumns = `id, org_id, url, description, events, secret, old_secret, old_secret_until, enabled, disabled_reason, created_at`

func scanEndpoint(r db.Row) (*Endpoint, error) {
	e := &Endpoint{}
	var events string
	if err := r.Scan(&e.ID, &e.OrgID, &e.URL, &e.Description, &events, &e.secret, &e.oldSecret, db.NullTime(&e.OldSecretUntil),
		&e.Enabled, &e.DisabledReason, &e.CreatedAt); err != nil {
		return nil, err
	}
	e.Events = splitEvents(events)
	e.CreatedAt = e.CreatedAt.UTC()
	return e, nil
}

func splitEvents(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

func getEndpoint(ctx context.Context, q db.Querier, id string) (*Endpoint, error) {
	rows, err := db.Query(ctx, q, scanEndpoint, `SELECT `+endpointColumns+` FROM webhook_endpoints WHERE id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, apperr.ErrNotFound
	}
	return rows[0], nil
}

// endpointsOf lists an owner's endpoints by URL.
func endpointsOf(ctx context.Context, q db.Querier, orgID string) ([]*Endpoint, error) {
	return db.Query(ctx, q, scanEndpoint, `SELECT `+endpointColumns+` FROM webhook_endpoints WHERE org_id = $1 ORDER BY url, id`, orgID)
}

func enabledEndpoints(ctx context.Context, q db.Querier) ([]*Endpoint, error) {
	return db.Query(ctx, q, scanEndpoint, `SELECT `+endpointColumns+` FROM webhook_endpoints WHERE enabled ORDER BY id`)
}

func insertEndpoint(ctx context.Context, q db.Querier, e *Endpoint, by string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO webhook_endpoints (id, org_id, url, description, events, secret, enabled, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		e.ID, e.OrgID, e.URL, e.Description, strings.Join(e.Events, ","), e.secret, e.Enabled, e.CreatedAt, by)
	return err
}

func updateEndpoint(ctx context.Context, q db.Querier, e *Endpoint) error {
	_, err := q.ExecContext(ctx, `UPDATE webhook_endpoints SET url = $1, description = $2, events = $3, enabled = $4, disabled_reason = $5 WHERE id = $6`,
		e.URL, e.Description, strings.Join(e.Events, ","), e.Enabled, e.DisabledReason, e.ID)
	return err
}

func setSecret(ctx context.Context, q db.Querier, e *Endpoint) error {
	_, err := q.ExecContext(ctx, `UPDATE webhook_endpoints SET secret = $1, old_secret = $2, old_secret_until = $3 WHERE id = $4`,
		e.secret, e.oldSecret, db.TimeArg(e.OldSecretUntil), e.ID)
	return err
}

func deleteEndpoint(ctx context.Context, q db.Querier, id string) error {
	_, err := q.ExecContext(ctx, `DELETE FROM webhook_endpoints WHERE id = $1`, id)
	return err
}

// disableFailing switches an endpoint off after a failed day, unless its
// owner did so already; it reports whether it did.
func disableFailing(ctx context.Context, q db.Querier, id string) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE webhook_endpoints SET enabled = FALSE, disabled_reason = 'failing' WHERE id = $1 AND enabled`, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// resume lets the pending deliveries of an endpoint that is switched on
// again start a new day of retries now.
func resume(ctx context.Context, q db.Querier, endpointID string, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE webhook_deliveries SET retry_from = $1, next_at = $1, claimed_until = NULL WHERE endpoint_id = $2 AND status = 'pending'`,
		now, endpointID)
	return err
}

type newDelivery struct {
	id, endpointID, eventID, eventType, payload string
	at                                          time.Time
}

func insertDelivery(ctx context.Context, q db.Querier, d newDelivery) error {
	_, err := q.ExecContext(ctx, `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, payload, created_at, status, retry_from, next_at)
		VALUES ($1, $2, $3, $4, $5, $6, 'pending', $6, $6)`, d.id, d.endpointID, d.eventID, d.eventType, d.payload, d.at)
	return err
}

const deliveryColumns = `id, endpoint_id, event_type, payload, created_at, status, attempts, next_at, finished_at`

func scanDelivery(r db.Row) (*Delivery, error) {
	d := &Delivery{Log: []Attempt{}}
	var next time.Time
	if err := r.Scan(&d.ID, &d.EndpointID, &d.EventType, &d.Payload, &d.CreatedAt, &d.Status, &d.Attempts, &next, db.NullTime(&d.FinishedAt)); err != nil {
		return nil, err
	}
	d.CreatedAt = d.CreatedAt.UTC()
	if d.Status == Pending {
		next = next.UTC()
		d.NextAt = &next
	}
	return d, nil
}

// deliveriesOf returns an endpoint's newest deliveries with their
// attempts.
func deliveriesOf(ctx context.Context, q db.Querier, endpointID string, limit int) ([]*Delivery, error) {
	ds, err := db.Query(ctx, q, scanDelivery, `SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE endpoint_id = $1
		ORDER BY event_id DESC, id DESC LIMIT $2`, endpointID, limit)
	if err != nil || len(ds) == 0 {
		return ds, err
	}
	byID := make(map[string]*Delivery, len(ds))
	ids := make([]string, len(ds))
	for i, d := range ds {
		byID[d.ID], ids[i] = d, d.ID
	}
	var args []any
	type row struct {
		delivery string
		a        Attempt
	}
	as, err := db.Query(ctx, q, func(r db.Row) (row, error) {
		var x row
		err := r.Scan(&x.delivery, &x.a.At, &x.a.StatusCode, &x.a.DurationMS, &x.a.Error, &x.a.Response)
		x.a.At = x.a.At.UTC()
		return x, err
	}, `SELECT delivery_id, at, status_code, duration_ms, error, response FROM webhook_attempts WHERE delivery_id IN (`+db.In(&args, ids)+`) ORDER BY at, id`, args...)
	if err != nil {
		return nil, err
	}
	for _, x := range as {
		d := byID[x.delivery]
		d.Log = append(d.Log, x.a)
	}
	return ds, nil
}

func getDelivery(ctx context.Context, q db.Querier, endpointID, id string) (*Delivery, error) {
	ds, err := db.Query(ctx, q, scanDelivery, `SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE id = $1 AND endpoint_id = $2`, id, endpointID)
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, apperr.ErrNotFound
	}
	return ds[0], nil
}

// due is a delivery that may be sent now: the oldest pending one of an
// enabled endpoint, its time come, held by no one.
type due struct {
	id, endpointID, payload string
	attempts                int
	retryFrom               time.Time
}

func dueDeliveries(ctx context.Context, q db.Querier, now time.Time, limit int) ([]due, error) {
	return db.Query(ctx, q, func(r db.Row) (due, error) {
		var d due
		err := r.Scan(&d.id, &d.endpointID, &d.payload, &d.attempts, &d.retryFrom)
		d.retryFrom = d.retryFrom.UTC()
		return d, err
	}, `SELECT d.id, d.endpoint_id, d.payload, d.attempts, d.retry_from FROM webhook_deliveries d
		JOIN webhook_endpoints e ON e.id = d.endpoint_id
		WHERE d.status = 'pending' AND e.enabled AND d.next_at <= $1 AND (d.claimed_until IS NULL OR d.claimed_until < $1)
		AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.endpoint_id = d.endpoint_id AND p.status = 'pending'
			AND (p.event_id < d.event_id OR (p.event_id = d.event_id AND p.id < d.id)))
		ORDER BY d.event_id, d.id LIMIT $2`, now, limit)
}

// claim holds a due delivery for one process until until; it reports
// false when another process took it first.
func claim(ctx context.Context, q db.Querier, id string, now, until time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE webhook_deliveries SET claimed_until = $1
		WHERE id = $2 AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < $3)`, until, id, now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func insertAttempt(ctx context.Context, q db.Querier, deliveryID string, a Attempt) error {
	_, err := q.ExecContext(ctx, `INSERT INTO webhook_attempts (id, delivery_id, at, status_code, duration_ms, error, response) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		db.NewID(), deliveryID, a.At, a.StatusCode, a.DurationMS, a.Error, a.Response)
	return err
}

// settle records the outcome of an attempt: the delivery's new state and,
// while pending, when it is tried next.
func settle(ctx context.Context, q db.Querier, id, status string, next, now time.Time) error {
	var finished any
	if status != Pending {
		finished = now
	}
	_, err := q.ExecContext(ctx, `UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, next_at = $2, claimed_until = NULL, finished_at = $3 WHERE id = $4`,
		status, next, finished, id)
	return err
}

// redeliver queues a delivery of an endpoint again, with a new day of
// retries; not found when the endpoint has no such delivery.
func redeliver(ctx context.Context, q db.Querier, endpointID, id string, now time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE webhook_deliveries SET status = 'pending', retry_from = $1, next_at = $1, claimed_until = NULL, finished_at = NULL
		WHERE id = $2 AND endpoint_id = $3`, now, id, endpointID)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err == nil && n == 0 {
		err = apperr.ErrNotFound
	}
	return err
}

func pendingCount(ctx context.Context, q db.Querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'`).Scan(&n)
	return n, err
}
