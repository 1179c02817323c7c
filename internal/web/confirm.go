package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"pakt/internal/apperr"
	"pakt/internal/db"
	"pakt/internal/i18n"
)

// Confirm is the question asked before an irreversible action: a title that
// names the action, what it will change, and the label of the button that
// does it. All three are already in the reader's language.
type Confirm struct {
	Title  string
	Text   []string
	Button string
}

// confirmPage is what the confirmation page shows: the question and the
// form that repeats the post with confirmed=1.
type confirmPage struct {
	Confirm
	Action string
	Fields [][2]string
	Back   string
}

// Confirming runs act, an irreversible action, once the form post r
// carries confirmed=1, and returns its error. Without it nothing may
// change: act runs in a dry run (db.DryRun: every transaction rolls back),
// so that whatever it would refuse (a foreign object's 404, a conflict) is
// returned as usual; when it would succeed, Confirming calls ask for the
// question, answers the confirmation page, which holds the same form with
// confirmed=1, and reports asked. With JavaScript, forms marked
// data-confirm show that page's question in a dialog instead
// (static/confirm.js). The handler returns when asked and treats the error as
// the action's.
func (s *Server) Confirming(w http.ResponseWriter, r *http.Request, act func(ctx context.Context) error, ask func() Confirm) (asked bool, err error) {
	if err := r.ParseForm(); err != nil {
		return false, apperr.New(apperr.Invalid, "error.invalid")
	}
	if r.PostForm.Get("confirmed") == "1" {
		return false, act(r.Context())
	}
	if err := act(db.DryRun(r.Context())); err != nil {
		return false, err
	}
	c := ask()
	page := confirmPage{Confirm: c, Action: r.URL.RequestURI(), Back: back(r)}
	keys := make([]string, 0, len(r.PostForm))
	for k := range r.PostForm {
		if k != "confirmed" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range r.PostForm[k] {
			page.Fields = append(page.Fields, [2]string{k, v})
		}
	}
	p := s.NewPage(r, "", page)
	p.Title = c.Title
	s.Render(w, r, http.StatusOK, "confirm.html", p)
	return true, nil
}

// Deleting is the question before a deletion: title is the translation key
// of the question ("Delete this activity?"), text what else it changes.
func Deleting(r *http.Request, title string, text ...string) Confirm {
	lang := Lang(r.Context())
	return Confirm{Title: i18n.T(lang, title), Text: append(text, i18n.T(lang, "confirm.irreversible")), Button: i18n.T(lang, "confirm.delete")}
}

// back is the page a cancelled confirmation returns to: the page the form
// was on, when the browser names it and it is on this site.
func back(r *http.Request) string {
	u, err := url.Parse(r.Referer())
	if err != nil || u.Host != r.Host {
		return "/"
	}
	return SafeRedirect(u.RequestURI())
}
