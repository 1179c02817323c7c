package lifecycle

import (
	"context"
	"database/sql"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
)

// evidence gathers the kinds of evidence asked for a prospect through the
// hooks; a hook that is not set leaves its evidence missing.
func (s *Service) evidence(ctx context.Context, orgID string, asked []string) (Evidence, error) {
	var ev Evidence
	var err error
	for _, e := range asked {
		switch e {
		case EvidenceCLevel:
			if s.MetCLevel != nil {
				ev.CLevelMet, err = s.MetCLevel(ctx, orgID)
			}
		case EvidenceBusinessCase:
			if s.BreakEvenMonths != nil {
				ev.BreakEvenMonth, ev.HasCase, err = s.BreakEvenMonths(ctx, orgID)
			}
		case EvidenceAssessment:
			if s.Assessed != nil {
				ev.Assessed, err = s.Assessed(ctx, orgID)
			}
		}
		if err != nil {
			return Evidence{}, err
		}
	}
	return ev, nil
}

// gateRefusal is the conflict of a move that lacks a gate's evidence: one
// entry per missing kind, named for the mover.
func gateRefusal(missing []Missing, months int) error {
	e := apperr.New(apperr.Conflict, "gate.refused")
	for _, m := range missing {
		f := apperr.FieldError{Field: "gate_" + m.Evidence, Key: "gate.missing_" + m.Evidence}
		if m.Evidence == EvidenceBusinessCase {
			f.Args = []any{months}
		}
		e.Fields = append(e.Fields, f)
	}
	return e
}

// Gates returns the programme's stage gates; staff and recruiters, who
// move prospects through them.
func (s *Service) Gates(ctx context.Context, a *auth.Actor) (*Gates, error) {
	if !mayUse(a) {
		return nil, apperr.ErrNotFound
	}
	return loadGates(ctx, s.DB)
}

// SetGates replaces the programme's stage gates (admins). The change is
// audited with the gates before and after.
func (s *Service) SetGates(ctx context.Context, a *auth.Actor, g Gates) (*Gates, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	if !a.IsAdmin() {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	if err := g.Validate(); err != nil {
		return nil, err
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := loadGates(ctx, tx)
		if err != nil {
			return err
		}
		if err := saveGates(ctx, tx, &g); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "update", "stage_gates", "pipeline", "", before, g)
	})
	if err != nil {
		return nil, err
	}
	return &g, nil
}

// missingNext fills each card's Missing: what the gate of its next stage
// asks for and the prospect lacks. Cards whose next stage has no gate ask
// nothing of the hooks.
func (s *Service) missingNext(ctx context.Context, g *Gates, cards []*Prospect) error {
	for _, p := range cards {
		next := NextStage(p.Stage)
		if next == "" || len(g.Stages[next]) == 0 {
			continue
		}
		ev, err := s.evidence(ctx, p.OrgID, g.Asked(p.Stage, next))
		if err != nil {
			return err
		}
		p.Missing = g.Check(p.Stage, next, ev)
	}
	return nil
}
