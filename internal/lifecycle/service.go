package lifecycle

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"sync"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("prospect", "create", "update", "move")
	_ = audit.Kind("stage_gates", "update")
	_ = audit.Event("prospect", "create", "update", "move")
)

// Sources say how a prospect entered the pipeline.
const (
	SourceManual         = "manual"
	SourceSelfAssessment = "self_assessment"
	SourceImport         = "import"
)

// Prospect is an organisation in the recruitment pipeline.
type Prospect struct {
	OrgID      string     `json:"org_id"`
	Name       string     `json:"name"`
	Stage      string     `json:"stage" enum:"stage"`
	OwnerID    string     `json:"owner_id"`
	OwnerName  string     `json:"owner_name"`
	NextStep   string     `json:"next_step"`
	Notes      string     `json:"notes"`
	DueOn      *time.Time `json:"due_on"`
	Overdue    bool       `json:"overdue"`
	LostReason string     `json:"lost_reason"`
	Source     string     `json:"source"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	StageSince time.Time  `json:"stage_since"`
	// History is the prospect's stage changes, oldest first, on Get.
	History []Change `json:"history,omitempty"`
	// Missing is what the gate of the next stage asks for and the
	// prospect lacks, on the board and on Get.
	Missing []Missing `json:"missing,omitempty"`

	kind string
}

// record is the prospect as the audit log records it.
func (p *Prospect) record() map[string]any {
	return map[string]any{"stage": p.Stage, "owner_id": p.OwnerID, "next_step": p.NextStep, "notes": p.Notes, "due_on": p.DueOn, "lost_reason": p.LostReason, "source": p.Source}
}

// Service implements the recruitment pipeline.
type Service struct {
	DB       *db.DB
	Now      func() time.Time
	Partners *partner.Service

	history historyCache
	// OnWon starts the onboarding of a prospect that became a partner; set
	// by the app. It runs after the move is committed.
	OnWon func(ctx context.Context, orgID string) error
	// SelfAssessments returns what a prospect answered in the public
	// self-assessment, newest first; set by the app. The caller has checked
	// that the prospect may be seen.
	SelfAssessments func(ctx context.Context, orgID string) ([]SelfAssessment, error)

	// The evidence the stage gates ask for, set by the app; a hook that is
	// not set counts as evidence missing. The caller has checked that the
	// prospect may be seen.
	//
	// MetCLevel reports whether a personal meeting with a C-level contact
	// of the organisation is logged.
	MetCLevel func(ctx context.Context, orgID string) (bool, error)
	// BreakEvenMonths returns the month in which the organisation's
	// business case breaks even, 0 when it does not within its horizon; ok
	// is false when it has no business case.
	BreakEvenMonths func(ctx context.Context, orgID string) (months int, ok bool, err error)
	// Assessed reports whether the organisation has been assessed.
	Assessed func(ctx context.Context, orgID string) (bool, error)
	// Notify tells managers of the partners given to them; Auth ends the
	// access of an offboarded partner's users. Set by the app.
	Notify *notify.Service
	Auth   *auth.Service
	// OpenItems lists what a partner still has open in other features
	// (deals, leads offered, fund requests, introductions), for its
	// offboarding; set by the app, nil lists nothing.
	OpenItems func(ctx context.Context, orgID string) ([]OpenItem, error)
}

// NewService returns the pipeline service; it creates prospects'
// organisations through partners.
func NewService(d *db.DB, now func() time.Time, partners *partner.Service) *Service {
	return &Service{DB: d, Now: now, Partners: partners}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// CanSee reports whether a may see and edit a prospect owned by ownerID:
// admins and partner managers see every prospect, a recruiter only those it
// owns, nobody else any. Every read and change goes through it.
func CanSee(a *auth.Actor, ownerID string) bool {
	if a.IsStaff() {
		return true
	}
	return a != nil && a.Role == auth.RoleRecruiter && a.UserID != "" && ownerID == a.UserID
}

// mayUse reports whether a may use the pipeline at all.
func mayUse(a *auth.Actor) bool {
	return a.IsStaff() || (a != nil && a.Role == auth.RoleRecruiter && a.UserID != "")
}

func (s *Service) visible(ctx context.Context, q db.Querier, a *auth.Actor, orgID string) (*Prospect, error) {
	if !mayUse(a) {
		return nil, apperr.ErrNotFound
	}
	p, err := loadProspect(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	if !CanSee(a, p.OwnerID) {
		return nil, apperr.ErrNotFound
	}
	s.flag(p)
	return p, nil
}

// flag marks a prospect overdue when its due date has passed and it is
// still being recruited.
func (s *Service) flag(p *Prospect) {
	today := day(s.now())
	p.Overdue = p.DueOn != nil && p.DueOn.Before(today) && p.Stage != Won && p.Stage != Lost
}

// CreateInput is what a prospect is created from.
type CreateInput struct {
	// Stage is where an imported prospect stands; new prospects start at
	// identified. Won cannot be imported (winning makes a partner).
	Stage      string `json:"stage,omitempty" enum:"stage"`
	LostReason string `json:"lost_reason,omitempty"`
	LegalName  string `json:"legal_name"`
	Domain     string `json:"domain"`
	Country    string `json:"country"`
	City       string `json:"city"`
	// OwnerID defaults to the creator; a recruiter always owns its own.
	OwnerID  string `json:"owner_id"`
	NextStep string `json:"next_step"`
	DueOn    string `json:"due_on" doc:"YYYY-MM-DD"`
}

// UpdateInput changes a prospect's owner, next step, notes or due date; nil
// fields stay as they are, an empty due date clears it.
type UpdateInput struct {
	OwnerID  *string `json:"owner_id,omitempty"`
	NextStep *string `json:"next_step,omitempty"`
	Notes    *string `json:"notes,omitempty"`
	DueOn    *string `json:"due_on,omitempty" doc:"YYYY-MM-DD, empty to clear"`
}

// apply validates in and writes it onto p.
func (s *Service) apply(ctx context.Context, q db.Querier, a *auth.Actor, p *Prospect, in UpdateInput, v *apperr.Validation) error {
	if in.OwnerID != nil {
		owner := *in.OwnerID
		switch {
		case !v.Clean(&owner, apperr.Line, "owner_id"):
		case owner == p.OwnerID:
		case !a.IsStaff():
			v.Add("owner_id", "validation.staff_only")
		case owner == "":
			v.Add("owner_id", "validation.required")
		default:
			role, err := ownerRole(ctx, q, owner)
			if err != nil {
				return err
			}
			if role != string(auth.RoleAdmin) && role != string(auth.RoleManager) && role != string(auth.RoleRecruiter) {
				v.Add("owner_id", "pipeline.owner_invalid")
			} else {
				p.OwnerID = owner
			}
		}
	}
	if in.NextStep != nil {
		p.NextStep = *in.NextStep
		v.Text(&p.NextStep, apperr.Line, "next_step", 500, false)
	}
	if in.Notes != nil {
		p.Notes = *in.Notes
		v.Text(&p.Notes, apperr.Paragraphs, "notes", 5000, false)
	}
	if in.DueOn != nil {
		d := strings.TrimSpace(*in.DueOn)
		if d == "" {
			p.DueOn = nil
		} else if t, err := time.Parse(time.DateOnly, d); err != nil {
			v.Add("due_on", "validation.date")
		} else {
			p.DueOn = &t
		}
	}
	return nil
}

// Create adds a prospect: a new organisation of kind "prospect" and its
// place at stage "identified", in one transaction. Staff and recruiters
// create prospects; a recruiter's prospect is its own.
func (s *Service) Create(ctx context.Context, a *auth.Actor, in CreateInput) (*Prospect, error) {
	if !mayUse(a) {
		return nil, apperr.ErrNotFound
	}
	var orgID string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		orgID, err = s.create(ctx, tx, a, in, SourceManual)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, orgID)
}

// create makes the prospect's organisation and its pipeline entry inside
// tx, at in.Stage (default identified).
func (s *Service) create(ctx context.Context, tx *sql.Tx, a *auth.Actor, in CreateInput, source string) (string, error) {
	owner := in.OwnerID
	if owner == "" || !a.IsStaff() {
		owner = a.UserID
	}
	var v apperr.Validation
	now := s.now()
	p := &Prospect{Stage: Identified, Source: source, CreatedAt: now, UpdatedAt: now, StageSince: now}
	v.Clean(&in.LostReason, apperr.Line, "lost_reason")
	if in.Stage != "" {
		switch {
		case !ValidStage(in.Stage):
			v.Add("stage", "validation.choice")
		case in.Stage == Won:
			v.Add("stage", "pipeline.import_won")
		case in.Stage == Lost && in.LostReason == "":
			v.Add("lost_reason", "validation.required")
		default:
			p.Stage = in.Stage
			if in.Stage == Lost {
				p.LostReason = in.LostReason
			}
		}
	}
	upd := UpdateInput{OwnerID: &owner, NextStep: &in.NextStep, DueOn: &in.DueOn}
	if !a.IsStaff() {
		p.OwnerID, upd.OwnerID = a.UserID, nil
	}
	if err := s.apply(ctx, tx, a, p, upd, &v); err != nil {
		return "", err
	}
	o, err := s.Partners.CreateProspect(ctx, tx, a, partner.Input{LegalName: &in.LegalName, Domain: &in.Domain, Country: &in.Country, City: &in.City})
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
			for _, f := range e.Fields {
				v.Add(f.Field, f.Key, f.Args...)
			}
			return "", v.Err()
		}
		return "", err
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	p.OrgID = o.ID
	return o.ID, s.enter(ctx, tx, a.Who(), a.UserID, p)
}

// CreateAll creates many prospects in one transaction, or none when any is
// refused (an *apperr.BatchError lists them all); for imports.
func (s *Service) CreateAll(ctx context.Context, a *auth.Actor, batch []CreateInput) ([]string, error) {
	if !mayUse(a) {
		return nil, apperr.ErrNotFound
	}
	ids := make([]string, len(batch))
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var bad []apperr.ItemError
		for i, in := range batch {
			// A refused item may have written rows already; a refused batch
			// is rolled back as a whole, so none of them stays.
			id, err := s.create(ctx, tx, a, in, SourceImport)
			if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
				bad = append(bad, apperr.ItemError{Index: i, Err: e})
				continue
			} else if err != nil {
				return err
			}
			ids[i] = id
		}
		if len(bad) > 0 {
			return &apperr.BatchError{Items: bad}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// enter writes a new pipeline entry with its first stage change and audit
// entry.
func (s *Service) enter(ctx context.Context, tx *sql.Tx, who audit.Who, byID string, p *Prospect) error {
	if err := insertProspect(ctx, tx, p); err != nil {
		return err
	}
	if err := insertChange(ctx, tx, &Change{OrgID: p.OrgID, To: p.Stage, At: p.StageSince, ByID: byID}, db.NewID()); err != nil {
		return err
	}
	return audit.Record(ctx, tx, p.CreatedAt, who, "create", "prospect", p.OrgID, p.OrgID, nil, p.record())
}

// Attach makes an existing organisation of kind "prospect" an entry of the
// pipeline at stage "identified", owned by ownerID (may be empty, then only
// staff see it). The public self-assessment calls it for a prospect that
// assessed itself; it checks no actor, so callers must only pass
// organisations they have just created or may act on. An organisation
// already in the pipeline is a conflict.
func (s *Service) Attach(ctx context.Context, orgID, source, ownerID string) (*Prospect, error) {
	switch source {
	case SourceManual, SourceSelfAssessment, SourceImport:
	default:
		var v apperr.Validation
		v.Add("source", "validation.choice")
		return nil, v.Err()
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		kind, err := orgKind(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if kind != partner.KindProspect {
			var v apperr.Validation
			v.Add("org_id", "pipeline.not_prospect")
			return v.Err()
		}
		exists, err := prospectExists(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if exists {
			return apperr.New(apperr.Conflict, "pipeline.already")
		}
		now := s.now()
		p := &Prospect{OrgID: orgID, Stage: Identified, OwnerID: ownerID, Source: source, CreatedAt: now, UpdatedAt: now, StageSince: now}
		return s.enter(ctx, tx, auth.System.Who(), "", p)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, auth.System, orgID)
}

// Get returns a prospect with its stage history, apperr.ErrNotFound when a
// may not see it.
func (s *Service) Get(ctx context.Context, a *auth.Actor, orgID string) (*Prospect, error) {
	p, err := s.visible(ctx, s.DB, a, orgID)
	if err != nil {
		return nil, err
	}
	if p.History, err = listChanges(ctx, s.DB, orgID); err != nil {
		return nil, err
	}
	g, err := loadGates(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	if err := s.missingNext(ctx, g, []*Prospect{p}); err != nil {
		return nil, err
	}
	return p, nil
}

// Update changes a prospect's owner (staff only), next step, notes and due
// date.
func (s *Service) Update(ctx context.Context, a *auth.Actor, orgID string, in UpdateInput) (*Prospect, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.visible(ctx, tx, a, orgID)
		if err != nil {
			return err
		}
		before := p.record()
		var v apperr.Validation
		if err := s.apply(ctx, tx, a, p, in, &v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		p.UpdatedAt = s.now()
		if err := updateProspect(ctx, tx, p); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.UpdatedAt, a.Who(), "update", "prospect", p.OrgID, p.OrgID, before, p.record())
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, orgID)
}

// Move puts a prospect into stage, from any stage. Lost needs a reason;
// won turns the organisation into a partner in onboarding. A move into a
// gated stage without its evidence is refused (see MoveWith).
func (s *Service) Move(ctx context.Context, a *auth.Actor, orgID, stage, lostReason string) (*Prospect, error) {
	return s.MoveWith(ctx, a, orgID, MoveInput{Stage: stage, LostReason: lostReason})
}

// MoveInput is a move of a prospect to another stage.
type MoveInput struct {
	Stage string
	// LostReason is required for lost.
	LostReason string
	// OverrideReason moves the prospect past stage gates whose evidence is
	// missing; it is kept in the stage history and the audit log.
	OverrideReason string
}

// MoveWith puts a prospect into a stage, from any stage. Lost needs a
// reason; won turns the organisation into a partner in onboarding. The
// gates of every stage the move enters (Crossed) ask for their evidence:
// without it the move is a conflict naming what is missing, unless an
// override reason is given, which the stage change keeps.
func (s *Service) MoveWith(ctx context.Context, a *auth.Actor, orgID string, in MoveInput) (*Prospect, error) {
	won, told := false, false
	stage, lostReason, reason := strings.TrimSpace(in.Stage), in.LostReason, in.OverrideReason
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.visible(ctx, tx, a, orgID)
		if err != nil {
			return err
		}
		var v apperr.Validation
		if !ValidStage(stage) {
			v.Add("stage", "validation.choice")
		}
		v.Text(&lostReason, apperr.Line, "lost_reason", 500, stage == Lost)
		v.Text(&reason, apperr.Line, "override_reason", 500, false)
		if err := v.Err(); err != nil {
			return err
		}
		if stage == p.Stage && (stage != Lost || lostReason == p.LostReason) {
			return nil
		}
		before := p.record()
		now := s.now()
		from := p.Stage
		change := &Change{OrgID: orgID, From: from, To: stage, At: now, ByID: a.UserID}
		if from != stage {
			g, err := loadGates(ctx, tx)
			if err != nil {
				return err
			}
			ev, err := s.evidence(ctx, orgID, g.Asked(from, stage))
			if err != nil {
				return err
			}
			missing := g.Check(from, stage, ev)
			switch Decide(missing, reason) {
			case Refused:
				return gateRefusal(missing, g.BreakEvenMonths)
			case Overridden:
				change.OverrideReason = reason
				for _, m := range missing {
					change.Overridden = append(change.Overridden, m.Evidence)
				}
			}
		}
		p.Stage, p.UpdatedAt = stage, now
		p.LostReason = ""
		if stage == Lost {
			p.LostReason = lostReason
		}
		if from != stage {
			p.StageSince = now
			if err := insertChange(ctx, tx, change, db.NewID()); err != nil {
				return err
			}
		}
		if err := updateProspect(ctx, tx, p); err != nil {
			return err
		}
		if stage == Won && p.kind == partner.KindProspect {
			if err := s.Partners.BecomePartner(ctx, tx, a, orgID); err != nil {
				return err
			}
			if told, err = s.assignManager(ctx, tx, a, orgID); err != nil {
				return err
			}
			won = true
		}
		after := p.record()
		if change.OverrideReason != "" {
			// The audit entry of an override says what was missing and why
			// the mover went ahead.
			after["override_reason"], after["overridden"] = change.OverrideReason, change.Overridden
		}
		return audit.Record(ctx, tx, now, a.Who(), "move", "prospect", p.OrgID, p.OrgID, before, after)
	})
	if err != nil {
		return nil, err
	}
	if told {
		s.Notify.Kick()
	}
	if won && s.OnWon != nil {
		if err := s.OnWon(ctx, orgID); err != nil {
			return nil, err
		}
	}
	return s.Get(ctx, a, orgID)
}

// Filter narrows the board.
type Filter struct {
	// OwnerID shows one owner's prospects only.
	OwnerID string
}

// Column is one stage of the board with its cards.
type Column struct {
	Stage string      `json:"stage" enum:"stage"`
	Cards []*Prospect `json:"cards"`
}

// Board returns the prospects a may see, one column per stage.
func (s *Service) Board(ctx context.Context, a *auth.Actor, f Filter) ([]Column, error) {
	if !mayUse(a) {
		return nil, apperr.ErrNotFound
	}
	owner := f.OwnerID
	if !a.IsStaff() {
		owner = a.UserID
	}
	list, err := listProspects(ctx, s.DB, owner)
	if err != nil {
		return nil, err
	}
	cols := make([]Column, len(Stages))
	idx := map[string]int{}
	for i, st := range Stages {
		cols[i] = Column{Stage: st, Cards: []*Prospect{}}
		idx[st] = i
	}
	for _, p := range list {
		if !CanSee(a, p.OwnerID) {
			continue
		}
		i, ok := idx[p.Stage]
		if !ok {
			continue
		}
		s.flag(p)
		cols[i].Cards = append(cols[i].Cards, p)
	}
	g, err := loadGates(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	for _, c := range cols {
		if err := s.missingNext(ctx, g, c.Cards); err != nil {
			return nil, err
		}
	}
	return cols, nil
}

// FunnelReport is the funnel over the prospects that entered the pipeline
// in a period.
type FunnelReport struct {
	From      time.Time     `json:"from"`
	To        time.Time     `json:"to"`
	Prospects int           `json:"prospects"`
	Stages    []FunnelStage `json:"stages"`
}

// historyCache keeps every stage change in memory, sorted by prospect and
// time, with the mark of the changes' counter it holds them up to. Stage
// changes are only ever added, so a newer mark loads just the changes
// after it; the counter is read on every use, so several pakt processes
// on one database agree.
type historyCache struct {
	mu  sync.Mutex
	seq db.Mark
	all []Change
	// ids holds one copy of each organisation id: the changes of one
	// prospect share it, so that comparing them, which the funnel does
	// for every change, stops at the pointer instead of reading ids
	// scattered over memory (the changes come in time order, not by
	// prospect).
	ids map[string]string
}

// withChanges calls fn with every stage change, sorted by prospect and
// time, after loading what is new. fn runs under the cache's lock, so the
// history can be brought up to date in place; it must not keep the slice.
func (s *Service) withChanges(ctx context.Context, fn func([]Change) error) error {
	seq, err := changeCounter(ctx, s.DB)
	if err != nil {
		return err
	}
	c := &s.history
	c.mu.Lock()
	defer c.mu.Unlock()
	if seq != c.seq {
		more, err := changesSince(ctx, s.DB, c.seq, seq)
		if err != nil {
			return err
		}
		if c.ids == nil {
			c.ids = map[string]string{}
		}
		for i := range more {
			id, ok := c.ids[more[i].OrgID]
			if !ok {
				id = more[i].OrgID
				c.ids[id] = id
			}
			more[i].OrgID = id
		}
		c.all, c.seq = merge(c.all, more), seq
	}
	return fn(c.all)
}

// merge puts more changes into their places in the sorted history: a few
// are inserted, many sorted in. Go's order is used, which the database's
// collation may not share.
func merge(all, more []Change) []Change {
	if len(more) > 1000 || len(more) > len(all)/4 {
		all = append(all, more...)
		slices.SortStableFunc(all, byProspectAndTime)
		return all
	}
	slices.SortStableFunc(more, byProspectAndTime)
	for _, c := range more {
		// After every equal change, so that the order of equal ones holds.
		pos, _ := slices.BinarySearchFunc(all, c, func(e, t Change) int {
			if byProspectAndTime(e, t) <= 0 {
				return -1
			}
			return 1
		})
		all = slices.Insert(all, pos, c)
	}
	return all
}

// Funnel computes the funnel over the prospects that entered the pipeline
// from one day to another (both included; zero means open); staff only.
func (s *Service) Funnel(ctx context.Context, a *auth.Actor, from, to time.Time) (*FunnelReport, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	deleted, err := deletedOrganisations(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	in := func(t time.Time) bool {
		return (from.IsZero() || !t.Before(from)) && (to.IsZero() || t.Before(to.AddDate(0, 0, 1)))
	}
	report := &FunnelReport{From: from, To: to}
	err = s.withChanges(ctx, func(all []Change) error {
		// Each prospect is one run of the sorted history; its first change
		// is when it entered the pipeline.
		sel := all
		filtered := !from.IsZero() || !to.IsZero() || len(deleted) > 0
		if filtered {
			sel = nil
		}
		for start := 0; start < len(all); {
			end := start + 1
			for end < len(all) && all[end].OrgID == all[start].OrgID {
				end++
			}
			if !filtered || (in(all[start].At) && !deleted[all[start].OrgID]) {
				report.Prospects++
				if filtered {
					sel = append(sel, all[start:end]...)
				}
			}
			start = end
		}
		report.Stages = Funnel(sel, s.now())
		return nil
	})
	if err != nil {
		return nil, err
	}
	return report, nil
}

// Owners returns who can own prospects, for staff choosing an owner.
func (s *Service) Owners(ctx context.Context, a *auth.Actor) ([]Owner, error) {
	if !a.IsStaff() {
		return []Owner{}, nil
	}
	return listOwners(ctx, s.DB)
}
