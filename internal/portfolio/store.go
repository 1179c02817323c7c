package portfolio

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/db"
)

const criterionColumns = `id, slug, axis, name_de, name_en, description_de, description_en, anchors_de, anchors_en, weight, position, active, published,
	self_question_de, self_question_en, created_at, updated_at`

func scanCriterion(row interface{ Scan(...any) error }) (*Criterion, error) {
	var c Criterion
	var de, en string
	err := row.Scan(&c.ID, &c.Slug, &c.Axis, &c.NameDE, &c.NameEN, &c.DescriptionDE, &c.DescriptionEN, &de, &en, &c.Weight, &c.Position, &c.Active, &c.Published,
		&c.SelfQuestionDE, &c.SelfQuestionEN, &c.CreatedAt, &c.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	c.AnchorsDE, c.AnchorsEN = splitLines(de), splitLines(en)
	c.deriveAnchors()
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return &c, nil
}

func splitLines(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

func listCriteria(ctx context.Context, q db.Querier) ([]*Criterion, error) {
	return db.Query(ctx, q, scanCriterion, `SELECT `+criterionColumns+` FROM criteria ORDER BY axis, position, slug`)
}

func getCriterion(ctx context.Context, q db.Querier, id string) (*Criterion, error) {
	return scanCriterion(q.QueryRowContext(ctx, `SELECT `+criterionColumns+` FROM criteria WHERE id = $1`, id))
}

func insertCriterion(ctx context.Context, q db.Querier, c *Criterion) error {
	_, err := q.ExecContext(ctx, `INSERT INTO criteria (`+criterionColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		c.ID, c.Slug, c.Axis, c.NameDE, c.NameEN, c.DescriptionDE, c.DescriptionEN, strings.Join(c.AnchorsDE, "\n"), strings.Join(c.AnchorsEN, "\n"),
		c.Weight, c.Position, c.Active, c.Published, c.SelfQuestionDE, c.SelfQuestionEN, c.CreatedAt, c.UpdatedAt)
	return err
}

func updateCriterion(ctx context.Context, q db.Querier, c *Criterion) error {
	_, err := q.ExecContext(ctx, `UPDATE criteria SET slug = $2, axis = $3, name_de = $4, name_en = $5, description_de = $6, description_en = $7,
		anchors_de = $8, anchors_en = $9, weight = $10, position = $11, active = $12, published = $13, updated_at = $14,
		self_question_de = $15, self_question_en = $16 WHERE id = $1`,
		c.ID, c.Slug, c.Axis, c.NameDE, c.NameEN, c.DescriptionDE, c.DescriptionEN, strings.Join(c.AnchorsDE, "\n"), strings.Join(c.AnchorsEN, "\n"),
		c.Weight, c.Position, c.Active, c.Published, c.UpdatedAt, c.SelfQuestionDE, c.SelfQuestionEN)
	return err
}

// Thresholds are the scores (0–100) from which CAN and WILL count as high.
type Thresholds struct {
	Can       int       `json:"can"`
	Will      int       `json:"will"`
	UpdatedAt time.Time `json:"updated_at"`
}

// getSettings reads the programme's portfolio settings, the default
// profile's thresholds and the actions per quadrant, in one query; the
// defaults when none are saved. Thresholds carry their profile's time of
// change, actions the settings'.
func getSettings(ctx context.Context, q db.Querier) (*Thresholds, *Actions, error) {
	t, x := &Thresholds{Can: DefaultThreshold, Will: DefaultThreshold}, DefaultActions
	var at sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT p.can_threshold, p.will_threshold, p.updated_at, s.updated_at, COALESCE(s.hero_alert, TRUE), COALESCE(s.shadow_alert, TRUE),
			COALESCE(s.reassess_months, $2), COALESCE(s.warn_candidates, TRUE), COALESCE(s.warn_vampires, TRUE)
		FROM ideal_profiles p LEFT JOIN portfolio_settings s ON s.id = 1 WHERE p.id = $1`, DefaultProfile, ReassessShadowsMonths).
		Scan(&t.Can, &t.Will, &t.UpdatedAt, &at, &x.HeroAlert, &x.ShadowAlert, &x.ReassessMonths, &x.WarnCandidates, &x.WarnVampires)
	if errors.Is(err, sql.ErrNoRows) {
		return t, &x, nil
	}
	t.UpdatedAt = t.UpdatedAt.UTC()
	if at.Valid {
		x.UpdatedAt = at.Time.UTC()
	}
	return t, &x, err
}

func getThresholds(ctx context.Context, q db.Querier) (*Thresholds, error) {
	t, _, err := getSettings(ctx, q)
	return t, err
}

const assessmentColumns = `a.id, a.org_id, a.profile_id, a.assessor_id, a.assessor_name, a.assessed_on, a.can_score, a.will_score, a.can_threshold, a.will_threshold, a.quadrant, a.note, a.created_at`

func scanAssessment(row interface{ Scan(...any) error }) (*Assessment, error) {
	var a Assessment
	var q string
	var on time.Time
	err := row.Scan(&a.ID, &a.OrgID, &a.ProfileID, &a.AssessorID, &a.AssessorName, &on, &a.CanTenths, &a.WillTenths, &a.CanThreshold, &a.WillThreshold, &q, &a.Note, &a.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	a.Quadrant, a.AssessedOn, a.CreatedAt = Quadrant(q), day(on), a.CreatedAt.UTC()
	return &a, nil
}

func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

// assessedAtAll reports whether the organisation has an assessment in any
// profile.
func assessedAtAll(ctx context.Context, q db.Querier, orgID string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM assessments WHERE org_id = $1 LIMIT 1) x`, orgID).Scan(&n)
	return n > 0, err
}

// latestOf returns an organisation's latest assessment in a profile,
// without its scores and names, or nil when it has none.
func latestOf(ctx context.Context, q db.Querier, orgID, profileID string) (*Assessment, error) {
	as := &Assessment{OrgID: orgID, ProfileID: profileID}
	err := q.QueryRowContext(ctx, `SELECT assessment_id, assessed_on, created_at, can_score, will_score FROM latest_profile_assessments
		WHERE profile_id = $1 AND org_id = $2`, profileID, orgID).
		Scan(&as.ID, &as.AssessedOn, &as.CreatedAt, &as.CanTenths, &as.WillTenths)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return as, err
}

func insertAssessment(ctx context.Context, q db.Querier, a *Assessment) error {
	_, err := q.ExecContext(ctx, `INSERT INTO assessments (id, org_id, profile_id, assessor_id, assessor_name, assessed_on, can_score, will_score, can_threshold, will_threshold, quadrant, note, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		a.ID, a.OrgID, a.ProfileID, a.AssessorID, a.AssessorName, a.AssessedOn, a.CanTenths, a.WillTenths, a.CanThreshold, a.WillThreshold, string(a.Quadrant), a.Note, a.CreatedAt)
	if err != nil {
		return err
	}
	if _, err := db.Bump(ctx, q, db.Assessments); err != nil {
		return err
	}
	// An assessment dated later than the latest of its profile (or on the
	// same day, made later) becomes the latest.
	if _, err := q.ExecContext(ctx, `INSERT INTO latest_profile_assessments (profile_id, org_id, assessment_id, assessed_on, created_at, can_score, will_score)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (profile_id, org_id) DO UPDATE SET assessment_id = excluded.assessment_id, assessed_on = excluded.assessed_on, created_at = excluded.created_at,
			can_score = excluded.can_score, will_score = excluded.will_score
		WHERE excluded.assessed_on > latest_profile_assessments.assessed_on
			OR (excluded.assessed_on = latest_profile_assessments.assessed_on AND excluded.created_at >= latest_profile_assessments.created_at)`,
		a.ProfileID, a.OrgID, a.ID, a.AssessedOn, a.CreatedAt, a.CanTenths, a.WillTenths); err != nil {
		return err
	}
	for _, s := range a.Scores {
		var score any
		if s.Score != nil {
			score = *s.Score
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO assessment_scores (assessment_id, criterion_id, axis, name_de, name_en, weight, position, score, note)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, a.ID, s.CriterionID, s.Axis, s.NameDE, s.NameEN, s.Weight, s.Position, score, s.Note); err != nil {
			return err
		}
	}
	return nil
}

func loadScores(ctx context.Context, q db.Querier, a *Assessment) error {
	rows, err := q.QueryContext(ctx, `SELECT criterion_id, axis, name_de, name_en, weight, position, score, note
		FROM assessment_scores WHERE assessment_id = $1 ORDER BY axis, position, criterion_id`, a.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	a.Scores = []Score{}
	for rows.Next() {
		var s Score
		var v sql.NullInt64
		if err := rows.Scan(&s.CriterionID, &s.Axis, &s.NameDE, &s.NameEN, &s.Weight, &s.Position, &v, &s.Note); err != nil {
			return err
		}
		if v.Valid {
			n := int(v.Int64)
			s.Score = &n
		}
		a.Scores = append(a.Scores, s)
	}
	return rows.Err()
}

// latestQuery selects, per organisation, its latest assessment in a
// profile on or before a day, with the organisation's fields the portfolio filters on.
// Each filter is a fixed condition that holds when its parameter is empty.
const latestQuery = `SELECT id, org_id, assessed_on, can_score, will_score, quadrant, legal_name, tier, manager_id, region, status FROM (
	SELECT a.id, a.org_id, a.assessed_on, a.can_score, a.will_score, a.quadrant, o.legal_name, o.tier, COALESCE(o.manager_id, '') AS manager_id, o.region, o.status,
		ROW_NUMBER() OVER (PARTITION BY a.org_id ORDER BY a.assessed_on DESC, a.created_at DESC, a.id DESC) AS n
	FROM assessments a JOIN organisations o ON o.id = a.org_id
	WHERE o.deleted_at IS NULL AND a.assessed_on <= $1 AND a.profile_id = $6
		AND ($2 = '' OR o.tier = $2) AND ($3 = '' OR o.manager_id = $3) AND ($4 = '' OR o.region = $4) AND ($5 = '' OR o.status = $5)
) latest WHERE n = 1`

// currentQuery is latestQuery for today, from the table of latest
// assessments. The quadrant column is not read: the portfolio places every
// point with today's thresholds. CROSS JOIN keeps SQLite reading the
// latest assessments first and looking up their organisations; left to
// itself it scans every live organisation, most of which a large
// programme never assessed (PostgreSQL plans the join as it likes).
const currentQuery = `SELECT l.assessment_id, l.org_id, l.assessed_on, l.can_score, l.will_score, '', o.legal_name, o.tier, COALESCE(o.manager_id, ''), o.region, o.status
	FROM latest_profile_assessments l CROSS JOIN organisations o
	WHERE l.profile_id = $6 AND o.id = l.org_id AND o.deleted_at IS NULL AND l.assessed_on <= $1
		AND ($2 = '' OR o.tier = $2) AND ($3 = '' OR o.manager_id = $3) AND ($4 = '' OR o.region = $4) AND ($5 = '' OR o.status = $5)`

// latestPoints returns the latest assessment of each organisation on or
// before asOf, by name and id (byte order, the same on both engines);
// current says asOf is today or later, when the table of latest
// assessments answers without a look at the history. The points are
// sorted here: a sort in the query carries every column through
// SQLite's sorter, two thirds of the query's time.
func latestPoints(ctx context.Context, q db.Querier, asOf time.Time, current bool, f Filter) ([]Point, error) {
	query := latestQuery
	if current {
		query = currentQuery
	}
	rows, err := q.QueryContext(ctx, query, asOf, f.Tier, f.ManagerID, f.Region, f.Status, cmp.Or(f.Profile, DefaultProfile))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Point
	for rows.Next() {
		var p Point
		var quadrant string
		var on time.Time
		if err := rows.Scan(&p.AssessmentID, &p.OrgID, &on, &p.CanTenths, &p.WillTenths, &quadrant, &p.LegalName, &p.Tier, &p.ManagerID, &p.Region, &p.Status); err != nil {
			return nil, err
		}
		p.Quadrant, p.AssessedOn = Quadrant(quadrant), day(on)
		out = append(out, p)
	}
	slices.SortFunc(out, func(x, y Point) int {
		return cmp.Or(strings.Compare(x.LegalName, y.LegalName), strings.Compare(x.OrgID, y.OrgID))
	})
	return out, rows.Err()
}

// allAssessments returns every assessment with its scores, oldest first,
// and the organisations' names.
func allAssessments(ctx context.Context, q db.Querier) ([]*Assessment, map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+assessmentColumns+`, o.legal_name FROM assessments a JOIN organisations o ON o.id = a.org_id
		ORDER BY a.assessed_on, a.created_at, a.id`)
	if err != nil {
		return nil, nil, err
	}
	var out []*Assessment
	byID := map[string]*Assessment{}
	names := map[string]string{}
	for rows.Next() {
		var name string
		as, err := scanAssessment(scanWith{rows, &name})
		if err != nil {
			rows.Close()
			return nil, nil, err
		}
		names[as.OrgID] = name
		out = append(out, as)
		byID[as.ID] = as
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	scores, err := q.QueryContext(ctx, `SELECT assessment_id, criterion_id, score FROM assessment_scores WHERE score IS NOT NULL`)
	if err != nil {
		return nil, nil, err
	}
	defer scores.Close()
	for scores.Next() {
		var aid, cid string
		var score int
		if err := scores.Scan(&aid, &cid, &score); err != nil {
			return nil, nil, err
		}
		if as := byID[aid]; as != nil {
			as.Scores = append(as.Scores, Score{CriterionID: cid, Score: &score})
		}
	}
	return out, names, scores.Err()
}

// scanWith scans a row with one more column after the assessment's.
type scanWith struct {
	row   interface{ Scan(...any) error }
	extra *string
}

func (s scanWith) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra)...) }

// orgIDsByName returns the ids of the organisations with exactly this
// legal name.
func orgIDsByName(ctx context.Context, q db.Querier, name string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM organisations WHERE legal_name = $1 AND deleted_at IS NULL`, name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
