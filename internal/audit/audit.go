// Package audit keeps pakt's append-only audit log: who changed what, when,
// with the values before and after, written in the same transaction as the
// change itself.
package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"pakt/internal/db"
)

// Who identifies the actor of a change.
type Who struct {
	ID    string
	Label string
}

// Entry is one line of the audit log.
type Entry struct {
	ID         string    `json:"id"`
	At         time.Time `json:"at"`
	ActorID    string    `json:"actor_id"`
	ActorLabel string    `json:"actor"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	OrgID      string    `json:"org_id,omitempty"`
	Before     string    `json:"before,omitempty"`
	After      string    `json:"after,omitempty"`
}

// kinds holds what the audit log may record: each object type with its
// actions. Features declare theirs with Kind, next to their model, so that
// the log can name every entry in every language and offer every type as a
// filter; Record refuses what no one declared.
var kinds = struct {
	sync.RWMutex
	m map[string][]string
}{m: map[string][]string{}}

// Kind declares an object type and the actions recorded on it. It is meant
// for package-level declarations (var _ = audit.Kind(…)) and returns
// nothing of use.
func Kind(objectType string, actions ...string) struct{} {
	kinds.Lock()
	defer kinds.Unlock()
	for _, a := range actions {
		if !slices.Contains(kinds.m[objectType], a) {
			kinds.m[objectType] = append(kinds.m[objectType], a)
		}
	}
	return struct{}{}
}

// Kinds returns every declared object type with its actions.
func Kinds() map[string][]string {
	kinds.RLock()
	defer kinds.RUnlock()
	out := make(map[string][]string, len(kinds.m))
	for t, as := range kinds.m {
		out[t] = slices.Clone(as)
	}
	return out
}

// events holds the object types and actions that are published as events
// (webhooks): "type.action" names one.
var events = struct {
	sync.RWMutex
	m map[string]bool
}{m: map[string]bool{}}

// Event declares actions of an object type, already declared with Kind, as
// events that others may subscribe to (webhooks): Record queues each such
// entry in the event outbox, in the change's transaction. Like Kind it is
// meant for package-level declarations.
func Event(objectType string, actions ...string) struct{} {
	events.Lock()
	defer events.Unlock()
	for _, a := range actions {
		events.m[objectType+"."+a] = true
	}
	return struct{}{}
}

// Events returns every published event type ("introduction.accept"),
// sorted.
func Events() []string {
	events.RLock()
	defer events.RUnlock()
	out := make([]string, 0, len(events.m))
	for t := range events.m {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

func published(objectType, action string) bool {
	events.RLock()
	defer events.RUnlock()
	return events.m[objectType+"."+action]
}

func declared(objectType, action string) bool {
	kinds.RLock()
	defer kinds.RUnlock()
	return slices.Contains(kinds.m[objectType], action)
}

// Record appends an entry inside tx. before and after are marshalled to JSON;
// nil means "did not exist".
func Record(ctx context.Context, tx db.Querier, at time.Time, who Who, action, objectType, objectID, orgID string, before, after any) error {
	if !declared(objectType, action) {
		return fmt.Errorf("audit: %q on %q is not declared with audit.Kind", action, objectType)
	}
	b, err := marshal(before)
	if err != nil {
		return err
	}
	a, err := marshal(after)
	if err != nil {
		return err
	}
	id := uuid.Must(uuid.NewV7()).String()
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log
		(id, at, actor_id, actor_label, action, object_type, object_id, org_id, before_json, after_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		id, at.UTC(), who.ID, who.Label, action, objectType, objectID, orgID, b, a)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if published(objectType, action) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_outbox (audit_id) VALUES ($1)`, id); err != nil {
			return fmt.Errorf("audit event: %w", err)
		}
	}
	return nil
}

// Published is an event waiting in the outbox: its audit entry.
type Published struct {
	ID, Type, ObjectType, Action, ObjectID, OrgID string
	At                                            time.Time
}

// Outbox returns up to limit events waiting in the outbox, oldest first.
func Outbox(ctx context.Context, q db.Querier, limit int) ([]Published, error) {
	return db.Query(ctx, q, func(r db.Row) (Published, error) {
		var p Published
		err := r.Scan(&p.ID, &p.ObjectType, &p.Action, &p.ObjectID, &p.OrgID, &p.At)
		p.Type, p.At = p.ObjectType+"."+p.Action, p.At.UTC()
		return p, err
	}, `SELECT a.id, a.object_type, a.action, a.object_id, a.org_id, a.at
		FROM event_outbox o JOIN audit_log a ON a.id = o.audit_id ORDER BY o.audit_id LIMIT $1`, limit)
}

// Take removes an event from the outbox in tx and reports whether it was
// still there: of two processes taking one event, one gets true.
func Take(ctx context.Context, tx db.Querier, id string) (bool, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM event_outbox WHERE audit_id = $1`, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func marshal(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit: %w", err)
	}
	if string(b) == "null" {
		return "", nil
	}
	return string(b), nil
}

// Filter narrows a listing of the audit log. Zero fields do not filter.
type Filter struct {
	ActorID    string
	ObjectType string
	ObjectID   string
	Action     string
	From, To   time.Time
	Limit      int
	Offset     int
}

// List returns entries matching f, newest first, and how many match in all.
func List(ctx context.Context, q db.Querier, f Filter) ([]Entry, int, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	// Each filter is a fixed condition that is true when its parameter is
	// empty, so the statement text never depends on input.
	const where = ` WHERE ($1 = '' OR actor_id = $1)
		AND ($2 = '' OR object_type = $2)
		AND ($3 = '' OR object_id = $3)
		AND ($4 = '' OR action = $4)
		AND at >= $5 AND at < $6`
	from, to := f.From, f.To
	if from.IsZero() {
		from = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if to.IsZero() {
		to = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	args := []any{f.ActorID, f.ObjectType, f.ObjectID, f.Action, from.UTC(), to.UTC()}
	var total int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM audit_log`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, at, actor_id, actor_label, action, object_type, object_id, org_id, before_json, after_json
		FROM audit_log`+where+` ORDER BY at DESC, id DESC LIMIT $7 OFFSET $8`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorLabel, &e.Action, &e.ObjectType, &e.ObjectID, &e.OrgID, &e.Before, &e.After); err != nil {
			return nil, 0, err
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// Changes lists the top-level fields whose values differ between the before
// and after JSON of an entry, for display.
func (e Entry) Changes() []Change {
	var b, a map[string]any
	_ = json.Unmarshal([]byte(e.Before), &b)
	_ = json.Unmarshal([]byte(e.After), &a)
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	var out []Change
	for k := range keys {
		bv, av := render(b[k]), render(a[k])
		if bv != av {
			out = append(out, Change{Field: k, Before: bv, After: av})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// Change is one field's old and new value.
type Change struct {
	Field, Before, After string
}

func render(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return strings.Trim(string(b), `"`)
}

// nameFields are the fields of a recorded object that name it, in order of
// preference; a field with the suffix _de or _en is read in the reader's
// language first.
var nameFields = []string{"name_%s", "legal_name", "name", "title", "skill", "email", "slug"}

// Names names the objects with the ids from what the log recorded of them:
// the latest entry of each whose before or after holds a naming field.
// Ids without such an entry are left out.
func Names(ctx context.Context, q db.Querier, lang string, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var args []any
	rows, err := q.QueryContext(ctx, `SELECT object_id, before_json, after_json FROM audit_log WHERE object_id IN (`+db.In(&args, ids)+`)
		ORDER BY at DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, before, after string
		if err := rows.Scan(&id, &before, &after); err != nil {
			return nil, err
		}
		if _, done := out[id]; done {
			continue
		}
		for _, js := range []string{after, before} {
			if n := nameIn(js, lang); n != "" {
				out[id] = n
				break
			}
		}
	}
	return out, rows.Err()
}

func nameIn(js, lang string) string {
	var m map[string]any
	if json.Unmarshal([]byte(js), &m) != nil {
		return ""
	}
	for _, f := range nameFields {
		if strings.Contains(f, "%s") {
			f = fmt.Sprintf(f, lang)
		}
		if s, ok := m[f].(string); ok && strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// Update changes a setting-like state (one row, as a feature's settings)
// in one transaction of d: it loads the state with load, applies change to
// a copy, saves the copy with save and records the update of objectType
// (objectID) by who at at with the state before and after. It returns the
// state saved. change gets a shallow copy: a state holding slices or maps
// it changes in place clones them first.
func Update[T any](ctx context.Context, d *db.DB, at time.Time, who Who, objectType, objectID string,
	load func(context.Context, db.Querier) (*T, error), change func(*T) error, save func(context.Context, db.Querier, *T) error) (*T, error) {
	var out *T
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		before, err := load(ctx, tx)
		if err != nil {
			return err
		}
		st := *before
		if err := change(&st); err != nil {
			return err
		}
		if err := save(ctx, tx, &st); err != nil {
			return err
		}
		out = &st
		return Record(ctx, tx, at, who, "update", objectType, objectID, "", before, st)
	})
	return out, err
}
