package enablement

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/notify"
	"pakt/internal/partner"
	"pakt/internal/upload"
)

// Service implements onboarding and enablement. The pages and the API both
// call it, so they share one set of permission rules.
type Service struct {
	DB  *db.DB
	Now func() time.Time
	// Partners makes a partner whose onboarding is complete active, and
	// Notify tells its manager; set by the app.
	Partners *partner.Service
	Notify   *notify.Service
}

// NewService returns the enablement service.
func NewService(d *db.DB, now func() time.Time) *Service { return &Service{DB: d, Now: now} }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Access is what an actor may do with one organisation's onboarding tasks
// and certifications.
type Access struct {
	// Read: see the tasks, certifications and the tier's requirements.
	Read bool
	// Staff: change everything, add tasks.
	Staff bool
	// PartnerAdmin: tick the partner-side tasks, add and remove
	// certifications of the organisation's people.
	PartnerAdmin bool
}

// AccessTo is the one permission rule of enablement: programme staff see and
// change every organisation's; a partner admin sees its own and does the
// partner's part; a partner member reads its own; nobody else sees any.
func AccessTo(a *auth.Actor, orgID string) Access {
	switch {
	case a.IsStaff():
		return Access{Read: true, Staff: true}
	case !a.InOrg(orgID):
		return Access{}
	}
	return Access{Read: true, PartnerAdmin: a.ActsFor(orgID)}
}

// refusal is the error for a reader who may not make a change: a member
// is referred to its partner admins.
func refusal(acc Access) error {
	if !acc.Staff && !acc.PartnerAdmin {
		return auth.ErrPartnerAdminOnly
	}
	return errForbidden
}

// readable checks that a may read the organisation's enablement and that
// the organisation exists; it returns the organisation's name and tier.
func readable(ctx context.Context, q db.Querier, a *auth.Actor, orgID string) (Access, string, string, error) {
	acc := AccessTo(a, orgID)
	if !acc.Read {
		return acc, "", "", apperr.ErrNotFound
	}
	if acc.Staff {
		// Staff read the enablement of the partners they steer only.
		if err := partner.Steered(ctx, q, a, orgID); err != nil {
			return acc, "", "", err
		}
	}
	name, tier, err := orgTier(ctx, q, orgID)
	return acc, name, tier, err
}

var errForbidden = apperr.New(apperr.Forbidden, "error.forbidden")

// adminOnly guards the catalogue: staff read, admins change, others see
// nothing.
func adminOnly(a *auth.Actor) error {
	if !a.IsStaff() {
		return apperr.ErrNotFound
	}
	if !a.IsAdmin() {
		return errForbidden
	}
	return nil
}

// StartOnboarding gives an organisation the onboarding checklist of its
// tier: every item of the tier's template becomes a task of the
// organisation, due the item's number of days from today. The recruitment
// pipeline calls it when a prospect is won; staff only. It returns the new
// tasks (none when the tier has no checklist).
func (s *Service) StartOnboarding(ctx context.Context, a *auth.Actor, orgID string) ([]*Task, error) {
	var out []*Task
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		acc, _, tier, err := readable(ctx, tx, a, orgID)
		if err != nil {
			return err
		}
		if !acc.Staff {
			return errForbidden
		}
		items, err := listChecklist(ctx, tx, tier)
		if err != nil || tier == "" {
			return err
		}
		now := s.now()
		for _, it := range items {
			t := &Task{ID: db.NewID(), OrgID: orgID, TitleDE: it.TitleDE, TitleEN: it.TitleEN, Responsible: it.Responsible,
				DueOn: Day(now).AddDate(0, 0, it.DueAfterDays), CreatedAt: now}
			if err := insertTask(ctx, tx, t); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, now, a.Who(), "create", "onboarding_task", t.ID, orgID, nil, t); err != nil {
				return err
			}
			out = append(out, t)
		}
		return nil
	})
	return out, err
}

// Tasks returns an organisation's onboarding tasks by due date, flagged
// overdue as of today.
func (s *Service) Tasks(ctx context.Context, a *auth.Actor, orgID string) ([]*Task, error) {
	if _, _, _, err := readable(ctx, s.DB, a, orgID); err != nil {
		return nil, err
	}
	tasks, err := listTasks(ctx, s.DB, orgID)
	if err != nil {
		return nil, err
	}
	today := Day(s.now())
	for _, t := range tasks {
		t.Overdue = Overdue(t.DueOn, t.DoneAt != nil, today)
	}
	return tasks, nil
}

// TaskInput is what a task is added from; DueOn is YYYY-MM-DD.
type TaskInput struct {
	TitleDE     string `json:"title_de"`
	TitleEN     string `json:"title_en"`
	Responsible string `json:"responsible" enum:"responsible"`
	DueOn       string `json:"due_on"`
}

// AddTask adds a task to an organisation's onboarding; staff only.
func (s *Service) AddTask(ctx context.Context, a *auth.Actor, orgID string, in TaskInput) (*Task, error) {
	var out *Task
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		acc, _, _, err := readable(ctx, tx, a, orgID)
		if err != nil {
			return err
		}
		if !acc.Staff {
			return errForbidden
		}
		var v apperr.Validation
		v.Text(&in.TitleDE, apperr.Name, "title_de", 200, true)
		v.Text(&in.TitleEN, apperr.Name, "title_en", 200, true)
		if !slices.Contains(Responsibles, in.Responsible) {
			v.Add("responsible", "validation.choice")
		}
		due := v.Day("due_on", in.DueOn, true)
		if err := v.Err(); err != nil {
			return err
		}
		now := s.now()
		t := &Task{ID: db.NewID(), OrgID: orgID, TitleDE: in.TitleDE, TitleEN: in.TitleEN, Responsible: in.Responsible, DueOn: due, CreatedAt: now}
		if err := insertTask(ctx, tx, t); err != nil {
			return err
		}
		out = t
		return audit.Record(ctx, tx, now, a.Who(), "create", "onboarding_task", t.ID, orgID, nil, t)
	})
	return out, err
}

// SetTaskDone ticks (done) or unticks a task. Staff tick any task; a
// partner admin only its own organisation's partner-side tasks.
func (s *Service) SetTaskDone(ctx context.Context, a *auth.Actor, orgID, taskID string, done bool) (*Task, error) {
	var out *Task
	told := false
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		acc, _, _, err := readable(ctx, tx, a, orgID)
		if err != nil {
			return err
		}
		before, err := getTask(ctx, tx, orgID, taskID)
		if err != nil {
			return err
		}
		if !acc.Staff && !(acc.PartnerAdmin && before.Responsible == ResponsiblePartner) {
			return refusal(acc)
		}
		t := *before
		now := s.now()
		if done && t.DoneAt == nil {
			t.DoneAt, t.DoneBy = &now, a.Name
			if t.DoneBy == "" {
				t.DoneBy = a.Email
			}
		} else if !done {
			t.DoneAt, t.DoneBy = nil, ""
		}
		if err := updateTaskDone(ctx, tx, &t); err != nil {
			return err
		}
		out = &t
		if err := audit.Record(ctx, tx, now, a.Who(), "update", "onboarding_task", t.ID, orgID, before, &t); err != nil {
			return err
		}
		if done {
			told, err = s.finishOnboarding(ctx, tx, a, orgID)
		}
		return err
	})
	if told {
		s.Notify.Kick()
	}
	if out != nil {
		out.Overdue = Overdue(out.DueOn, out.DoneAt != nil, s.now())
	}
	return out, err
}

// Overview is what a partner has and what its tier requires.
type Overview struct {
	OrgID          string           `json:"org_id"`
	OrgName        string           `json:"org_name"`
	Tier           string           `json:"tier" enum:"tier"`
	Certifications []*Certification `json:"certifications"`
	Coverage       []Coverage       `json:"coverage"`
}

// Certifications returns the certifications of an organisation's people,
// each with its status today, and the coverage of its tier's requirements.
func (s *Service) Certifications(ctx context.Context, a *auth.Actor, orgID string) (*Overview, error) {
	_, name, tier, err := readable(ctx, s.DB, a, orgID)
	if err != nil {
		return nil, err
	}
	certs, err := listCertifications(ctx, s.DB, orgID)
	if err != nil {
		return nil, err
	}
	var reqs []*Requirement
	if tier != "" {
		if reqs, err = listRequirements(ctx, s.DB, tier); err != nil {
			return nil, err
		}
	}
	today := Day(s.now())
	for _, c := range certs {
		c.Status = ExpiryStatus(c.ExpiresOn, today)
	}
	if certs == nil {
		certs = []*Certification{}
	}
	return &Overview{OrgID: orgID, OrgName: name, Tier: tier, Certifications: certs, Coverage: ComputeCoverage(reqs, certs, today)}, nil
}

// CertificationInput is what a certification is added from; dates are
// YYYY-MM-DD. Without ExpiresOn the certification expires after the
// training's validity.
type CertificationInput struct {
	Person     string `json:"person"`
	Email      string `json:"email,omitempty"`
	TrainingID string `json:"training_id"`
	AchievedOn string `json:"achieved_on"`
	ExpiresOn  string `json:"expires_on,omitempty"`
	// ProofNumber is the certificate's number, which staff verify.
	ProofNumber string `json:"proof_number,omitempty" doc:"the certificate's number: the proof staff verify it against"`
}

// AddCertification records a certification of a person of the
// organisation; staff and the organisation's partner admin.
func (s *Service) AddCertification(ctx context.Context, a *auth.Actor, orgID string, in CertificationInput) (*Certification, error) {
	var out *Certification
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		acc, _, _, err := readable(ctx, tx, a, orgID)
		if err != nil {
			return err
		}
		if !acc.Staff && !acc.PartnerAdmin {
			return refusal(acc)
		}
		var v apperr.Validation
		v.Text(&in.Person, apperr.Name, "person", 200, true)
		v.Text(&in.Email, apperr.Line, "email", 200, false)
		v.Text(&in.ProofNumber, apperr.Line, "proof_number", 100, false)
		if in.Email != "" && !strings.Contains(in.Email, "@") {
			v.Add("email", "validation.email")
		}
		achieved := v.Day("achieved_on", in.AchievedOn, true)
		expires := v.Day("expires_on", in.ExpiresOn, false)
		if !achieved.IsZero() && !expires.IsZero() && expires.Before(achieved) {
			v.Add("expires_on", "validation.to_before_from")
		}
		tr, err := chosenTraining(ctx, tx, &v, in.TrainingID)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		expiresOn := &expires
		if expires.IsZero() {
			expiresOn = ExpiresOn(achieved, tr.ValidityMonths)
		}
		now := s.now()
		c := &Certification{ID: db.NewID(), OrgID: orgID, Person: in.Person, Email: in.Email, TrainingID: tr.ID, NameDE: tr.NameDE, NameEN: tr.NameEN,
			AchievedOn: achieved, ExpiresOn: expiresOn, CreatedAt: now, ProofNumber: in.ProofNumber}
		held, err := listCertifications(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if twin := Twin(c, held); twin != nil {
			v.Add("person", "enablement.validation.twin", twin.Person)
			return v.Err()
		}
		if err := insertCertification(ctx, tx, c); err != nil {
			return err
		}
		c.Status = ExpiryStatus(c.ExpiresOn, now)
		out = c
		return audit.Record(ctx, tx, now, a.Who(), "create", "person_certification", c.ID, orgID, nil, c)
	})
	return out, err
}

// VerifyCertification records that staff checked a certification against
// its proof, the certificate's number or its file; from then on it counts
// towards the organisation's tier. Staff only; one without either cannot be
// verified.
func (s *Service) VerifyCertification(ctx context.Context, a *auth.Actor, orgID, id string) (*Certification, error) {
	var out *Certification
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		acc, _, _, err := readable(ctx, tx, a, orgID)
		if err != nil {
			return err
		}
		c, err := getCertification(ctx, tx, orgID, id)
		if err != nil {
			return err
		}
		if !acc.Staff {
			return refusal(acc)
		}
		now := s.now()
		c.Status, out = ExpiryStatus(c.ExpiresOn, now), c
		if c.VerifiedAt != nil {
			return nil
		}
		if c.ProofNumber == "" && c.ProofFile == nil {
			return apperr.New(apperr.Conflict, "enablement.error.no_proof")
		}
		before := *c
		c.VerifiedAt, c.VerifiedBy = &now, a.Name
		if err := verifyCertification(ctx, tx, c); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "verify", "person_certification", c.ID, orgID, &before, c)
	})
	return out, err
}

// AttachProof stores the certificate of a certification as a file (PDF,
// PNG or JPEG, judged by its content, at most MaxProofSize), replacing the
// one it had; staff and the organisation's partner admin, while the
// certification is not verified.
func (s *Service) AttachProof(ctx context.Context, a *auth.Actor, orgID, id string, f upload.File) (*Certification, error) {
	var out *Certification
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		c, err := editable(ctx, tx, a, orgID, id)
		if err != nil {
			return err
		}
		if c.VerifiedAt != nil {
			return apperr.New(apperr.Conflict, "enablement.error.verified")
		}
		stored, err := upload.Accept(f, MaxProofSize, "proof_file")
		if err != nil {
			return err
		}
		now := s.now()
		before := *c
		c.ProofFile = stored
		if err := proofs.Put(ctx, tx, c.ID, c.ProofFile, f.Content, a.UserID, now); err != nil {
			return err
		}
		c.Status, out = ExpiryStatus(c.ExpiresOn, now), c
		return audit.Record(ctx, tx, now, a.Who(), "attach_proof", "person_certification", c.ID, orgID, &before, c)
	})
	return out, err
}

// Proof returns a certification's file with its content, to whoever may
// read the organisation's certifications; apperr.ErrNotFound without.
func (s *Service) Proof(ctx context.Context, a *auth.Actor, orgID, id string) (*ProofFile, []byte, error) {
	if _, _, _, err := readable(ctx, s.DB, a, orgID); err != nil {
		return nil, nil, err
	}
	c, err := getCertification(ctx, s.DB, orgID, id)
	if err != nil {
		return nil, nil, err
	}
	return proofs.File(ctx, s.DB, id, c.ProofFile)
}

// editable returns a certification of the organisation that a may change
// (staff and the organisation's partner admin), apperr.ErrNotFound for one
// a may not see.
func editable(ctx context.Context, tx *sql.Tx, a *auth.Actor, orgID, id string) (*Certification, error) {
	acc, _, _, err := readable(ctx, tx, a, orgID)
	if err != nil {
		return nil, err
	}
	c, err := getCertification(ctx, tx, orgID, id)
	if err != nil {
		return nil, err
	}
	if !acc.Staff && !acc.PartnerAdmin {
		return nil, refusal(acc)
	}
	return c, nil
}

// RemoveCertification deletes a certification of the organisation; staff
// and the organisation's partner admin.
func (s *Service) RemoveCertification(ctx context.Context, a *auth.Actor, orgID, id string) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := editable(ctx, tx, a, orgID, id)
		if err != nil {
			return err
		}
		if err := deleteCertification(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "delete", "person_certification", id, orgID, before, nil)
	})
}

// Catalogue is the programme's enablement set-up: checklist templates,
// trainings and tier requirements.
type Catalogue struct {
	Checklist    []*ChecklistItem `json:"checklist"`
	Trainings    []*Training      `json:"trainings"`
	Requirements []*Requirement   `json:"requirements"`
}

// Catalogue returns the enablement set-up; staff only.
func (s *Service) Catalogue(ctx context.Context, a *auth.Actor) (*Catalogue, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	var c Catalogue
	var err error
	if c.Checklist, err = listChecklist(ctx, s.DB, ""); err != nil {
		return nil, err
	}
	if c.Trainings, err = listTrainings(ctx, s.DB); err != nil {
		return nil, err
	}
	if c.Requirements, err = listRequirements(ctx, s.DB, ""); err != nil {
		return nil, err
	}
	if c.Checklist == nil {
		c.Checklist = []*ChecklistItem{}
	}
	if c.Trainings == nil {
		c.Trainings = []*Training{}
	}
	if c.Requirements == nil {
		c.Requirements = []*Requirement{}
	}
	return &c, nil
}

// Trainings returns the training catalogue to those who may record a
// certification of the organisation (to choose from).
func (s *Service) Trainings(ctx context.Context, a *auth.Actor, orgID string) ([]*Training, error) {
	if _, _, _, err := readable(ctx, s.DB, a, orgID); err != nil {
		return nil, err
	}
	return listTrainings(ctx, s.DB)
}

// ChecklistInput is what a checklist template item is added from.
type ChecklistInput struct {
	Tier         string `json:"tier" enum:"tier"`
	TitleDE      string `json:"title_de"`
	TitleEN      string `json:"title_en"`
	Responsible  string `json:"responsible" enum:"responsible"`
	DueAfterDays int    `json:"due_after_days"`
	Position     int    `json:"position,omitempty"`
}

// AddChecklistItem adds an item to a tier's checklist template; admins only.
func (s *Service) AddChecklistItem(ctx context.Context, a *auth.Actor, in ChecklistInput) (*ChecklistItem, error) {
	if err := adminOnly(a); err != nil {
		return nil, err
	}
	var v apperr.Validation
	if !slices.Contains(partner.Tiers, in.Tier) {
		v.Add("tier", "validation.choice")
	}
	v.Text(&in.TitleDE, apperr.Name, "title_de", 200, true)
	v.Text(&in.TitleEN, apperr.Name, "title_en", 200, true)
	if !slices.Contains(Responsibles, in.Responsible) {
		v.Add("responsible", "validation.choice")
	}
	if in.DueAfterDays < 0 || in.DueAfterDays > 3650 {
		v.Add("due_after_days", "validation.range", 0, 3650)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	c := &ChecklistItem{ID: db.NewID(), Tier: in.Tier, TitleDE: in.TitleDE, TitleEN: in.TitleEN, Responsible: in.Responsible,
		DueAfterDays: in.DueAfterDays, Position: in.Position, CreatedAt: now}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if c.Position == 0 {
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(max(position), 0) + 1 FROM checklist_templates WHERE tier = $1`, c.Tier).Scan(&c.Position); err != nil {
				return err
			}
		}
		if err := insertChecklistItem(ctx, tx, c); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "create", "checklist_item", c.ID, "", nil, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// DeleteChecklistItem removes an item from a checklist template; tasks
// already given to organisations stay. Admins only.
func (s *Service) DeleteChecklistItem(ctx context.Context, a *auth.Actor, id string) error {
	if err := adminOnly(a); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getChecklistItem(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := deleteChecklistItem(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "delete", "checklist_item", id, "", before, nil)
	})
}

// TrainingInput is what a training is added from; ValidityMonths 0 means a
// certification of it does not expire.
type TrainingInput struct {
	NameDE         string `json:"name_de"`
	NameEN         string `json:"name_en"`
	ValidityMonths int    `json:"validity_months"`
}

// AddTraining adds a training to the catalogue; admins only.
func (s *Service) AddTraining(ctx context.Context, a *auth.Actor, in TrainingInput) (*Training, error) {
	if err := adminOnly(a); err != nil {
		return nil, err
	}
	var v apperr.Validation
	v.Text(&in.NameDE, apperr.Name, "name_de", 200, true)
	v.Text(&in.NameEN, apperr.Name, "name_en", 200, true)
	if in.ValidityMonths < 0 || in.ValidityMonths > 120 {
		v.Add("validity_months", "validation.range", 0, 120)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	t := &Training{ID: db.NewID(), NameDE: in.NameDE, NameEN: in.NameEN, ValidityMonths: in.ValidityMonths, CreatedAt: now}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertTraining(ctx, tx, t); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "create", "training", t.ID, "", nil, t)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// RequirementInput is what a tier requirement is added from.
type RequirementInput struct {
	Tier       string `json:"tier" enum:"tier"`
	TrainingID string `json:"training_id"`
	Required   int    `json:"required"`
}

// chosenTraining returns the training a user chose by its id, or nil with
// training_id recorded as wrong in v.
func chosenTraining(ctx context.Context, q db.Querier, v *apperr.Validation, id string) (*Training, error) {
	if !v.Clean(&id, apperr.Line, "training_id") {
		return nil, nil
	}
	tr, err := getTraining(ctx, q, id)
	if apperr.CodeOf(err) == apperr.NotFound {
		v.Add("training_id", "validation.choice")
		return nil, nil
	}
	return tr, err
}

// AddRequirement says how many people of a partner of a tier must hold a
// training; admins only.
func (s *Service) AddRequirement(ctx context.Context, a *auth.Actor, in RequirementInput) (*Requirement, error) {
	if err := adminOnly(a); err != nil {
		return nil, err
	}
	var out *Requirement
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var v apperr.Validation
		if !slices.Contains(partner.Tiers, in.Tier) {
			v.Add("tier", "validation.choice")
		}
		if in.Required < 1 || in.Required > 1000 {
			v.Add("required", "validation.range", 1, 1000)
		}
		tr, err := chosenTraining(ctx, tx, &v, in.TrainingID)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		r := &Requirement{ID: db.NewID(), Tier: in.Tier, TrainingID: tr.ID, NameDE: tr.NameDE, NameEN: tr.NameEN, Required: in.Required}
		if err := insertRequirement(ctx, tx, r); db.IsUniqueViolation(err) {
			var v apperr.Validation
			v.Add("training_id", "enablement.requirement_exists")
			return v.Err()
		} else if err != nil {
			return err
		}
		out = r
		return audit.Record(ctx, tx, s.now(), a.Who(), "create", "tier_requirement", r.ID, "", nil, r)
	})
	return out, err
}

// DeleteRequirement removes a tier requirement; admins only.
func (s *Service) DeleteRequirement(ctx context.Context, a *auth.Actor, id string) error {
	if err := adminOnly(a); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getRequirement(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := deleteRequirement(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "delete", "tier_requirement", id, "", before, nil)
	})
}

// AlertLimit is how many items the enablement card shows.
const AlertLimit = 10

// Alerts returns the certifications expiring within WarnDays (or expired
// within the last WarnDays) and the overdue onboarding tasks, most urgent
// first: of every organisation for staff, of their own for partner users,
// none for anyone else.
func (s *Service) Alerts(ctx context.Context, a *auth.Actor, lang string) ([]Alert, error) {
	orgID := ""
	if !a.IsStaff() {
		if a == nil || a.OrgID == "" || !AccessTo(a, a.OrgID).Read {
			return nil, nil
		}
		orgID = a.OrgID
	}
	today := Day(s.now())
	certs, certOrgs, err := expiringCertifications(ctx, s.DB, orgID, today.AddDate(0, 0, -WarnDays), today.AddDate(0, 0, WarnDays), AlertLimit)
	if err != nil {
		return nil, err
	}
	tasks, taskOrgs, err := overdueTasks(ctx, s.DB, orgID, today, AlertLimit)
	if err != nil {
		return nil, err
	}
	var out []Alert
	for i, c := range certs {
		out = append(out, Alert{Kind: "certification", OrgID: c.OrgID, OrgName: certOrgs[i], Title: c.Person + " · " + c.Name(lang),
			Date: *c.ExpiresOn, Status: ExpiryStatus(c.ExpiresOn, today)})
	}
	for i, t := range tasks {
		out = append(out, Alert{Kind: "task", OrgID: t.OrgID, OrgName: taskOrgs[i], Title: t.Title(lang), Date: t.DueOn})
	}
	return SortAlerts(out, AlertLimit), nil
}
