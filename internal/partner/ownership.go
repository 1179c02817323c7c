package partner

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/notify"
)

// What the audit log records of ownership (see audit.Kind): a handover
// from one manager to another, the deputies set anew, the programme's
// setting of who sees what.
var (
	_ = audit.Kind("ownership", "handover", "deputies")
	_ = audit.Kind("ownership_settings", "update")
)

// Steers is the one rule of whose internal data a staff member sees and
// changes: contacts, assessments, business cases, activities, plans,
// onboarding, deals, leads, introductions, names in survey results, funds,
// incentive statements. Admins steer every organisation. A partner manager steers the
// organisations it owns (manager) or deputises, and those nobody owns yet
// (so that a new partner is not lost before it is assigned); when the
// programme turned ownOnly off, every organisation. Nobody else steers.
// deputy says whether a deputises the organisation. Every feature asks
// this rule through SteersOrg, Steered, SteeredAmong, LoadSteering or, in
// SQL, SteersSQL.
func Steers(a *auth.Actor, ownOnly bool, managerID string, deputy bool) bool {
	switch {
	case !a.IsStaff():
		return false
	case a.IsAdmin() || !ownOnly || managerID == "":
		return true
	}
	return managerID == a.UserID || deputy
}

// Steering is Steers for one reader over a list, for lists filtered in Go
// (from a cache) whose rows know each organisation's manager.
type Steering struct {
	a       *auth.Actor
	ownOnly bool
	deputy  map[string]bool
}

// LoadSteering reads what Steers needs for a beyond each organisation's
// manager: the programme's setting and the organisations a deputises.
func LoadSteering(ctx context.Context, q db.Querier, a *auth.Actor) (*Steering, error) {
	st := &Steering{a: a, deputy: map[string]bool{}}
	if !a.IsStaff() || a.IsAdmin() {
		return st, nil
	}
	set, err := loadOwnershipSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	st.ownOnly = set.OwnOnly
	if !st.ownOnly {
		return st, nil
	}
	ids, err := deputised(ctx, q, a.UserID)
	for _, id := range ids {
		st.deputy[id] = true
	}
	return st, err
}

// Has reports whether the reader steers the organisation managed by
// managerID.
func (st *Steering) Has(orgID, managerID string) bool {
	return Steers(st.a, st.ownOnly, managerID, st.deputy[orgID])
}

// SteersSQL is Steers as a condition on a column holding an organisation's
// id (e.g. "p.org_id"), for lists that must filter in the database. Its
// placeholders start at $next; args are their values, to append to the
// query's.
func SteersSQL(a *auth.Actor, col string, next int) (cond string, args []any) {
	switch {
	case !a.IsStaff():
		return "(1 = 0)", nil
	case a.IsAdmin():
		return "(1 = 1)", nil
	}
	return steersCond("$"+strconv.Itoa(next), col), []any{a.UserID}
}

// steersCond is Steers for a manager as SQL: whether the user whose id is
// the expression user steers the organisation whose id is the expression
// col. SteersSQL and Stewards share it.
func steersCond(user, col string) string {
	return "(NOT EXISTS (SELECT 1 FROM ownership_settings WHERE own_only = TRUE)" +
		" OR EXISTS (SELECT 1 FROM organisations so WHERE so.id = " + col + " AND (so.manager_id IS NULL OR so.manager_id = '' OR so.manager_id = " + user + "))" +
		" OR EXISTS (SELECT 1 FROM organisation_deputies sd WHERE sd.org_id = " + col + " AND sd.user_id = " + user + "))"
}

// Stewards returns the ids of the partner managers (enabled) who steer
// any of the organisations, in one query: the staff a notice about those
// partners goes to besides the admins (notify.Notice{Users: …, Admins:
// true}), so that nobody is told what the ownership rule hides from them.
func Stewards(ctx context.Context, q db.Querier, orgIDs ...string) ([]string, error) {
	if len(orgIDs) == 0 {
		return nil, nil
	}
	args := []any{string(auth.RoleManager)}
	in := db.In(&args, orgIDs)
	return db.Query(ctx, q, func(r db.Row) (string, error) {
		var id string
		return id, r.Scan(&id)
	}, `SELECT u.id FROM users u WHERE u.role = $1 AND NOT u.disabled AND EXISTS (SELECT 1 FROM organisations o WHERE o.id IN (`+in+`)
		AND o.deleted_at IS NULL AND `+steersCond("u.id", "o.id")+`) ORDER BY u.id`, args...)
}

// Steers reports whether a steers the organisation (see Steers); false for
// one that does not exist.
func (s *Service) Steers(ctx context.Context, a *auth.Actor, orgID string) (bool, error) {
	return SteersOrg(ctx, s.DB, a, orgID)
}

// SteersOrg is Service.Steers on q, for a feature's check inside its
// transaction: one query, none for those who steer nothing; for admins
// whether the organisation exists.
func SteersOrg(ctx context.Context, q db.Querier, a *auth.Actor, orgID string) (bool, error) {
	if !a.IsStaff() {
		return false, nil
	}
	cond, args := SteersSQL(a, "o.id", 2)
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM organisations o WHERE o.id = $1 AND o.deleted_at IS NULL AND `+cond,
		append([]any{orgID}, args...)...).Scan(&n)
	return n > 0, err
}

// SteeredAmong returns which of the organisations ids a steers, in one
// query (none for admins): for lists of partner data read without their
// organisations' rows.
func SteeredAmong(ctx context.Context, q db.Querier, a *auth.Actor, ids []string) (map[string]bool, error) {
	out := make(map[string]bool, len(ids))
	switch {
	case !a.IsStaff() || len(ids) == 0:
		return out, nil
	case a.IsAdmin():
		for _, id := range ids {
			out[id] = true
		}
		return out, nil
	}
	args := []any{}
	in := db.In(&args, ids)
	cond, sargs := SteersSQL(a, "o.id", len(args)+1)
	found, err := db.Query(ctx, q, func(r db.Row) (string, error) {
		var id string
		return id, r.Scan(&id)
	}, `SELECT o.id FROM organisations o WHERE o.id IN (`+in+`) AND `+cond, append(args, sargs...)...)
	for _, id := range found {
		out[id] = true
	}
	return out, err
}

// Steered returns apperr.ErrNotFound unless a steers the organisation:
// the check of a feature's read or change of a partner's internal data.
func Steered(ctx context.Context, q db.Querier, a *auth.Actor, orgID string) error {
	ok, err := SteersOrg(ctx, q, a, orgID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.ErrNotFound
	}
	return nil
}

// steersLoaded is SteersOrg for an organisation already loaded: no query
// where its manager decides.
func steersLoaded(ctx context.Context, q db.Querier, a *auth.Actor, o *Organisation) (bool, error) {
	switch {
	case !a.IsStaff():
		return false, nil
	case a.IsAdmin() || o.ManagerID == "" || o.ManagerID == a.UserID:
		return true, nil
	}
	return SteersOrg(ctx, q, a, o.ID)
}

// OwnershipSettings are the programme's setting of who sees what.
type OwnershipSettings struct {
	// OwnOnly: partner managers see the internal data of only the partners
	// they own or deputise (and of the unowned ones); admins see all.
	OwnOnly bool `json:"own_only" doc:"partner managers see only the partners they own or deputise, and those nobody owns; admins see all"`
}

// Settings returns the ownership setting; staff only.
func (s *Service) OwnershipSettings(ctx context.Context, a *auth.Actor) (*OwnershipSettings, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	return loadOwnershipSettings(ctx, s.DB)
}

// SetOwnershipSettings changes the setting; admins only.
func (s *Service) SetOwnershipSettings(ctx context.Context, a *auth.Actor, in OwnershipSettings) (*OwnershipSettings, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	if !a.IsAdmin() {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := loadOwnershipSettings(ctx, tx)
		if err != nil {
			return err
		}
		if err := saveOwnershipSettings(ctx, tx, in); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "update", "ownership_settings", "ownership", "", before, in)
	})
	return &in, err
}

// Person is a staff member as ownership names it.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Handover is one change of a partner's manager, kept as its history.
type Handover struct {
	ID       string    `json:"id"`
	From     *Person   `json:"from,omitempty" doc:"absent when the partner had no manager before"`
	To       Person    `json:"to"`
	Note     string    `json:"note"`
	By       string    `json:"by" doc:"the name of who handed over"`
	At       time.Time `json:"at"`
	orgID    string
	fromID   string
	toID     string
	byID     string
	fromName string
}

// Ownership is who owns a partner: its manager, its deputies and the
// history of its handovers, newest first.
type Ownership struct {
	OrgID     string     `json:"org_id"`
	Manager   *Person    `json:"manager,omitempty" doc:"absent when nobody owns the partner yet"`
	Deputies  []Person   `json:"deputies"`
	Handovers []Handover `json:"handovers"`
	// CanHandOver: the caller may hand the partner over and set its
	// deputies (admins and the partner's manager).
	CanHandOver bool `json:"can_hand_over"`
}

// Ownership returns who owns the organisation, for those who steer it;
// 404 for everybody else.
func (s *Service) Ownership(ctx context.Context, a *auth.Actor, orgID string) (*Ownership, error) {
	o, err := s.steered(ctx, s.DB, a, orgID)
	if err != nil {
		return nil, err
	}
	return loadOwnership(ctx, s.DB, a, o)
}

// steered loads the organisation a steers, or apperr.ErrNotFound.
func (s *Service) steered(ctx context.Context, q db.Querier, a *auth.Actor, orgID string) (*Organisation, error) {
	if _, bad := apperr.CleanText(apperr.Line, orgID); bad != "" {
		return nil, apperr.ErrNotFound
	}
	ok, err := SteersOrg(ctx, q, a, orgID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.ErrNotFound
	}
	return loadOrgRow(ctx, q, orgID)
}

// ownedBy loads the organisation a may hand over and name deputies for:
// not found unless a steers it, forbidden unless a may hand it over.
func (s *Service) ownedBy(ctx context.Context, q db.Querier, a *auth.Actor, orgID string) (*Organisation, error) {
	o, err := s.steered(ctx, q, a, orgID)
	if err != nil {
		return nil, err
	}
	if !mayHandOver(a, o) {
		return nil, apperr.New(apperr.Forbidden, "ownership.error.not_yours")
	}
	return o, nil
}

// mayHandOver reports whether a may hand o over to another manager and
// name its deputies: admins, o's manager, and any staff member while
// nobody owns o (so that a new partner finds its manager).
func mayHandOver(a *auth.Actor, o *Organisation) bool {
	return a.IsAdmin() || (a.IsStaff() && (o.ManagerID == "" || o.ManagerID == a.UserID))
}

// HandoverInput is a handover: the new manager and a note for it.
type HandoverInput struct {
	To   string `json:"to" doc:"the user id of the new manager (a partner manager or admin)"`
	Note string `json:"note" doc:"what the new manager should know: open matters, contacts, the partner's mood"`
}

// HandOver makes another staff member the partner's manager, keeps the
// handover with its note and tells both managers. Admins and the current
// manager may; the former manager becomes nothing (not a deputy).
func (s *Service) HandOver(ctx context.Context, a *auth.Actor, orgID string, in HandoverInput) (*Ownership, error) {
	var out *Ownership
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		o, err := s.ownedBy(ctx, tx, a, orgID)
		if err != nil {
			return err
		}
		var v apperr.Validation
		v.Clean(&in.Note, apperr.Paragraphs, "note")
		if v.Clean(&in.To, apperr.Line, "to") {
			switch ok, err := (refs{q: tx}).manager(ctx, in.To); {
			case err != nil:
				return err
			case in.To == "" || !ok:
				v.Add("to", "validation.manager")
			case in.To == o.ManagerID:
				v.Add("to", "ownership.error.same_manager")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.recordHandover(ctx, tx, a, o, in.To, in.Note); err != nil {
			return err
		}
		o.ManagerID = in.To
		// The new manager is no longer its own deputy.
		if err := deleteDeputy(ctx, tx, o.ID, in.To); err != nil {
			return err
		}
		if err := setManager(ctx, tx, o.ID, in.To, s.now()); err != nil {
			return err
		}
		out, err = loadOwnership(ctx, tx, a, o)
		return err
	})
	return out, err
}

// recordHandover keeps the change of o's manager to to, audits it and
// tells the new and the former manager, in tx. The profile form's change
// of the manager comes here too, with an empty note.
func (s *Service) recordHandover(ctx context.Context, tx *sql.Tx, a *auth.Actor, o *Organisation, to, note string) error {
	h := Handover{ID: uuid.NewString(), orgID: o.ID, fromID: o.ManagerID, toID: to, byID: a.UserID, Note: note, At: s.now()}
	if err := insertHandover(ctx, tx, h); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, h.At, a.Who(), "handover", "ownership", o.ID, o.ID,
		map[string]string{"manager_id": o.ManagerID}, map[string]string{"manager_id": to, "note": note}); err != nil {
		return err
	}
	// A change pakt makes by a rule (the pipeline's manager assignment)
	// tells the manager by that rule's own notice.
	if s.Notify == nil || a.System {
		return nil
	}
	args := []string{o.LegalName, a.Name, cmp.Or(note, "–")}
	if to != "" {
		if err := s.Notify.Notify(ctx, tx, notify.Notice{Kind: "ownership.handed_to", Args: args, Link: "/partners/" + o.ID + "/ownership",
			Users: []string{to}, Except: a.UserID}); err != nil {
			return err
		}
	}
	if o.ManagerID != "" && o.ManagerID != to {
		return s.Notify.Notify(ctx, tx, notify.Notice{Kind: "ownership.handed_away", Args: args, Link: "/partners/" + o.ID,
			Users: []string{o.ManagerID}, Except: a.UserID})
	}
	return nil
}

// SetDeputies names the partner's deputies anew: staff members who stand
// in for its manager and see what it sees. Admins and the manager may.
func (s *Service) SetDeputies(ctx context.Context, a *auth.Actor, orgID string, ids []string) (*Ownership, error) {
	var out *Ownership
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		o, err := s.ownedBy(ctx, tx, a, orgID)
		if err != nil {
			return err
		}
		ids = apperr.UniqueSorted(ids)
		var v apperr.Validation
		for i := range ids {
			field := "deputies[" + strconv.Itoa(i) + "]"
			if !v.Clean(&ids[i], apperr.Line, field) {
				continue
			}
			switch ok, err := (refs{q: tx}).manager(ctx, ids[i]); {
			case err != nil:
				return err
			case !ok:
				v.Add(field, "validation.manager")
			case ids[i] == o.ManagerID:
				v.Add(field, "ownership.error.deputy_is_manager")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		before, err := deputyIDs(ctx, tx, o.ID)
		if err != nil {
			return err
		}
		if slices.Equal(before, ids) {
			out, err = loadOwnership(ctx, tx, a, o)
			return err
		}
		if err := saveDeputies(ctx, tx, o.ID, ids); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, s.now(), a.Who(), "deputies", "ownership", o.ID, o.ID,
			map[string][]string{"deputies": before}, map[string][]string{"deputies": ids}); err != nil {
			return err
		}
		if s.Notify != nil {
			added := slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return slices.Contains(before, id) })
			if len(added) > 0 {
				if err := s.Notify.Notify(ctx, tx, notify.Notice{Kind: "ownership.deputy", Args: []string{o.LegalName, a.Name},
					Link: "/partners/" + o.ID + "/ownership", Users: added, Except: a.UserID}); err != nil {
					return err
				}
			}
		}
		out, err = loadOwnership(ctx, tx, a, o)
		return err
	})
	return out, err
}
