package enablement

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/db"
	"pakt/internal/upload"
)

type scanner = db.Row

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.ErrNotFound
	}
	return err
}

// orgTier returns the name and tier of a live organisation. The
// organisation is the partner feature's; enablement only reads it.
func orgTier(ctx context.Context, q db.Querier, orgID string) (name, tier string, err error) {
	err = q.QueryRowContext(ctx, `SELECT legal_name, tier FROM organisations WHERE id = $1 AND deleted_at IS NULL`, orgID).Scan(&name, &tier)
	return name, tier, notFound(err)
}

const checklistColumns = `id, tier, title_de, title_en, responsible, due_after_days, position, created_at`

func scanChecklistItem(row scanner) (*ChecklistItem, error) {
	var c ChecklistItem
	if err := row.Scan(&c.ID, &c.Tier, &c.TitleDE, &c.TitleEN, &c.Responsible, &c.DueAfterDays, &c.Position, &c.CreatedAt); err != nil {
		return nil, notFound(err)
	}
	c.CreatedAt = c.CreatedAt.UTC()
	return &c, nil
}

func listChecklist(ctx context.Context, q db.Querier, tier string) ([]*ChecklistItem, error) {
	return db.Query(ctx, q, scanChecklistItem, `SELECT `+checklistColumns+` FROM checklist_templates WHERE tier = $1 OR $1 = '' ORDER BY tier, position, created_at`, tier)
}

func getChecklistItem(ctx context.Context, q db.Querier, id string) (*ChecklistItem, error) {
	return scanChecklistItem(q.QueryRowContext(ctx, `SELECT `+checklistColumns+` FROM checklist_templates WHERE id = $1`, id))
}

func insertChecklistItem(ctx context.Context, q db.Querier, c *ChecklistItem) error {
	_, err := q.ExecContext(ctx, `INSERT INTO checklist_templates (`+checklistColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		c.ID, c.Tier, c.TitleDE, c.TitleEN, c.Responsible, c.DueAfterDays, c.Position, c.CreatedAt)
	return err
}

func deleteChecklistItem(ctx context.Context, q db.Querier, id string) error {
	_, err := q.ExecContext(ctx, `DELETE FROM checklist_templates WHERE id = $1`, id)
	return err
}

const taskColumns = `id, org_id, title_de, title_en, responsible, due_on, done_at, done_by, created_at`

func scanTask(row scanner) (*Task, error) {
	var t Task
	if err := row.Scan(&t.ID, &t.OrgID, &t.TitleDE, &t.TitleEN, &t.Responsible, &t.DueOn, db.NullTime(&t.DoneAt), &t.DoneBy, &t.CreatedAt); err != nil {
		return nil, notFound(err)
	}
	t.DueOn, t.CreatedAt = Day(t.DueOn), t.CreatedAt.UTC()
	return &t, nil
}

func listTasks(ctx context.Context, q db.Querier, orgID string) ([]*Task, error) {
	return db.Query(ctx, q, scanTask, `SELECT `+taskColumns+` FROM onboarding_tasks WHERE org_id = $1 ORDER BY due_on, created_at, id`, orgID)
}

func getTask(ctx context.Context, q db.Querier, orgID, id string) (*Task, error) {
	return scanTask(q.QueryRowContext(ctx, `SELECT `+taskColumns+` FROM onboarding_tasks WHERE id = $1 AND org_id = $2`, id, orgID))
}

func insertTask(ctx context.Context, q db.Querier, t *Task) error {
	_, err := q.ExecContext(ctx, `INSERT INTO onboarding_tasks (`+taskColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		t.ID, t.OrgID, t.TitleDE, t.TitleEN, t.Responsible, t.DueOn, t.DoneAt, t.DoneBy, t.CreatedAt)
	return err
}

func updateTaskDone(ctx context.Context, q db.Querier, t *Task) error {
	_, err := q.ExecContext(ctx, `UPDATE onboarding_tasks SET done_at = $2, done_by = $3 WHERE id = $1`, t.ID, t.DoneAt, t.DoneBy)
	return err
}

// overdueTasks returns the open tasks due before today, of one
// organisation or ("") of all live ones, earliest first.
func overdueTasks(ctx context.Context, q db.Querier, orgID string, today time.Time, limit int) ([]*Task, []string, error) {
	rows, err := q.QueryContext(ctx, `SELECT t.id, t.org_id, t.title_de, t.title_en, t.responsible, t.due_on, t.done_at, t.done_by, t.created_at, o.legal_name
		FROM onboarding_tasks t JOIN organisations o ON o.id = t.org_id
		WHERE o.deleted_at IS NULL AND t.done_at IS NULL AND t.due_on < $1 AND (t.org_id = $2 OR $2 = '')
		ORDER BY t.due_on, t.id LIMIT $3`, today, orgID, limit)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []*Task
	var names []string
	for rows.Next() {
		var t Task
		var done *time.Time
		var name string
		if err := rows.Scan(&t.ID, &t.OrgID, &t.TitleDE, &t.TitleEN, &t.Responsible, &t.DueOn, db.NullTime(&done), &t.DoneBy, &t.CreatedAt, &name); err != nil {
			return nil, nil, err
		}
		t.DueOn = Day(t.DueOn)
		out, names = append(out, &t), append(names, name)
	}
	return out, names, rows.Err()
}

const trainingColumns = `id, name_de, name_en, validity_months, created_at`

func scanTraining(row scanner) (*Training, error) {
	var t Training
	if err := row.Scan(&t.ID, &t.NameDE, &t.NameEN, &t.ValidityMonths, &t.CreatedAt); err != nil {
		return nil, notFound(err)
	}
	t.CreatedAt = t.CreatedAt.UTC()
	return &t, nil
}

func listTrainings(ctx context.Context, q db.Querier) ([]*Training, error) {
	return db.Query(ctx, q, scanTraining, `SELECT `+trainingColumns+` FROM trainings ORDER BY name_en, id`)
}

func getTraining(ctx context.Context, q db.Querier, id string) (*Training, error) {
	return scanTraining(q.QueryRowContext(ctx, `SELECT `+trainingColumns+` FROM trainings WHERE id = $1`, id))
}

func insertTraining(ctx context.Context, q db.Querier, t *Training) error {
	_, err := q.ExecContext(ctx, `INSERT INTO trainings (`+trainingColumns+`) VALUES ($1, $2, $3, $4, $5)`,
		t.ID, t.NameDE, t.NameEN, t.ValidityMonths, t.CreatedAt)
	return err
}

func listRequirements(ctx context.Context, q db.Querier, tier string) ([]*Requirement, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.tier, r.training_id, t.name_de, t.name_en, r.required
		FROM tier_requirements r JOIN trainings t ON t.id = r.training_id
		WHERE r.tier = $1 OR $1 = '' ORDER BY r.tier, t.name_en, r.id`, tier)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Requirement
	for rows.Next() {
		var r Requirement
		if err := rows.Scan(&r.ID, &r.Tier, &r.TrainingID, &r.NameDE, &r.NameEN, &r.Required); err != nil {
			return nil, err
		}
		out = append(out, &r)
	}
	return out, rows.Err()
}

func getRequirement(ctx context.Context, q db.Querier, id string) (*Requirement, error) {
	var r Requirement
	err := q.QueryRowContext(ctx, `SELECT r.id, r.tier, r.training_id, t.name_de, t.name_en, r.required
		FROM tier_requirements r JOIN trainings t ON t.id = r.training_id WHERE r.id = $1`, id).
		Scan(&r.ID, &r.Tier, &r.TrainingID, &r.NameDE, &r.NameEN, &r.Required)
	if err != nil {
		return nil, notFound(err)
	}
	return &r, nil
}

func insertRequirement(ctx context.Context, q db.Querier, r *Requirement) error {
	_, err := q.ExecContext(ctx, `INSERT INTO tier_requirements (id, tier, training_id, required) VALUES ($1, $2, $3, $4)`,
		r.ID, r.Tier, r.TrainingID, r.Required)
	return err
}

func deleteRequirement(ctx context.Context, q db.Querier, id string) error {
	_, err := q.ExecContext(ctx, `DELETE FROM tier_requirements WHERE id = $1`, id)
	return err
}

const certSelect = `SELECT c.id, c.org_id, c.person, c.email, c.training_id, t.name_de, t.name_en, c.achieved_on, c.expires_on, c.created_at,
	c.proof_number, c.verified_at, c.verified_by, COALESCE(p.name, ''), COALESCE(p.content_type, ''), COALESCE(p.size, 0)
	FROM person_certifications c JOIN trainings t ON t.id = c.training_id LEFT JOIN certification_proofs p ON p.certification_id = c.id `

func scanCertification(row scanner) (*Certification, error) {
	var c Certification
	var f ProofFile
	if err := row.Scan(&c.ID, &c.OrgID, &c.Person, &c.Email, &c.TrainingID, &c.NameDE, &c.NameEN, &c.AchievedOn, db.NullDay(&c.ExpiresOn), &c.CreatedAt,
		&c.ProofNumber, db.NullTime(&c.VerifiedAt), &c.VerifiedBy, &f.Name, &f.ContentType, &f.Size); err != nil {
		return nil, notFound(err)
	}
	c.AchievedOn, c.CreatedAt = Day(c.AchievedOn), c.CreatedAt.UTC()
	if f.ContentType != "" {
		c.ProofFile = &f
	}
	return &c, nil
}

// proofs are the files of people's certifications.
var proofs = upload.Table{Name: "certification_proofs", Key: "certification_id"}

func listCertifications(ctx context.Context, q db.Querier, orgID string) ([]*Certification, error) {
	return db.Query(ctx, q, scanCertification, certSelect+`WHERE c.org_id = $1 ORDER BY c.person, t.name_en, c.id`, orgID)
}

func getCertification(ctx context.Context, q db.Querier, orgID, id string) (*Certification, error) {
	return scanCertification(q.QueryRowContext(ctx, certSelect+`WHERE c.id = $1 AND c.org_id = $2`, id, orgID))
}

func insertCertification(ctx context.Context, q db.Querier, c *Certification) error {
	_, err := q.ExecContext(ctx, `INSERT INTO person_certifications (id, org_id, person, email, training_id, achieved_on, expires_on, created_at, proof_number)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		c.ID, c.OrgID, c.Person, c.Email, c.TrainingID, c.AchievedOn, c.ExpiresOn, c.CreatedAt, c.ProofNumber)
	return err
}

func verifyCertification(ctx context.Context, q db.Querier, c *Certification) error {
	_, err := q.ExecContext(ctx, `UPDATE person_certifications SET verified_at = $1, verified_by = $2 WHERE id = $3`, c.VerifiedAt, c.VerifiedBy, c.ID)
	return err
}

func deleteCertification(ctx context.Context, q db.Querier, id string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM certification_proofs WHERE certification_id = $1`, id); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `DELETE FROM person_certifications WHERE id = $1`, id)
	return err
}

// expiringCertifications returns the certifications that expire on or
// before until and not before from, of one organisation or ("") of all
// live ones, earliest first, with the organisations' names.
func expiringCertifications(ctx context.Context, q db.Querier, orgID string, from, until time.Time, limit int) ([]*Certification, []string, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.org_id, c.person, c.email, c.training_id, t.name_de, t.name_en, c.achieved_on, c.expires_on, c.created_at, o.legal_name
		FROM person_certifications c JOIN trainings t ON t.id = c.training_id JOIN organisations o ON o.id = c.org_id
		WHERE o.deleted_at IS NULL AND c.expires_on IS NOT NULL AND c.expires_on <= $1 AND c.expires_on >= $4 AND (c.org_id = $2 OR $2 = '')
		ORDER BY c.expires_on, c.id LIMIT $3`, until, orgID, limit, from)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []*Certification
	var names []string
	for rows.Next() {
		var c Certification
		var name string
		if err := rows.Scan(&c.ID, &c.OrgID, &c.Person, &c.Email, &c.TrainingID, &c.NameDE, &c.NameEN, &c.AchievedOn, db.NullDay(&c.ExpiresOn), &c.CreatedAt, &name); err != nil {
			return nil, nil, err
		}
		out, names = append(out, &c), append(names, name)
	}
	return out, names, rows.Err()
}
