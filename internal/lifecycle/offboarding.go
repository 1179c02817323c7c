package lifecycle

import (
	"context"
	"database/sql"
	"slices"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/i18n"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// What the audit log records of offboarding (see audit.Kind).
var _ = audit.Kind("offboarding", "create", "update", "close")

// OffboardingInput starts an offboarding.
type OffboardingInput struct {
	Reason string `json:"reason" enum:"offboarding_reason"`
	// Note says more; it is required when the reason is "other".
	Note string `json:"note"`
}

// OpenItem is something a partner still has open in a feature (a deal, a
// lead offered, a fund request, an introduction), to hand over or close
// before its partnership ends.
type OpenItem struct {
	Feature string `json:"feature" doc:"deals, leads, funds or introductions"`
	Title   string `json:"title"`
	Link    string `json:"link"`
}

// OffboardingState is a partner's offboardings: the one under way, if any,
// and all of them as its history, newest first.
type OffboardingState struct {
	OrgID   string         `json:"org_id"`
	OrgName string         `json:"org_name"`
	Status  string         `json:"status" enum:"partner_status"`
	Current *Offboarding   `json:"current,omitempty"`
	History []*Offboarding `json:"history"`
	// OpenItems are what the partner still has open in other features;
	// staff hand them over or close them there.
	OpenItems []OpenItem `json:"open_items"`
	// Refusal is why no offboarding can start now ("" when one can).
	Refusal string `json:"-"`
}

// Offboarding returns a partner's offboardings; staff only, others get
// apperr.ErrNotFound.
func (s *Service) Offboarding(ctx context.Context, a *auth.Actor, orgID string) (*OffboardingState, error) {
	// Staff read the offboardings of the partners they steer.
	if err := partner.Steered(ctx, s.DB, a, orgID); err != nil {
		return nil, err
	}
	st, err := s.offboardingState(ctx, s.DB, orgID)
	if err != nil {
		return nil, err
	}
	if s.OpenItems != nil {
		if st.OpenItems, err = s.OpenItems(ctx, orgID); err != nil {
			return nil, err
		}
	}
	if st.OpenItems == nil {
		st.OpenItems = []OpenItem{}
	}
	return st, nil
}

func (s *Service) offboardingState(ctx context.Context, q db.Querier, orgID string) (*OffboardingState, error) {
	name, kind, status, _, err := offboardee(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	list, err := listOffboardings(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	st := &OffboardingState{OrgID: orgID, OrgName: name, Status: status, History: list}
	if st.History == nil {
		st.History = []*Offboarding{}
	}
	if i := slices.IndexFunc(list, (*Offboarding).Open); i >= 0 {
		st.Current = list[i]
	}
	st.Refusal = CanStartOffboarding(kind, status, st.Current)
	return st, nil
}

// StartOffboarding starts ending a partnership, with its reason; staff
// only. The partner keeps its access until the last step.
func (s *Service) StartOffboarding(ctx context.Context, a *auth.Actor, orgID string, in OffboardingInput) (*OffboardingState, error) {
	if err := partner.Steered(ctx, s.DB, a, orgID); err != nil {
		return nil, err
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		st, err := s.offboardingState(ctx, tx, orgID)
		if err != nil {
			return err
		}
		var v apperr.Validation
		if !slices.Contains(OffboardingReasons, in.Reason) {
			v.Add("reason", "validation.choice")
		}
		v.Text(&in.Note, apperr.Paragraphs, "note", 2000, in.Reason == "other")
		if err := v.Err(); err != nil {
			return err
		}
		if st.Refusal != "" {
			return apperr.New(apperr.Conflict, st.Refusal)
		}
		o := &Offboarding{ID: db.NewID(), OrgID: orgID, Reason: in.Reason, Note: in.Note, StartedByID: a.UserID, StartedAt: s.now()}
		if err := insertOffboarding(ctx, tx, o); err != nil {
			return err
		}
		return audit.Record(ctx, tx, o.StartedAt, a.Who(), "create", "offboarding", o.ID, orgID, nil, o)
	})
	if err != nil {
		return nil, err
	}
	return s.Offboarding(ctx, a, orgID)
}

// OffboardingStep takes a step of the checklist of the offboarding under
// way; staff only. Unpublish takes the partner out of the directory;
// handover records that its open items were handed over or closed (note
// says how); end, the irreversible step, ends the access of all its users
// (disabled, sessions ended, API tokens revoked) and sets its status to
// "ended", and tells its manager.
func (s *Service) OffboardingStep(ctx context.Context, a *auth.Actor, orgID, step, note string) (*OffboardingState, error) {
	if err := partner.Steered(ctx, s.DB, a, orgID); err != nil {
		return nil, err
	}
	told := false
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		st, err := s.offboardingState(ctx, tx, orgID)
		if err != nil {
			return err
		}
		var v apperr.Validation
		if !slices.Contains(OffboardingSteps, step) {
			v.Add("step", "validation.choice")
		}
		v.Text(&note, apperr.Paragraphs, "note", 2000, false)
		if err := v.Err(); err != nil {
			return err
		}
		if why := CanTakeStep(st.Current, step); why != "" {
			return apperr.New(apperr.Conflict, why)
		}
		o := st.Current
		before := *o
		now := s.now()
		action := "update"
		switch step {
		case StepUnpublish:
			o.UnpublishedAt = &now
			if _, err := s.Partners.ChangeIn(ctx, tx, a, orgID, partner.Input{Published: new(false)}); err != nil {
				return err
			}
		case StepHandover:
			o.HandedOverAt, o.HandoverNote = &now, note
		case StepEnd:
			action = "close"
			o.EndedAt, o.EndedByID = &now, a.UserID
			if o.UsersEnded, err = s.Auth.EndOrgAccess(ctx, tx, a.Who(), orgID, now); err != nil {
				return err
			}
			org, err := s.Partners.ChangeIn(ctx, tx, a, orgID, partner.Input{Status: new("ended"), Published: new(false)})
			if err != nil {
				return err
			}
			if told, err = s.tellEnded(ctx, tx, a, org); err != nil {
				return err
			}
		}
		if err := updateOffboarding(ctx, tx, o); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), action, "offboarding", o.ID, orgID, &before, o)
	})
	if err != nil {
		return nil, err
	}
	if told {
		s.Notify.Kick()
	}
	return s.Offboarding(ctx, a, orgID)
}

// tellEnded tells an ended partner's manager, unless it ended the
// partnership itself; it reports whether it queued a notice.
func (s *Service) tellEnded(ctx context.Context, tx *sql.Tx, a *auth.Actor, org *partner.Organisation) (bool, error) {
	if s.Notify == nil || org.ManagerID == "" || org.ManagerID == a.UserID {
		return false, nil
	}
	return true, s.Notify.Notify(ctx, tx, notify.Notice{Kind: "offboarding.notice.ended", Args: []string{org.LegalName, a.Name},
		Link: OffboardingPath(org.ID), Users: []string{org.ManagerID}})
}

// OffboardingPath is the page of a partner's offboarding.
func OffboardingPath(orgID string) string { return "/partners/" + orgID + "/offboarding" }

// OffboardingNotes is what a partner's page tells staff of its latest
// offboarding, in lang: under way since when and why, or ended when and
// why. It asks the database only for a partner that is unpublished or
// ended (an offboarding's first step unpublishes), so that the page of a
// listed partner costs no statement; nothing for anyone but staff.
func (s *Service) OffboardingNotes(ctx context.Context, a *auth.Actor, org *partner.Organisation, lang string) ([]partner.Note, error) {
	if !a.IsStaff() || (org.Published && org.Status != "ended") {
		return nil, nil
	}
	orgID := org.ID
	list, err := listOffboardings(ctx, s.DB, orgID)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	o := list[0]
	reason := i18n.T(lang, "offboarding.reason."+o.Reason)
	text := i18n.T(lang, "offboarding.note_open", i18n.Date(lang, o.StartedAt), reason)
	if o.EndedAt != nil {
		text = i18n.T(lang, "offboarding.note_ended", i18n.Date(lang, *o.EndedAt), reason)
	}
	return []partner.Note{{Text: text, Link: OffboardingPath(orgID)}}, nil
}
