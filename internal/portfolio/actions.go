package portfolio

import (
	"context"
	"database/sql"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
)

// Actions are what pakt does per quadrant, after the seed's advice: care
// for and protect heroes, persuade candidates without subsidising them,
// leave vampires alone, observe shadows. Each is switched per programme.
type Actions struct {
	// HeroAlert tells the manager when a hero's CAN or WILL drops.
	HeroAlert bool `json:"hero_alert" doc:"tell the manager when a hero's CAN or WILL drops"`
	// ShadowAlert tells the manager when a shadow's CAN rises.
	ShadowAlert bool `json:"shadow_alert" doc:"tell the manager when a shadow's CAN rises, towards candidate"`
	// ReassessMonths lists a shadow for a new look once its assessment is
	// this many months old; 0 never.
	ReassessMonths int `json:"reassess_months" doc:"list a shadow for a new assessment once its latest is this many months old (0–60; 0: never)"`
	// WarnCandidates warns staff before money goes to a candidate.
	WarnCandidates bool `json:"warn_candidates" doc:"warn staff before marketing funds go to a candidate"`
	// WarnVampires warns staff before time or money goes to a vampire.
	WarnVampires bool      `json:"warn_vampires" doc:"warn staff before time or marketing funds go to a vampire"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// DefaultActions are a new programme's: everything on, shadows looked at
// again after six months.
var DefaultActions = Actions{HeroAlert: true, ShadowAlert: true, ReassessMonths: ReassessShadowsMonths, WarnCandidates: true, WarnVampires: true}

// MaxReassessMonths bounds Actions.ReassessMonths.
const MaxReassessMonths = 60

func getActions(ctx context.Context, q db.Querier) (*Actions, error) {
	_, x, err := getSettings(ctx, q)
	return x, err
}

// Actions returns the programme's actions per quadrant (staff).
func (s *Service) Actions(ctx context.Context, a *auth.Actor) (*Actions, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	return getActions(ctx, s.DB)
}

// SetActions replaces the programme's actions per quadrant (admins).
func (s *Service) SetActions(ctx context.Context, a *auth.Actor, in Actions) (*Actions, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	if !a.IsAdmin() {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	if in.ReassessMonths < 0 || in.ReassessMonths > MaxReassessMonths {
		var v apperr.Validation
		v.Add("reassess_months", "validation.range", 0, MaxReassessMonths)
		return nil, v.Err()
	}
	in.UpdatedAt = s.now()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getActions(ctx, tx)
		if err != nil {
			return err
		}
		// The row holds the thresholds too: a programme without one gets
		// the default thresholds with it.
		if _, err := tx.ExecContext(ctx, `INSERT INTO portfolio_settings (id, can_threshold, will_threshold, updated_at, hero_alert, shadow_alert,
			reassess_months, warn_candidates, warn_vampires) VALUES (1, $1, $1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (id) DO UPDATE SET updated_at = $2, hero_alert = $3, shadow_alert = $4, reassess_months = $5, warn_candidates = $6, warn_vampires = $7`,
			DefaultThreshold, in.UpdatedAt, in.HeroAlert, in.ShadowAlert, in.ReassessMonths, in.WarnCandidates, in.WarnVampires); err != nil {
			return err
		}
		return audit.Record(ctx, tx, in.UpdatedAt, a.Who(), "update", "quadrant_actions", "portfolio", "", before, in)
	})
	if err != nil {
		return nil, err
	}
	return &in, nil
}

// Warning is the one rule of the warnings before time or money go to a
// partner the seed says to leave alone (a vampire) or not to subsidise (a
// candidate, money only): the partner's current quadrant in the default
// profile when the
// programme's actions want the warning, else "". Staff only; money says
// whether money is to go, else time.
func (s *Service) Warning(ctx context.Context, a *auth.Actor, orgID string, money bool) (string, error) {
	if err := staffOnly(a); err != nil {
		return "", err
	}
	t, x, err := getSettings(ctx, s.DB)
	if err != nil {
		return "", err
	}
	// The partner's place in the default profile (see DefaultProfile).
	latest, err := latestOf(ctx, s.DB, orgID, DefaultProfile)
	if err != nil || latest == nil {
		return "", err
	}
	switch q := Place(latest.CanTenths, latest.WillTenths, t.Can, t.Will); {
	case q == Vampire && x.WarnVampires, q == Candidate && money && x.WarnCandidates:
		return string(q), nil
	}
	return "", nil
}
