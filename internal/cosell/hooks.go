package cosell

import (
	"context"
	"database/sql"
	"time"

	"pakt/internal/auth"
)

// What other features learn of deals, through the hooks the app connects
// (internal/app/features.go). None of these takes an actor: each feature
// has checked its own reader before it asks.

// Outcome is what became of a deal: its state, value and currency, and
// when it closed.
type Outcome struct {
	Status     string
	ValueMinor int64
	Currency   string
	ClosedAt   *time.Time
}

// Outcomes returns the outcome of each deal of ids that exists.
func (s *Service) Outcomes(ctx context.Context, ids []string) (map[string]Outcome, error) {
	return outcomes(ctx, s.DB, ids)
}

// WonShares returns, per organisation and currency, the won value of the
// deals closed in [from, to) that each party earned by its share.
func (s *Service) WonShares(ctx context.Context, from, to time.Time) (map[string]map[string]int64, error) {
	return wonShares(ctx, s.DB, from, to)
}

// DealRef names a deal for a picker.
type DealRef struct {
	ID       string
	Customer string
	Status   string
}

// OrgDeals lists the deals the organisation is a party of, newest first,
// at most 500.
func (s *Service) OrgDeals(ctx context.Context, org string) ([]DealRef, error) {
	return orgDeals(ctx, s.DB, org)
}

// PlanFigures are a partner's deals in a plan's period: won deals and
// their value by its share, and the forecast of its open approved deals
// weighed by stage, in one currency.
type PlanFigures struct {
	WonDeals      int64
	WonMinor      int64
	ForecastMinor int64
}

// Plan returns the organisation's figures for a plan period [from, to]
// (days) in currency: deals won in the period, and open approved deals
// expected to close in it.
func (s *Service) Plan(ctx context.Context, org string, from, to time.Time, currency string) (PlanFigures, error) {
	return planFigures(ctx, s.DB, org, from, to.AddDate(0, 0, 1), currency)
}

// RegisterFor registers a deal for an organisation in the caller's
// transaction, as its user userID: a lead accepted by a partner becomes a
// registered deal, checked for conflicts like any other.
func (s *Service) RegisterFor(ctx context.Context, tx *sql.Tx, org, userID string, in DealInput, leadID string) (string, error) {
	a := &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: org, UserID: userID}
	d, err := s.register(ctx, tx, a, in, leadID, "")
	if err != nil {
		return "", err
	}
	return d.ID, nil
}
