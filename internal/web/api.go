package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"pakt/internal/apperr"
	"pakt/internal/auth"
)

// API is the JSON API under /api/v1. Operations are registered with
// Register, which puts them on the router and into the OpenAPI document in
// one step, so the document cannot drift from the implementation.
type API struct {
	s     *Server
	ops   []*Operation
	enums map[string][]string
	tags  map[string]string
}

// Operation describes one API operation.
type Operation struct {
	Method string
	Path   string
	ID     string
	// Summary is a short title; Description says what the operation does,
	// who may call it and what it refuses.
	Summary     string
	Description string
	// Tag groups the operation; its description is registered with
	// API.Tag.
	Tag string
	// Public operations need no authentication.
	Public bool
	// Status is the success status; 200 unless set.
	Status int

	in, out reflect.Type
}

func newAPI(s *Server) *API {
	return &API{s: s, enums: map[string][]string{}, tags: map[string]string{}}
}

// Enum registers the values a field tagged `enum:"name"` may take, so that
// the document lists them. The feature that owns the list registers it
// from the list its rules check, so the document cannot drift from them.
func Enum[S ~string](a *API, name string, values []S) {
	if _, dup := a.enums[name]; dup {
		panic("openapi: enumeration " + name + " registered twice")
	}
	list := make([]string, len(values))
	for i, v := range values {
		list[i] = string(v)
	}
	a.enums[name] = list
}

// Tag registers the description of a tag of operations.
func (a *API) Tag(name, description string) {
	a.tags[name] = description
}

// Operations returns the registered operations.
func (a *API) Operations() []*Operation { return a.ops }

// NoBody is the input or output of an operation without one.
type NoBody struct{}

// List is a paginated list answer.
type List[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// Whole is the answer that holds a whole list on one page: an empty list,
// not null, when there are no items.
func Whole[T any](items []T) *List[T] {
	if items == nil {
		items = []T{}
	}
	return &List[T]{Items: items, Total: len(items), Page: 1, PerPage: len(items)}
}

// Pages is the number of pages of the whole list, at least one.
func (l *List[T]) Pages() int {
	if l.PerPage == 0 {
		return 1
	}
	return max(1, (l.Total+l.PerPage-1)/l.PerPage)
}

// Register adds an operation. In is a struct whose fields tagged `path:"x"`
// or `query:"x"` are filled from the URL and whose field tagged
// `body:"json"` is decoded from the request body. The handler gets the
// authenticated actor (nil only for public operations).
func Register[In, Out any](a *API, op Operation, h func(ctx context.Context, actor *auth.Actor, in *In) (*Out, error)) {
	op.in, op.out = reflect.TypeFor[In](), reflect.TypeFor[Out]()
	if op.Status == 0 {
		op.Status = http.StatusOK
	}
	a.ops = append(a.ops, &op)
	a.s.HandleFunc(op.Method+" "+op.Path, func(w http.ResponseWriter, r *http.Request) {
		actor := auth.FromContext(r.Context())
		if actor == nil && !op.Public {
			w.Header().Set("WWW-Authenticate", `Bearer realm="pakt"`)
			a.s.Error(w, r, apperr.New(apperr.Unauthorised, "error.login_required"))
			return
		}
		in := new(In)
		if err := bind(r, reflect.ValueOf(in).Elem()); err != nil {
			a.s.Error(w, r, err)
			return
		}
		out, err := h(context.WithValue(r.Context(), httpKey{}, httpPair{w, r}), actor, in)
		if err != nil {
			a.s.Error(w, r, err)
			return
		}
		if op.Status == http.StatusNoContent || out == nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(op.Status)
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.Encode(out)
	})
}

type httpKey struct{}

type httpPair struct {
	w http.ResponseWriter
	r *http.Request
}

// HTTP returns the response writer and request of an API call, for the few
// operations that set cookies or read the client address.
func HTTP(ctx context.Context) (http.ResponseWriter, *http.Request) {
	p, _ := ctx.Value(httpKey{}).(httpPair)
	return p.w, p.r
}

// bind fills the fields of in from the request.
func bind(r *http.Request, in reflect.Value) error {
	var v apperr.Validation
	t := in.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		fv := in.Field(i)
		if name := f.Tag.Get("path"); name != "" {
			fv.SetString(r.PathValue(name))
			continue
		}
		if name := f.Tag.Get("query"); name != "" {
			vals, present := r.URL.Query()[name]
			if !present {
				continue
			}
			switch fv.Kind() {
			case reflect.String:
				fv.SetString(vals[0])
			case reflect.Int:
				n, err := strconv.Atoi(vals[0])
				if err != nil {
					v.Add(name, "validation.integer")
					continue
				}
				fv.SetInt(int64(n))
			case reflect.Bool:
				b, err := strconv.ParseBool(vals[0])
				if err != nil {
					v.Add(name, "validation.boolean")
					continue
				}
				fv.SetBool(b)
			case reflect.Slice:
				var out []string
				for _, x := range vals {
					for _, p := range strings.Split(x, ",") {
						if p = strings.TrimSpace(p); p != "" {
							out = append(out, p)
						}
					}
				}
				fv.Set(reflect.ValueOf(out))
			}
			continue
		}
		if f.Tag.Get("body") == "json" {
			body := http.MaxBytesReader(nil, r.Body, 1<<20)
			dec := json.NewDecoder(body)
			dec.DisallowUnknownFields()
			if err := dec.Decode(fv.Addr().Interface()); err != nil && !errors.Is(err, io.EOF) {
				return bodyError(err)
			}
			// One JSON value is the body; anything after it is refused
			// rather than ignored.
			if _, err := dec.Token(); !errors.Is(err, io.EOF) {
				var maxErr *http.MaxBytesError
				if errors.As(err, &maxErr) {
					return bodyError(err)
				}
				v.Add("body", "validation.json_trailing")
				return v.Err()
			}
		}
	}
	return v.Err()
}

// bodyError turns a JSON decoding error into a validation error that names
// the field where possible.
func bodyError(err error) error {
	var v apperr.Validation
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &typeErr):
		v.Add(typeErr.Field, "validation.json_type", typeErr.Type.String())
	case errors.As(err, &syntaxErr):
		v.Add("body", "validation.json_syntax", syntaxErr.Offset)
	case errors.As(err, &maxErr):
		v.Add("body", "validation.too_large")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		v.Add(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), "validation.unknown_field")
	default:
		v.Add("body", "validation.json_value", err.Error())
	}
	return v.Err()
}

// Spec returns the OpenAPI 3.1 document of the registered operations.
func (a *API) Spec() map[string]any {
	g := &schemaGen{defs: map[string]any{}, names: map[reflect.Type]string{}, enums: a.enums}
	paths := map[string]map[string]any{}
	ops := append([]*Operation(nil), a.ops...)
	sort.Slice(ops, func(i, j int) bool { return ops[i].Path+ops[i].Method < ops[j].Path+ops[j].Method })
	for _, op := range ops {
		item := paths[op.Path]
		if item == nil {
			item = map[string]any{}
			paths[op.Path] = item
		}
		o := map[string]any{"operationId": op.ID, "summary": op.Summary, "description": op.Description, "tags": []string{op.Tag}}
		var params []any
		for i := range op.in.NumField() {
			f := op.in.Field(i)
			if name := f.Tag.Get("path"); name != "" && strings.Contains(op.Path, "{"+name+"}") {
				params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
			}
			if name := f.Tag.Get("query"); name != "" {
				p := map[string]any{"name": name, "in": "query", "schema": g.field(f)}
				if d := f.Tag.Get("doc"); d != "" {
					p["description"] = d
				}
				params = append(params, p)
			}
			if f.Tag.Get("body") == "json" {
				o["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": g.schema(f.Type)}}}
			}
		}
		if params != nil {
			o["parameters"] = params
		}
		problem := map[string]any{"application/problem+json": map[string]any{"schema": g.schema(reflect.TypeFor[Problem]())}}
		resp := map[string]any{
			"4XX":     map[string]any{"description": "Refused: not signed in (401), not found or not visible to the caller (404), a conflict with what is saved (409), invalid input with the fields named (422), too many requests (429)", "content": problem},
			"default": map[string]any{"description": "Unexpected error", "content": problem},
		}
		if op.Status == http.StatusNoContent || op.out == reflect.TypeFor[NoBody]() {
			resp["204"] = map[string]any{"description": "No content"}
		} else {
			resp[strconv.Itoa(op.Status)] = map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": g.schema(op.out)}}}
		}
		o["responses"] = resp
		if op.Public {
			o["security"] = []any{}
		}
		item[strings.ToLower(op.Method)] = o
	}
	var tags []any
	for _, name := range slices.Sorted(maps.Keys(a.tags)) {
		tags = append(tags, map[string]any{"name": name, "description": a.tags[name]})
	}
	return map[string]any{
		"openapi": "3.1.0",
		"tags":    tags,
		"info":    map[string]any{"title": "pakt API", "version": "1", "description": "The JSON API of pakt. Authenticate with an API token (Authorization: Bearer pakt_…) or a session cookie."},
		"servers": []any{map[string]any{"url": a.s.BaseURL}},
		"paths":   paths,
		"components": map[string]any{
			"schemas": g.defs,
			"securitySchemes": map[string]any{
				"token":   map[string]any{"type": "http", "scheme": "bearer"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": SessionCookie},
			},
		},
		"security": []any{map[string]any{"token": []string{}}, map[string]any{"session": []string{}}},
	}
}

func (a *API) serveSpec(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(a.Spec())
}

// SchemaType lets a type declare its JSON schema, for types with their own
// JSON form such as dates.
type SchemaType interface {
	JSONSchema() map[string]any
}

type schemaGen struct {
	defs  map[string]any
	names map[reflect.Type]string
	enums map[string][]string
}

var schemaType = reflect.TypeFor[SchemaType]()

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	if t.Kind() != reflect.Pointer && t.Implements(schemaType) {
		return reflect.Zero(t).Interface().(SchemaType).JSONSchema()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.schema(t.Elem())
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		if t.PkgPath() == "time" && t.Name() == "Time" {
			return map[string]any{"type": "string", "format": "date-time"}
		}
		if t.Name() == "" {
			return g.object(t) // an unnamed struct is described where it is used
		}
		name := g.names[t]
		if name == "" {
			name = schemaName(t)
			g.names[t] = name
			g.defs[name] = map[string]any{} // placeholder against recursion
			g.defs[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

func schemaName(t reflect.Type) string {
	n := t.Name()
	// Generic instantiations carry their arguments with package paths in
	// the name: List[*pakt/internal/auth.Token] becomes ListOfToken.
	if base, args, ok := strings.Cut(n, "["); ok {
		args = strings.TrimSuffix(args, "]")
		if i := strings.LastIndexByte(args, '.'); i >= 0 {
			args = args[i+1:]
		}
		n = base + "Of" + strings.TrimPrefix(args, "*")
	}
	pkg := t.PkgPath()
	if i := strings.LastIndexByte(pkg, '/'); i >= 0 {
		pkg = pkg[i+1:]
	}
	if pkg == "" {
		return n
	}
	return strings.ToUpper(pkg[:1]) + pkg[1:] + n
}

// field is the schema of a struct field: its type's, with the values of its
// enumeration (tag `enum:"name"`) and its description (tag `doc`).
func (g *schemaGen) field(f reflect.StructField) map[string]any {
	s := g.schema(f.Type)
	name := f.Tag.Get("enum")
	d := f.Tag.Get("doc")
	if name == "" && d == "" {
		return s
	}
	s = maps.Clone(s)
	if name != "" {
		values, ok := g.enums[name]
		if !ok {
			panic(fmt.Sprintf("openapi: field %s names the enumeration %q, which no feature registered", f.Name, name))
		}
		if items, ok := s["items"].(map[string]any); ok && s["type"] == "array" {
			items = maps.Clone(items)
			items["enum"] = values
			s["items"] = items
		} else {
			s["enum"] = values
		}
	}
	if d != "" && f.Tag.Get("query") == "" { // a query parameter has its own description
		s["description"] = d
	}
	return s
}

func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			if sub, ok := g.object(f.Type)["properties"].(map[string]any); ok {
				for k, v := range sub {
					props[k] = v
				}
			}
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		props[name] = g.field(f)
		if !strings.Contains(opts, "omitempty") && f.Type.Kind() != reflect.Pointer {
			required = append(required, name)
		}
	}
	o := map[string]any{"type": "object", "properties": props}
	if required != nil {
		sort.Strings(required)
		o["required"] = required
	}
	return o
}
