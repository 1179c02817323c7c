package db

import (
	"context"
	"time"

	"pakt/internal/apperr"
)

// Allow counts a hit on key in the rate_limits table and answers nil while
// there are at most limit hits per window; beyond, a TooMany error with the
// message key message (which says "later": its Retry-After has the
// seconds). Public forms (the self-assessment, applications for
// membership, an applicant's private links) limit each client address
// with it; several processes sharing the database count together.
func Allow(ctx context.Context, d *DB, key string, limit int, window time.Duration, now time.Time, message string) error {
	wait, err := hitsWait(ctx, d, key, limit, window, now)
	if err != nil || wait == 0 {
		return err
	}
	e := apperr.Throttled(message, wait)
	e.Args = nil
	return e
}

// hitsWait counts the hit of Allow and returns how long the caller must
// wait, 0 when it is within the limit.
func hitsWait(ctx context.Context, d *DB, key string, limit int, window time.Duration, now time.Time) (time.Duration, error) {
	var hits int
	var start time.Time
	err := d.Writer().QueryRowContext(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
		ON CONFLICT (key) DO UPDATE SET
			hits = CASE WHEN rate_limits.window_start < $3 THEN 1 ELSE rate_limits.hits + 1 END,
			window_start = CASE WHEN rate_limits.window_start < $3 THEN $2 ELSE rate_limits.window_start END
		RETURNING hits, window_start`, key, now, now.Add(-window)).Scan(&hits, &start)
	if err != nil || hits <= limit {
		return 0, err
	}
	return max(start.Add(window).Sub(now), time.Second), nil
}
