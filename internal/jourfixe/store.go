package jourfixe

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/db"
)

const seriesColumns = `id, agreement_id, title, cadence, starts_at, minutes, horizon_until, ended_at, created_at, updated_at`

func scanSeries(row db.Row) (*Series, error) {
	var s Series
	err := row.Scan(&s.ID, &s.AgreementID, &s.Title, &s.Cadence, &s.Start, &s.Minutes, &s.horizon, db.NullTime(&s.EndedAt), &s.CreatedAt, &s.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	s.Start, s.horizon, s.CreatedAt, s.UpdatedAt = s.Start.UTC(), s.horizon.UTC(), s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	s.Parties = []Party{}
	return &s, nil
}

func getSeries(ctx context.Context, q db.Querier, id string) (*Series, error) {
	s, err := scanSeries(q.QueryRowContext(ctx, `SELECT `+seriesColumns+` FROM jourfixe_series WHERE id = $1`, id))
	if err != nil {
		return nil, err
	}
	return s, loadParties(ctx, q, []*Series{s})
}

func seriesByAgreement(ctx context.Context, q db.Querier, agreementID string) (*Series, error) {
	s, err := scanSeries(q.QueryRowContext(ctx, `SELECT `+seriesColumns+` FROM jourfixe_series WHERE agreement_id = $1`, agreementID))
	if err != nil {
		return nil, err
	}
	return s, loadParties(ctx, q, []*Series{s})
}

// listSeries returns the series, those of the party orgID only unless it is
// "", and of the agreement only unless it is "": running series first, by
// title.
func listSeries(ctx context.Context, q db.Querier, orgID, agreementID string) ([]*Series, error) {
	list, err := db.Query(ctx, q, scanSeries, `SELECT `+seriesColumns+` FROM jourfixe_series
		WHERE ($1 = '' OR id IN (SELECT series_id FROM jourfixe_parties WHERE org_id = $1))
		AND ($2 = '' OR agreement_id = $2)
		ORDER BY CASE WHEN ended_at IS NULL THEN 0 ELSE 1 END, lower(title), id`, orgID, agreementID)
	if err != nil {
		return nil, err
	}
	return list, loadParties(ctx, q, list)
}

// loadParties fills in the parties of each series (ids only; names are the
// partner service's).
func loadParties(ctx context.Context, q db.Querier, list []*Series) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[string]*Series, len(list))
	for _, s := range list {
		byID[s.ID] = s
	}
	type pair struct{ series, org string }
	var pairs []pair
	var err error
	if len(list) == 1 {
		pairs, err = db.Query(ctx, q, func(r db.Row) (pair, error) {
			var p pair
			return p, r.Scan(&p.series, &p.org)
		}, `SELECT series_id, org_id FROM jourfixe_parties WHERE series_id = $1 ORDER BY org_id`, list[0].ID)
	} else {
		pairs, err = db.Query(ctx, q, func(r db.Row) (pair, error) {
			var p pair
			return p, r.Scan(&p.series, &p.org)
		}, `SELECT series_id, org_id FROM jourfixe_parties ORDER BY series_id, org_id`)
	}
	if err != nil {
		return err
	}
	for _, p := range pairs {
		if s := byID[p.series]; s != nil {
			s.Parties = append(s.Parties, Party{ID: p.org})
		}
	}
	return nil
}

func insertSeries(ctx context.Context, q db.Querier, s *Series) error {
	_, err := q.ExecContext(ctx, `INSERT INTO jourfixe_series (`+seriesColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		s.ID, s.AgreementID, s.Title, s.Cadence, s.Start, s.Minutes, s.horizon, s.EndedAt, s.CreatedAt, s.UpdatedAt)
	return err
}

func updateSeries(ctx context.Context, q db.Querier, s *Series) error {
	_, err := q.ExecContext(ctx, `UPDATE jourfixe_series SET title = $2, cadence = $3, starts_at = $4, minutes = $5, horizon_until = $6,
		ended_at = $7, updated_at = $8 WHERE id = $1`, s.ID, s.Title, s.Cadence, s.Start, s.Minutes, s.horizon, s.EndedAt, s.UpdatedAt)
	return err
}

func replaceParties(ctx context.Context, q db.Querier, seriesID string, orgIDs []string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM jourfixe_parties WHERE series_id = $1`, seriesID); err != nil {
		return err
	}
	for _, org := range orgIDs {
		if _, err := q.ExecContext(ctx, `INSERT INTO jourfixe_parties (series_id, org_id) VALUES ($1, $2)`, seriesID, org); err != nil {
			return err
		}
	}
	return nil
}

// seriesDue returns the running series whose meetings reach no further than
// before: their horizon must move ahead.
func seriesDue(ctx context.Context, q db.Querier, before time.Time) ([]string, error) {
	return db.Query(ctx, q, func(r db.Row) (string, error) {
		var id string
		return id, r.Scan(&id)
	}, `SELECT id FROM jourfixe_series WHERE ended_at IS NULL AND horizon_until < $1 ORDER BY id`, before)
}

// runningSeries returns the ids of the series that have not ended.
func runningSeries(ctx context.Context, q db.Querier) ([]string, error) {
	return db.Query(ctx, q, func(r db.Row) (string, error) {
		var id string
		return id, r.Scan(&id)
	}, `SELECT id FROM jourfixe_series WHERE ended_at IS NULL ORDER BY id`)
}

// moveHorizon records that the series' meetings reach until; it never moves
// back.
func moveHorizon(ctx context.Context, q db.Querier, seriesID string, until time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE jourfixe_series SET horizon_until = $2 WHERE id = $1 AND horizon_until < $2`, seriesID, until)
	return err
}

const meetingColumns = `m.id, m.series_id, m.starts_at, m.ends_at, m.cancelled_at, m.held_at, m.held_by, m.sequence, m.updated_at,
	(SELECT count(*) FROM jourfixe_notes n WHERE n.meeting_id = m.id)`

func scanMeeting(row db.Row) (*Meeting, error) {
	var m Meeting
	err := row.Scan(&m.ID, &m.SeriesID, &m.Start, &m.End, db.NullTime(&m.CancelledAt), db.NullTime(&m.HeldAt), &m.HeldBy, &m.Sequence, &m.UpdatedAt, &m.NoteCount)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	m.Start, m.End, m.UpdatedAt = m.Start.UTC(), m.End.UTC(), m.UpdatedAt.UTC()
	return &m, nil
}

// listMeetings returns a series' meetings starting after from, in order.
func listMeetings(ctx context.Context, q db.Querier, seriesID string, from time.Time) ([]*Meeting, error) {
	return db.Query(ctx, q, scanMeeting, `SELECT `+meetingColumns+` FROM jourfixe_meetings m
		WHERE m.series_id = $1 AND m.starts_at > $2 ORDER BY m.starts_at`, seriesID, from)
}

func getMeeting(ctx context.Context, q db.Querier, seriesID, id string) (*Meeting, error) {
	return scanMeeting(q.QueryRowContext(ctx, `SELECT `+meetingColumns+` FROM jourfixe_meetings m WHERE m.id = $1 AND m.series_id = $2`, id, seriesID))
}

// insertMeeting adds a meeting unless the series has one at that start
// already (another process may have added it).
func insertMeeting(ctx context.Context, q db.Querier, m *Meeting, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO jourfixe_meetings (id, series_id, starts_at, ends_at, held_by, sequence, created_at, updated_at)
		VALUES ($1, $2, $3, $4, '', 0, $5, $5) ON CONFLICT (series_id, starts_at) DO NOTHING`, m.ID, m.SeriesID, m.Start, m.End, now)
	return err
}

// reschedule saves a meeting's end and whether it is cancelled, as a new
// revision for calendars.
func reschedule(ctx context.Context, q db.Querier, m *Meeting, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE jourfixe_meetings SET ends_at = $2, cancelled_at = $3, sequence = sequence + 1, updated_at = $4 WHERE id = $1`,
		m.ID, m.End, m.CancelledAt, now)
	return err
}

func setHeld(ctx context.Context, q db.Querier, m *Meeting, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE jourfixe_meetings SET held_at = $2, held_by = $3, updated_at = $4 WHERE id = $1`, m.ID, m.HeldAt, m.HeldBy, now)
	return err
}

// seriesStats returns, per series, the start of the next meeting after now
// and the number of missed meetings (those ended before missedBefore with
// nothing recorded), for the party orgID only unless it is "".
func seriesStats(ctx context.Context, q db.Querier, orgID string, now, missedBefore time.Time) (next map[string]time.Time, missed map[string]int, err error) {
	next, missed = map[string]time.Time{}, map[string]int{}
	scope := `($2 = '' OR m.series_id IN (SELECT series_id FROM jourfixe_parties WHERE org_id = $2))`
	type stat struct {
		id string
		t  flexTime
		n  int
	}
	rows, err := db.Query(ctx, q, func(r db.Row) (stat, error) {
		var s stat
		return s, r.Scan(&s.id, &s.t)
	}, `SELECT m.series_id, min(m.starts_at) FROM jourfixe_meetings m WHERE m.cancelled_at IS NULL AND m.starts_at > $1 AND `+scope+` GROUP BY m.series_id`, now, orgID)
	if err != nil {
		return nil, nil, err
	}
	for _, s := range rows {
		next[s.id] = s.t.t
	}
	rows, err = db.Query(ctx, q, func(r db.Row) (stat, error) {
		var s stat
		return s, r.Scan(&s.id, &s.n)
	}, `SELECT m.series_id, count(*) FROM jourfixe_meetings m WHERE m.cancelled_at IS NULL AND m.held_at IS NULL AND m.ends_at < $1 AND `+scope+`
		AND NOT EXISTS (SELECT 1 FROM jourfixe_notes n WHERE n.meeting_id = m.id) GROUP BY m.series_id`, missedBefore, orgID)
	if err != nil {
		return nil, nil, err
	}
	for _, s := range rows {
		missed[s.id] = s.n
	}
	return next, missed, nil
}

// flexTime scans a moment that SQLite answers as text from an aggregate
// and PostgreSQL as a time.
type flexTime struct{ t time.Time }

func (f *flexTime) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		f.t = v.UTC()
		return nil
	case string:
		return f.parse(v)
	case []byte:
		return f.parse(string(v))
	}
	return fmt.Errorf("jourfixe: unexpected time %T", src)
}

func (f *flexTime) parse(s string) error {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			f.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("jourfixe: unreadable time %q", s)
}

const noteColumns = `id, meeting_id, body, author_id, author_name, author_org, created_at`

func scanNote(r db.Row) (*Note, error) {
	var n Note
	var authorID string
	if err := r.Scan(&n.ID, &n.MeetingID, &n.Body, &authorID, &n.Author, &n.AuthorOrg, &n.CreatedAt); err != nil {
		return nil, err
	}
	n.CreatedAt = n.CreatedAt.UTC()
	return &n, nil
}

func listNotes(ctx context.Context, q db.Querier, meetingID string) ([]*Note, error) {
	return db.Query(ctx, q, scanNote, `SELECT `+noteColumns+` FROM jourfixe_notes WHERE meeting_id = $1 ORDER BY created_at, id`, meetingID)
}

func insertNote(ctx context.Context, q db.Querier, n *Note, authorID string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO jourfixe_notes (`+noteColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		n.ID, n.MeetingID, n.Body, authorID, n.Author, n.AuthorOrg, n.CreatedAt)
	return err
}

// dueMeeting is a meeting that may have been missed.
type dueMeeting struct {
	id, seriesID, title string
	start               time.Time
}

// missedMeetings returns meetings that ended before before with nothing
// recorded and whose parties were not told yet, oldest first.
func missedMeetings(ctx context.Context, q db.Querier, before time.Time, limit int) ([]dueMeeting, error) {
	return db.Query(ctx, q, func(r db.Row) (dueMeeting, error) {
		var d dueMeeting
		err := r.Scan(&d.id, &d.seriesID, &d.title, &d.start)
		d.start = d.start.UTC()
		return d, err
	}, `SELECT m.id, m.series_id, s.title, m.starts_at FROM jourfixe_meetings m JOIN jourfixe_series s ON s.id = m.series_id
		WHERE m.missed_notified_at IS NULL AND m.cancelled_at IS NULL AND m.held_at IS NULL AND m.ends_at < $1
		AND NOT EXISTS (SELECT 1 FROM jourfixe_notes n WHERE n.meeting_id = m.id)
		ORDER BY m.ends_at, m.id LIMIT $2`, before, limit)
}

// claimMissed marks a meeting as reported missed; it reports false when
// another process did, or when the meeting was recorded in the meantime.
func claimMissed(ctx context.Context, q db.Querier, id string, before, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE jourfixe_meetings SET missed_notified_at = $1
		WHERE id = $2 AND missed_notified_at IS NULL AND cancelled_at IS NULL AND held_at IS NULL AND ends_at < $3
		AND NOT EXISTS (SELECT 1 FROM jourfixe_notes n WHERE n.meeting_id = jourfixe_meetings.id)`, now, id, before)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// feedRow is a calendar feed with what decides whether it still works: its
// user's role, organisation and state.
type feedRow struct {
	id, seriesID, userID string
	createdAt            time.Time
	role, orgID, lang    string
	name                 string
	disabled             bool
}

func feedByHash(ctx context.Context, q db.Querier, hash string) (*feedRow, error) {
	var f feedRow
	err := q.QueryRowContext(ctx, `SELECT f.id, f.series_id, f.user_id, f.created_at, u.role, COALESCE(u.org_id, ''), u.lang, u.name, u.disabled
		FROM jourfixe_feeds f JOIN users u ON u.id = f.user_id WHERE f.token_hash = $1`, hash).
		Scan(&f.id, &f.seriesID, &f.userID, &f.createdAt, &f.role, &f.orgID, &f.lang, &f.name, &f.disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	f.createdAt = f.createdAt.UTC()
	return &f, nil
}

// userFeed returns the id and creation time of the user's feed of a
// series, or ErrNotFound.
func userFeed(ctx context.Context, q db.Querier, seriesID, userID string) (id string, created time.Time, err error) {
	err = q.QueryRowContext(ctx, `SELECT id, created_at FROM jourfixe_feeds WHERE series_id = $1 AND user_id = $2`, seriesID, userID).Scan(&id, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, apperr.ErrNotFound
	}
	return id, created.UTC(), err
}

func insertFeed(ctx context.Context, q db.Querier, id, seriesID, userID, hash string, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO jourfixe_feeds (id, series_id, user_id, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)`,
		id, seriesID, userID, hash, now)
	return err
}

func replaceFeedToken(ctx context.Context, q db.Querier, id, hash string, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE jourfixe_feeds SET token_hash = $2, created_at = $3 WHERE id = $1`, id, hash, now)
	return err
}

func deleteFeed(ctx context.Context, q db.Querier, id string) error {
	_, err := q.ExecContext(ctx, `DELETE FROM jourfixe_feeds WHERE id = $1`, id)
	return err
}
