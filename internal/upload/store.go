package upload

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/db"
)

// Table is a table of proof files, at most one per row of what they prove
// (name, content_type, size, content, created_by, created_at beside the
// key column). Its names are constants of the feature, never input.
type Table struct {
	Name string
	// Key is the column of the proved row's id, the primary key.
	Key string
}

// Put stores the file of the row id, replacing the one it had.
func (t Table) Put(ctx context.Context, q db.Querier, id string, f *Stored, content []byte, by string, at time.Time) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM `+t.Name+` WHERE `+t.Key+` = $1`, id); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO `+t.Name+` (`+t.Key+`, name, content_type, size, content, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, f.Name, f.ContentType, f.Size, content, by, at)
	return err
}

// File returns f, the file of the row id as its reader loaded it, with
// its content; apperr.ErrNotFound when the row has none (f nil).
func (t Table) File(ctx context.Context, q db.Querier, id string, f *Stored) (*Stored, []byte, error) {
	if f == nil {
		return nil, nil, apperr.ErrNotFound
	}
	var b []byte
	err := q.QueryRowContext(ctx, `SELECT content FROM `+t.Name+` WHERE `+t.Key+` = $1`, id).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	return f, b, nil
}
