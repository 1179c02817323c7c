package agreement

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/db"
	"pakt/internal/partner"
)

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.ErrNotFound
	}
	return err
}

const agreementColumns = `id, title, customer, lead_org_id, status, current_version, listing_id, created_by, created_at, updated_at, in_force_at`

func scanAgreement(row db.Row) (*Agreement, error) {
	var a Agreement
	if err := row.Scan(&a.ID, &a.Title, &a.Customer, &a.LeadOrgID, &a.Status, &a.CurrentVersion, &a.ListingID, &a.CreatedBy,
		&a.CreatedAt, &a.UpdatedAt, db.NullTime(&a.InForceAt)); err != nil {
		return nil, notFound(err)
	}
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	a.Parties = []*Party{}
	return &a, nil
}

func getAgreement(ctx context.Context, q db.Querier, id string) (*Agreement, error) {
	return scanAgreement(q.QueryRowContext(ctx, `SELECT `+agreementColumns+` FROM agreements WHERE id = $1`, id))
}

// listAgreements returns the agreements that orgID is party to (all for
// ""), with status status ("" for any), last changed first.
func listAgreements(ctx context.Context, q db.Querier, orgID, status string) ([]*Agreement, error) {
	return db.Query(ctx, q, scanAgreement, `SELECT `+agreementColumns+` FROM agreements
		WHERE ($1 = '' OR id IN (SELECT agreement_id FROM agreement_parties WHERE org_id = $1)) AND ($2 = '' OR status = $2)
		ORDER BY updated_at DESC, id DESC`, orgID, status)
}

func insertAgreement(ctx context.Context, q db.Querier, a *Agreement) error {
	_, err := q.ExecContext(ctx, `INSERT INTO agreements (`+agreementColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		a.ID, a.Title, a.Customer, a.LeadOrgID, a.Status, a.CurrentVersion, a.ListingID, a.CreatedBy, a.CreatedAt, a.UpdatedAt, a.InForceAt)
	return err
}

// updateAgreement writes a's current version, mirrored terms and status,
// if the agreement is still at version base; it reports whether it was.
func updateAgreement(ctx context.Context, q db.Querier, a *Agreement, base int) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE agreements SET title = $1, customer = $2, lead_org_id = $3, status = $4, current_version = $5,
		updated_at = $6, in_force_at = $7 WHERE id = $8 AND current_version = $9`,
		a.Title, a.Customer, a.LeadOrgID, a.Status, a.CurrentVersion, a.UpdatedAt, a.InForceAt, a.ID, base)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// lockAgreement takes the agreement's row lock for the rest of the
// transaction, so that changes and acceptances of one agreement run one
// after the other and each sees the last one's result (SQLite's immediate
// transactions are serial anyway; PostgreSQL needs the lock).
func lockAgreement(ctx context.Context, q db.Querier, id string) error {
	_, err := q.ExecContext(ctx, `UPDATE agreements SET current_version = current_version WHERE id = $1`, id)
	return err
}

func insertParty(ctx context.Context, q db.Querier, agreementID, orgID string, position int) error {
	_, err := q.ExecContext(ctx, `INSERT INTO agreement_parties (agreement_id, org_id, position) VALUES ($1, $2, $3)`, agreementID, orgID, position)
	return err
}

// partySelect reads the parties with their names and latest acceptances;
// the caller adds the condition on p.agreement_id.
const partySelect = `SELECT p.agreement_id, p.org_id, o.legal_name, a.version, a.accepted_at, a.user_label
	FROM agreement_parties p JOIN organisations o ON o.id = p.org_id
	LEFT JOIN agreement_acceptances a ON a.agreement_id = p.agreement_id AND a.org_id = p.org_id
		AND a.version = (SELECT MAX(x.version) FROM agreement_acceptances x WHERE x.agreement_id = p.agreement_id AND x.org_id = p.org_id)
	WHERE `

type partyRow struct {
	agreementID string
	party       *Party
}

func scanParty(row db.Row) (partyRow, error) {
	var r partyRow
	p := &Party{}
	var version sql.NullInt64
	var at *time.Time
	var by sql.NullString
	if err := row.Scan(&r.agreementID, &p.OrgID, &p.Name, &version, db.NullTime(&at), &by); err != nil {
		return r, err
	}
	if version.Valid {
		p.AcceptedVersion = int(version.Int64)
		p.AcceptedBy = by.String
		p.AcceptedAt = at
	}
	r.party = p
	return r, nil
}

// loadParties fills the parties of the agreements: of one (orgID "" and
// one agreement) or of those orgID is party to.
func loadParties(ctx context.Context, q db.Querier, list []*Agreement, orgID string) error {
	var rows []partyRow
	var err error
	switch {
	case len(list) == 0:
		return nil
	case len(list) == 1:
		rows, err = db.Query(ctx, q, scanParty, partySelect+`p.agreement_id = $1 ORDER BY p.agreement_id, p.position`, list[0].ID)
	default:
		rows, err = db.Query(ctx, q, scanParty, partySelect+`($1 = '' OR p.agreement_id IN (SELECT agreement_id FROM agreement_parties WHERE org_id = $1))
			ORDER BY p.agreement_id, p.position`, orgID)
	}
	if err != nil {
		return err
	}
	by := map[string]*Agreement{}
	for _, a := range list {
		by[a.ID] = a
	}
	for _, r := range rows {
		if a := by[r.agreementID]; a != nil {
			r.party.Lead = r.party.OrgID == a.LeadOrgID
			a.Parties = append(a.Parties, r.party)
		}
	}
	return nil
}

func insertVersion(ctx context.Context, q db.Querier, agreementID string, v *Version) error {
	b, err := json.Marshal(v.Content)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO agreement_versions (agreement_id, version, content, author_id, author_label, author_org_id, note, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, agreementID, v.Version, string(b), v.AuthorID, v.Author, v.AuthorOrgID, v.Note, v.CreatedAt)
	return err
}

const versionSelect = `SELECT v.version, v.author_id, v.author_label, v.author_org_id, COALESCE(o.legal_name, ''), v.note, v.created_at, v.content
	FROM agreement_versions v LEFT JOIN organisations o ON o.id = v.author_org_id WHERE v.agreement_id = $1`

func scanVersion(withContent bool) func(db.Row) (*Version, error) {
	return func(row db.Row) (*Version, error) {
		var v Version
		var content string
		if err := row.Scan(&v.Version, &v.AuthorID, &v.Author, &v.AuthorOrgID, &v.AuthorOrg, &v.Note, &v.CreatedAt, &content); err != nil {
			return nil, notFound(err)
		}
		v.CreatedAt = v.CreatedAt.UTC()
		if withContent {
			var c Content
			if err := json.Unmarshal([]byte(content), &c); err != nil {
				return nil, fmt.Errorf("agreement version %d: %w", v.Version, err)
			}
			v.Content = &c
		}
		return &v, nil
	}
}

func getVersion(ctx context.Context, q db.Querier, agreementID string, n int) (*Version, error) {
	return scanVersion(true)(q.QueryRowContext(ctx, versionSelect+` AND v.version = $2`, agreementID, n))
}

func listVersions(ctx context.Context, q db.Querier, agreementID string) ([]*Version, error) {
	return db.Query(ctx, q, scanVersion(false), versionSelect+` ORDER BY v.version DESC`, agreementID)
}

func insertAcceptance(ctx context.Context, q db.Querier, agreementID, orgID string, version int, userID, userLabel string, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO agreement_acceptances (agreement_id, org_id, version, user_id, user_label, accepted_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		agreementID, orgID, version, userID, userLabel, at)
	return err
}

// Org is an organisation one may name as a party.
type Org = partner.Nameable

// orgName returns an organisation's name, or "" for none.
func orgName(ctx context.Context, q db.Querier, id string) (string, error) {
	if id == "" {
		return "", nil
	}
	var name string
	err := q.QueryRowContext(ctx, `SELECT legal_name FROM organisations WHERE id = $1`, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return name, err
}

// inForceBetween returns the id, title and current version of the agreement
// in force between the two organisations that came into force last, or
// apperr.ErrNotFound.
func inForceBetween(ctx context.Context, q db.Querier, orgA, orgB string) (id, title string, version int, err error) {
	err = q.QueryRowContext(ctx, `SELECT a.id, a.title, a.current_version FROM agreements a
		WHERE a.status = 'in_force'
		AND EXISTS (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = a.id AND p.org_id = $1)
		AND EXISTS (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = a.id AND p.org_id = $2)
		ORDER BY a.in_force_at DESC, a.id LIMIT 1`, orgA, orgB).Scan(&id, &title, &version)
	return id, title, version, notFound(err)
}
