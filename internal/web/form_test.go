package web_test

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"pakt/internal/apperr"
	"pakt/internal/web"
)

// formPage is a page with one form, as a feature writes it.
const formPage = `{{define "content"}}
{{template "errors" .}}
<form method="post"><input name="name" value="{{.Value "name" "saved name"}}">{{with .Errors.name}}<span class="err">{{.}}</span>{{end}}</form>
{{end}}`

// TestRenderFormAnswersEachKindOfError checks the one path every form takes
// after a submission: a refused field re-renders the form with the user's
// input and a message (422), a conflict likewise (409), a refused filter on
// a GET keeps the query's values, and any other error is its error page,
// never the form.
func TestRenderFormAnswersEachKindOfError(t *testing.T) {
	t.Parallel()
	s, err := web.New(slog.New(slog.NewTextHandler(io.Discard, nil)), nil, "", fstest.MapFS{"templates/form.html": {Data: []byte(formPage)}})
	if err != nil {
		t.Fatal(err)
	}
	var invalid apperr.Validation
	invalid.Add("name", "validation.required")
	cases := []struct {
		name, method, target, body string
		// flash is the message a previous success left for this page.
		flash         string
		err           error
		status        int
		want, wantNot []string
	}{
		{name: "no error", method: "GET", target: "/form", status: http.StatusOK,
			want: []string{`value="saved name"`}, wantNot: []string{"error-summary"}},
		{name: "invalid post", method: "POST", target: "/form", body: "name=Tippfehler+%26+Co", err: invalid.Err(), status: http.StatusUnprocessableEntity,
			want: []string{`value="Tippfehler &amp; Co"`, "Please check the marked fields.", `<span class="err">Required: please fill in.</span>`,
				`id="error-summary" role="alert" tabindex="-1"`, `<a href="#name" data-field="name">Required: please fill in.</a>`}},
		{name: "a success's message is not shown above a refused form", method: "POST", target: "/form", body: "name=", flash: "Saved.",
			err: invalid.Err(), status: http.StatusUnprocessableEntity, want: []string{"Please check the marked fields."}, wantNot: []string{"Saved."}},
		{name: "a success's message is shown on the next page", method: "GET", target: "/form", flash: "Saved.", status: http.StatusOK,
			want: []string{`<p class="flash" role="status">Saved.</p>`}},
		{name: "conflict", method: "POST", target: "/form", body: "name=Doppelt", err: apperr.New(apperr.Conflict, "error.competency_in_use", 3), status: http.StatusConflict,
			want: []string{`value="Doppelt"`, "used by 3 organisations"}},
		{name: "refused filter", method: "GET", target: "/form?name=gestern", err: invalid.Err(), status: http.StatusUnprocessableEntity,
			want: []string{`value="gestern"`, "Required: please fill in."}},
		{name: "not found", method: "POST", target: "/form", body: "name=Geheim", err: apperr.ErrNotFound, status: http.StatusNotFound,
			want: []string{"does not exist"}, wantNot: []string{`name="name"`, "Geheim"}},
		{name: "internal", method: "POST", target: "/form", body: "name=Absturz", err: errors.New("disk full"), status: http.StatusInternalServerError,
			wantNot: []string{`name="name"`, "Absturz", "disk full"}},
	}
	for _, c := range cases {
		r := httptest.NewRequest(c.method, c.target, strings.NewReader(c.body))
		if c.body != "" {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if c.flash != "" {
			r.AddCookie(&http.Cookie{Name: "pakt_flash", Value: url.QueryEscape(c.flash)})
		}
		r = r.WithContext(web.WithLang(r.Context(), "en"))
		if err := r.ParseForm(); err != nil {
			t.Fatal(err)
		}
		w := httptest.NewRecorder()
		p := s.NewPage(r, "form", nil)
		s.RenderForm(w, r, "form.html", p, c.err)
		body := w.Body.String()
		if w.Code != c.status {
			t.Errorf("%s: status %d, want %d", c.name, w.Code, c.status)
		}
		for _, s := range c.want {
			if !strings.Contains(body, s) {
				t.Errorf("%s: page lacks %q", c.name, s)
			}
		}
		for _, s := range c.wantNot {
			if strings.Contains(body, s) {
				t.Errorf("%s: page shows %q", c.name, s)
			}
		}
		if c.flash != "" && !strings.Contains(w.Header().Get("Set-Cookie"), "pakt_flash=;") {
			t.Errorf("%s: the message is kept for a later page: %q", c.name, w.Header().Get("Set-Cookie"))
		}
	}
	if !web.IsFormError(invalid.Err()) || web.IsFormError(apperr.ErrNotFound) || web.IsFormError(url.EscapeError("%")) {
		t.Error("IsFormError does not tell form errors from the others")
	}
}
