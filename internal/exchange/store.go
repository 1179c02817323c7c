package exchange

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/db"
	"pakt/internal/partner"
)

// listingSelect reads listings with the poster's name, the accepted
// answer's organisation, the number of answers and the answer of the
// organisation $1 ("" for none).
const listingSelect = `SELECT l.id, l.org_id, o.legal_name, l.created_by, l.kind, l.title, l.description, l.country, l.region,
	l.starts_on, l.ends_on, l.effort_tenths, l.budget_min_minor, l.budget_max_minor, l.currency, l.customer_industry,
	l.customer_size, l.customer_name, l.skill, l.amount_tenths, l.unit, l.status, l.expires_on,
	COALESCE(l.accepted_answer_id, ''), COALESCE(acc.org_id, ''), l.revealed_at, l.closed_at,
	(SELECT count(*) FROM exchange_answers n WHERE n.listing_id = l.id),
	COALESCE((SELECT m.id FROM exchange_answers m WHERE m.listing_id = l.id AND m.org_id = $1), ''),
	l.created_at, l.updated_at
	FROM exchange_listings l
	JOIN organisations o ON o.id = l.org_id
	LEFT JOIN exchange_answers acc ON acc.id = l.accepted_answer_id`

// row is a listing as read, with the answer of the reader's organisation.
type row struct {
	*Listing
	myAnswer string
}

func scanListing(r db.Row) (row, error) {
	l := &Listing{}
	var from, to, expires time.Time
	var my string
	err := r.Scan(&l.ID, &l.OrgID, &l.OrgName, &l.createdBy, &l.Kind, &l.Title, &l.Description, &l.Country, &l.Region,
		&from, &to, &l.EffortTenths, &l.BudgetMinMinor, &l.BudgetMaxMinor, &l.Currency, &l.CustomerIndustry,
		&l.CustomerSize, &l.customerName, &l.Skill, &l.AmountTenths, &l.Unit, &l.Status, &expires,
		&l.AcceptedAnswerID, &l.AcceptedOrgID, db.NullTime(&l.revealedAt), db.NullTime(&l.ClosedAt), &l.Answers, &my, &l.CreatedAt, &l.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return row{}, apperr.ErrNotFound
	}
	if err != nil {
		return row{}, err
	}
	l.From, l.To, l.ExpiresOn = partner.Date{Time: Day(from)}, partner.Date{Time: Day(to)}, partner.Date{Time: Day(expires)}
	l.CreatedAt, l.UpdatedAt = l.CreatedAt.UTC(), l.UpdatedAt.UTC()
	l.Topics = []string{}
	return row{Listing: l, myAnswer: my}, nil
}

// getListing reads one listing as the organisation org reads it.
func getListing(ctx context.Context, q db.Querier, id, org string) (row, error) {
	r, err := scanListing(q.QueryRowContext(ctx, listingSelect+` WHERE l.id = $2`, org, id))
	if err != nil {
		return r, err
	}
	return r, loadTopics(ctx, q, []*Listing{r.Listing})
}

// Filter narrows the list of listings; zero fields do not filter.
type Filter struct {
	Kind    string
	Topic   string
	Country string
	// Region is found anywhere in the listing's region.
	Region string
	// Text is found in the title, description or skill.
	Text   string
	Status string
	// Mine: only the caller's organisation's listings; Answered: only
	// those it answered.
	Mine     bool
	Answered bool
	Page     int
	PerPage  int
}

// listingWhere filters by visibility ($1: the reader's organisation, ""
// for staff, who see all) and by the filter. Every condition is fixed and
// true when its parameter is empty, so the statement never depends on
// input.
var listingWhere = ` WHERE ($1 = '' OR l.status = 'open' OR l.org_id = $1
		OR EXISTS (SELECT 1 FROM exchange_answers v WHERE v.listing_id = l.id AND v.org_id = $1))
	AND ($1 = '' OR l.org_id = $1 OR ` + partner.ListedSQL("o") + `)
	AND ($2 = '' OR l.kind = $2)
	AND ($3 = '' OR EXISTS (SELECT 1 FROM exchange_listing_topics t WHERE t.listing_id = l.id AND t.competency_id = $3))
	AND ($4 = '' OR l.country = $4)
	AND ($5 = '' OR l.region_key LIKE $5 ESCAPE '\')
	AND ($6 = '' OR l.search_text LIKE $6 ESCAPE '\')
	AND ($7 = '' OR l.status = $7)
	AND ($8 = '' OR l.org_id = $8)
	AND ($9 = '' OR EXISTS (SELECT 1 FROM exchange_answers w WHERE w.listing_id = l.id AND w.org_id = $9))`

// listListings returns a page of listings visible to the organisation org
// ("" for staff), newest first, and how many match in all.
func listListings(ctx context.Context, q db.Querier, org string, f Filter) ([]row, int, error) {
	mine, answered := "", ""
	if f.Mine {
		mine = org
		if org == "" {
			mine = "-" // staff have no listings of their own
		}
	}
	if f.Answered {
		answered = org
		if org == "" {
			answered = "-"
		}
	}
	args := []any{org, f.Kind, f.Topic, strings.ToUpper(f.Country), likePattern(f.Region), likePattern(f.Text), f.Status, mine, answered}
	var total int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM exchange_listings l JOIN organisations o ON o.id = l.org_id`+listingWhere, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.Query(ctx, q, scanListing, listingSelect+listingWhere+` ORDER BY l.created_at DESC, l.id DESC LIMIT $10 OFFSET $11`,
		append(args, f.PerPage, (f.Page-1)*f.PerPage)...)
	if err != nil {
		return nil, 0, err
	}
	ls := make([]*Listing, len(rows))
	for i, r := range rows {
		ls[i] = r.Listing
	}
	return rows, total, loadTopics(ctx, q, ls)
}

// newListings returns the open listings posted after since and up to now,
// for the digests.
func newListings(ctx context.Context, q db.Querier, since, now time.Time) ([]*Listing, error) {
	rows, err := db.Query(ctx, q, scanListing, listingSelect+` WHERE l.status = 'open' AND l.created_at > $2 AND l.created_at <= $3
		AND `+partner.ListedSQL("o")+` ORDER BY l.created_at, l.id`, "", since, now)
	if err != nil {
		return nil, err
	}
	ls := make([]*Listing, len(rows))
	for i, r := range rows {
		ls[i] = r.Listing
	}
	return ls, loadTopics(ctx, q, ls)
}

// loadTopics fills the topics of ls.
func loadTopics(ctx context.Context, q db.Querier, ls []*Listing) error {
	if len(ls) == 0 {
		return nil
	}
	byID := make(map[string]*Listing, len(ls))
	ids := make([]string, 0, len(ls))
	for _, l := range ls {
		if _, dup := byID[l.ID]; dup {
			continue
		}
		byID[l.ID] = l
		ids = append(ids, l.ID)
	}
	var args []any
	rows, err := q.QueryContext(ctx, `SELECT listing_id, competency_id FROM exchange_listing_topics WHERE listing_id IN (`+
		db.In(&args, ids)+`) ORDER BY listing_id, competency_id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, topic string
		if err := rows.Scan(&id, &topic); err != nil {
			return err
		}
		byID[id].Topics = append(byID[id].Topics, topic)
	}
	return rows.Err()
}

func insertListing(ctx context.Context, q db.Querier, l *Listing) error {
	_, err := q.ExecContext(ctx, `INSERT INTO exchange_listings (id, org_id, created_by, kind, title, description, country, region,
		region_key, starts_on, ends_on, effort_tenths, budget_min_minor, budget_max_minor, currency, customer_industry, customer_size,
		customer_name, skill, amount_tenths, unit, status, expires_on, search_text, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)`,
		l.ID, l.OrgID, l.createdBy, l.Kind, l.Title, l.Description, l.Country, l.Region, strings.ToLower(l.Region),
		l.From.Time, l.To.Time, l.EffortTenths, l.BudgetMinMinor, l.BudgetMaxMinor, l.Currency, l.CustomerIndustry, l.CustomerSize,
		l.customerName, l.Skill, l.AmountTenths, l.Unit, l.Status, l.ExpiresOn.Time, l.searchText(), l.CreatedAt, l.UpdatedAt)
	if err != nil {
		return err
	}
	return setTopics(ctx, q, l)
}

func updateListing(ctx context.Context, q db.Querier, l *Listing) error {
	_, err := q.ExecContext(ctx, `UPDATE exchange_listings SET title = $1, description = $2, country = $3, region = $4, region_key = $5,
		starts_on = $6, ends_on = $7, effort_tenths = $8, budget_min_minor = $9, budget_max_minor = $10, currency = $11,
		customer_industry = $12, customer_size = $13, customer_name = $14, skill = $15, amount_tenths = $16, unit = $17,
		expires_on = $18, search_text = $19, updated_at = $20 WHERE id = $21`,
		l.Title, l.Description, l.Country, l.Region, strings.ToLower(l.Region), l.From.Time, l.To.Time, l.EffortTenths,
		l.BudgetMinMinor, l.BudgetMaxMinor, l.Currency, l.CustomerIndustry, l.CustomerSize, l.customerName, l.Skill,
		l.AmountTenths, l.Unit, l.ExpiresOn.Time, l.searchText(), l.UpdatedAt, l.ID)
	if err != nil {
		return err
	}
	return setTopics(ctx, q, l)
}

func setTopics(ctx context.Context, q db.Querier, l *Listing) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM exchange_listing_topics WHERE listing_id = $1`, l.ID); err != nil {
		return err
	}
	for _, t := range l.Topics {
		if _, err := q.ExecContext(ctx, `INSERT INTO exchange_listing_topics (listing_id, competency_id) VALUES ($1, $2)`, l.ID, t); err != nil {
			return err
		}
	}
	return nil
}

// endListing closes or expires an open listing, with the accepted answer
// ("" for none); it reports false when the listing was no longer open.
func endListing(ctx context.Context, q db.Querier, id, status, accepted string, now time.Time) (bool, error) {
	var acc any
	if accepted != "" {
		acc = accepted
	}
	res, err := q.ExecContext(ctx, `UPDATE exchange_listings SET status = $1, accepted_answer_id = $2, closed_at = $3, updated_at = $3
		WHERE id = $4 AND status = 'open'`, status, acc, now, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// setRevealed records the reveal of the customer; false when it was
// revealed already.
func setRevealed(ctx context.Context, q db.Querier, id string, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE exchange_listings SET revealed_at = $1, updated_at = $1 WHERE id = $2 AND revealed_at IS NULL`, now, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// expiredListings returns the ids of open listings whose last day was
// before today.
func expiredListings(ctx context.Context, q db.Querier, today time.Time) ([]string, error) {
	return db.Query(ctx, q, func(r db.Row) (string, error) {
		var id string
		return id, r.Scan(&id)
	}, `SELECT id FROM exchange_listings WHERE status = 'open' AND expires_on < $1 ORDER BY id`, today)
}

const answerSelect = `SELECT a.id, a.listing_id, a.org_id, o.legal_name, COALESCE(u.name, ''), a.user_id, a.message, a.status,
	a.created_at, a.updated_at
	FROM exchange_answers a
	JOIN organisations o ON o.id = a.org_id
	LEFT JOIN users u ON u.id = a.user_id`

func scanAnswer(r db.Row) (*Answer, error) {
	a := &Answer{}
	err := r.Scan(&a.ID, &a.ListingID, &a.OrgID, &a.OrgName, &a.Author, &a.userID, &a.Message, &a.Status, &a.CreatedAt, &a.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, nil
}

// listAnswers returns a listing's answers, oldest first; only the answer of
// org unless org is "".
func listAnswers(ctx context.Context, q db.Querier, listingID, org string) ([]*Answer, error) {
	return db.Query(ctx, q, scanAnswer, answerSelect+` WHERE a.listing_id = $1 AND ($2 = '' OR a.org_id = $2) ORDER BY a.created_at, a.id`, listingID, org)
}

func getAnswer(ctx context.Context, q db.Querier, id string) (*Answer, error) {
	return scanAnswer(q.QueryRowContext(ctx, answerSelect+` WHERE a.id = $1`, id))
}

func insertAnswer(ctx context.Context, q db.Querier, a *Answer) error {
	_, err := q.ExecContext(ctx, `INSERT INTO exchange_answers (id, listing_id, org_id, user_id, message, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, a.ID, a.ListingID, a.OrgID, a.userID, a.Message, a.Status, a.CreatedAt, a.UpdatedAt)
	return err
}

// setAnswerStatus moves an answer from one of the states from to status;
// false when it was in none of them.
func setAnswerStatus(ctx context.Context, q db.Querier, id, status string, now time.Time, from ...string) (bool, error) {
	args := []any{status, now, id}
	res, err := q.ExecContext(ctx, `UPDATE exchange_answers SET status = $1, updated_at = $2 WHERE id = $3 AND status IN (`+db.In(&args, from)+`)`, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// orgStanding tells whether an organisation may take part in the exchange
// (it is listed, by partner's rule) and its name.
func orgStanding(ctx context.Context, q db.Querier, id string) (name string, listed bool, err error) {
	var kind, status string
	var published bool
	err = q.QueryRowContext(ctx, `SELECT legal_name, kind, status, published FROM organisations WHERE id = $1 AND deleted_at IS NULL`, id).Scan(&name, &kind, &status, &published)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return name, partner.Listed(kind, status, published, false), err
}

// orgCompetencies returns the competencies of the organisations, by id.
func orgCompetencies(ctx context.Context, q db.Querier) (map[string][]string, error) {
	out := map[string][]string{}
	rows, err := q.QueryContext(ctx, `SELECT org_id, competency_id FROM organisation_competencies ORDER BY org_id, competency_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var org, c string
		if err := rows.Scan(&org, &c); err != nil {
			return nil, err
		}
		out[org] = append(out[org], c)
	}
	return out, rows.Err()
}

func scanSubscription(r db.Row) (*Subscription, error) {
	s := &Subscription{}
	var topics string
	err := r.Scan(&s.Frequency, &topics, db.NullTime(&s.LastDigestAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	s.Topics = splitList(topics)
	return s, nil
}

func getSubscription(ctx context.Context, q db.Querier, userID string) (*Subscription, error) {
	return scanSubscription(q.QueryRowContext(ctx, `SELECT frequency, topics, last_digest_at FROM exchange_subscriptions WHERE user_id = $1`, userID))
}

func saveSubscription(ctx context.Context, q db.Querier, userID string, s *Subscription, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO exchange_subscriptions (user_id, frequency, topics, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
		ON CONFLICT (user_id) DO UPDATE SET frequency = $2, topics = $3, updated_at = $4`, userID, s.Frequency, strings.Join(s.Topics, ","), now)
	return err
}

// subscriber is a subscription with what the digest needs of its user.
type subscriber struct {
	userID, orgID, lang string
	sub                 *Subscription
}

// activeSubscribers returns the subscriptions that want digests, of
// enabled partner users.
func activeSubscribers(ctx context.Context, q db.Querier) ([]subscriber, error) {
	return db.Query(ctx, q, func(r db.Row) (subscriber, error) {
		var s subscriber
		sub := &Subscription{}
		var topics string
		if err := r.Scan(&s.userID, &s.orgID, &s.lang, &sub.Frequency, &topics, db.NullTime(&sub.LastDigestAt)); err != nil {
			return s, err
		}
		sub.Topics = splitList(topics)
		s.sub = sub
		return s, nil
	}, `SELECT s.user_id, u.org_id, u.lang, s.frequency, s.topics, s.last_digest_at
		FROM exchange_subscriptions s JOIN users u ON u.id = s.user_id
		WHERE s.frequency <> 'off' AND NOT u.disabled AND u.org_id IS NOT NULL ORDER BY s.user_id`)
}

// claimDigest marks the subscription's digest of the period starting at
// start as sent; false when it was already (by another process).
func claimDigest(ctx context.Context, q db.Querier, userID string, start, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE exchange_subscriptions SET last_digest_at = $1
		WHERE user_id = $2 AND (last_digest_at IS NULL OR last_digest_at < $3)`, now, userID, start)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func splitList(s string) []string {
	out := []string{}
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
