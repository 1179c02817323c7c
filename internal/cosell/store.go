package cosell

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/match"
	"pakt/internal/partner"
)

// dealSelect reads deals with the registering partner's name.
const dealSelect = `SELECT d.id, d.org_id, o.legal_name, d.created_by, COALESCE(d.follow_up_of, ''), d.customer_name, d.customer_domain,
	d.customer_country, d.customer_postcode, d.customer_city, d.customer_industry, d.customer_size, d.name_key,
	d.solution, d.value_minor, d.currency, d.expected_close, d.description, d.stage, d.status, d.reason, d.protected_until, d.extended,
	d.decided_at, d.closed_at, d.lead_id, d.external_id, d.created_at, d.updated_at
	FROM deals d JOIN organisations o ON o.id = d.org_id`

func scanDeal(r db.Row) (*Deal, error) {
	d := &Deal{}
	var closeDay time.Time
	var until *time.Time
	err := r.Scan(&d.ID, &d.OrgID, &d.OrgName, &d.createdBy, &d.FollowUpOf, &d.Customer.Name, &d.Customer.Domain,
		&d.Customer.Country, &d.Customer.Postcode, &d.Customer.City, &d.Customer.Industry, &d.Customer.Size, &d.key.name,
		&d.Solution, &d.ValueMinor, &d.Currency, &closeDay, &d.Description, &d.Stage, &d.Status, &d.Reason, db.NullDay(&until), &d.Extended,
		db.NullTime(&d.DecidedAt), db.NullTime(&d.ClosedAt), &d.LeadID, &d.ExternalID, &d.CreatedAt, &d.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	d.ExpectedClose = partner.Date{Time: closeDay.UTC()}
	if until != nil {
		d.ProtectedUntil = &partner.Date{Time: until.UTC()}
	}
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	d.Competencies, d.Parties = []string{}, []*Party{}
	return d, nil
}

func getDeal(ctx context.Context, q db.Querier, id string) (*Deal, error) {
	d, err := scanDeal(q.QueryRowContext(ctx, dealSelect+` WHERE d.id = $1`, id))
	if err != nil {
		return nil, err
	}
	return d, fill(ctx, q, []*Deal{d})
}

// lockDeal serialises changes of one deal on PostgreSQL (SQLite writes one
// at a time anyway).
func lockDeal(ctx context.Context, q db.Querier, id string) error {
	_, err := q.ExecContext(ctx, `UPDATE deals SET updated_at = updated_at WHERE id = $1`, id)
	return err
}

func untilArg(p *partner.Date) any {
	if p == nil {
		return nil
	}
	return p.Time
}

func insertDeal(ctx context.Context, q db.Querier, d *Deal) error {
	_, err := q.ExecContext(ctx, `INSERT INTO deals (id, org_id, created_by, follow_up_of, customer_name, customer_domain, customer_country,
		customer_postcode, customer_city, customer_industry, customer_size, name_key, solution, value_minor, currency,
		expected_close, description, stage, status, reason, protected_until, extended, decided_by, decided_at, closed_at, lead_id, external_id,
		created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29)`,
		d.ID, d.OrgID, d.createdBy, db.TextArg(d.FollowUpOf), d.Customer.Name, d.Customer.Domain, d.Customer.Country,
		d.Customer.Postcode, d.Customer.City, d.Customer.Industry, d.Customer.Size, d.key.name, d.Solution, d.ValueMinor, d.Currency,
		d.ExpectedClose.Time, d.Description, d.Stage, d.Status, d.Reason, untilArg(d.ProtectedUntil), d.Extended, "", db.TimeArg(d.DecidedAt), db.TimeArg(d.ClosedAt),
		d.LeadID, d.ExternalID, d.CreatedAt, d.UpdatedAt)
	if err != nil {
		return err
	}
	if err := insertBlocks(ctx, q, d.ID, d.key); err != nil {
		return err
	}
	for _, c := range d.Competencies {
		if _, err := q.ExecContext(ctx, `INSERT INTO deal_competencies (deal_id, competency_id) VALUES ($1, $2)`, d.ID, c); err != nil {
			return err
		}
	}
	return saveParties(ctx, q, d)
}

// updateDeal writes what changes after registration: state, reason,
// protection, stage, value and the decision's author.
func updateDeal(ctx context.Context, q db.Querier, d *Deal, by string) error {
	_, err := q.ExecContext(ctx, `UPDATE deals SET status = $2, reason = $3, protected_until = $4, extended = $5, stage = $6, value_minor = $7,
		decided_by = CASE WHEN $8 = '' THEN decided_by ELSE $8 END, decided_at = $9, closed_at = $10, updated_at = $11 WHERE id = $1`,
		d.ID, d.Status, d.Reason, untilArg(d.ProtectedUntil), d.Extended, d.Stage, d.ValueMinor, by, db.TimeArg(d.DecidedAt), db.TimeArg(d.ClosedAt), d.UpdatedAt)
	return err
}

// saveParties replaces the parties of d with d.Parties.
func saveParties(ctx context.Context, q db.Querier, d *Deal) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM deal_parties WHERE deal_id = $1`, d.ID); err != nil {
		return err
	}
	for i, p := range d.Parties {
		if _, err := q.ExecContext(ctx, `INSERT INTO deal_parties (deal_id, org_id, role, split_bp, status, position, answered_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, d.ID, p.OrgID, p.Role, p.SplitBP, p.Status, i, db.TimeArg(p.AnsweredAt)); err != nil {
			return err
		}
	}
	return nil
}

// fill loads the competencies and parties of deals.
func fill(ctx context.Context, q db.Querier, deals []*Deal) error {
	if len(deals) == 0 {
		return nil
	}
	byID := make(map[string]*Deal, len(deals))
	var args []any
	ids := make([]string, 0, len(deals))
	for _, d := range deals {
		byID[d.ID] = d
		ids = append(ids, d.ID)
	}
	in := db.In(&args, ids)
	rows, err := q.QueryContext(ctx, `SELECT deal_id, competency_id FROM deal_competencies WHERE deal_id IN (`+in+`) ORDER BY deal_id, competency_id`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, c string
		if err := rows.Scan(&id, &c); err != nil {
			rows.Close()
			return err
		}
		byID[id].Competencies = append(byID[id].Competencies, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	parties, err := db.Query(ctx, q, func(r db.Row) (struct {
		deal string
		p    *Party
	}, error) {
		var out struct {
			deal string
			p    *Party
		}
		p := &Party{}
		err := r.Scan(&out.deal, &p.OrgID, &p.Name, &p.Role, &p.SplitBP, &p.Status, db.NullTime(&p.AnsweredAt))
		out.p = p
		return out, err
	}, `SELECT p.deal_id, p.org_id, o.legal_name, p.role, p.split_bp, p.status, p.answered_at
		FROM deal_parties p JOIN organisations o ON o.id = p.org_id WHERE p.deal_id IN (`+in+`) ORDER BY p.deal_id, p.position`, args...)
	if err != nil {
		return err
	}
	for _, x := range parties {
		byID[x.deal].Parties = append(byID[x.deal].Parties, x.p)
	}
	return nil
}

// candidates returns the open registrations of other organisations than
// org that share a key with k: the domain, the canonical name in the same
// country, or a block whose name is similar enough to match. The blocks'
// names are compared from the index alone; only the deals whose names
// match are read.
func candidates(ctx context.Context, q db.Querier, k match.Key, org string) ([]*Deal, error) {
	const open = ` AND d.status IN ('registered', 'approved') AND d.org_id <> $1`
	var parts []string
	args := []any{org}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if k.Domain != "" {
		parts = append(parts, dealSelect+` WHERE d.customer_domain = `+arg(k.Domain)+` AND d.customer_domain <> ''`+open)
	}
	if k.Name != "" {
		parts = append(parts, dealSelect+` WHERE d.name_key = `+arg(k.Name)+` AND d.customer_country = `+arg(k.Country)+open)
	}
	if len(k.Blocks) > 0 {
		similar, err := similarInBlocks(ctx, q, k)
		if err != nil {
			return nil, err
		}
		if len(similar) > 0 {
			parts = append(parts, dealSelect+` WHERE d.id IN (`+db.In(&args, similar)+`)`+open)
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	return db.Query(ctx, q, scanDeal, strings.Join(parts, ` UNION `), args...)
}

func scanConflict(r db.Row) (*Conflict, error) {
	c := &Conflict{}
	err := r.Scan(&c.ID, &c.DealID, &c.OtherID, &c.SameDomain, &c.SameName, &c.Similarity, &c.Status, &c.Decision, &c.Note,
		db.NullTime(&c.DecidedAt), &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	c.CreatedAt = c.CreatedAt.UTC()
	return c, err
}

const conflictSelect = `SELECT c.id, c.deal_id, c.other_id, c.same_domain, c.same_name, c.similarity_pm, c.status, c.decision, c.note,
	c.decided_at, c.created_at FROM deal_conflicts c`

func insertConflict(ctx context.Context, q db.Querier, c *Conflict) error {
	_, err := q.ExecContext(ctx, `INSERT INTO deal_conflicts (id, deal_id, other_id, same_domain, same_name, similarity_pm, status, decision, note, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, '', '', $8)`, c.ID, c.DealID, c.OtherID, c.SameDomain, c.SameName, c.Similarity, c.Status, c.CreatedAt)
	return err
}

func getConflict(ctx context.Context, q db.Querier, id string) (*Conflict, error) {
	return scanConflict(q.QueryRowContext(ctx, conflictSelect+` WHERE c.id = $1`, id))
}

// conflictsOf returns the conflicts a deal is in, on either side, oldest
// first.
func conflictsOf(ctx context.Context, q db.Querier, dealID string) ([]*Conflict, error) {
	return db.Query(ctx, q, scanConflict, conflictSelect+` WHERE c.deal_id = $1 OR c.other_id = $1 ORDER BY c.created_at, c.id`, dealID)
}

// listConflicts returns the conflicts in status ("" for all), newest
// first, at most limit.
func listConflicts(ctx context.Context, q db.Querier, status string, limit int) ([]*Conflict, error) {
	return db.Query(ctx, q, scanConflict, conflictSelect+` WHERE ($1 = '' OR c.status = $1) ORDER BY c.created_at DESC, c.id LIMIT $2`, status, limit)
}

func decideConflict(ctx context.Context, q db.Querier, c *Conflict, by string) error {
	_, err := q.ExecContext(ctx, `UPDATE deal_conflicts SET status = $2, decision = $3, note = $4, decided_by = $5, decided_at = $6 WHERE id = $1`,
		c.ID, c.Status, c.Decision, c.Note, by, db.TimeArg(c.DecidedAt))
	return err
}

// Filter narrows the list of deals; zero fields do not filter.
type Filter struct {
	Status string
	// Org: deals the organisation is a party of (not declined).
	Org string
	// Text is found in the customer's name or the solution.
	Text string
	// Conflicts: only deals with an open conflict.
	Conflicts bool
	Page      int
	PerPage   int
	// reader: staff see the deals of which a partner they steer is a
	// party (partner.SteersSQL).
	reader *auth.Actor
}

// listDeals returns a page of deals, newest first, and the total.
func listDeals(ctx context.Context, q db.Querier, f Filter) ([]*Deal, int, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.Status != "" {
		where = append(where, `d.status = `+arg(f.Status))
	}
	if f.Org != "" {
		where = append(where, `d.id IN (SELECT p.deal_id FROM deal_parties p WHERE p.org_id = `+arg(f.Org)+` AND p.status <> 'declined')`)
	}
	if f.Text != "" {
		t := "%" + strings.ToLower(f.Text) + "%"
		where = append(where, `(LOWER(d.customer_name) LIKE `+arg(t)+` OR LOWER(d.solution) LIKE `+arg(t)+`)`)
	}
	if f.Conflicts {
		where = append(where, `d.id IN (SELECT c.deal_id FROM deal_conflicts c WHERE c.status = 'open')`)
	}
	if f.reader != nil && f.reader.IsStaff() && !f.reader.IsAdmin() {
		steers, sargs := partner.SteersSQL(f.reader, "s.org_id", len(args)+1)
		args = append(args, sargs...)
		where = append(where, `d.id IN (SELECT s.deal_id FROM deal_parties s WHERE `+steers+`)`)
	}
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, ` AND `)
	}
	var total int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM deals d`+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	page := append(args[:len(args):len(args)], f.PerPage, (f.Page-1)*f.PerPage)
	list, err := db.Query(ctx, q, scanDeal, dealSelect+cond+` ORDER BY d.created_at DESC, d.id DESC LIMIT $`+strconv.Itoa(len(args)+1)+` OFFSET $`+strconv.Itoa(len(args)+2), page...)
	if err != nil {
		return nil, 0, err
	}
	return list, total, fill(ctx, q, list)
}

func protectionDays(ctx context.Context, q db.Querier) (int, error) {
	var days int
	err := q.QueryRowContext(ctx, `SELECT protection_days FROM deal_settings WHERE id = 1`).Scan(&days)
	return days, err
}

func setProtectionDays(ctx context.Context, q db.Querier, days int, at time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE deal_settings SET protection_days = $1, updated_at = $2 WHERE id = 1`, days, at)
	return err
}

func insertChange(ctx context.Context, q db.Querier, dealID, by string, shares []Share, at time.Time) (string, error) {
	b, err := json.Marshal(shares)
	if err != nil {
		return "", err
	}
	id := db.NewID()
	_, err = q.ExecContext(ctx, `INSERT INTO deal_split_changes (id, deal_id, proposed_by, shares, status, created_at) VALUES ($1, $2, $3, $4, 'open', $5)`,
		id, dealID, by, string(b), at)
	return id, err
}

// openChange returns the open split proposal of a deal with the
// organisations that agreed so far, or nil.
func openChange(ctx context.Context, q db.Querier, dealID string) (*SplitChange, error) {
	c := &SplitChange{}
	var shares string
	err := q.QueryRowContext(ctx, `SELECT id, proposed_by, shares, created_at FROM deal_split_changes WHERE deal_id = $1 AND status = 'open'`, dealID).
		Scan(&c.ID, &c.ProposedBy, &shares, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(shares), &c.Shares); err != nil {
		return nil, err
	}
	c.Agreed, err = db.Query(ctx, q, func(r db.Row) (string, error) {
		var s string
		return s, r.Scan(&s)
	}, `SELECT org_id FROM deal_split_votes WHERE change_id = $1 AND agreed = TRUE ORDER BY org_id`, c.ID)
	return c, err
}

func vote(ctx context.Context, q db.Querier, changeID, org string, agreed bool, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO deal_split_votes (change_id, org_id, agreed, at) VALUES ($1, $2, $3, $4)`, changeID, org, agreed, at)
	return err
}

func closeChange(ctx context.Context, q db.Querier, id, status string, at time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE deal_split_changes SET status = $2, decided_at = $3 WHERE id = $1`, id, status, at)
	return err
}

// lapsedDeals returns the approved deals whose protection ended before
// today.
func lapsedDeals(ctx context.Context, q db.Querier, today time.Time) ([]*Deal, error) {
	list, err := db.Query(ctx, q, scanDeal, dealSelect+` WHERE d.status = 'approved' AND d.protected_until < $1 ORDER BY d.protected_until, d.id`, today)
	if err != nil {
		return nil, err
	}
	return list, fill(ctx, q, list)
}

// orgKeys maps the lower-case legal name and web domain of every partner
// and member organisation to its id, for imports that name partners.
func orgKeys(ctx context.Context, q db.Querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, legal_name, domain FROM organisations WHERE deleted_at IS NULL AND kind IN ('partner', 'member')`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, name, domain string
		if err := rows.Scan(&id, &name, &domain); err != nil {
			return nil, err
		}
		out[strings.ToLower(name)] = id
		if domain != "" {
			out[strings.ToLower(domain)] = id
		}
	}
	return out, rows.Err()
}

// externalIDTaken reports whether the organisation has a deal with the
// other tool's id already.
func externalIDTaken(ctx context.Context, q db.Querier, org, id string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM deals WHERE org_id = $1 AND external_id = $2`, org, id).Scan(&n)
	return n > 0, err
}

// allDeals returns every deal, oldest first, for the export.
func allDeals(ctx context.Context, q db.Querier) ([]*Deal, error) {
	list, err := db.Query(ctx, q, scanDeal, dealSelect+` ORDER BY d.created_at, d.id`)
	if err != nil {
		return nil, err
	}
	for i := 0; i < len(list); i += 500 {
		if err := fill(ctx, q, list[i:min(i+500, len(list))]); err != nil {
			return nil, err
		}
	}
	return list, nil
}

func outcomes(ctx context.Context, q db.Querier, ids []string) (map[string]Outcome, error) {
	out := make(map[string]Outcome, len(ids))
	for i := 0; i < len(ids); i += 500 {
		var args []any
		in := db.In(&args, ids[i:min(i+500, len(ids))])
		rows, err := q.QueryContext(ctx, `SELECT id, status, value_minor, currency, closed_at FROM deals WHERE id IN (`+in+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			var o Outcome
			if err := rows.Scan(&id, &o.Status, &o.ValueMinor, &o.Currency, db.NullTime(&o.ClosedAt)); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = o
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// wonShares sums each party's share of the deals won in [from, to) per
// organisation and currency, each share rounded down to the cent.
func wonShares(ctx context.Context, q db.Querier, from, to time.Time) (map[string]map[string]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.org_id, d.currency, SUM(d.value_minor * p.split_bp / 10000)
		FROM deals d JOIN deal_parties p ON p.deal_id = d.id AND p.status = 'accepted'
		WHERE d.status = 'won' AND d.closed_at >= $1 AND d.closed_at < $2 GROUP BY p.org_id, d.currency`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]int64{}
	for rows.Next() {
		var org, cur string
		var sum int64
		if err := rows.Scan(&org, &cur, &sum); err != nil {
			return nil, err
		}
		if out[org] == nil {
			out[org] = map[string]int64{}
		}
		out[org][cur] = sum
	}
	return out, rows.Err()
}

func orgDeals(ctx context.Context, q db.Querier, org string) ([]DealRef, error) {
	return db.Query(ctx, q, func(r db.Row) (DealRef, error) {
		var d DealRef
		return d, r.Scan(&d.ID, &d.Customer, &d.Status)
	}, `SELECT d.id, d.customer_name, d.status FROM deals d
		WHERE d.id IN (SELECT p.deal_id FROM deal_parties p WHERE p.org_id = $1 AND p.status = 'accepted')
		ORDER BY d.created_at DESC, d.id LIMIT 500`, org)
}

// planFigures counts the organisation's won deals closed in [from, to)
// and their value by its share, and weighs its open approved deals
// expected to close then, in currency.
func planFigures(ctx context.Context, q db.Querier, org string, from, to time.Time, currency string) (PlanFigures, error) {
	var f PlanFigures
	err := q.QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(d.value_minor * p.split_bp / 10000), 0)
		FROM deals d JOIN deal_parties p ON p.deal_id = d.id AND p.org_id = $1 AND p.status = 'accepted'
		WHERE d.status = 'won' AND d.currency = $2 AND d.closed_at >= $3 AND d.closed_at < $4`, org, currency, from, to).Scan(&f.WonDeals, &f.WonMinor)
	if err != nil {
		return f, err
	}
	rows, err := q.QueryContext(ctx, `SELECT d.value_minor * p.split_bp / 10000, d.stage
		FROM deals d JOIN deal_parties p ON p.deal_id = d.id AND p.org_id = $1 AND p.status = 'accepted'
		WHERE d.status = 'approved' AND d.currency = $2 AND d.expected_close >= $3 AND d.expected_close < $4`, org, currency, from, to)
	if err != nil {
		return f, err
	}
	defer rows.Close()
	var open []*Deal
	for rows.Next() {
		d := &Deal{Status: StatusApproved}
		if err := rows.Scan(&d.ValueMinor, &d.Stage); err != nil {
			return f, err
		}
		open = append(open, d)
	}
	f.ForecastMinor = Forecast(open)
	return f, rows.Err()
}

// similarInBlocks returns the deals that share a block with k and whose
// canonical name is similar enough to match (the blocks hold the country).
func similarInBlocks(ctx context.Context, q db.Querier, k match.Key) ([]string, error) {
	var args []any
	rows, err := q.QueryContext(ctx, `SELECT name_key, deal_id FROM deal_blocks WHERE block IN (`+db.In(&args, k.Blocks)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	seen := map[string]bool{}
	for rows.Next() {
		var name, id string
		if err := rows.Scan(&name, &id); err != nil {
			return nil, err
		}
		if !seen[id] && name != k.Name && match.Similarity(k.Name, name) >= match.Threshold {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, rows.Err()
}

// matchVersion is the version of the matcher's rules the stored keys were
// made with.
func matchVersion(ctx context.Context, q db.Querier) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, `SELECT match_version FROM deal_settings WHERE id = 1`).Scan(&v)
	return v, err
}

// claimMatchVersion raises the stored version to v and reports whether it
// was lower: of two processes that start at once, the first holds the row
// until it commits, and the second then finds nothing left to do.
func claimMatchVersion(ctx context.Context, q db.Querier, v int) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE deal_settings SET match_version = $1 WHERE id = 1 AND match_version < $1`, v)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// storedKey is a deal's customer with the name key stored for it.
type storedKey struct {
	id, name, domain, country, nameKey string
}

func storedKeys(ctx context.Context, q db.Querier) ([]storedKey, error) {
	return db.Query(ctx, q, func(r db.Row) (storedKey, error) {
		var k storedKey
		err := r.Scan(&k.id, &k.name, &k.domain, &k.country, &k.nameKey)
		return k, err
	}, `SELECT id, customer_name, customer_domain, customer_country, name_key FROM deals ORDER BY id`)
}

// rekey stores a deal's new name key and blocks.
func rekey(ctx context.Context, q db.Querier, id string, k keys) error {
	if _, err := q.ExecContext(ctx, `UPDATE deals SET name_key = $1 WHERE id = $2`, k.name, id); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM deal_blocks WHERE deal_id = $1`, id); err != nil {
		return err
	}
	return insertBlocks(ctx, q, id, k)
}

// insertBlocks files a deal under the blocking keys of its customer's
// name.
func insertBlocks(ctx context.Context, q db.Querier, id string, k keys) error {
	for _, b := range k.blocks {
		if _, err := q.ExecContext(ctx, `INSERT INTO deal_blocks (block, name_key, deal_id) VALUES ($1, $2, $3)`, b, k.name, id); err != nil {
			return err
		}
	}
	return nil
}
