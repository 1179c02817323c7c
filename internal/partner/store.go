package partner

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/partner/directory"
)

var orgColumns = strings.Join(orgColumnList, ", ")

// orgColumnList are the columns scanOrg reads, with orgTypes their SQL
// types for the NULLs that stand in for them in readProfiles' union.
var (
	orgColumnList = []string{"id", "kind", "legal_name", "domain", "description", "country", "region", "city", "size", "industries",
		"status", "tier", "COALESCE(manager_id, '')", "published", "created_at", "updated_at"}
	orgTypes = []string{"TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT",
		"TEXT", "TEXT", "TEXT", "BOOLEAN", "TIMESTAMP", "TIMESTAMP"}
)

func scanOrg(row interface{ Scan(...any) error }) (*Organisation, error) {
	var o Organisation
	var industries string
	err := row.Scan(&o.ID, &o.Kind, &o.LegalName, &o.Domain, &o.Description, &o.Country, &o.Region, &o.City,
		&o.Size, &industries, &o.Status, &o.Tier, &o.ManagerID, &o.Published, &o.CreatedAt, &o.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	o.Industries = splitList(industries)
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	return &o, nil
}

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// touchOrg marks an organisation changed, so that the directory index picks
// it up.
func touchOrg(ctx context.Context, tx db.Querier, id string, now time.Time) error {
	seq, err := db.Bump(ctx, tx, db.Organisations)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE organisations SET seq = $2, updated_at = $3 WHERE id = $1`, id, seq, now)
	return err
}

// orgInsertColumns are the columns a new organisation's row is written
// with, orgRow its values; insertOrg and the bulk load share them.
var orgInsertColumns = []string{"id", "kind", "legal_name", "domain", "description", "country", "region", "city", "size",
	"industries", "status", "tier", "manager_id", "published", "created_at", "updated_at", "seq", "sort_key"}

var insertOrgSQL = `INSERT INTO organisations (` + strings.Join(orgInsertColumns, ", ") + `) VALUES (` + db.Placeholders(1, len(orgInsertColumns)) + `)`

func orgRow(o *Organisation, seq int64) []any {
	return []any{o.ID, o.Kind, o.LegalName, o.Domain, o.Description, o.Country, o.Region, o.City, o.Size,
		strings.Join(o.Industries, ","), o.Status, o.Tier, db.TextArg(o.ManagerID), o.Published, o.CreatedAt, o.UpdatedAt, seq, SortKey(o.LegalName)}
}

func insertOrg(ctx context.Context, tx db.Querier, o *Organisation) error {
	seq, err := db.Bump(ctx, tx, db.Organisations)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, insertOrgSQL, orgRow(o, seq)...)
	if err != nil {
		return err
	}
	return addCompetencies(ctx, tx, o.ID, o.Competencies)
}

func updateOrg(ctx context.Context, tx db.Querier, o *Organisation) error {
	seq, err := db.Bump(ctx, tx, db.Organisations)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE organisations SET kind = $2, legal_name = $3, domain = $4, description = $5,
		country = $6, region = $7, city = $8, size = $9, industries = $10, status = $11, tier = $12, manager_id = $13,
		published = $14, updated_at = $15, seq = $16, sort_key = $17 WHERE id = $1`,
		o.ID, o.Kind, o.LegalName, o.Domain, o.Description, o.Country, o.Region, o.City, o.Size,
		strings.Join(o.Industries, ","), o.Status, o.Tier, db.TextArg(o.ManagerID), o.Published, o.UpdatedAt, seq, SortKey(o.LegalName))
	if err != nil {
		return err
	}
	return setCompetencies(ctx, tx, o.ID, o.Competencies)
}

func setCompetencies(ctx context.Context, tx db.Querier, orgID string, ids []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM organisation_competencies WHERE org_id = $1`, orgID); err != nil {
		return err
	}
	return addCompetencies(ctx, tx, orgID, ids)
}

// addCompetencies gives an organisation the competencies ids, in one
// statement: a change holds its counter's shard until it commits, so the
// fewer round trips after the bump the better.
func addCompetencies(ctx context.Context, tx db.Querier, orgID string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	var b strings.Builder
	args := make([]any, 0, 2*len(ids))
	b.WriteString(`INSERT INTO organisation_competencies (org_id, competency_id) VALUES `)
	for i, c := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(" + db.Placeholders(2*i+1, 2) + ")")
		args = append(args, orgID, c)
	}
	_, err := tx.ExecContext(ctx, b.String(), args...)
	return err
}

// loadOrgRow reads an organisation without its profile's entries and
// competencies.
func loadOrgRow(ctx context.Context, q db.Querier, id string) (*Organisation, error) {
	return scanOrg(q.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE id = $1 AND deleted_at IS NULL`, id))
}

// loadOrg reads an organisation with its whole profile in one query.
func loadOrg(ctx context.Context, q db.Querier, id string) (*Organisation, error) {
	o, _, err := loadProfile(ctx, q, id)
	return o, err
}

// profileNames are the names a profile page shows beside the
// organisation: those of its competencies, by id, and of its manager.
type profileNames struct {
	Competencies map[string]*Competency
	Manager      string
}

// loadProfile reads an organisation with its whole profile and the names
// its page shows, in one query.
func loadProfile(ctx context.Context, q db.Querier, id string) (*Organisation, *profileNames, error) {
	orgs := map[string]*Organisation{}
	names := &profileNames{Competencies: map[string]*Competency{}}
	if err := readProfiles(ctx, q, orgs, names, profileTables, `org_id = $1`, id); err != nil {
		return nil, nil, err
	}
	o := orgs[id]
	if o == nil {
		return nil, nil, apperr.ErrNotFound
	}
	return o, names, nil
}

// loadProfiles fills competencies and profile entries of the organisations
// in orgs, reading the rows that match where (a fixed condition on org_id).
func loadProfiles(ctx context.Context, q db.Querier, orgs map[string]*Organisation, withContacts bool, where string, args ...any) error {
	for _, o := range orgs {
		emptyProfile(o)
	}
	tables := profileTables
	if !withContacts {
		tables = tables[:len(tables)-1]
	}
	return readProfiles(ctx, q, orgs, nil, tables, where, args...)
}

func emptyProfile(o *Organisation) {
	o.Competencies, o.Certifications, o.References, o.Resources, o.Contacts = []string{}, []Certification{}, []Reference{}, []Resource{}, []Contact{}
}

// profileTables are the tables of profile entries in the order of
// readProfiles' union; contacts, which not every reader may see, last.
var profileTables = []*childTable{certificationTable, referenceTable, resourceTable, contactTable}

// readProfiles reads, in one query, the competencies and the entries in
// tables of the organisations whose rows match where, into orgs. With
// names it reads the organisation too (where then names one, as $1), adds
// it to orgs, and reads the names its page shows into names.
//
// The query is a union in which each part has columns of its own, NULL
// in the rows of the other parts: kind (-1 the organisation, 0 a
// competency, else the table's place in tables from 1 on, and after them
// an e-mail domain of the organisation with names), org_id and id,
// then with names the organisation's columns, its manager's name (as the
// staff list has it: none for a disabled one) and a
// competency's two names, then every table's columns; ordered by kind and
// id.
func readProfiles(ctx context.Context, q db.Querier, orgs map[string]*Organisation, names *profileNames, tables []*childTable, where string, args ...any) error {
	types := []string{"INTEGER", "TEXT", "TEXT"}
	orgAt := len(types)
	if names != nil {
		types = append(append(types, orgTypes...), "TEXT", "TEXT", "TEXT")
	}
	at := make([]int, len(tables)) // where each table's columns begin
	for i, t := range tables {
		at[i] = len(types)
		types = append(types, t.types...)
	}
	var b strings.Builder
	part := func(from string, cols []string) {
		if b.Len() > 0 {
			b.WriteString(" UNION ALL ")
		}
		b.WriteString("SELECT ")
		for i, typ := range types {
			if i > 0 {
				b.WriteString(", ")
			}
			if i < len(cols) && cols[i] != "" {
				b.WriteString(cols[i])
			} else {
				b.WriteString("CAST(NULL AS " + typ + ")")
			}
		}
		b.WriteString(" FROM " + from)
	}
	if names != nil {
		cols := append([]string{"-1", "id", "id"}, orgColumnList...)
		part(`organisations WHERE id = $1 AND deleted_at IS NULL`,
			append(cols, `COALESCE((SELECT name FROM users WHERE users.id = organisations.manager_id
				AND role IN ('admin', 'manager') AND disabled = FALSE), '')`))
		cols = make([]string, orgAt+len(orgTypes)+1, orgAt+len(orgTypes)+3)
		cols[0], cols[1], cols[2] = "0", "org_id", "competency_id"
		part(`organisation_competencies JOIN competencies ON competencies.id = competency_id WHERE `+where, append(cols, "name_de", "name_en"))
	} else {
		part(`organisation_competencies WHERE `+where, []string{"0", "org_id", "competency_id"})
	}
	for i, t := range tables {
		cols := make([]string, at[i], at[i]+len(t.columns))
		cols[0], cols[1], cols[2] = strconv.Itoa(i+1), "org_id", "id"
		part(t.table+` WHERE `+where, append(cols, t.read()...))
	}
	// A profile page reads the e-mail domains too (in the id column),
	// after every table.
	domainKind := len(tables) + 1
	if names != nil {
		part(`org_domains WHERE `+where, []string{strconv.Itoa(domainKind), "org_id", "domain"})
	}
	b.WriteString(" ORDER BY 1, 3")

	rows, err := q.QueryContext(ctx, b.String(), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var kind int
	var org, id string
	dests := make([]any, len(types))
	// row scans the current row with dests after placing the columns it
	// is given from at on: the parts' scanners read through it.
	row := func(at int) db.Row {
		return scanFunc(func(d ...any) error {
			copy(dests[at:], d)
			return rows.Scan(dests...)
		})
	}
	for rows.Next() {
		// The kind comes first; the row is scanned again into what it
		// holds.
		dests[0], dests[1], dests[2] = &kind, &org, &id
		for i := 3; i < len(dests); i++ {
			dests[i] = skip{}
		}
		if err := rows.Scan(dests...); err != nil {
			return err
		}
		if kind == -1 {
			dests[orgAt+len(orgTypes)] = &names.Manager
			o, err := scanOrg(row(orgAt))
			if err != nil {
				return err
			}
			emptyProfile(o)
			orgs[o.ID] = o
			continue
		}
		o := orgs[org]
		if o == nil {
			continue
		}
		if kind == domainKind {
			o.EmailDomains = append(o.EmailDomains, id)
			continue
		}
		if kind == 0 {
			o.Competencies = append(o.Competencies, id)
			if names != nil {
				c := &Competency{ID: id}
				if err := row(orgAt+len(orgTypes)+1).Scan(&c.NameDE, &c.NameEN); err != nil {
					return err
				}
				names.Competencies[id] = c
			}
			continue
		}
		var c child
		switch tables[kind-1] {
		case certificationTable:
			c = new(Certification)
		case referenceTable:
			c = new(Reference)
		case resourceTable:
			c = new(Resource)
		default:
			c = new(Contact)
		}
		if err := row(at[kind-1]).Scan(c.dests()...); err != nil {
			return err
		}
		c.setKey(id)
		switch c := c.(type) {
		case *Certification:
			o.Certifications = append(o.Certifications, *c)
		case *Reference:
			o.References = append(o.References, *c)
		case *Resource:
			o.Resources = append(o.Resources, *c)
		case *Contact:
			o.Contacts = append(o.Contacts, *c)
		}
	}
	return rows.Err()
}

// scanFunc is a db.Row made of its Scan.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// skip is a scan destination that ignores its column.
type skip struct{}

func (skip) Scan(any) error { return nil }

func insertChild(ctx context.Context, tx db.Querier, orgID string, c child) error {
	cols := c.spec().insertColumns()
	_, err := tx.ExecContext(ctx, `INSERT INTO `+c.spec().table+` (`+strings.Join(cols, ", ")+`) VALUES (`+db.Placeholders(1, len(cols))+`)`,
		childRow(orgID, c)...)
	return err
}

// insertColumns are the columns a new entry's row is written with,
// childRow its values; insertChild and the bulk load share them.
func (t *childTable) insertColumns() []string { return append([]string{"id", "org_id"}, t.columns...) }

func childRow(orgID string, c child) []any { return append([]any{c.key(), orgID}, c.values()...) }

func updateChild(ctx context.Context, tx db.Querier, orgID string, c child) error {
	spec := c.spec()
	sets := make([]string, len(spec.columns))
	for i, col := range spec.columns {
		sets[i] = col + " = $" + strconv.Itoa(i+3)
	}
	res, err := tx.ExecContext(ctx, `UPDATE `+spec.table+` SET `+strings.Join(sets, ", ")+` WHERE id = $1 AND org_id = $2`,
		append([]any{c.key(), orgID}, c.values()...)...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.ErrNotFound
	}
	return nil
}

func loadChild(ctx context.Context, q db.Querier, orgID string, c child) error {
	spec := c.spec()
	err := q.QueryRowContext(ctx, `SELECT `+strings.Join(spec.read(), ", ")+` FROM `+spec.table+` WHERE id = $1 AND org_id = $2`, c.key(), orgID).Scan(c.dests()...)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.ErrNotFound
	}
	return err
}

func deleteChild(ctx context.Context, tx db.Querier, orgID string, c child) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM `+c.spec().table+` WHERE id = $1 AND org_id = $2`, c.key(), orgID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.ErrNotFound
	}
	return nil
}

const competencyColumns = `id, slug, name_de, name_en, description_de, description_en, created_at, updated_at`

func scanCompetency(row interface{ Scan(...any) error }) (*Competency, error) {
	var c Competency
	err := row.Scan(&c.ID, &c.Slug, &c.NameDE, &c.NameEN, &c.DescriptionDE, &c.DescriptionEN, &c.CreatedAt, &c.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return &c, err
}

func listCompetencies(ctx context.Context, q db.Querier) ([]*Competency, error) {
	return db.Query(ctx, q, scanCompetency, `SELECT `+competencyColumns+` FROM competencies ORDER BY slug`)
}

// loadChanged reads the organisations changed after the counter's mark
// since (up to and including upto) with their profiles, without contacts,
// and the ids of those deleted.
func loadChanged(ctx context.Context, q db.Querier, since, upto db.Mark) ([]*Organisation, []string, error) {
	changed, args := db.Since("seq", since, upto, 1)
	rows, err := q.QueryContext(ctx, `SELECT `+orgColumns+`, deleted_at IS NOT NULL FROM organisations WHERE `+changed+` ORDER BY seq`, args...)
	if err != nil {
		return nil, nil, err
	}
	var orgs []*Organisation
	var deleted []string
	for rows.Next() {
		var o Organisation
		var industries string
		var gone bool
		if err := rows.Scan(&o.ID, &o.Kind, &o.LegalName, &o.Domain, &o.Description, &o.Country, &o.Region, &o.City,
			&o.Size, &industries, &o.Status, &o.Tier, &o.ManagerID, &o.Published, &o.CreatedAt, &o.UpdatedAt, &gone); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if gone {
			deleted = append(deleted, o.ID)
			continue
		}
		o.Industries = splitList(industries)
		orgs = append(orgs, &o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	// The profiles are read by the organisations' ids, not by the change
	// numbers again: PostgreSQL plans a condition on the numbers as a
	// scan of every profile table.
	for part := range slices.Chunk(orgs, changedPart) {
		var args []any
		ids := make([]string, len(part))
		in := make(map[string]*Organisation, len(part))
		for i, o := range part {
			ids[i], in[o.ID] = o.ID, o
		}
		if err := loadProfiles(ctx, q, in, false, `org_id IN (`+db.In(&args, ids)+`)`, args...); err != nil {
			return nil, nil, err
		}
	}
	return orgs, deleted, nil
}

// changedPart is how many changed organisations' profiles loadChanged
// reads in one query, well below either engine's bound on parameters; a
// variable for the test of several parts.
var changedPart = 500

// orgBatch is how many organisations eachOrg reads at a time; a variable
// for the test of several batches.
var orgBatch = 1000

// eachOrg hands yield every organisation not deleted whose change number
// is at most upto, with its profile without contacts, in the order of
// their ids. It reads them orgBatch at a time, by id, so that only a few
// batches are in memory, and reads the next batch while yield takes the
// current one: on a full load of the index reading and indexing take a
// core each. Each batch is read in its own queries: an organisation
// changed meanwhile gets a higher number and comes with the changes after
// upto.
func eachOrg(ctx context.Context, q db.Querier, upto db.Mark, yield func(*directory.Profile) error) error {
	type batch struct {
		orgs []*directory.Profile
		err  error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan batch, 1)
	go func() {
		defer close(batches)
		after := ""
		for {
			orgs, last, more, err := readOrgBatch(ctx, q, upto, after)
			select {
			case batches <- batch{orgs, err}:
			case <-ctx.Done():
				return
			}
			if err != nil || !more {
				return
			}
			after = last
		}
	}()
	for b := range batches {
		if b.err != nil {
			return b.err
		}
		for _, o := range b.orgs {
			if err := yield(o); err != nil {
				return err
			}
		}
	}
	// The batches end early only when ctx does.
	return ctx.Err()
}

// readOrgBatch reads eachOrg's batch after the id after: the profiles
// to hand on, the last id read and whether more may follow.
//
// A batch is the next orgBatch rows by id, whatever their change number
// and deletion, which readOrgBatch checks itself: with those conditions
// in the query SQLite (without statistics) reads it by the index on
// deleted_at or seq and sorts every organisation for each batch, which
// makes the load quadratic. By the primary key alone both engines read
// only the batch. The entries are read table by table, only the columns
// the index reads, in the order loadProfiles gives them: one query over
// all tables would hand every row the columns of all of them, and the
// driver reads each column of each row.
func readOrgBatch(ctx context.Context, q db.Querier, upto db.Mark, after string) (orgs []*directory.Profile, last string, more bool, err error) {
	type row struct {
		p          *directory.Profile
		industries string
		seq        int64
		deleted    bool
	}
	rows, err := db.Query(ctx, q, func(r db.Row) (row, error) {
		x := row{p: new(directory.Profile)}
		p := x.p
		err := r.Scan(&p.ID, &p.Kind, &p.LegalName, &p.Domain, &p.Description, &p.Country, &p.Region, &p.City, &p.Size,
			&x.industries, &p.Status, &p.Tier, &p.Published, &p.UpdatedAt, &x.seq, &x.deleted)
		return x, err
	}, `SELECT id, kind, legal_name, domain, description, country, region, city, size, industries, status, tier, published,
		updated_at, seq, deleted_at IS NOT NULL FROM organisations WHERE id > $1 ORDER BY id LIMIT $2`, after, orgBatch)
	if err != nil || len(rows) == 0 {
		return nil, "", false, err
	}
	last = rows[len(rows)-1].p.ID
	byID := make(map[string]*directory.Profile, len(rows))
	for _, r := range rows {
		if r.seq > 0 && upto.Covers(r.seq) && !r.deleted {
			p := r.p
			p.Industries = splitList(r.industries)
			p.Listed = Listed(p.Kind, p.Status, p.Published, false)
			p.UpdatedAt = p.UpdatedAt.UTC()
			p.Competencies, p.Certifications, p.References, p.Resources = []string{}, []directory.Certification{}, []directory.Reference{}, []directory.Resource{}
			orgs = append(orgs, p)
			byID[p.ID] = p
		}
	}
	// Each kind of entry: the rows of the batch's organisations, with the
	// organisation's id first.
	var org string
	var c directory.Certification
	var ref directory.Reference
	var res directory.Resource
	var comp, unit string
	for _, t := range []struct {
		query string
		dests []any
		add   func(p *directory.Profile)
	}{
		{`SELECT org_id, competency_id FROM organisation_competencies WHERE org_id > $1 AND org_id <= $2 ORDER BY org_id, competency_id`,
			[]any{&org, &comp}, func(p *directory.Profile) { p.Competencies = append(p.Competencies, comp) }},
		{`SELECT org_id, name, issuer, valid_until, verified_at IS NOT NULL FROM certifications WHERE org_id > $1 AND org_id <= $2 ORDER BY org_id, id`,
			[]any{&org, &c.Name, &c.Issuer, (*nullDate)(&c.ValidUntil), &c.Verified}, func(p *directory.Profile) { p.Certifications = append(p.Certifications, c) }},
		{`SELECT org_id, title, customer, description FROM project_references WHERE org_id > $1 AND org_id <= $2 ORDER BY org_id, id`,
			[]any{&org, &ref.Title, &ref.Customer, &ref.Description}, func(p *directory.Profile) { p.References = append(p.References, ref) }},
		{`SELECT org_id, skill, amount_tenths, unit, available_from, available_to FROM resources WHERE org_id > $1 AND org_id <= $2 ORDER BY org_id, id`,
			[]any{&org, &res.Skill, &res.AmountTenths, &unit, (*nullDate)(&res.From), (*nullDate)(&res.To)}, func(p *directory.Profile) {
				res.FTE = unit == "fte"
				p.Resources = append(p.Resources, res)
			}},
	} {
		err := scanEach(ctx, q, t.query, []any{after, last}, t.dests, func() {
			if p := byID[org]; p != nil {
				t.add(p)
			}
		})
		if err != nil {
			return nil, "", false, err
		}
	}
	return orgs, last, len(rows) == orgBatch, nil
}

// scanEach runs query with args and scans each row into dests, then
// calls each.
func scanEach(ctx context.Context, q db.Querier, query string, args, dests []any, each func()) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dests...); err != nil {
			return err
		}
		each()
	}
	return rows.Err()
}

// userIDByEmail and userEmailByID map managers between export files and
// databases.
func userIDByEmail(ctx context.Context, q db.Querier, email string, id *string) error {
	return q.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, email).Scan(id)
}

func userEmailByID(ctx context.Context, q db.Querier, id string, email *string) error {
	return q.QueryRowContext(ctx, `SELECT email FROM users WHERE id = $1`, id).Scan(email)
}

// readCounters returns the marks of the organisations' and the
// competencies' change counters, which the directory index keeps up with.
func readCounters(ctx context.Context, q db.Querier) (orgs, comps db.Mark, err error) {
	v, err := db.Counters(ctx, q, db.Organisations, db.Competencies)
	if err != nil {
		return db.Mark{}, db.Mark{}, err
	}
	return v[0], v[1], nil
}

// loadContactPerson reads the decision maker of an organisation, else its
// first contact; sql.ErrNoRows when it has none.
func loadContactPerson(ctx context.Context, q db.Querier, orgID string) (*Contact, error) {
	var c Contact
	err := q.QueryRowContext(ctx, `SELECT id, name, position, email, phone, decision_maker FROM contacts
		WHERE org_id = $1 ORDER BY decision_maker DESC, id LIMIT 1`, orgID).Scan(&c.ID, &c.Name, &c.Position, &c.Email, &c.Phone, &c.DecisionMaker)
	return &c, err
}

// Nameable is an organisation one may name as a party of a shared object.
type Nameable struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// NameableOrgs lists the organisations a may name as a party, by the one
// rule (NameableSQL), ordered by name.
func NameableOrgs(ctx context.Context, q db.Querier, a *auth.Actor) ([]Nameable, error) {
	cond, args := NameableSQL(a, "o", 1)
	return db.Query(ctx, q, func(r db.Row) (Nameable, error) {
		var o Nameable
		return o, r.Scan(&o.ID, &o.Name)
	}, `SELECT o.id, o.legal_name FROM organisations o WHERE `+cond+` ORDER BY o.legal_name, o.id`, args...)
}

// MayName reports whether a may name the organisation as a party, as
// NameableOrgs decides.
func MayName(ctx context.Context, q db.Querier, a *auth.Actor, orgID string) (bool, error) {
	cond, args := NameableSQL(a, "o", 2)
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM organisations o WHERE o.id = $1 AND `+cond, append([]any{orgID}, args...)...).Scan(&n)
	return n > 0, err
}

// OrgOfDomain returns the partner or member organisation that lists the
// e-mail domain (lower case), or "" when none does; auth asks it when a
// new user signs in with a company account. A prospect's people, and the
// programme owner's, get no partner login by their domain.
func OrgOfDomain(ctx context.Context, q db.Querier, domain string) (string, error) {
	var id string
	err := q.QueryRowContext(ctx, `SELECT d.org_id FROM org_domains d JOIN organisations o ON o.id = d.org_id
		WHERE d.domain = $1 AND o.deleted_at IS NULL AND o.kind IN ($2, $3)`, strings.ToLower(domain), KindPartner, KindMember).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// orgDomains returns the organisation's e-mail domains, sorted.
func orgDomains(ctx context.Context, q db.Querier, orgID string) ([]string, error) {
	return db.Query(ctx, q, func(r db.Row) (string, error) {
		var d string
		return d, r.Scan(&d)
	}, `SELECT domain FROM org_domains WHERE org_id = $1 ORDER BY domain`, orgID)
}

// domainsTaken returns those of the domains that another organisation
// lists.
func domainsTaken(ctx context.Context, q db.Querier, orgID string, domains []string) ([]string, error) {
	if len(domains) == 0 {
		return nil, nil
	}
	args := []any{orgID}
	in := db.In(&args, domains)
	return db.Query(ctx, q, func(r db.Row) (string, error) {
		var d string
		return d, r.Scan(&d)
	}, `SELECT domain FROM org_domains WHERE org_id <> $1 AND domain IN (`+in+`) ORDER BY domain`, args...)
}

// saveDomains replaces the organisation's e-mail domains with domains when
// the input gave them (given is not nil).
func saveDomains(ctx context.Context, tx *sql.Tx, orgID string, given *[]string, domains []string) error {
	if given == nil {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM org_domains WHERE org_id = $1`, orgID); err != nil {
		return err
	}
	for _, d := range domains {
		if _, err := tx.ExecContext(ctx, `INSERT INTO org_domains (domain, org_id) VALUES ($1, $2)`, d, orgID); err != nil {
			if db.IsUniqueViolation(err) {
				// Another organisation took it since the check.
				var v apperr.Validation
				v.Add("email_domains", "validation.email_domain_taken", d)
				return v.Err()
			}
			return err
		}
	}
	return nil
}
