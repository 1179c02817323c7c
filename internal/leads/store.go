package leads

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/partner"
)

const campaignSelect = `SELECT c.id, c.name, c.description, c.budget_minor, c.currency, c.starts_on, c.ends_on,
	(SELECT count(*) FROM leads n WHERE n.campaign_id = c.id), c.created_at, c.updated_at
	FROM lead_campaigns c`

func scanCampaign(r db.Row) (*Campaign, error) {
	c := &Campaign{}
	var from, to time.Time
	err := r.Scan(&c.ID, &c.Name, &c.Description, &c.BudgetMinor, &c.Currency, &from, &to, &c.Leads, &c.CreatedAt, &c.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	c.From, c.To = from.UTC().Format(time.DateOnly), to.UTC().Format(time.DateOnly)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, nil
}

func getCampaign(ctx context.Context, q db.Querier, id string) (*Campaign, error) {
	return scanCampaign(q.QueryRowContext(ctx, campaignSelect+` WHERE c.id = $1`, id))
}

// listCampaigns returns every campaign, the latest start first.
func listCampaigns(ctx context.Context, q db.Querier) ([]*Campaign, error) {
	return db.Query(ctx, q, scanCampaign, campaignSelect+` ORDER BY c.starts_on DESC, c.id`)
}

func insertCampaign(ctx context.Context, q db.Querier, c *Campaign, by string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO lead_campaigns (id, name, description, budget_minor, currency, starts_on, ends_on, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, c.ID, c.Name, c.Description, c.BudgetMinor, c.Currency, c.From, c.To, by, c.CreatedAt, c.UpdatedAt)
	return err
}

func updateCampaign(ctx context.Context, q db.Querier, c *Campaign) error {
	_, err := q.ExecContext(ctx, `UPDATE lead_campaigns SET name = $2, description = $3, budget_minor = $4, currency = $5, starts_on = $6, ends_on = $7,
		updated_at = $8 WHERE id = $1`, c.ID, c.Name, c.Description, c.BudgetMinor, c.Currency, c.From, c.To, c.UpdatedAt)
	return err
}

const leadSelect = `SELECT l.id, COALESCE(l.campaign_id, ''), COALESCE(c.name, ''), l.customer_name, l.web_domain, l.country, l.postcode, l.city,
	l.industry, l.size, l.value_minor, l.currency, l.description, l.contact_name, l.contact_email, l.contact_phone, l.answer_hours,
	l.state, COALESCE(l.org_id, ''), COALESCE(o.legal_name, ''), l.deadline, l.deal_id, l.created_at, l.updated_at
	FROM leads l
	LEFT JOIN lead_campaigns c ON c.id = l.campaign_id
	LEFT JOIN organisations o ON o.id = l.org_id`

func scanLead(r db.Row) (*Lead, error) {
	l := &Lead{}
	err := r.Scan(&l.ID, &l.CampaignID, &l.CampaignName, &l.CustomerName, &l.WebDomain, &l.Country, &l.Postcode, &l.City,
		&l.Industry, &l.Size, &l.ValueMinor, &l.Currency, &l.Description, &l.contact.Name, &l.contact.Email, &l.contact.Phone, &l.AnswerHours,
		&l.State, &l.OrgID, &l.OrgName, db.NullTime(&l.Deadline), &l.DealID, &l.CreatedAt, &l.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	l.CreatedAt, l.UpdatedAt = l.CreatedAt.UTC(), l.UpdatedAt.UTC()
	l.Competencies = []string{}
	return l, nil
}

// getLead reads one lead with its competencies and queue.
func getLead(ctx context.Context, q db.Querier, id string) (*Lead, error) {
	l, err := scanLead(q.QueryRowContext(ctx, leadSelect+` WHERE l.id = $1`, id))
	if err != nil {
		return nil, err
	}
	if err := loadCompetencies(ctx, q, []*Lead{l}); err != nil {
		return nil, err
	}
	l.queue, err = db.Query(ctx, q, func(r db.Row) (string, error) {
		var s string
		return s, r.Scan(&s)
	}, `SELECT org_id FROM lead_queue WHERE lead_id = $1 ORDER BY position`, id)
	return l, err
}

// Filter narrows the list of leads; zero fields do not filter.
type Filter struct {
	State    string `query:"state" doc:"a lead state" enum:"lead_state"`
	Campaign string `query:"campaign" doc:"a campaign id"`
	// reader: staff see the leads no partner holds and those offered to
	// or accepted by a partner they steer (partner.SteersSQL).
	reader *auth.Actor
}

// listLeads returns the leads the organisation org sees ("" for staff:
// those f.reader may see), newest first: a partner those offered to it now
// and those it accepted.
func listLeads(ctx context.Context, q db.Querier, org string, f Filter) ([]*Lead, error) {
	args := []any{org, f.State, f.Campaign}
	steers := "1 = 1"
	if f.reader != nil && f.reader.IsStaff() && !f.reader.IsAdmin() {
		cond, sargs := partner.SteersSQL(f.reader, "l.org_id", len(args)+1)
		args = append(args, sargs...)
		steers = "(l.org_id IS NULL OR l.org_id = '' OR " + cond + ")"
	}
	list, err := db.Query(ctx, q, scanLead, leadSelect+`
		WHERE ($1 = '' OR (l.org_id = $1 AND l.state IN ('offered', 'accepted')))
		AND ($2 = '' OR l.state = $2) AND ($3 = '' OR l.campaign_id = $3) AND `+steers+`
		ORDER BY l.created_at DESC, l.id DESC LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	return list, loadCompetencies(ctx, q, list)
}

func loadCompetencies(ctx context.Context, q db.Querier, list []*Lead) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[string]*Lead, len(list))
	ids := make([]string, len(list))
	for i, l := range list {
		byID[l.ID], ids[i] = l, l.ID
	}
	var args []any
	type pair struct{ lead, comp string }
	pairs, err := db.Query(ctx, q, func(r db.Row) (pair, error) {
		var p pair
		return p, r.Scan(&p.lead, &p.comp)
	}, `SELECT lead_id, competency_id FROM lead_competencies WHERE lead_id IN (`+db.In(&args, ids)+`) ORDER BY competency_id`, args...)
	if err != nil {
		return err
	}
	for _, p := range pairs {
		byID[p.lead].Competencies = append(byID[p.lead].Competencies, p.comp)
	}
	return nil
}

func insertLead(ctx context.Context, q db.Querier, l *Lead, by string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO leads (id, campaign_id, customer_name, web_domain, country, postcode, city, industry, size,
		value_minor, currency, description, contact_name, contact_email, contact_phone, answer_hours, state, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
		l.ID, db.TextArg(l.CampaignID), l.CustomerName, l.WebDomain, l.Country, l.Postcode, l.City, l.Industry, l.Size,
		l.ValueMinor, l.Currency, l.Description, l.contact.Name, l.contact.Email, l.contact.Phone, l.AnswerHours, l.State, by, l.CreatedAt, l.UpdatedAt)
	if err != nil {
		return err
	}
	return setCompetencies(ctx, q, l)
}

func updateLead(ctx context.Context, q db.Querier, l *Lead) error {
	_, err := q.ExecContext(ctx, `UPDATE leads SET campaign_id = $2, customer_name = $3, web_domain = $4, country = $5, postcode = $6, city = $7,
		industry = $8, size = $9, value_minor = $10, currency = $11, description = $12, contact_name = $13, contact_email = $14,
		contact_phone = $15, answer_hours = $16, updated_at = $17 WHERE id = $1`,
		l.ID, db.TextArg(l.CampaignID), l.CustomerName, l.WebDomain, l.Country, l.Postcode, l.City, l.Industry, l.Size,
		l.ValueMinor, l.Currency, l.Description, l.contact.Name, l.contact.Email, l.contact.Phone, l.AnswerHours, l.UpdatedAt)
	if err != nil {
		return err
	}
	return setCompetencies(ctx, q, l)
}

func setCompetencies(ctx context.Context, q db.Querier, l *Lead) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM lead_competencies WHERE lead_id = $1`, l.ID); err != nil {
		return err
	}
	for _, c := range l.Competencies {
		if _, err := q.ExecContext(ctx, `INSERT INTO lead_competencies (lead_id, competency_id) VALUES ($1, $2)`, l.ID, c); err != nil {
			return err
		}
	}
	return nil
}

// setState moves a lead from one of the states in from (the guard against
// a concurrent change) and reports whether it did.
func setState(ctx context.Context, q db.Querier, l *Lead, from string, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE leads SET state = $2, org_id = $3, deadline = $4, deal_id = $5, updated_at = $6 WHERE id = $1 AND state = $7`,
		l.ID, l.State, db.TextArg(l.OrgID), db.TimeArg(l.Deadline), l.DealID, now, from)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func setQueue(ctx context.Context, q db.Querier, leadID string, orgs []string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM lead_queue WHERE lead_id = $1`, leadID); err != nil {
		return err
	}
	for i, org := range orgs {
		if _, err := q.ExecContext(ctx, `INSERT INTO lead_queue (lead_id, position, org_id) VALUES ($1, $2, $3)`, leadID, i+1, org); err != nil {
			return err
		}
	}
	return nil
}

func scanOffer(r db.Row) (*Offer, error) {
	o := &Offer{}
	if err := r.Scan(&o.ID, &o.OrgID, &o.OrgName, &o.OfferedAt, &o.Deadline, db.NullTime(&o.AnsweredAt), &o.Outcome, &o.Reason, &o.ReasonText); err != nil {
		return nil, err
	}
	o.OfferedAt, o.Deadline = o.OfferedAt.UTC(), o.Deadline.UTC()
	return o, nil
}

// listOffers returns a lead's offers, the first first.
func listOffers(ctx context.Context, q db.Querier, leadID string) ([]*Offer, error) {
	return db.Query(ctx, q, scanOffer, `SELECT f.id, f.org_id, o.legal_name, f.offered_at, f.deadline, f.answered_at, f.outcome, f.reason, f.reason_text
		FROM lead_offers f JOIN organisations o ON o.id = f.org_id WHERE f.lead_id = $1 ORDER BY f.offered_at, f.id`, leadID)
}

func insertOffer(ctx context.Context, q db.Querier, leadID string, o *Offer) error {
	_, err := q.ExecContext(ctx, `INSERT INTO lead_offers (id, lead_id, org_id, offered_at, deadline) VALUES ($1, $2, $3, $4, $5)`,
		o.ID, leadID, o.OrgID, o.OfferedAt, o.Deadline)
	return err
}

// answerOffer closes a lead's open offer with its outcome and reports
// whether there was one.
func answerOffer(ctx context.Context, q db.Querier, leadID string, o *Offer, by string) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE lead_offers SET outcome = $2, reason = $3, reason_text = $4, answered_at = $5, answered_by = $6
		WHERE lead_id = $1 AND outcome = ''`, leadID, o.Outcome, o.Reason, o.ReasonText, db.TimeArg(o.AnsweredAt), by)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// overdueLeads returns the leads whose open offer's deadline is before now.
func overdueLeads(ctx context.Context, q db.Querier, now time.Time) ([]string, error) {
	return db.Query(ctx, q, func(r db.Row) (string, error) {
		var s string
		return s, r.Scan(&s)
	}, `SELECT id FROM leads WHERE state = 'offered' AND deadline < $1 ORDER BY deadline, id`, now)
}

// history counts each organisation's answered and accepted offers.
func history(ctx context.Context, q db.Querier) (map[string]History, error) {
	type row struct {
		org                string
		accepted, answered int
	}
	rows, err := db.Query(ctx, q, func(r db.Row) (row, error) {
		var x row
		return x, r.Scan(&x.org, &x.accepted, &x.answered)
	}, `SELECT org_id, SUM(CASE WHEN outcome = 'accepted' THEN 1 ELSE 0 END), count(*)
		FROM lead_offers WHERE outcome IN ('accepted', 'declined', 'expired') GROUP BY org_id`)
	if err != nil {
		return nil, err
	}
	out := make(map[string]History, len(rows))
	for _, x := range rows {
		out[x.org] = History{Accepted: x.accepted, Answered: x.answered}
	}
	return out, nil
}

// offerFact is one offer as the conversion counts it.
type offerFact struct {
	OrgID, OrgName, LeadID, CampaignID, Outcome, DealID string
	OfferedAt                                           time.Time
}

// offerFacts returns the offers made within [from, to) (all when both are
// zero), excluding withdrawn ones.
func offerFacts(ctx context.Context, q db.Querier, from, to time.Time) ([]offerFact, error) {
	if to.IsZero() {
		to = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return db.Query(ctx, q, func(r db.Row) (offerFact, error) {
		var f offerFact
		return f, r.Scan(&f.OrgID, &f.OrgName, &f.LeadID, &f.CampaignID, &f.Outcome, &f.DealID, &f.OfferedAt)
	}, `SELECT f.org_id, o.legal_name, f.lead_id, COALESCE(l.campaign_id, ''), f.outcome, CASE WHEN f.outcome = 'accepted' THEN l.deal_id ELSE '' END, f.offered_at
		FROM lead_offers f JOIN leads l ON l.id = f.lead_id JOIN organisations o ON o.id = f.org_id
		WHERE f.outcome <> 'withdrawn' AND f.offered_at >= $1 AND f.offered_at < $2 ORDER BY f.offered_at, f.id`, from, to)
}
