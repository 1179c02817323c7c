package admission

import (
	"context"
	"time"

	"pakt/internal/db"
)

func getSettings(ctx context.Context, q db.Querier) (*Settings, error) {
	var s Settings
	err := q.QueryRowContext(ctx, `SELECT independent, certified, refs_required, min_references, competencies, quorum, majority_percent
		FROM admission_settings WHERE id = 1`).Scan(&s.Independent, &s.Certified, &s.References, &s.MinReferences, &s.Competencies, &s.Quorum, &s.MajorityPercent)
	return &s, err
}

func saveSettings(ctx context.Context, q db.Querier, s *Settings) error {
	_, err := q.ExecContext(ctx, `UPDATE admission_settings SET independent = $1, certified = $2, refs_required = $3, min_references = $4,
		competencies = $5, quorum = $6, majority_percent = $7 WHERE id = 1`,
		s.Independent, s.Certified, s.References, s.MinReferences, s.Competencies, s.Quorum, s.MajorityPercent)
	return err
}

const applicationSelect = `SELECT a.id, a.org_id, o.legal_name, a.kind, a.status, a.independent, a.cert_name, a.cert_type, a.cert_expires,
	a.contact_name, a.contact_email, a.lang, a.consent_at, a.created_by, a.created_at, a.decided_at, a.decided_by, a.reason
	FROM applications a JOIN organisations o ON o.id = a.org_id`

func scanApplication(r db.Row) (*Application, error) {
	var x Application
	var expires *time.Time
	if err := r.Scan(&x.ID, &x.OrgID, &x.OrgName, &x.Kind, &x.Status, &x.Independent, &x.CertName, &x.CertType, db.NullDay(&expires),
		&x.ContactName, &x.ContactEmail, &x.Lang, db.NullTime(&x.ConsentAt), &x.createdBy, &x.Created, db.NullTime(&x.DecidedAt), &x.decidedBy, &x.Reason); err != nil {
		return nil, err
	}
	x.Created = x.Created.UTC()
	if expires != nil {
		x.CertExpires = &Date{Time: *expires}
	}
	x.References, x.Competencies = []Reference{}, []string{}
	return &x, nil
}

// getApplication reads an application with its references and
// competencies; sql.ErrNoRows when there is none.
func getApplication(ctx context.Context, q db.Querier, id string) (*Application, error) {
	x, err := scanApplication(q.QueryRowContext(ctx, applicationSelect+` WHERE a.id = $1`, id))
	if err != nil {
		return nil, err
	}
	return x, fillDetails(ctx, q, []*Application{x})
}

// applicationByToken reads the application whose private link's secret
// hashes to hash, with its references and competencies; sql.ErrNoRows
// when there is none.
func applicationByToken(ctx context.Context, q db.Querier, hash string) (*Application, error) {
	x, err := scanApplication(q.QueryRowContext(ctx, applicationSelect+` WHERE a.status_token = $1`, hash))
	if err != nil {
		return nil, err
	}
	return x, fillDetails(ctx, q, []*Application{x})
}

// orgUsers counts the users of an organisation.
func orgUsers(ctx context.Context, q db.Querier, org string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE org_id = $1`, org).Scan(&n)
	return n, err
}

// listApplications returns the applications of org ("": of all
// organisations) in status ("": in any), the newest first, with their
// references and competencies.
func listApplications(ctx context.Context, q db.Querier, org, status string) ([]*Application, error) {
	list, err := db.Query(ctx, q, scanApplication, applicationSelect+` WHERE ($1 = '' OR a.org_id = $1) AND ($2 = '' OR a.status = $2)
		ORDER BY a.created_at DESC, a.id`, org, status)
	if err != nil {
		return nil, err
	}
	return list, fillDetails(ctx, q, list)
}

// openApplications counts org's applications that await a decision.
func openApplications(ctx context.Context, q db.Querier, org string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM applications WHERE org_id = $1 AND status IN ($2, $3)`, org, StatusSubmitted, StatusVoting).Scan(&n)
	return n, err
}

// fillDetails reads the references and competencies of list.
func fillDetails(ctx context.Context, q db.Querier, list []*Application) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[string]*Application, len(list))
	ids := make([]string, len(list))
	for i, x := range list {
		byID[x.ID], ids[i] = x, x.ID
	}
	var args []any
	in := db.In(&args, ids)
	type ref struct {
		app string
		Reference
	}
	refs, err := db.Query(ctx, q, func(r db.Row) (ref, error) {
		var x ref
		err := r.Scan(&x.app, &x.Title, &x.Customer, &x.Year, &x.Description)
		return x, err
	}, `SELECT application_id, title, customer, year, description FROM application_references WHERE application_id IN (`+in+`) ORDER BY application_id, position`, args...)
	if err != nil {
		return err
	}
	for _, r := range refs {
		byID[r.app].References = append(byID[r.app].References, r.Reference)
	}
	comps, err := db.Query(ctx, q, func(r db.Row) ([2]string, error) {
		var x [2]string
		err := r.Scan(&x[0], &x[1])
		return x, err
	}, `SELECT application_id, competency_id FROM application_competencies WHERE application_id IN (`+in+`) ORDER BY application_id, position`, args...)
	if err != nil {
		return err
	}
	for _, c := range comps {
		byID[c[0]].Competencies = append(byID[c[0]].Competencies, c[1])
	}
	return nil
}

// certificate reads an application's certificate file.
func certificate(ctx context.Context, q db.Querier, id string) ([]byte, error) {
	var b []byte
	err := q.QueryRowContext(ctx, `SELECT cert_content FROM applications WHERE id = $1`, id).Scan(&b)
	return b, err
}

func insertApplication(ctx context.Context, q db.Querier, x *Application, content []byte) error {
	var expires any
	if x.CertExpires != nil {
		expires = x.CertExpires.Time
	}
	var file any
	if len(content) > 0 {
		file = content
	}
	_, err := q.ExecContext(ctx, `INSERT INTO applications (id, org_id, kind, status, independent, cert_name, cert_type, cert_content, cert_expires,
		contact_name, contact_email, lang, consent_at, created_by, created_at, status_token) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		x.ID, x.OrgID, x.Kind, x.Status, x.Independent, x.CertName, x.CertType, file, expires,
		x.ContactName, x.ContactEmail, x.Lang, db.TimeArg(x.ConsentAt), x.createdBy, x.Created, db.TextArg(x.statusToken))
	if err != nil {
		return err
	}
	for i, r := range x.References {
		if _, err := q.ExecContext(ctx, `INSERT INTO application_references (application_id, position, title, customer, year, description) VALUES ($1, $2, $3, $4, $5, $6)`,
			x.ID, i, r.Title, r.Customer, r.Year, r.Description); err != nil {
			return err
		}
	}
	for i, c := range x.Competencies {
		if _, err := q.ExecContext(ctx, `INSERT INTO application_competencies (application_id, position, competency_id) VALUES ($1, $2, $3)`, x.ID, i, c); err != nil {
			return err
		}
	}
	return nil
}

// listVotes returns the votes on the applications ids, by application,
// in the order they were first cast.
func listVotes(ctx context.Context, q db.Querier, ids []string) (map[string][]*Vote, error) {
	out := map[string][]*Vote{}
	if len(ids) == 0 {
		return out, nil
	}
	var args []any
	in := db.In(&args, ids)
	type row struct {
		app string
		*Vote
	}
	rows, err := db.Query(ctx, q, func(r db.Row) (row, error) {
		x := row{Vote: &Vote{}}
		err := r.Scan(&x.app, &x.UserID, &x.UserName, &x.Choice, &x.Comment, &x.At)
		x.At = x.At.UTC()
		return x, err
	}, `SELECT v.application_id, v.user_id, COALESCE(u.name, ''), v.choice, v.comment, v.voted_at
		FROM application_votes v LEFT JOIN users u ON u.id = v.user_id
		WHERE v.application_id IN (`+in+`) ORDER BY v.application_id, v.user_id`, args...)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.app] = append(out[r.app], r.Vote)
	}
	return out, nil
}

// saveVote casts or changes user's vote.
func saveVote(ctx context.Context, q db.Querier, app string, v *Vote) error {
	_, err := q.ExecContext(ctx, `INSERT INTO application_votes (application_id, user_id, choice, comment, voted_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (application_id, user_id) DO UPDATE SET choice = $3, comment = $4, voted_at = $5`, app, v.UserID, v.Choice, v.Comment, v.At)
	return err
}

// setStatus moves an open application to status, and reports whether it
// was open (another decision may have come first).
func setStatus(ctx context.Context, q db.Querier, id, status string) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE applications SET status = $2 WHERE id = $1 AND status IN ($3, $4)`, id, status, StatusSubmitted, StatusVoting)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// decide records the decision of an open application.
func decide(ctx context.Context, q db.Querier, x *Application) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE applications SET status = $2, decided_at = $3, decided_by = $4, reason = $5 WHERE id = $1 AND status IN ($6, $7)`,
		x.ID, x.Status, db.TimeArg(x.DecidedAt), x.decidedBy, x.Reason, StatusSubmitted, StatusVoting)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
