package portfolio

import (
	"cmp"
	"context"
	"database/sql"
	"errors"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// SharedPath is the page of an organisation's shared business case: the
// partner's view for its admins, the side-by-side comparison for staff.
func SharedPath(orgID string) string { return "/partners/" + orgID + "/shared-business-case" }

// errNothingToShare refuses to share an organisation without a business
// case.
var errNothingToShare = apperr.New(apperr.Conflict, "sharedcase.error.no_case")

// sharedRecord is what the audit log keeps of a shared case: who shared it
// and the partner's copy, never the manager's note.
type sharedRecord struct {
	SharedBy string   `json:"shared_by"`
	Copy     *Figures `json:"copy,omitempty"`
}

func recordOf(c *SharedCase) sharedRecord {
	r := sharedRecord{SharedBy: c.SharedBy}
	if c.Copy != nil {
		f := FiguresOf(*c.Copy)
		f.Months = nil
		r.Copy = &f
	}
	return r
}

// nameOf is how a shared case names a person to the other side: the
// name, else the e-mail address.
func nameOf(a *auth.Actor) string {
	if a.Name != "" {
		return a.Name
	}
	return a.Who().Label
}

// mayReadShared reports whether a reads the shared case of orgID: staff and
// the organisation's partner admins.
func mayReadShared(a *auth.Actor, orgID string) bool { return a.IsStaff() || a.ActsFor(orgID) }

// Shared returns an organisation's shared business case to staff and to
// the organisation's partner admins; to everyone else, and when the case
// is not shared, apperr.ErrNotFound.
func (s *BusinessCases) Shared(ctx context.Context, a *auth.Actor, orgID string) (*SharedCase, error) {
	if !mayReadShared(a, orgID) {
		return nil, apperr.ErrNotFound
	}
	if a.IsStaff() {
		// Staff read the shared cases of the partners they steer.
		if err := partner.Steered(ctx, s.DB, a, orgID); err != nil {
			return nil, err
		}
	} else if ok, err := partner.Exists(ctx, s.DB, orgID); err != nil || !ok {
		return nil, cmp.Or(err, error(apperr.ErrNotFound))
	}
	return getSharedCase(ctx, s.DB, orgID)
}

// SharingOf returns, for staff, whether an organisation's business case is
// shared (nil when not) and how many partner admins would read it.
func (s *BusinessCases) SharingOf(ctx context.Context, a *auth.Actor, orgID string) (*SharedCase, int, error) {
	if err := partner.Steered(ctx, s.DB, a, orgID); err != nil {
		return nil, 0, err
	}
	admins, err := orgAdminCount(ctx, s.DB, orgID)
	if err != nil {
		return nil, 0, err
	}
	c, err := getSharedCase(ctx, s.DB, orgID)
	if errors.Is(err, apperr.ErrNotFound) {
		return nil, admins, nil
	}
	return c, admins, err
}

// Share shares an organisation's business case with its partner admins;
// staff only. An organisation without admins yet (a prospect) is shared
// all the same: its admins read the case once there are any. Sharing a
// shared case changes nothing. The admins are told by inbox and e-mail.
func (s *BusinessCases) Share(ctx context.Context, a *auth.Actor, orgID string) (*SharedCase, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	var out *SharedCase
	told := false
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := partner.Steered(ctx, tx, a, orgID); err != nil {
			return err
		}
		if c, err := getSharedCase(ctx, tx, orgID); err == nil {
			out = c
			return nil
		} else if !errors.Is(err, apperr.ErrNotFound) {
			return err
		}
		if _, err := getBusinessCase(ctx, tx, orgID); errors.Is(err, apperr.ErrNotFound) {
			return errNothingToShare
		} else if err != nil {
			return err
		}
		c := &SharedCase{OrgID: orgID, SharedBy: nameOf(a), SharedByID: a.UserID, SharedAt: s.now()}
		if err := insertSharedCase(ctx, tx, c); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, c.SharedAt, a.Who(), "share", "shared_business_case", orgID, orgID, nil, recordOf(c)); err != nil {
			return err
		}
		var err error
		if out, err = getSharedCase(ctx, tx, orgID); err != nil {
			return err
		}
		told, err = s.tell(ctx, tx, orgID, notify.Notice{Kind: "portfolio.case_shared", Orgs: []string{orgID}, AdminsOnly: true, Except: a.UserID})
		return err
	})
	if err != nil {
		return nil, err
	}
	if told {
		s.Notify.Kick()
	}
	return out, nil
}

// tell queues n about the shared case of orgID in tx, named by the
// organisation and linking to the case, and reports whether it did (not
// when the service tells nobody).
func (s *BusinessCases) tell(ctx context.Context, tx *sql.Tx, orgID string, n notify.Notice) (bool, error) {
	if s.Notify == nil {
		return false, nil
	}
	name, err := orgLegalName(ctx, tx, orgID)
	if err != nil {
		return false, err
	}
	n.Args, n.Link = []string{name}, SharedPath(orgID)
	return true, s.Notify.Notify(ctx, tx, n)
}

// Unshare ends the sharing of an organisation's business case; staff only.
// The partner's copy goes with it; the manager's case stays.
func (s *BusinessCases) Unshare(ctx context.Context, a *auth.Actor, orgID string) error {
	if !a.IsStaff() {
		return apperr.ErrNotFound
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := partner.Steered(ctx, tx, a, orgID); err != nil {
			return err
		}
		c, err := getSharedCase(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if err := deleteSharedCase(ctx, tx, orgID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "unshare", "shared_business_case", orgID, orgID, recordOf(c), nil)
	})
}

// SaveCopy keeps the partner's own assumptions for its shared case: only
// the organisation's partner admins may, everyone else is told there is no
// such case. The currency is the manager's, a note is dropped; the
// assumptions are validated as a business case's (fields by their JSON
// names). The manager's version stays unchanged; the manager who shared
// the case is told.
func (s *BusinessCases) SaveCopy(ctx context.Context, a *auth.Actor, orgID string, in BusinessCase) (*SharedCase, error) {
	if !a.ActsFor(orgID) {
		return nil, apperr.ErrNotFound
	}
	var out *SharedCase
	told := false
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		c, err := getSharedCase(ctx, tx, orgID)
		if err != nil {
			return err
		}
		cp := AsCopy(c.Manager, in)
		cp.Normalise()
		if err := cp.Validate(); err != nil {
			return err
		}
		before := recordOf(c)
		cp.UpdatedBy, cp.UpdatedAt = nameOf(a), s.now()
		if err := saveSharedCopy(ctx, tx, orgID, &cp); err != nil {
			return err
		}
		c.Copy = &cp
		if err := audit.Record(ctx, tx, cp.UpdatedAt, a.Who(), "update", "shared_business_case", orgID, orgID, before, recordOf(c)); err != nil {
			return err
		}
		out = c
		if c.SharedByID == "" {
			return nil
		}
		told, err = s.tell(ctx, tx, orgID, notify.Notice{Kind: "portfolio.case_adjusted", Users: []string{c.SharedByID}, Except: a.UserID})
		return err
	})
	if err != nil {
		return nil, err
	}
	if told {
		s.Notify.Kick()
	}
	return out, nil
}

// ResetCopy drops the partner's copy, so that its admins read the
// manager's version again; only the organisation's partner admins may.
func (s *BusinessCases) ResetCopy(ctx context.Context, a *auth.Actor, orgID string) (*SharedCase, error) {
	if !a.ActsFor(orgID) {
		return nil, apperr.ErrNotFound
	}
	var out *SharedCase
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		c, err := getSharedCase(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if c.Copy == nil {
			out = c
			return nil
		}
		before := recordOf(c)
		if err := saveSharedCopy(ctx, tx, orgID, nil); err != nil {
			return err
		}
		c.Copy = nil
		out = c
		return audit.Record(ctx, tx, s.now(), a.Who(), "reset", "shared_business_case", orgID, orgID, before, recordOf(c))
	})
	return out, err
}
