package enablement

import (
	"time"

	"pakt/internal/audit"
	"pakt/internal/upload"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("onboarding_task", "create", "update")
	_ = audit.Kind("checklist_item", "create", "delete")
	_ = audit.Kind("person_certification", "create", "verify", "delete", "attach_proof")
	_ = audit.Kind("tier_requirement", "create", "delete")
	_ = audit.Kind("training", "create")
)

// ChecklistItem is one task of a tier's onboarding checklist template.
type ChecklistItem struct {
	ID           string    `json:"id"`
	Tier         string    `json:"tier" enum:"tier"`
	TitleDE      string    `json:"title_de"`
	TitleEN      string    `json:"title_en"`
	Responsible  string    `json:"responsible" enum:"responsible"`
	DueAfterDays int       `json:"due_after_days"`
	Position     int       `json:"position"`
	CreatedAt    time.Time `json:"created_at"`
}

// Title returns the item's title in lang.
func (c *ChecklistItem) Title(lang string) string { return pick(lang, c.TitleDE, c.TitleEN) }

// Task is one onboarding task of an organisation.
type Task struct {
	ID          string     `json:"id"`
	OrgID       string     `json:"org_id"`
	TitleDE     string     `json:"title_de"`
	TitleEN     string     `json:"title_en"`
	Responsible string     `json:"responsible" enum:"responsible"`
	DueOn       time.Time  `json:"due_on"`
	DoneAt      *time.Time `json:"done_at"`
	DoneBy      string     `json:"done_by"`
	CreatedAt   time.Time  `json:"created_at"`
	// Overdue is computed for the day of the request.
	Overdue bool `json:"overdue"`
}

// Title returns the task's title in lang.
func (t *Task) Title(lang string) string { return pick(lang, t.TitleDE, t.TitleEN) }

// Training is an entry of the training catalogue.
type Training struct {
	ID             string    `json:"id"`
	NameDE         string    `json:"name_de"`
	NameEN         string    `json:"name_en"`
	ValidityMonths int       `json:"validity_months"`
	CreatedAt      time.Time `json:"created_at"`
}

// Name returns the training's name in lang.
func (t *Training) Name(lang string) string { return pick(lang, t.NameDE, t.NameEN) }

// Requirement says how many people of a partner of a tier must hold a
// training.
type Requirement struct {
	ID         string `json:"id"`
	Tier       string `json:"tier" enum:"tier"`
	TrainingID string `json:"training_id"`
	NameDE     string `json:"name_de"`
	NameEN     string `json:"name_en"`
	Required   int    `json:"required"`
}

// Name returns the training's name in lang.
func (r *Requirement) Name(lang string) string { return pick(lang, r.NameDE, r.NameEN) }

// Certification is a training a person of an organisation holds.
type Certification struct {
	ID         string     `json:"id"`
	OrgID      string     `json:"org_id"`
	Person     string     `json:"person"`
	Email      string     `json:"email"`
	TrainingID string     `json:"training_id"`
	NameDE     string     `json:"training_name_de"`
	NameEN     string     `json:"training_name_en"`
	AchievedOn time.Time  `json:"achieved_on"`
	ExpiresOn  *time.Time `json:"expires_on"`
	CreatedAt  time.Time  `json:"created_at"`
	// ProofNumber is the certificate's number, the proof staff verify
	// against.
	ProofNumber string `json:"proof_number"`
	// ProofFile is the certificate as a file, the other proof staff may
	// verify against; nil without. Download it at
	// /partners/{org_id}/people-certifications/{id}/proof.
	ProofFile *ProofFile `json:"proof_file,omitempty"`
	// VerifiedAt is when staff verified it (nil: not yet); only verified
	// certifications count towards a tier.
	VerifiedAt *time.Time `json:"verified_at"`
	VerifiedBy string     `json:"verified_by,omitempty"`
	// Status is computed for the day of the request.
	Status Status `json:"status"`
}

// Name returns the training's name in lang.
func (c *Certification) Name(lang string) string { return pick(lang, c.NameDE, c.NameEN) }

// ProofFile is a certificate uploaded as a file, without its content.
type ProofFile = upload.Stored

// MaxProofSize is the largest certificate file taken: PDF, PNG or JPEG of
// at most this size.
const MaxProofSize = upload.MaxProofSize

func pick(lang, de, en string) string {
	if lang == "de" {
		return de
	}
	return en
}
