package db

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// copyPart is how many rows Copy writes in one transaction.
const copyPart = 5000

// column is a table's column with the kind of value it holds.
type column struct {
	name string
	kind string // bool, int, float, time, bytes or text
}

// table is a table to copy: its columns, and the one (if any) that
// references the table itself.
type table struct {
	name    string
	columns []column
	self    string
}

// Copy copies every row of the database from into the database to, which
// must be empty, on either engine: from SQLite to PostgreSQL, say. It
// brings to's schema to from's version first, which must be this pakt's;
// then it copies table by table, each after the tables it refers to. It
// reports each table when done. The tables are read one after the other,
// not in one snapshot: nothing may write to from meanwhile (stop pakt
// first). A failed copy leaves to with part of the data: start again with
// an empty database.
func Copy(ctx context.Context, from, to *DB, done func(table string, rows int)) error {
	if err := from.CheckSchema(ctx); err != nil {
		return fmt.Errorf("copy from %s: %w", from.URL, err)
	}
	if err := to.requireEmpty(ctx); err != nil {
		return err
	}
	if _, err := to.Migrate(ctx); err != nil {
		return err
	}
	tables, err := to.tables(ctx)
	if err != nil {
		return err
	}
	// The migrations wrote some rows of their own (the counters): the
	// source's replace them.
	for _, t := range slices.Backward(tables) {
		if _, err := to.ExecContext(ctx, `DELETE FROM `+t.name); err != nil {
			return fmt.Errorf("copy: empty %s: %w", t.name, err)
		}
	}
	for _, t := range tables {
		n, err := copyTable(ctx, from, to, t)
		if err != nil {
			return fmt.Errorf("copy %s: %w", t.name, err)
		}
		if done != nil {
			done(t.name, n)
		}
	}
	return to.Analyze(ctx)
}

// copyTable copies the rows of t. A column that refers to the table
// itself is written afterwards, once every row it may point to is there.
func copyTable(ctx context.Context, from, to *DB, t table) (int, error) {
	names := make([]string, len(t.columns))
	for i, c := range t.columns {
		names[i] = c.name
	}
	rows, err := from.QueryContext(ctx, `SELECT `+strings.Join(names, ", ")+` FROM `+t.name)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	load, err := to.Loader(ctx)
	if err != nil {
		return 0, err
	}
	defer load.Close()
	selfAt := slices.IndexFunc(t.columns, func(c column) bool { return c.name == t.self })
	idAt := slices.IndexFunc(t.columns, func(c column) bool { return c.name == "id" })
	if selfAt >= 0 && idAt < 0 {
		return 0, fmt.Errorf("it refers to itself (%s) but has no id column", t.self)
	}
	var later [][2]any // id, value of the self reference
	var part [][]any
	n := 0
	flush := func() error {
		if len(part) == 0 {
			return nil
		}
		err := load.Part(ctx, func(b *Bulk) error { return b.Insert(ctx, t.name, names, part) })
		part = part[:0]
		return err
	}
	for rows.Next() {
		raw := make([]any, len(names))
		ptrs := make([]any, len(names))
		for i := range raw {
			ptrs[i] = &raw[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, c := range t.columns {
			v, err := convert(raw[i], c.kind)
			if err != nil {
				return n, fmt.Errorf("row %d, column %s: %w", n+1, c.name, err)
			}
			raw[i] = v
		}
		if selfAt >= 0 && raw[selfAt] != nil {
			later = append(later, [2]any{raw[idAt], raw[selfAt]})
			raw[selfAt] = nil
		}
		part = append(part, raw)
		n++
		if len(part) == copyPart {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	if err := flush(); err != nil {
		return n, err
	}
	if len(later) > 0 {
		err := load.Part(ctx, func(b *Bulk) error {
			for _, l := range later {
				if _, err := b.Tx.ExecContext(ctx, `UPDATE `+t.name+` SET `+t.self+` = $1 WHERE id = $2`, l[1], l[0]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// convert makes v, as one engine's driver read it, a value of kind that
// the other engine's takes.
func convert(v any, kind string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch kind {
	case "bool":
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			return x != 0, nil
		case string:
			return strconv.ParseBool(x)
		}
	case "int":
		switch x := v.(type) {
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		case float64:
			return int64(x), nil
		case string:
			return strconv.ParseInt(x, 10, 64)
		}
	case "time":
		switch x := v.(type) {
		case time.Time:
			return x, nil
		case string:
			for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02"} {
				if t, err := time.Parse(layout, x); err == nil {
					return t.UTC(), nil
				}
			}
		}
	case "float":
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		case string:
			return strconv.ParseFloat(x, 64)
		}
	case "bytes":
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
	default:
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		case int64:
			return strconv.FormatInt(x, 10), nil
		}
	}
	return nil, fmt.Errorf("a %T where a %s value belongs", v, kind)
}

// kindOf names the kind of value of a column of the declared type.
func kindOf(declared string) string {
	t := strings.ToLower(declared)
	switch {
	case t == "boolean":
		return "bool"
	case t == "bigint" || t == "integer" || t == "smallint":
		return "int"
	case t == "date" || strings.HasPrefix(t, "timestamp"):
		return "time"
	case t == "real" || t == "double precision" || strings.HasPrefix(t, "numeric"):
		return "float"
	case t == "bytea" || t == "blob":
		return "bytes"
	}
	return "text"
}

// tables returns d's tables but goose's, each after the tables it refers
// to, with their columns.
func (d *DB) tables(ctx context.Context) ([]table, error) {
	var listQuery, colQuery, refQuery string
	if d.Engine == Postgres {
		listQuery = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
		colQuery = `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`
		refQuery = `SELECT DISTINCT r.relname, a.attname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
			WHERE c.contype = 'f' AND t.relname = $1 AND t.relnamespace = to_regnamespace(current_schema())`
	} else {
		listQuery = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
		colQuery = `SELECT name, type FROM pragma_table_info($1) ORDER BY cid`
		refQuery = `SELECT DISTINCT "table", "from" FROM pragma_foreign_key_list($1)`
	}
	names, err := Query(ctx, d, func(r Row) (string, error) {
		var s string
		return s, r.Scan(&s)
	}, listQuery)
	if err != nil {
		return nil, err
	}
	byName := map[string]*table{}
	refs := map[string][]string{}
	for _, name := range names {
		if name == "goose_db_version" {
			continue
		}
		t := &table{name: name}
		cols, err := Query(ctx, d, func(r Row) (column, error) {
			var c column
			var declared string
			err := r.Scan(&c.name, &declared)
			c.kind = kindOf(declared)
			return c, err
		}, colQuery, name)
		if err != nil {
			return nil, err
		}
		t.columns = cols
		fks, err := Query(ctx, d, func(r Row) ([2]string, error) {
			var fk [2]string
			return fk, r.Scan(&fk[0], &fk[1])
		}, refQuery, name)
		if err != nil {
			return nil, err
		}
		for _, fk := range fks {
			if fk[0] == name {
				if t.self != "" && t.self != fk[1] {
					return nil, fmt.Errorf("table %s refers to itself in two columns", name)
				}
				t.self = fk[1]
				continue
			}
			refs[name] = append(refs[name], fk[0])
		}
		byName[name] = t
	}
	// Each table after those it refers to (a depth-first order).
	var out []table
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(name string) error
	visit = func(name string) error {
		switch state[name] {
		case 1:
			return errors.New("copy: the tables refer to each other in a cycle at " + name)
		case 2:
			return nil
		}
		state[name] = 1
		for _, r := range refs[name] {
			if _, ok := byName[r]; ok {
				if err := visit(r); err != nil {
					return err
				}
			}
		}
		state[name] = 2
		out = append(out, *byName[name])
		return nil
	}
	for _, name := range names {
		if _, ok := byName[name]; ok {
			if err := visit(name); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
