package partner

import (
	"context"
	"database/sql"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/partner/directory"
)

// The directory's answer from the database, while the index loads after
// the start: the same visibility (VisibleSQL), filters, facets and name
// order as the index, but words are looked up with LIKE in the name's sort
// key and the description only (no typos, no other fields), and matches
// are ranked by whether the name holds every word, then by name.

// facetColumns are the organisations columns of the single-valued facets.
var facetColumns = map[int]string{FacetRegion: "o.region", FacetCountry: "o.country", FacetTier: "o.tier",
	FacetSize: "o.size", FacetKind: "o.kind", FacetStatus: "o.status"}

// searchSQL is a directory search as a condition on organisations o, with
// its arguments; nameWords is the condition that the name holds every
// word, for the relevance order ("" without words).
type searchSQL struct {
	where     string
	args      []any
	nameWords string
}

// arg adds v to the arguments and returns its placeholder.
func (w *searchSQL) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

// likeEscaper makes a value match itself in a LIKE pattern with ESCAPE '\'.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// searchConditions turns a prepared query into a condition on
// organisations o: what a may see, the words, the free period and every
// facet filter but skip's (-1: all), for the counts of facet skip.
func searchConditions(a *auth.Actor, q Query, tokens []string, skip int) searchSQL {
	vis, args := VisibleSQL(a, "o", 1)
	w := searchSQL{args: args}
	conds := []string{vis}
	var names []string
	for _, t := range tokens {
		p := w.arg("%" + t + "%")
		conds = append(conds, "(o.sort_key LIKE "+p+" OR LOWER(o.description) LIKE "+p+")")
		names = append(names, "o.sort_key LIKE "+p)
	}
	w.nameWords = strings.Join(names, " AND ")
	if !q.FreeFrom.IsZero() || !q.FreeTo.IsZero() {
		from, to := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
		if !q.FreeFrom.IsZero() {
			from = dayStart(q.FreeFrom.Time)
		}
		if !q.FreeTo.IsZero() {
			to = dayStart(q.FreeTo.Time)
		}
		conds = append(conds, "EXISTS (SELECT 1 FROM resources r WHERE r.org_id = o.id AND r.available_from <= "+w.arg(to)+
			" AND r.available_to >= "+w.arg(from)+")")
	}
	for f, vals := range q.Filters {
		if f == skip || len(vals) == 0 {
			continue
		}
		var ors []string
		for _, v := range vals {
			if v == "" {
				continue // no organisation has the empty value
			}
			switch f {
			case FacetCompetency:
				ors = append(ors, "EXISTS (SELECT 1 FROM organisation_competencies c WHERE c.org_id = o.id AND c.competency_id = "+w.arg(v)+")")
			case FacetIndustry:
				ors = append(ors, "(',' || o.industries || ',') LIKE "+w.arg("%,"+likeEscaper.Replace(v)+",%")+` ESCAPE '\'`)
			default:
				ors = append(ors, facetColumns[f]+" = "+w.arg(v))
			}
		}
		if len(ors) == 0 {
			ors = []string{"1 = 0"}
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
	}
	w.where = strings.Join(conds, " AND ")
	return w
}

// orderOf is the ORDER BY of a prepared query's sort; nameWords is the
// condition that the name holds every word, for the relevance order.
func orderOf(sortBy, nameWords string) string {
	switch sortBy {
	case "-name":
		return "o.sort_key DESC, o.id DESC"
	case "updated":
		return "o.updated_at DESC, o.sort_key, o.id"
	case "relevance":
		if nameWords != "" {
			return "CASE WHEN " + nameWords + " THEN 0 ELSE 1 END, o.sort_key, o.id"
		}
	}
	return "o.sort_key, o.id"
}

// fallbackCountCap is where counting the matches in the database stops: a
// page says "more than" this many. Tests lower it.
var fallbackCountCap = 10_000

// searchDatabase answers q for a from the database (see the top of this
// file); the result is marked Preparing.
func (s *Service) searchDatabase(ctx context.Context, a *auth.Actor, q Query) (*Result, error) {
	q, tokens := directory.Prepare(q.For(a))
	all := searchConditions(a, q, tokens, -1)
	where, args := all.where, all.args
	res := &Result{Page: q.Page, PerPage: q.PerPage, Hits: []Hit{}, Preparing: true}
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM organisations o WHERE `+where+
		` LIMIT `+strconv.Itoa(fallbackCountCap+1)+`) AS m`, args...).Scan(&res.Total); err != nil {
		return nil, err
	}
	if res.Total > fallbackCountCap {
		res.Total, res.TotalAtLeast = fallbackCountCap, true
	}
	order := orderOf(q.Sort, all.nameWords)
	hits, err := db.Query(ctx, s.DB, func(r db.Row) (Hit, error) {
		var h Hit
		var description string
		err := r.Scan(&h.ID, &h.LegalName, &h.Kind, &h.City, &h.Region, &h.Country, &h.Tier, &h.Published, &description)
		h.Snippet = directory.HitSnippet(description)
		if !a.IsStaff() {
			h.Kind = ""
		}
		return h, err
	}, `SELECT o.id, o.legal_name, o.kind, o.city, o.region, o.country, o.tier, o.published, o.description
		FROM organisations o WHERE `+where+` ORDER BY `+order+` LIMIT `+strconv.Itoa(q.PerPage)+` OFFSET `+strconv.Itoa((q.Page-1)*q.PerPage), args...)
	if err != nil {
		return nil, err
	}
	if err := s.completeHits(ctx, hits); err != nil {
		return nil, err
	}
	res.Hits = append(res.Hits, hits...)
	if err := s.facetCounts(ctx, a, q, tokens, res); err != nil {
		return nil, err
	}
	return res, nil
}

// completeHits adds the competencies and whether resources are free from
// today on to the hits.
func (s *Service) completeHits(ctx context.Context, hits []Hit) error {
	if len(hits) == 0 {
		return nil
	}
	byID := map[string]*Hit{}
	ids := make([]any, len(hits))
	for i := range hits {
		hits[i].Competencies = []string{}
		byID[hits[i].ID] = &hits[i]
		ids[i] = hits[i].ID
	}
	in := "(" + db.Placeholders(1, len(ids)) + ")"
	rows, err := s.DB.QueryContext(ctx, `SELECT org_id, competency_id FROM organisation_competencies WHERE org_id IN `+in+` ORDER BY competency_id`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var org, comp string
		if err := rows.Scan(&org, &comp); err != nil {
			return err
		}
		byID[org].Competencies = append(byID[org].Competencies, comp)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	free, err := db.Query(ctx, s.DB, func(r db.Row) (string, error) {
		var org string
		return org, r.Scan(&org)
	}, `SELECT DISTINCT org_id FROM resources WHERE org_id IN `+in+` AND available_to >= $`+strconv.Itoa(len(ids)+1), append(ids, dayStart(s.now()))...)
	if err != nil {
		return err
	}
	for _, org := range free {
		byID[org].FreeNow = true
	}
	return nil
}

// dayStart is the midnight (UTC) that begins t's day, as resources store
// their days.
func dayStart(t time.Time) time.Time {
	y, m, day := t.Date()
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
}

// facetCounts counts, by facet q asks for and a may see, the organisations
// each value would give if it were chosen, and those with free resources.
func (s *Service) facetCounts(ctx context.Context, a *auth.Actor, q Query, tokens []string, res *Result) error {
	for f, name := range FacetNames {
		if !q.Counts(a, name) {
			continue
		}
		w := searchConditions(a, q, tokens, f)
		var query string
		switch f {
		case FacetCompetency:
			query = `SELECT c.competency_id, COUNT(*) FROM organisations o JOIN organisation_competencies c ON c.org_id = o.id WHERE ` + w.where + ` GROUP BY c.competency_id`
		case FacetIndustry:
			query = `SELECT o.industries, COUNT(*) FROM organisations o WHERE ` + w.where + ` AND o.industries <> '' GROUP BY o.industries`
		default:
			col := facetColumns[f]
			query = `SELECT ` + col + `, COUNT(*) FROM organisations o WHERE ` + w.where + ` AND ` + col + ` <> '' GROUP BY ` + col
		}
		counts := map[string]int{}
		rows, err := s.DB.QueryContext(ctx, query, w.args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var v string
			var n int
			if err := rows.Scan(&v, &n); err != nil {
				rows.Close()
				return err
			}
			if f == FacetIndustry {
				for _, i := range splitList(v) {
					counts[i] += n
				}
			} else {
				counts[v] += n
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if res.Facets == nil {
			res.Facets = map[string][]FacetValue{}
		}
		res.Facets[name] = facetValues(counts, q.Filters[f])
	}
	if !q.Counts(a, directory.FreeFacet) {
		return nil
	}
	free := FacetValue{Value: "yes", Count: res.Total, Selected: !q.FreeFrom.IsZero() || !q.FreeTo.IsZero()}
	if !free.Selected {
		w := searchConditions(a, q, tokens, -1)
		err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations o WHERE `+w.where+
			` AND EXISTS (SELECT 1 FROM resources r WHERE r.org_id = o.id AND r.available_to >= $`+strconv.Itoa(len(w.args)+1)+`)`,
			append(w.args, dayStart(s.now()))...).Scan(&free.Count)
		if err != nil {
			return err
		}
	}
	if res.Facets == nil {
		res.Facets = map[string][]FacetValue{}
	}
	res.Facets[directory.FreeFacet] = []FacetValue{free}
	return nil
}

// facetValues lists the counted values and the ones asked, the most
// frequent first, as the index does.
func facetValues(counts map[string]int, asked []string) []FacetValue {
	var vals []FacetValue
	for v, n := range counts {
		vals = append(vals, FacetValue{Value: v, Count: n, Selected: slices.Contains(asked, v)})
	}
	for i, v := range asked {
		if _, ok := counts[v]; !ok && !slices.Contains(asked[:i], v) {
			vals = append(vals, FacetValue{Value: v, Selected: true})
		}
	}
	sort.Slice(vals, func(i, j int) bool {
		if vals[i].Count != vals[j].Count {
			return vals[i].Count > vals[j].Count
		}
		return vals[i].Value < vals[j].Value
	})
	return vals
}

// sortKeyBatch is how many organisations FillSortKeys updates in one
// transaction.
const sortKeyBatch = 500

// FillSortKeys writes the sort key of every organisation that has none
// (written before the key existed, or straight into the table), a batch at
// a time, and returns how many it wrote. A name whose key is empty is read
// again at every start; there are few.
func (s *Service) FillSortKeys(ctx context.Context) (int, error) {
	type named struct{ id, name string }
	n, after := 0, ""
	for {
		batch, err := db.Query(ctx, s.DB, func(r db.Row) (named, error) {
			var o named
			return o, r.Scan(&o.id, &o.name)
		}, `SELECT id, legal_name FROM organisations WHERE sort_key = '' AND id > $1 ORDER BY id LIMIT `+strconv.Itoa(sortKeyBatch), after)
		if err != nil || len(batch) == 0 {
			return n, err
		}
		err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
			for _, o := range batch {
				if key := SortKey(o.name); key != "" {
					if _, err := tx.ExecContext(ctx, `UPDATE organisations SET sort_key = $2 WHERE id = $1 AND sort_key = ''`, o.id, key); err != nil {
						return err
					}
					n++
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		after = batch[len(batch)-1].id
	}
}
