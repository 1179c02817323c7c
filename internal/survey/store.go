package survey

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/db"
)

func getSettings(ctx context.Context, q db.Querier) (*Settings, error) {
	s := &Settings{}
	if err := q.QueryRowContext(ctx, `SELECT interval_months, open_days FROM survey_settings WHERE id = 1`).Scan(&s.IntervalMonths, &s.OpenDays); err != nil {
		return nil, err
	}
	var err error
	s.Questions, err = db.Query(ctx, q, scanQuestion, `SELECT position, text_de, text_en, kind FROM survey_questions ORDER BY position`)
	return s, err
}

func scanQuestion(r db.Row) (Question, error) {
	var x Question
	return x, r.Scan(&x.Position, &x.TextDE, &x.TextEN, &x.Kind)
}

// lockSettings takes the settings' row until the transaction ends (on
// SQLite the one writer does so already).
func lockSettings(ctx context.Context, q db.Querier) error {
	_, err := q.ExecContext(ctx, `UPDATE survey_settings SET interval_months = interval_months WHERE id = 1`)
	return err
}

func saveSettings(ctx context.Context, q db.Querier, s *Settings) error {
	if _, err := q.ExecContext(ctx, `UPDATE survey_settings SET interval_months = $1, open_days = $2 WHERE id = 1`, s.IntervalMonths, s.OpenDays); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM survey_questions`); err != nil {
		return err
	}
	for _, x := range s.Questions {
		if _, err := q.ExecContext(ctx, `INSERT INTO survey_questions (position, text_de, text_en, kind) VALUES ($1, $2, $3, $4)`,
			x.Position, x.TextDE, x.TextEN, x.Kind); err != nil {
			return err
		}
	}
	return nil
}

// activePartners returns the partner organisations a round is sent to:
// active partners that are not deleted.
func activePartners(ctx context.Context, q db.Querier) ([]string, error) {
	return db.Query(ctx, q, scanString, `SELECT id FROM organisations
		WHERE kind = 'partner' AND status = 'active' AND deleted_at IS NULL ORDER BY id`)
}

func scanString(r db.Row) (string, error) {
	var s string
	return s, r.Scan(&s)
}

func insertRound(ctx context.Context, q db.Querier, r *Round, by string, orgs []string) error {
	if _, err := q.ExecContext(ctx, `INSERT INTO survey_rounds (id, opened_at, closes_at, opened_by) VALUES ($1, $2, $3, $4)`,
		r.ID, r.OpenedAt, r.ClosesAt, by); err != nil {
		return err
	}
	for _, x := range r.Questions {
		if _, err := q.ExecContext(ctx, `INSERT INTO survey_round_questions (round_id, position, text_de, text_en, kind) VALUES ($1, $2, $3, $4, $5)`,
			r.ID, x.Position, x.TextDE, x.TextEN, x.Kind); err != nil {
			return err
		}
	}
	for _, org := range orgs {
		if _, err := q.ExecContext(ctx, `INSERT INTO survey_invitations (round_id, org_id) VALUES ($1, $2)`, r.ID, org); err != nil {
			return err
		}
	}
	return nil
}

const roundSelect = `SELECT r.id, r.opened_at, r.closes_at, r.closed_at,
	(SELECT count(*) FROM survey_invitations i WHERE i.round_id = r.id),
	(SELECT count(*) FROM survey_answers a WHERE a.round_id = r.id)
	FROM survey_rounds r`

func scanRound(row db.Row) (*Round, error) {
	r := &Round{}
	err := row.Scan(&r.ID, &r.OpenedAt, &r.ClosesAt, db.NullTime(&r.ClosedAt), &r.Invited, &r.Answered)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	r.OpenedAt, r.ClosesAt = r.OpenedAt.UTC(), r.ClosesAt.UTC()
	return r, nil
}

// getRound reads a round with its questions.
func getRound(ctx context.Context, q db.Querier, id string) (*Round, error) {
	r, err := scanRound(q.QueryRowContext(ctx, roundSelect+` WHERE r.id = $1`, id))
	if err != nil {
		return nil, err
	}
	r.Questions, err = roundQuestions(ctx, q, id)
	return r, err
}

func roundQuestions(ctx context.Context, q db.Querier, id string) ([]Question, error) {
	return db.Query(ctx, q, scanQuestion, `SELECT position, text_de, text_en, kind FROM survey_round_questions
		WHERE round_id = $1 ORDER BY position`, id)
}

// listRounds returns every round, the latest first, without questions.
func listRounds(ctx context.Context, q db.Querier) ([]*Round, error) {
	return db.Query(ctx, q, scanRound, roundSelect+` ORDER BY r.opened_at DESC, r.id DESC`)
}

// lastOpened returns when the latest round opened (zero: none did).
func lastOpened(ctx context.Context, q db.Querier) (time.Time, error) {
	var t time.Time
	err := q.QueryRowContext(ctx, `SELECT opened_at FROM survey_rounds ORDER BY opened_at DESC LIMIT 1`).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return t.UTC(), err
}

// closeRound closes an open round at now and reports whether it was open.
func closeRound(ctx context.Context, q db.Querier, id string, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE survey_rounds SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL AND closes_at > $2`, id, now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func invited(ctx context.Context, q db.Querier, round, org string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM survey_invitations WHERE round_id = $1 AND org_id = $2`, round, org).Scan(&n)
	return n > 0, err
}

// invitations returns the rounds open at now that org was invited to,
// the latest first, with when org answered each.
func invitations(ctx context.Context, q db.Querier, org string, now time.Time) ([]*Invitation, error) {
	return db.Query(ctx, q, func(row db.Row) (*Invitation, error) {
		x := &Invitation{}
		if err := row.Scan(&x.RoundID, &x.OpenedAt, &x.ClosesAt, db.NullTime(&x.AnsweredAt)); err != nil {
			return nil, err
		}
		x.OpenedAt, x.ClosesAt = x.OpenedAt.UTC(), x.ClosesAt.UTC()
		return x, nil
	}, `SELECT r.id, r.opened_at, r.closes_at, a.answered_at FROM survey_rounds r
		JOIN survey_invitations i ON i.round_id = r.id AND i.org_id = $1
		LEFT JOIN survey_answers a ON a.round_id = r.id AND a.org_id = $1
		WHERE r.closed_at IS NULL AND r.closes_at > $2 ORDER BY r.opened_at DESC, r.id DESC`, org, now)
}

// saveAnswer records org's answer to a round, replacing an earlier one.
func saveAnswer(ctx context.Context, q db.Querier, round, org, by string, x *Answer) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM survey_answer_values WHERE round_id = $1 AND org_id = $2`, round, org); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM survey_answers WHERE round_id = $1 AND org_id = $2`, round, org); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO survey_answers (round_id, org_id, score, named, answered_by, answered_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		round, org, x.Score, x.Named, by, *x.AnsweredAt); err != nil {
		return err
	}
	for _, v := range x.Values {
		var scale any
		if v.Scale != nil {
			scale = int64(*v.Scale)
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO survey_answer_values (round_id, org_id, position, scale, text) VALUES ($1, $2, $3, $4, $5)`,
			round, org, v.Position, scale, v.Text); err != nil {
			return err
		}
	}
	return nil
}

// answers returns a round's answers (all organisations when org is ""),
// with each partner's name, tier and manager as they are now.
func answers(ctx context.Context, q db.Querier, round, org string) ([]*Answer, error) {
	list, err := db.Query(ctx, q, func(r db.Row) (*Answer, error) {
		x := &Answer{}
		var at time.Time
		if err := r.Scan(&x.org, &x.orgName, &x.tier, &x.manager, &x.managerName, &x.Score, &x.Named, &at); err != nil {
			return nil, err
		}
		at = at.UTC()
		x.AnsweredAt = &at
		x.Values = []Value{}
		return x, nil
	}, `SELECT a.org_id, o.legal_name, o.tier, COALESCE(o.manager_id, ''), COALESCE(m.name, ''), a.score, a.named, a.answered_at
		FROM survey_answers a JOIN organisations o ON o.id = a.org_id LEFT JOIN users m ON m.id = o.manager_id
		WHERE a.round_id = $1 AND ($2 = '' OR a.org_id = $2) ORDER BY a.answered_at, a.org_id`, round, org)
	if err != nil || len(list) == 0 {
		return list, err
	}
	byOrg := make(map[string]*Answer, len(list))
	for _, x := range list {
		byOrg[x.org] = x
	}
	type val struct {
		org string
		v   Value
	}
	vals, err := db.Query(ctx, q, func(r db.Row) (val, error) {
		var x val
		var scale sql.NullInt64
		if err := r.Scan(&x.org, &x.v.Position, &scale, &x.v.Text); err != nil {
			return x, err
		}
		if scale.Valid {
			n := int(scale.Int64)
			x.v.Scale = &n
		}
		return x, nil
	}, `SELECT org_id, position, scale, text FROM survey_answer_values WHERE round_id = $1 AND ($2 = '' OR org_id = $2) ORDER BY org_id, position`, round, org)
	if err != nil {
		return nil, err
	}
	for _, x := range vals {
		if a := byOrg[x.org]; a != nil {
			a.Values = append(a.Values, x.v)
		}
	}
	return list, nil
}

// roundAnswers returns every round's answers by round: the score and the
// scale answers, for the rounds' figures over time.
func roundAnswers(ctx context.Context, q db.Querier) (map[string][]*Answer, error) {
	type key struct{ round, org string }
	byKey := map[key]*Answer{}
	out := map[string][]*Answer{}
	_, err := db.Query(ctx, q, func(r db.Row) (struct{}, error) {
		var k key
		x := &Answer{}
		if err := r.Scan(&k.round, &k.org, &x.Score); err != nil {
			return struct{}{}, err
		}
		byKey[k] = x
		out[k.round] = append(out[k.round], x)
		return struct{}{}, nil
	}, `SELECT round_id, org_id, score FROM survey_answers ORDER BY round_id, org_id`)
	if err != nil {
		return nil, err
	}
	_, err = db.Query(ctx, q, func(r db.Row) (struct{}, error) {
		var k key
		var v Value
		var n int
		if err := r.Scan(&k.round, &k.org, &v.Position, &n); err != nil {
			return struct{}{}, err
		}
		v.Scale = &n
		if x := byKey[k]; x != nil {
			x.Values = append(x.Values, v)
		}
		return struct{}{}, nil
	}, `SELECT round_id, org_id, position, scale FROM survey_answer_values WHERE scale IS NOT NULL ORDER BY round_id, org_id, position`)
	return out, err
}

// latestScores returns each organisation's recommendation score in the
// latest round it answered.
func latestScores(ctx context.Context, q db.Querier) (map[string]int, error) {
	type row struct {
		org   string
		score int
	}
	rows, err := db.Query(ctx, q, func(r db.Row) (row, error) {
		var x row
		return x, r.Scan(&x.org, &x.score)
	}, `SELECT a.org_id, a.score FROM survey_answers a JOIN survey_rounds r ON r.id = a.round_id ORDER BY r.opened_at, r.id`)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(rows))
	for _, x := range rows {
		out[x.org] = x.score
	}
	return out, nil
}
