package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
)

// Views holds every page template, parsed once at start-up. Each page is
// the layout plus one page file; its name is "<feature>/<file>".
type Views struct {
	base  *template.Template
	pages map[string]*template.Template
}

var funcs = template.FuncMap{
	// asset names a static file by its hashed name: {{asset "app.css"}}.
	"asset": staticAssets.URL,
	"join":  strings.Join,
	"split": strings.Split,
	"contains": func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	},
	"add":  func(a, b int) int { return a + b },
	"list": func(s ...string) []string { return s },
	"args": func(v ...any) []any { return v },
	"pick": func(base url.Values, keys ...string) url.Values {
		out := url.Values{}
		for _, k := range keys {
			if v, ok := base[k]; ok {
				out[k] = v
			}
		}
		return out
	},
	"sub": func(a, b int) int { return a - b },
	"query": func(base url.Values, kv ...string) string {
		v := url.Values{}
		for k, vs := range base {
			v[k] = append([]string(nil), vs...)
		}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				v.Del(kv[i])
			} else {
				v.Set(kv[i], kv[i+1])
			}
		}
		return "?" + v.Encode()
	},
}

func parseViews(sources []fs.FS) (*Views, error) {
	base, err := template.New("layout").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/parts.html")
	if err != nil {
		return nil, fmt.Errorf("layout: %w", err)
	}
	v := &Views{base: base, pages: map[string]*template.Template{}}
	return v, v.add(sources...)
}

// add parses the page files of each source as pages of the layout. A
// source's templates/parts.html holds the partials its pages share; it is
// no page itself.
func (v *Views) add(sources ...fs.FS) error {
	for _, src := range sources {
		base := v.base
		if _, err := fs.Stat(src, "templates/parts.html"); err == nil {
			if base, err = template.Must(v.base.Clone()).ParseFS(src, "templates/parts.html"); err != nil {
				return fmt.Errorf("template parts: %w", err)
			}
		}
		files, err := fs.Glob(src, "templates/*.html")
		if err != nil {
			return err
		}
		for _, f := range files {
			name := path.Base(f)
			if name == "layout.html" || name == "parts.html" {
				continue
			}
			t, err := template.Must(base.Clone()).ParseFS(src, f)
			if err != nil {
				return fmt.Errorf("template %s: %w", f, err)
			}
			if _, dup := v.pages[name]; dup {
				return fmt.Errorf("template %s defined twice", name)
			}
			v.pages[name] = t
		}
	}
	return nil
}

// Page is what every template gets: the request's language and actor, and
// the page's own data.
type Page struct {
	Lang string
	// Zone is the programme time zone, in which the page shows moments.
	Zone   *time.Location
	Actor  *auth.Actor
	Title  string
	Path   string
	Query  url.Values
	Flash  string
	Data   any
	Errors map[string]string
	// Form holds submitted values to show again after an error.
	Form url.Values
	// ErrorMessage is shown above a form that was refused.
	ErrorMessage string
	Setup        bool
	// Status is the HTTP status an error page answers with.
	Status int
	// RequestID is shown on the page of a server error, for reporting it.
	RequestID string
	Now       time.Time
	// Nav is the main navigation as the actor sees it (whole pages only).
	Nav []NavItem
	// refused lists the refused fields in the order the service named them.
	refused []string
}

// T translates key into the page's language.
func (p *Page) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// Date formats a date in the page's language.
func (p *Page) Date(t time.Time) string { return i18n.Date(p.Lang, t) }

// DateTime formats a moment in the page's language.
func (p *Page) DateTime(t time.Time) string { return i18n.DateTime(p.Lang, p.Zone, t) }

// Num formats a number in the page's language.
func (p *Page) Num(n any) string { return i18n.Number(p.Lang, n) }

// Dec formats tenths as a decimal number in the page's language.
func (p *Page) Dec(tenths int) string { return i18n.Decimal(p.Lang, tenths) }

// Country names a country code in the page's language.
func (p *Page) Country(code string) string { return i18n.CountryName(p.Lang, code) }

// Money formats an amount in minor units with its currency (i18n.Money).
func (p *Page) Money(minor int64, currency string) string { return i18n.Money(p.Lang, minor, currency) }

// Err returns the error message for a form field, if any.
func (p *Page) Err(field string) string { return p.Errors[field] }

// Value returns a submitted form value to refill a field after an error.
func (p *Page) Value(field, fallback string) string {
	if p.Form != nil {
		if _, ok := p.Form[field]; ok {
			return p.Form.Get(field)
		}
	}
	return fallback
}

// NewPage starts the data of a page for r.
func (s *Server) NewPage(r *http.Request, title string, data any) *Page {
	p := &Page{Lang: Lang(r.Context()), Zone: s.Zone, Actor: auth.FromContext(r.Context()), Path: r.URL.Path, Query: r.URL.Query(), Data: data, Now: time.Now().UTC()}
	p.Title = p.T(title)
	if c, err := r.Cookie("pakt_flash"); err == nil {
		if v, err := url.QueryUnescape(c.Value); err == nil {
			p.Flash = v
		}
	}
	return p
}

// Render writes the page template name with p, status code status.
func (s *Server) Render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	// Only a whole page shows the navigation with its counts; a fragment
	// or an htmx block does not ask for them.
	if p.Actor != nil {
		p.Nav = s.navFor(r, p.Actor)
	}
	s.renderBlock(w, r, status, name, "layout", p)
}

// RenderBlock writes only the named block of a page template, for htmx
// partial updates.
func (s *Server) RenderBlock(w http.ResponseWriter, r *http.Request, name, block string, p *Page) {
	s.renderBlock(w, r, http.StatusOK, name, block, p)
}

func (s *Server) renderBlock(w http.ResponseWriter, r *http.Request, status int, name, block string, p *Page) {
	t, ok := s.views.pages[name]
	if !ok {
		s.Log.Error("unknown template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if p.Flash != "" {
		http.SetCookie(w, &http.Cookie{Name: "pakt_flash", Path: "/", MaxAge: -1})
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, block, p); err != nil {
		s.Log.Error("render", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// Fragment renders one block of a page template to HTML, for a feature's
// part of a page that another feature serves (a dashboard card).
func (s *Server) Fragment(p *Page, name, block string) (template.HTML, error) {
	t, ok := s.views.pages[name]
	if !ok {
		return "", fmt.Errorf("unknown template %s", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, block, p); err != nil {
		return "", fmt.Errorf("render %s/%s: %w", name, block, err)
	}
	return template.HTML(buf.String()), nil
}

// Widget is a feature's card on the dashboard: the HTML to show to the
// actor, or "" for none.
type Widget func(r *http.Request, a *auth.Actor) (template.HTML, error)

// Redirect answers a form post with a redirect and an optional message shown
// on the next page (a translation key).
func (s *Server) Redirect(w http.ResponseWriter, r *http.Request, to, flashKey string, args ...any) {
	if flashKey != "" {
		http.SetCookie(w, &http.Cookie{Name: "pakt_flash", Value: url.QueryEscape(i18n.T(Lang(r.Context()), flashKey, args...)),
			Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Secure(r), MaxAge: 60})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// IsFormError reports whether err refuses a form the user can correct:
// invalid input (422) or a conflict with what is saved (409). Such an error
// shows the form again with its messages; any other error is an error page.
func IsFormError(err error) bool {
	c := apperr.CodeOf(err)
	return c == apperr.Invalid || c == apperr.Conflict
}

// RenderForm is the end of every page that holds a form. Without formErr it
// renders the page with 200. With a form error it renders the page again
// with the submitted values, a message per refused field and the summary,
// answering 422 for invalid input and 409 for a conflict. Any other error is
// shown as its error page, so a handler passes whatever its service returned.
// On a GET the refused values are those of the query (a filter, a question).
func (s *Server) RenderForm(w http.ResponseWriter, r *http.Request, name string, p *Page, formErr error) {
	if formErr == nil {
		s.Render(w, r, http.StatusOK, name, p)
		return
	}
	if !fillFormError(p, r, formErr) {
		s.Error(w, r, formErr)
		return
	}
	if p.Flash != "" {
		// A previous success's message would read as this submission's.
		http.SetCookie(w, &http.Cookie{Name: "pakt_flash", Path: "/", MaxAge: -1})
		p.Flash = ""
	}
	status := http.StatusUnprocessableEntity
	if apperr.CodeOf(formErr) == apperr.Conflict {
		status = http.StatusConflict
	}
	s.Render(w, r, status, name, p)
}

// fillFormError fills p with the messages of a form error; it reports false
// for other errors.
func fillFormError(p *Page, r *http.Request, err error) bool {
	e, ok := apperr.As(err)
	if !ok || !IsFormError(err) {
		return false
	}
	p.Errors = map[string]string{}
	for _, f := range e.Fields {
		if _, seen := p.Errors[f.Field]; !seen {
			p.Errors[f.Field] = i18n.T(p.Lang, f.Key, f.Args...)
			p.refused = append(p.refused, f.Field)
		}
	}
	p.ErrorMessage = i18n.T(p.Lang, e.Key, e.Args...)
	p.Form = r.PostForm
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		p.Form = r.URL.Query() // a refused filter or question
	}
	return true
}

// FormID names the form on a page with several forms that was submitted and
// refused ("" for the page's main form).
func (p *Page) FormID() string {
	if p.Form == nil {
		return ""
	}
	return p.Form.Get("form_id")
}

// In returns the error of a field in the form id, if that form was the one
// refused.
func (p *Page) In(id, field string) string {
	if p.Errors == nil || p.FormID() != id {
		return ""
	}
	return p.Errors[field]
}

// Val returns the submitted value of a field in the form id after an error,
// else fallback.
func (p *Page) Val(id, field, fallback string) string {
	if p.Form == nil || p.FormID() != id {
		return fallback
	}
	return p.Value(field, fallback)
}

// ParseForm reads the request's form; on a body that cannot be read (bad
// escapes, too large) it answers with the invalid-input error and reports
// false, and the handler returns.
func (s *Server) ParseForm(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		s.Error(w, r, apperr.New(apperr.Invalid, "error.invalid"))
		return false
	}
	return true
}
