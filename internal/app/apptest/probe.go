package apptest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"pakt/internal/db"
)

// nul is what the tests below put into every text field: a NUL byte, which
// PostgreSQL cannot store and no text a user types contains.
const nul = "x\x00y"

// lineBreak is what the tests below put into every single-line field.
const lineBreak = "x\nBcc: y@example.com"

// multiLine reports whether a field of a request body or form is free text
// over several lines (apperr.Paragraphs), or a password, which is never
// shown, only hashed. Every other text field must refuse a line break.
func multiLine(field string) bool {
	last := field[strings.LastIndexByte(field, '.')+1:]
	switch last {
	case "description", "description_de", "description_en", "note", "notes", "message", "reason",
		"goals", "scope", "bilateral", "to_customer", "public", "contribution", "follow_up", "answer", "agenda", "minutes",
		"password", "current_password", "new_password":
		return true
	}
	// A survey's free-text answers: the form's answer_N, the API's values.N.text.
	return strings.HasPrefix(field, "responsibilities.contribution.") || strings.HasPrefix(field, "answer_") ||
		(strings.HasPrefix(field, "values.") && last == "text")
}

// successRole returns the first role the matrix case expects to succeed
// (2xx or a redirect after a form), or "".
func successRole(c Case) string {
	if c.Fresh {
		return ""
	}
	for _, role := range Roles {
		want := c.Expect(role)
		if len(want) > 0 && !slices.ContainsFunc(want, func(st int) bool { return st >= 400 }) {
			return role
		}
	}
	return ""
}

// stringPaths lists the paths of every string in a JSON schema, e.g.
// ["content", "title"] or ["anchors_de", 0]. Objects with open keys (maps)
// are followed through the keys the example body has.
func stringPaths(spec map[string]any, schema map[string]any, example any, prefix []any, depth int) [][]any {
	if ref, ok := schema["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		schema = spec["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
	}
	if depth > 6 {
		return nil
	}
	var out [][]any
	switch schema["type"] {
	case "string":
		out = append(out, slices.Clone(prefix))
	case "array":
		items, _ := schema["items"].(map[string]any)
		var ex any
		if list, ok := example.([]any); ok && len(list) > 0 {
			ex = list[0]
		}
		out = append(out, stringPaths(spec, items, ex, append(prefix, 0), depth+1)...)
	case "object":
		exMap, _ := example.(map[string]any)
		if props, ok := schema["properties"].(map[string]any); ok {
			names := make([]string, 0, len(props))
			for n := range props {
				names = append(names, n)
			}
			slices.Sort(names)
			for _, n := range names {
				out = append(out, stringPaths(spec, props[n].(map[string]any), exMap[n], append(prefix, n), depth+1)...)
			}
		}
		if more, ok := schema["additionalProperties"].(map[string]any); ok {
			for k, v := range exMap {
				out = append(out, stringPaths(spec, more, v, append(prefix, k), depth+1)...)
			}
		}
	}
	return out
}

// setPath returns a copy of body with the value at path set to v, making
// the objects and lists on the way.
func setPath(body any, path []any, v any) any {
	if len(path) == 0 {
		return v
	}
	switch key := path[0].(type) {
	case string:
		m, _ := body.(map[string]any)
		out := map[string]any{}
		for k, x := range m {
			out[k] = x
		}
		out[key] = setPath(m[key], path[1:], v)
		return out
	default:
		list, _ := body.([]any)
		out := slices.Clone(list)
		if len(out) == 0 {
			out = []any{nil}
		}
		out[0] = setPath(out[0], path[1:], v)
		return out
	}
}

func pathName(path []any) string {
	var parts []string
	for _, p := range path {
		parts = append(parts, fmt.Sprint(p))
	}
	return strings.Join(parts, ".")
}

// textColumns lists the text columns of the database by table.
func textColumns(t *testing.T, d *db.DB) map[string][]string {
	t.Helper()
	q := `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%' AND m.name NOT LIKE 'sqlite_%'`
	if d.Engine == db.Postgres {
		q = `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'json', 'jsonb')`
	}
	rows, err := d.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			t.Fatal(err)
		}
		out[table] = append(out[table], col)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// storedText returns the columns of tables that hold one of the needles,
// as "table.column". On PostgreSQL, which cannot hold a NUL, needles with
// one are skipped.
func storedText(t *testing.T, d *db.DB, tables map[string][]string, needles ...string) []string {
	t.Helper()
	var args []any
	for _, n := range needles {
		if d.Engine == db.SQLite || !strings.ContainsRune(n, 0) {
			args = append(args, n)
		}
	}
	var out []string
	for table, cols := range tables {
		sums := make([]string, len(cols))
		for i, c := range cols {
			var conds []string
			for j := range args {
				if d.Engine == db.Postgres {
					conds = append(conds, fmt.Sprintf(`strpos(CAST(%q AS TEXT), $%d) > 0`, c, j+1))
				} else {
					conds = append(conds, fmt.Sprintf(`(typeof(%[1]q) = 'text' AND instr(CAST(%[1]q AS BLOB), CAST($%[2]d AS BLOB)) > 0)`, c, j+1))
				}
			}
			sums[i] = fmt.Sprintf(`COALESCE(SUM(CASE WHEN %s THEN 1 ELSE 0 END), 0)`, strings.Join(conds, " OR "))
		}
		counts := make([]any, len(cols))
		for i := range counts {
			counts[i] = new(int64)
		}
		if err := d.QueryRowContext(context.Background(), fmt.Sprintf(`SELECT %s FROM %q`, strings.Join(sums, ", "), table), args...).Scan(counts...); err != nil {
			t.Fatalf("scan %s: %v", table, err)
		}
		for i, n := range counts {
			if *n.(*int64) > 0 {
				out = append(out, table+"."+cols[i])
			}
		}
	}
	slices.Sort(out)
	return out
}

// probeText sends every write of the cases (API and forms), as a role that
// may make it, once for each of its text fields with a NUL in that field,
// and once with a line break in each field that is not free text: for the
// API every string the OpenAPI document describes, for forms the fields
// the case fills. No answer may be a server error (PostgreSQL refuses a
// NUL), no NUL may end up in the database (SQLite would store it), and no
// line break in a single-line field. A new field that skips the text rules
// of apperr fails here.
func probeText(t *testing.T, s *Server, f *Fixture, cases []Case) {
	t.Helper()
	var spec map[string]any
	s.Anonymous().Get("/api/openapi.json").JSON(t, &spec)
	paths := spec["paths"].(map[string]any)
	tried, dirty := map[string]bool{}, map[string]bool{}
	tables := textColumns(t, s.App.DB)
	checked := 0
	for _, c := range cases {
		method, route, _ := strings.Cut(c.Pattern, " ")
		role := successRole(c)
		if method == "GET" || role == "" || (c.JSON == nil && c.Form == nil) || tried[c.Pattern] {
			continue
		}
		tried[c.Pattern] = true
		cl := f.Clients[role]
		// stored reports what of the value the database holds anew.
		stored := func(needles ...string) []string {
			var fresh []string
			for _, col := range storedText(t, s.App.DB, tables, needles...) {
				if !dirty[col+needles[0]] {
					dirty[col+needles[0]] = true
					fresh = append(fresh, col)
				}
			}
			return fresh
		}
		send := func(field string, request func(value string) *Response) {
			t.Helper()
			checked++
			if !multiLine(field) {
				res := request(lineBreak)
				if cols := stored("\nBcc: y@", `\nBcc: y@`); len(cols) > 0 {
					t.Errorf("%s as %s with a line break in %s: status %d, and the database holds it in %s", c.Pattern, role, field, res.Status, cols)
				}
			}
			res := request(nul)
			if res.Status >= 500 {
				t.Errorf("%s as %s with a NUL in %s: status %d", c.Pattern, role, field, res.Status)
			}
			if res.Status < 400 && (strings.Contains(res.Body, `\u0000`) || strings.Contains(res.Body, "\x00")) {
				t.Errorf("%s as %s with a NUL in %s: status %d, and the answer holds it: %.300s", c.Pattern, role, field, res.Status, res.Body)
			}
			if cols := stored("\x00", `\u0000`); len(cols) > 0 {
				t.Errorf("%s as %s with a NUL in %s: status %d, and the database holds it in %s", c.Pattern, role, field, res.Status, cols)
			}
		}
		if c.JSON != nil {
			op, _ := paths[route].(map[string]any)[strings.ToLower(method)].(map[string]any)
			rb, _ := op["requestBody"].(map[string]any)
			if rb == nil {
				continue
			}
			schema := rb["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
			var base any
			b, _ := json.Marshal(c.JSON(f))
			json.Unmarshal(b, &base)
			for _, p := range stringPaths(spec, schema, base, nil, 0) {
				send(pathName(p), func(value string) *Response { return cl.JSON(method, c.Path(f), setPath(base, p, value)) })
			}
			continue
		}
		for key := range c.Form(f) {
			send(key, func(value string) *Response {
				v := url.Values{}
				for k, x := range c.Form(f) {
					v[k] = x
				}
				v.Set(key, value)
				return cl.Form(method, c.Path(f), v)
			})
		}
	}
	t.Logf("%d fields of %d operations checked", checked, len(tried))
}
