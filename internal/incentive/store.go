package incentive

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/db"
)

// ruleSelect reads rule versions with the rule's current version.
const ruleSelect = `SELECT r.id, v.version, r.current_version, v.name, v.currency, v.rate_lead_bp, v.rate_delivery_bp,
	v.rate_referral_bp, v.rate_reseller_bp, v.p2p_bonus_bp, v.cap_deal_minor, v.cap_quarter_minor, v.valid_from, v.valid_to,
	v.author_label, v.created_at
	FROM incentive_rules r JOIN incentive_rule_versions v ON v.rule_id = r.id`

func scanRule(row db.Row) (*Rule, error) {
	r := &Rule{}
	var to *time.Time
	err := row.Scan(&r.ID, &r.Version, &r.CurrentVersion, &r.Name, &r.Currency, &r.Rates.Lead, &r.Rates.Delivery,
		&r.Rates.Referral, &r.Rates.Reseller, &r.P2PBonusBP, &r.CapDealMinor, &r.CapQuarterMinor, &r.from, db.NullDay(&to),
		&r.Author, &r.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	r.from = time.Date(r.from.Year(), r.from.Month(), r.from.Day(), 0, 0, 0, 0, time.UTC)
	r.ValidFrom = r.from.Format(time.DateOnly)
	if to != nil {
		r.to = *to
		r.ValidTo = to.Format(time.DateOnly)
	}
	r.CreatedAt = r.CreatedAt.UTC()
	return r, nil
}

// currentRules returns every rule in its current version, by currency and
// first day.
func currentRules(ctx context.Context, q db.Querier) ([]*Rule, error) {
	return db.Query(ctx, q, scanRule, ruleSelect+` WHERE v.version = r.current_version ORDER BY v.currency, v.valid_from, r.id`)
}

// getRule reads a version of a rule (0: the current one).
func getRule(ctx context.Context, q db.Querier, id string, version int) (*Rule, error) {
	return scanRule(q.QueryRowContext(ctx, ruleSelect+` WHERE r.id = $1 AND v.version = CASE WHEN $2 = 0 THEN r.current_version ELSE $2 END`,
		id, version))
}

// ruleVersions returns every version of a rule, newest first.
func ruleVersions(ctx context.Context, q db.Querier, id string) ([]*Rule, error) {
	return db.Query(ctx, q, scanRule, ruleSelect+` WHERE r.id = $1 ORDER BY v.version DESC`, id)
}

// saveRuleVersion writes r as a new version (r.Version) of its rule,
// making the rule when it is the first.
func saveRuleVersion(ctx context.Context, tx db.Querier, r *Rule, authorID string) error {
	if r.Version == 1 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO incentive_rules (id, current_version, created_at, updated_at) VALUES ($1, 1, $2, $2)`,
			r.ID, r.CreatedAt); err != nil {
			return err
		}
	} else if _, err := tx.ExecContext(ctx, `UPDATE incentive_rules SET current_version = $2, updated_at = $3 WHERE id = $1`,
		r.ID, r.Version, r.CreatedAt); err != nil {
		return err
	}
	var to any
	if !r.to.IsZero() {
		to = r.to
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO incentive_rule_versions (rule_id, version, name, currency, rate_lead_bp, rate_delivery_bp,
		rate_referral_bp, rate_reseller_bp, p2p_bonus_bp, cap_deal_minor, cap_quarter_minor, valid_from, valid_to, author_id, author_label, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		r.ID, r.Version, r.Name, r.Currency, r.Rates.Lead, r.Rates.Delivery, r.Rates.Referral, r.Rates.Reseller, r.P2PBonusBP,
		r.CapDealMinor, r.CapQuarterMinor, r.from, to, authorID, r.Author, r.CreatedAt)
	return err
}

// lockRule takes the rule's row for the rest of tx, so that two deals won
// at once under one rule count each other against the quarter's cap
// (PostgreSQL; SQLite runs one writer at a time anyway).
func lockRule(ctx context.Context, tx db.Querier, id string) error {
	_, err := tx.ExecContext(ctx, `UPDATE incentive_rules SET updated_at = updated_at WHERE id = $1`, id)
	return err
}

// lineSelect reads lines with the name of their rule's version.
const lineSelect = `SELECT l.id, l.deal_id, l.org_id, l.customer, l.won_on, l.quarter, l.role, l.split_bp, l.parties, l.share_minor,
	l.currency, l.rule_id, v.name, l.rule_version, l.rate_bp, l.bonus_bp, l.base_minor, l.bonus_minor, l.deal_cap_minor,
	l.quarter_cap_minor, l.amount_minor, l.created_at
	FROM incentive_lines l JOIN incentive_rule_versions v ON v.rule_id = l.rule_id AND v.version = l.rule_version`

func scanLine(row db.Row) (*Line, error) {
	l := &Line{}
	err := row.Scan(&l.ID, &l.DealID, &l.OrgID, &l.Customer, &l.wonOn, &l.Quarter, &l.Role, &l.SplitBP, &l.Parties, &l.ShareMinor,
		&l.Currency, &l.RuleID, &l.RuleName, &l.RuleVersion, &l.RateBP, &l.BonusBP, &l.BaseMinor, &l.BonusMinor, &l.DealCapMinor,
		&l.QuarterCapMinor, &l.AmountMinor, &l.CreatedAt)
	if err != nil {
		return nil, err
	}
	l.wonOn = time.Date(l.wonOn.Year(), l.wonOn.Month(), l.wonOn.Day(), 0, 0, 0, 0, time.UTC)
	l.WonOn = l.wonOn.Format(time.DateOnly)
	l.CreatedAt = l.CreatedAt.UTC()
	l.Notes = NotesOf(l)
	return l, nil
}

// dealLines returns the lines a deal earned so far.
func dealLines(ctx context.Context, q db.Querier, dealID string) ([]*Line, error) {
	return db.Query(ctx, q, scanLine, lineSelect+` WHERE l.deal_id = $1 ORDER BY l.created_at, l.id`, dealID)
}

// earnedIn returns what org has earned in cur in the quarter so far.
func earnedIn(ctx context.Context, q db.Querier, org, quarter, cur string) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount_minor), 0) FROM incentive_lines WHERE org_id = $1 AND quarter = $2 AND currency = $3`,
		org, quarter, cur).Scan(&n)
	return n, err
}

func insertLine(ctx context.Context, tx db.Querier, l *Line) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO incentive_lines (id, deal_id, org_id, customer, won_on, quarter, role, split_bp, parties,
		share_minor, currency, rule_id, rule_version, rate_bp, bonus_bp, base_minor, bonus_minor, deal_cap_minor, quarter_cap_minor,
		amount_minor, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
		l.ID, l.DealID, l.OrgID, l.Customer, l.wonOn, l.Quarter, l.Role, l.SplitBP, l.Parties, l.ShareMinor, l.Currency, l.RuleID,
		l.RuleVersion, l.RateBP, l.BonusBP, l.BaseMinor, l.BonusMinor, l.DealCapMinor, l.QuarterCapMinor, l.AmountMinor, l.CreatedAt)
	return err
}

// orgLines returns org's lines of the quarter in the order of the wins.
func orgLines(ctx context.Context, q db.Querier, org, quarter string) ([]*Line, error) {
	return db.Query(ctx, q, scanLine, lineSelect+` WHERE l.org_id = $1 AND l.quarter = $2 ORDER BY l.won_on, l.created_at, l.id`, org, quarter)
}

// quarterLines returns every line of the quarter by partner, each
// partner's in the order of the wins.
func quarterLines(ctx context.Context, q db.Querier, quarter string) ([]*Line, error) {
	return db.Query(ctx, q, scanLine, lineSelect+` WHERE l.quarter = $1 ORDER BY l.org_id, l.won_on, l.created_at, l.id`, quarter)
}

// orgQuarters returns the quarters in which org has lines, newest first;
// org "" returns those of all partners.
func orgQuarters(ctx context.Context, q db.Querier, org string) ([]string, error) {
	return db.Query(ctx, q, func(r db.Row) (string, error) {
		var s string
		err := r.Scan(&s)
		return s, err
	}, `SELECT DISTINCT quarter FROM incentive_lines WHERE $1 = '' OR org_id = $1 ORDER BY quarter DESC`, org)
}

// quarterTotal is what a partner earned in a quarter in one currency.
type quarterTotal struct {
	Quarter string
	Total
}

// orgTotals returns what org earned per quarter and currency, newest
// quarter first.
func orgTotals(ctx context.Context, q db.Querier, org string) ([]quarterTotal, error) {
	return db.Query(ctx, q, func(r db.Row) (quarterTotal, error) {
		var t quarterTotal
		err := r.Scan(&t.Quarter, &t.Currency, &t.AmountMinor, &t.BonusMinor, &t.Lines)
		return t, err
	}, `SELECT quarter, currency, SUM(amount_minor), SUM(CASE WHEN bonus_minor > deal_cap_minor + quarter_cap_minor
		THEN bonus_minor - deal_cap_minor - quarter_cap_minor ELSE 0 END), COUNT(*)
		FROM incentive_lines WHERE org_id = $1 GROUP BY quarter, currency ORDER BY quarter DESC, currency`, org)
}

// quarterNames returns the names of the partners with lines in the
// quarter.
func quarterNames(ctx context.Context, q db.Querier, quarter string) (map[string]string, error) {
	pairs, err := db.Query(ctx, q, func(r db.Row) ([2]string, error) {
		var p [2]string
		err := r.Scan(&p[0], &p[1])
		return p, err
	}, `SELECT o.id, o.legal_name FROM organisations o WHERE o.id IN (SELECT l.org_id FROM incentive_lines l WHERE l.quarter = $1)`, quarter)
	out := make(map[string]string, len(pairs))
	for _, p := range pairs {
		out[p[0]] = p[1]
	}
	return out, err
}
