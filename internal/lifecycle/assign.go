package lifecycle

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// What the audit log records of the manager assignment (see audit.Kind).
var (
	_ = audit.Kind("manager_assignment", "update")
	_ = audit.Kind("prospect", "assign_manager")
)

// Assignment is how won prospects get their manager: the rules in their
// order, then the round robin among its managers.
type Assignment struct {
	Rules    []ManagerRule     `json:"rules"`
	Rotation []RotationManager `json:"rotation"`
}

// RuleInput is a manager rule as it is entered.
type RuleInput struct {
	// ID keeps a rule's id when the assignment is saved again; a new rule
	// has none.
	ID           string `json:"id,omitempty"`
	Kind         string `json:"kind" enum:"manager_rule_kind"`
	Country      string `json:"country,omitempty"`
	Region       string `json:"region,omitempty"`
	CompetencyID string `json:"competency_id,omitempty"`
	ManagerID    string `json:"manager_id"`
}

// AssignmentInput replaces the whole assignment: the rules in the order
// they are tried, and the managers of the round robin.
type AssignmentInput struct {
	Rules    []RuleInput `json:"rules"`
	Rotation []string    `json:"rotation" doc:"user ids of the managers the round robin takes in turn"`
}

// Assignment returns the assignment rules; staff read them.
func (s *Service) Assignment(ctx context.Context, a *auth.Actor) (*Assignment, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	return loadAssignment(ctx, s.DB)
}

func loadAssignment(ctx context.Context, q db.Querier) (*Assignment, error) {
	rules, err := listManagerRules(ctx, q)
	if err != nil {
		return nil, err
	}
	rotation, err := listRotation(ctx, q)
	if err != nil {
		return nil, err
	}
	return &Assignment{Rules: rules, Rotation: rotation}, nil
}

// Input returns the assignment as it would be entered again.
func (x *Assignment) Input() AssignmentInput {
	in := AssignmentInput{Rules: []RuleInput{}, Rotation: []string{}}
	for _, r := range x.Rules {
		in.Rules = append(in.Rules, RuleInput{ID: r.ID, Kind: r.Kind, Country: r.Country, Region: r.Region, CompetencyID: r.CompetencyID, ManagerID: r.ManagerID})
	}
	for _, m := range x.Rotation {
		in.Rotation = append(in.Rotation, m.ManagerID)
	}
	return in
}

// SaveAssignment replaces the assignment rules; admins only. Every rule's
// manager and every manager of the round robin must be active staff. A
// rule's fields are named "rules.N.field" in errors.
func (s *Service) SaveAssignment(ctx context.Context, a *auth.Actor, in AssignmentInput) (*Assignment, error) {
	return s.saveAssignment(ctx, a, in, byIndex)
}

func (s *Service) saveAssignment(ctx context.Context, a *auth.Actor, in AssignmentInput, field func(i int, f string) string) (*Assignment, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	if !a.IsAdmin() {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	comps, err := s.Partners.CompetencyBySlug(ctx)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, c := range comps {
		known[c.ID] = true
	}
	var out *Assignment
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var v apperr.Validation
		rules := make([]ManagerRule, 0, len(in.Rules))
		ids := map[string]bool{}
		for i, r := range in.Rules {
			rule, err := checkRule(ctx, tx, &v, r, known, func(f string) string { return field(i, f) })
			if err != nil {
				return err
			}
			if id := r.ID; v.Clean(&id, apperr.Line, field(i, "id")) && id != "" && len(id) <= 40 && !ids[id] {
				rule.ID = id
			}
			ids[rule.ID] = true
			rules = append(rules, rule)
		}
		var rotation []RotationManager
		for _, id := range in.Rotation {
			if !v.Clean(&id, apperr.Line, "rotation") || slices.ContainsFunc(rotation, func(m RotationManager) bool { return m.ManagerID == id }) {
				continue
			}
			if _, ok, err := activeManager(ctx, tx, id); err != nil {
				return err
			} else if !ok {
				v.Add("rotation", "validation.manager")
				continue
			}
			rotation = append(rotation, RotationManager{ManagerID: id})
		}
		if err := v.Err(); err != nil {
			return err
		}
		before, err := loadAssignment(ctx, tx)
		if err != nil {
			return err
		}
		if err := replaceAssignment(ctx, tx, rules, rotation); err != nil {
			return err
		}
		if out, err = loadAssignment(ctx, tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "update", "manager_assignment", "pipeline", "", before.Input(), out.Input())
	})
	return out, err
}

// checkRule validates one rule; field names its fields in errors.
func checkRule(ctx context.Context, q db.Querier, v *apperr.Validation, in RuleInput, known map[string]bool, field func(string) string) (ManagerRule, error) {
	r := ManagerRule{ID: db.NewID(), Kind: strings.TrimSpace(in.Kind)}
	switch r.Kind {
	case RuleRegion:
		r.Country = strings.ToUpper(strings.TrimSpace(in.Country))
		r.Region = in.Region
		v.Text(&r.Region, apperr.Line, field("region"), 100, false)
		if r.Country != "" && !partner.ValidCountry(r.Country) {
			v.Add(field("country"), "validation.country")
		} else if r.Country == "" && r.Region == "" {
			v.Add(field("country"), "pipeline.assign.region_required")
		}
	case RuleCompetency:
		r.CompetencyID = strings.TrimSpace(in.CompetencyID)
		if !known[r.CompetencyID] {
			v.Add(field("competency_id"), "validation.unknown_competency")
		}
	default:
		v.Add(field("kind"), "validation.choice")
	}
	r.ManagerID = in.ManagerID
	if !v.Clean(&r.ManagerID, apperr.Line, field("manager_id")) {
		return r, nil
	}
	name, ok, err := activeManager(ctx, q, r.ManagerID)
	if err != nil {
		return r, err
	}
	if !ok {
		v.Add(field("manager_id"), "validation.manager")
	}
	r.ManagerName, r.Active = name, ok
	return r, nil
}

// assignManager gives a won prospect without a manager the one the
// assignment rules choose, inside the transaction that wins it, audited,
// and tells that manager; told says whether a notice was queued.
func (s *Service) assignManager(ctx context.Context, tx *sql.Tx, a *auth.Actor, orgID string) (told bool, err error) {
	name, current, facts, err := wonFacts(ctx, tx, orgID)
	if err != nil || current != "" {
		return false, err
	}
	x, err := loadAssignment(ctx, tx)
	if err != nil {
		return false, err
	}
	id, by := ChooseManager(facts, x.Rules, nil, 0)
	if id == "" && slices.ContainsFunc(x.Rotation, func(m RotationManager) bool { return m.Active }) {
		turn, err := nextTurn(ctx, tx)
		if err != nil {
			return false, err
		}
		id, by = ChooseManager(facts, x.Rules, x.Rotation, turn)
	}
	if id == "" {
		return false, nil
	}
	if _, err := s.Partners.ChangeIn(ctx, tx, auth.System, orgID, partner.Input{ManagerID: &id}); err != nil {
		return false, err
	}
	if err := audit.Record(ctx, tx, s.now(), a.Who(), "assign_manager", "prospect", orgID, orgID, nil, map[string]string{"manager_id": id, "by": by}); err != nil {
		return false, err
	}
	if s.Notify == nil || id == a.UserID {
		return false, nil
	}
	return true, s.Notify.Notify(ctx, tx, notify.Notice{Kind: "pipeline.notice.assigned_" + by, Args: []string{name}, Link: "/partners/" + orgID, Users: []string{id}})
}
