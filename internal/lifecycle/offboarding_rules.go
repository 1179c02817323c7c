package lifecycle

import "time"

// OffboardingReasons are why the programme ends a partnership; "other"
// needs the note to say more.
var OffboardingReasons = []string{"no_business", "inactive", "conduct", "strategy", "partner_request", "acquired", "other"}

// The steps of an offboarding's checklist, the last one irreversible.
const (
	StepUnpublish = "unpublish"
	StepHandover  = "handover"
	StepEnd       = "end"
)

// OffboardingSteps lists the checklist's steps in their order.
var OffboardingSteps = []string{StepUnpublish, StepHandover, StepEnd}

// Offboarding is the end of a partnership: why, by whom, and how far its
// checklist went. Finished ones stay as the partner's history.
type Offboarding struct {
	ID            string     `json:"id"`
	OrgID         string     `json:"org_id"`
	Reason        string     `json:"reason" enum:"offboarding_reason"`
	Note          string     `json:"note"`
	UnpublishedAt *time.Time `json:"unpublished_at"`
	HandedOverAt  *time.Time `json:"handed_over_at"`
	HandoverNote  string     `json:"handover_note"`
	EndedAt       *time.Time `json:"ended_at"`
	// UsersEnded is how many of the partner's users lost their access.
	UsersEnded    int       `json:"users_ended"`
	StartedByID   string    `json:"started_by_id"`
	StartedByName string    `json:"started_by_name"`
	EndedByID     string    `json:"ended_by_id,omitempty"`
	EndedByName   string    `json:"ended_by_name,omitempty"`
	StartedAt     time.Time `json:"started_at"`
}

// Open reports whether the offboarding is under way.
func (o *Offboarding) Open() bool { return o.EndedAt == nil }

// Done reports whether the checklist's step is done.
func (o *Offboarding) Done(step string) bool {
	switch step {
	case StepUnpublish:
		return o.UnpublishedAt != nil
	case StepHandover:
		return o.HandedOverAt != nil
	case StepEnd:
		return o.EndedAt != nil
	}
	return false
}

// CanStartOffboarding is the rule of who may be offboarded: a partner
// (not a prospect or the programme owner) that is not ended and has no
// offboarding under way. It returns "" or the translation key of why not.
func CanStartOffboarding(kind, status string, open *Offboarding) string {
	switch {
	case kind != "partner":
		return "offboarding.not_partner"
	case status == "ended":
		return "offboarding.already_ended"
	case open != nil:
		return "offboarding.under_way"
	}
	return ""
}

// CanTakeStep is the rule of the checklist: a step of an offboarding under
// way, each once, and the irreversible end only after the partner was
// unpublished and its open items handed over. It returns "" or the
// translation key of why not.
func CanTakeStep(o *Offboarding, step string) string {
	switch {
	case o == nil || !o.Open():
		return "offboarding.none_open"
	case step != StepUnpublish && step != StepHandover && step != StepEnd:
		return "validation.choice"
	case o.Done(step):
		return "offboarding.step_done"
	case step == StepEnd && (!o.Done(StepUnpublish) || !o.Done(StepHandover)):
		return "offboarding.checklist_open"
	}
	return ""
}
