package partner

import (
	"context"

	"pakt/internal/auth"
	"pakt/internal/db"
)

// refs answers validation's questions about rows elsewhere: whether a user
// may manage partners, whether a competency exists. It asks q each time,
// unless a bulk load read the answers once into managers and competencies.
type refs struct {
	q            db.Querier
	managers     map[string]bool
	competencies map[string]bool
}

// bulkRefs reads every active manager and admin and every competency once,
// for validating a bulk load without a query per row.
func bulkRefs(ctx context.Context, q db.Querier) (refs, error) {
	r := refs{q: q, managers: map[string]bool{}, competencies: map[string]bool{}}
	ids, err := db.Query(ctx, q, scanID, `SELECT id FROM users WHERE disabled = FALSE AND role IN ($1, $2)`,
		string(auth.RoleManager), string(auth.RoleAdmin))
	if err != nil {
		return refs{}, err
	}
	for _, id := range ids {
		r.managers[id] = true
	}
	if ids, err = db.Query(ctx, q, scanID, `SELECT id FROM competencies`); err != nil {
		return refs{}, err
	}
	for _, id := range ids {
		r.competencies[id] = true
	}
	return r, nil
}

func scanID(r db.Row) (string, error) {
	var id string
	return id, r.Scan(&id)
}

// manager reports whether id is an active manager or admin.
func (r refs) manager(ctx context.Context, id string) (bool, error) {
	if r.managers != nil {
		return r.managers[id], nil
	}
	var n int
	err := r.q.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE id = $1 AND disabled = FALSE AND role IN ($2, $3)`,
		id, string(auth.RoleManager), string(auth.RoleAdmin)).Scan(&n)
	return n > 0, err
}

// allCompetencies reports whether every one of ids (distinct) is a
// competency of the taxonomy, asking in one query.
func (r refs) allCompetencies(ctx context.Context, ids []string) (bool, error) {
	if len(ids) == 0 {
		return true, nil
	}
	if r.competencies != nil {
		for _, id := range ids {
			if !r.competencies[id] {
				return false, nil
			}
		}
		return true, nil
	}
	var args []any
	var n int
	err := r.q.QueryRowContext(ctx, `SELECT count(*) FROM competencies WHERE id IN (`+db.In(&args, ids)+`)`, args...).Scan(&n)
	return n == len(ids), err
}

// insertOrgs writes orgs, with their competencies and profile entries
// (whose ids are set), through b; they take the change numbers first,
// first+db.Shards, … in order (see db.BumpBy).
func insertOrgs(ctx context.Context, b *db.Bulk, orgs []*Organisation, first int64) error {
	rows := make([][]any, len(orgs))
	var comps [][]any
	for i, o := range orgs {
		rows[i] = orgRow(o, first+int64(i)*db.Shards)
		for _, c := range o.Competencies {
			comps = append(comps, []any{o.ID, c})
		}
	}
	if err := b.Insert(ctx, "organisations", orgInsertColumns, rows); err != nil {
		return err
	}
	if err := b.Insert(ctx, "organisation_competencies", []string{"org_id", "competency_id"}, comps); err != nil {
		return err
	}
	for _, t := range []*childTable{certificationTable, referenceTable, resourceTable, contactTable} {
		rows = rows[:0]
		for _, o := range orgs {
			for _, c := range entries(o) {
				if c.spec() == t {
					rows = append(rows, childRow(o.ID, c))
				}
			}
		}
		if err := b.Insert(ctx, t.table, t.insertColumns(), rows); err != nil {
			return err
		}
	}
	return nil
}

// BulkIndexes are the indexes of organisations whose keys a bulk load
// brings in random order (names and sort keys; ids and change numbers
// grow). A load into an empty database drops them and builds them at the
// end (db.WithoutIndexes): at 300 000 organisations a fifth faster.
var BulkIndexes = []string{"organisations_legal_name", "organisations_sort_key", "organisations_live_sort_key"}
