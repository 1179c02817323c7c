package account

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
)

// ownFeed returns the id and creation time of the user's calendar feed,
// or ErrNotFound.
func ownFeed(ctx context.Context, q db.Querier, userID string) (id string, created time.Time, err error) {
	err = q.QueryRowContext(ctx, `SELECT id, created_at FROM calendar_feeds WHERE user_id = $1`, userID).Scan(&id, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, apperr.ErrNotFound
	}
	return id, created.UTC(), err
}

func insertCalendarFeed(ctx context.Context, q db.Querier, id, userID, hash string, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO calendar_feeds (id, user_id, token_hash, created_at) VALUES ($1, $2, $3, $4)`, id, userID, hash, now)
	return err
}

func replaceCalendarToken(ctx context.Context, q db.Querier, id, hash string, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE calendar_feeds SET token_hash = $2, created_at = $3 WHERE id = $1`, id, hash, now)
	return err
}

func deleteCalendarFeed(ctx context.Context, q db.Querier, id string) error {
	_, err := q.ExecContext(ctx, `DELETE FROM calendar_feeds WHERE id = $1`, id)
	return err
}

// calendarOwner returns the owner of the feed whose token has the hash, as
// the actor the sources read for; a disabled owner has no feed.
func calendarOwner(ctx context.Context, q db.Querier, hash string) (*auth.Actor, error) {
	var a auth.Actor
	var role string
	err := q.QueryRowContext(ctx, `SELECT u.id, u.email, u.name, u.role, COALESCE(u.org_id, ''), u.lang
		FROM calendar_feeds f JOIN users u ON u.id = f.user_id WHERE f.token_hash = $1 AND u.disabled = FALSE`, hash).
		Scan(&a.UserID, &a.Email, &a.Name, &role, &a.OrgID, &a.Lang)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	a.Role = auth.Role(role)
	return &a, nil
}
