package account

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/i18n"
)

// auditData is the audit log page: its entries as sentences and the
// choices of its filter.
type auditData struct {
	Lines   []auditLine
	Total   int
	Page    int
	Pages   int
	Types   []choice
	Actions []choice
	// ObjectName and ActorName name the object and the user filtered by.
	ObjectName, ActorName string
}

// auditLine is one entry as the reader reads it.
type auditLine struct {
	audit.Entry
	// Sentence says who did what to which object, e.g. "Anna Berger hat
	// die Organisation „Müller IT“ geändert."
	Sentence string
	Changes  []audit.Change
}

// choice is a value of a filter with its label.
type choice struct{ Value, Label string }

// uuidIn finds the generated ids in recorded values.
var uuidIn = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// auditFilter reads the audit log filter from the query; admins only.
func auditFilter(q map[string][]string, page int) (audit.Filter, error) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
		return ""
	}
	f := audit.Filter{ActorID: get("actor"), ObjectType: get("object_type"), ObjectID: get("object"), Action: get("action"), Limit: 50}
	var v apperr.Validation
	if s := get("from"); s != "" {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			v.Add("from", "validation.date")
		}
		f.From = t
	}
	if s := get("to"); s != "" {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			v.Add("to", "validation.date")
		}
		f.To = t.Add(24 * time.Hour)
	}
	if page > 1 {
		f.Offset = (page - 1) * f.Limit
	}
	return f, v.Err()
}

func (h *Handler) auditPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !a.IsAdmin() {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	page := atoiDefault(r.URL.Query().Get("page"), 1)
	f, queryErr := auditFilter(r.URL.Query(), page)
	p := h.web.NewPage(r, "audit.title", nil)
	d := &auditData{Page: page}
	d.Types, d.Actions = auditChoices(p.Lang)
	p.Data = d
	if queryErr != nil {
		h.web.RenderForm(w, r, "audit.html", p, queryErr)
		return
	}
	entries, total, err := audit.List(r.Context(), h.db, f)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	d.Total, d.Pages = total, (total+f.Limit-1)/f.Limit
	var names map[string]string
	if d.Lines, names, err = h.auditLines(r.Context(), p.Lang, entries, f.ObjectID, f.ActorID); err != nil {
		h.web.Error(w, r, err)
		return
	}
	d.ObjectName, d.ActorName = names[f.ObjectID], names[f.ActorID]
	h.web.Render(w, r, http.StatusOK, "audit.html", p)
}

// auditChoices lists every object type and action the features declared,
// by their labels in the reader's language.
func auditChoices(lang string) (types, actions []choice) {
	seen := map[string]bool{}
	for t, as := range audit.Kinds() {
		types = append(types, choice{t, i18n.T(lang, "object."+t)})
		for _, a := range as {
			if !seen[a] {
				seen[a] = true
				actions = append(actions, choice{a, i18n.T(lang, "action."+a)})
			}
		}
	}
	label := func(c choice) string { return c.Label }
	i18n.SortBy(lang, types, label)
	i18n.SortBy(lang, actions, label)
	return types, actions
}

// auditLines turns entries into sentences, with the objects, the users and
// the ids in changed values named as the log last recorded them; it returns
// the names, also of the further ids more.
func (h *Handler) auditLines(ctx context.Context, lang string, entries []audit.Entry, more ...string) ([]auditLine, map[string]string, error) {
	ids := append([]string(nil), more...)
	changes := make([][]audit.Change, len(entries))
	for i, e := range entries {
		ids = append(ids, e.ObjectID, e.ActorID)
		changes[i] = e.Changes()
		for _, c := range changes[i] {
			ids = append(ids, uuidIn.FindAllString(c.Before+" "+c.After, -1)...)
		}
	}
	names, err := audit.Names(ctx, h.db, lang, ids)
	if err != nil {
		return nil, nil, err
	}
	named := func(v string) string {
		return uuidIn.ReplaceAllStringFunc(v, func(id string) string {
			if n, ok := names[id]; ok {
				return n
			}
			return id
		})
	}
	out := make([]auditLine, len(entries))
	for i, e := range entries {
		object := ""
		if n := names[e.ObjectID]; n != "" {
			object = i18n.T(lang, "audit.named", n)
		}
		actor := e.ActorLabel // the e-mail address at the time
		if n, ok := names[e.ActorID]; ok {
			actor = n
		} else if e.ActorID == "" {
			actor = i18n.T(lang, "audit.system")
		}
		l := auditLine{Entry: e, Sentence: i18n.T(lang, "audit.did."+e.Action, actor, i18n.T(lang, "audit.the."+e.ObjectType), object,
			i18n.T(lang, "object."+e.ObjectType))}
		for _, c := range changes[i] {
			if c.Field == "updated_at" || c.Field == "created_at" {
				continue // every change moves them; the entry has its time
			}
			c.Before, c.After = value(lang, c.Field, c.Before, named), value(lang, c.Field, c.After, named)
			c.Field = fieldLabel(lang, c.Field)
			l.Changes = append(l.Changes, c)
		}
		out[i] = l
	}
	return out, names, nil
}

// fieldLabel is the label of a recorded field: the form's label of the
// field (of the thing an id field refers to), else its name in words.
func fieldLabel(lang, field string) string {
	for _, key := range []string{"field." + field, "field." + strings.TrimSuffix(field, "_id")} {
		if i18n.Has(lang, key) {
			return i18n.T(lang, key)
		}
	}
	return strings.ReplaceAll(field, "_", " ")
}

// value is a recorded value as the reader reads it: a value of a fixed
// list (a tier, a status, a stage) by its label, ids by their names.
func value(lang, field, v string, named func(string) string) string {
	if key := field + "." + v; v != "" && i18n.Has(lang, key) {
		return i18n.T(lang, key)
	}
	return named(v)
}
